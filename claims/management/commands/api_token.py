"""Make an API token for a user: ``manage.py api_token USERNAME [--name laptop-script]``.

The token is printed once; only its hash is stored. Revoke it by deleting the ApiToken
row (``manage.py api_token USERNAME --revoke PREFIX``)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.review_models import ApiToken


class Command(BaseCommand):
    help = "Make (or revoke) a read token for the JSON API under /api/v1/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument("--revoke", metavar="PREFIX", help="Delete the token starting so.")

    def handle(
        self, *args: object, username: str, name: str, revoke: str | None, **options: object
    ) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if revoke:
            deleted, _ = ApiToken.objects.filter(user=user, prefix__startswith=revoke).delete()
            self.stdout.write(f"Revoked {deleted} token(s).")
            return
        _token, raw = ApiToken.issue(user=user, name=name)
        self.stdout.write(raw)
