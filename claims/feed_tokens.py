"""Per-user feed tokens: a feed reader subscribes with a URL carrying one, no session.

A token is the user's id signed with the site's SECRET_KEY (django.core.signing), together
with a stamp of their password hash: changing the password (or setting an unusable one)
withdraws every feed URL given out before. Tokens grant reading feeds and nothing else,
and only while the user may read (claimtrack.access.may_read).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "claimtrack.feeds"


def _stamp(user: User) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.password}").hexdigest()[:16]


def token_for(user: User) -> str:
    """The user's feed token (the same each time until their password changes)."""
    return signing.dumps([user.pk, _stamp(user)], salt=SALT, compress=False)


def user_for(token: str) -> User | None:
    """The active user a token was made for; None for a forged, altered or withdrawn one."""
    try:
        pk, stamp = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    user = get_user_model()._default_manager.filter(pk=pk, is_active=True).first()
    if user is None or not constant_time_compare(stamp, _stamp(user)):
        return None
    return user
