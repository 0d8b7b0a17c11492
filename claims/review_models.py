"""Rows the review queue and the API keep: what each review action changed (for undo) and
the tokens scripts read the API with.

Kept apart from claims/models.py so the review work and the models' other owners never
edit one file; models.py imports this module so Django finds the models.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "ct_"


class ReviewAction(models.Model):
    """One action a person took in the review queue, with the values it replaced.

    ``before`` holds the statement's reviewable fields (and the appearance's span, when the
    span was fixed) as they were, so the action can be undone exactly. The statement's own
    history (django-simple-history) records the same change for the record; this row only
    serves undo.
    """

    class Kind(models.TextChoices):
        VERIFY = "verify", "Verified"
        REJECT = "reject", "Rejected"
        SPEAKER = "speaker", "Speaker fixed"
        STANCE = "stance", "Stance fixed"
        SPAN = "span", "Span fixed"

    statement = models.ForeignKey(
        "claims.Statement", on_delete=models.CASCADE, related_name="review_actions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.statement_id}"


class ApiTokenQuerySet(models.QuerySet):
    def matching(self, raw: str) -> ApiTokenQuerySet:
        return self.filter(key_hash=hash_token(raw), user__is_active=True)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A read token for scripts: ``Authorization: Bearer ct_…``.

    Only the SHA-256 of the token is stored, so a database dump leaks no working token;
    the token itself is shown once, when made (``manage.py api_token USERNAME``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        max_length=12, help_text="The token's first characters, to tell tokens apart."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, *, user, name: str = "") -> tuple[ApiToken, str]:
        """A new token for ``user``: the row, and the token itself (never stored)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:10])
        return token, raw
