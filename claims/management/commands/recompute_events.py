"""Rebuild the stance-change events and contradiction flags from the statements.

Triggers and the after-commit settle keep them current on every write made through
Django (claims.events); this is for data loaded around it (COPY, a restore), after the
migration that adds them, or after changing CLAIMTRACK_CONTRADICTION_DAYS.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from claims import events
from claims.models import Topic


class Command(BaseCommand):
    help = "Recompute stance-change events and contradiction flags (all topics, or --topic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--topic", action="append", help="Topic slug; repeat for several.")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Only what writes marked stale since the last recompute (a bulk load's backlog).",
        )

    def handle(
        self,
        *args: object,
        topic: list[str] | None = None,
        pending: bool = False,
        **options: object,
    ) -> None:
        if pending:
            self.stdout.write(f"{events.settle()} pair(s) recomputed.")
            return
        topics = list(Topic.objects.filter(slug__in=topic)) if topic else None
        n_events, n_flags = events.recompute_all(topics=topics)
        self.stdout.write(f"{n_events} stance change(s), {n_flags} contradiction flag(s).")
