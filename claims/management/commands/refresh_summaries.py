"""Rebuild the derived per-country statement counts from the statements themselves.

Triggers keep them current on every write (migration 0005); this is for when they could not,
such as a restore that loaded rows with triggers disabled, or to check them.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

REBUILD = [
    # Writers wait; readers keep reading the old counts until this commits.
    "LOCK TABLE claims_statement IN SHARE ROW EXCLUSIVE MODE",
    "DELETE FROM claims_countrystatementcount",
    "INSERT INTO claims_countrystatementcount (country_id, statements)"
    " SELECT speaker_country_id, count(*) FROM claims_statement"
    " WHERE speaker_country_id IS NOT NULL AND review <> 'rejected' GROUP BY 1",
    "ANALYZE claims_countrystatementcount",
]


class Command(BaseCommand):
    help = "Rebuild the per-country statement counts the overview reads (PostgreSQL)."

    def handle(self, *args: object, **options: object) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: other databases count live.")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in REBUILD:
                cursor.execute(sql)
        self.stdout.write("Per-country statement counts rebuilt.")
