"""python manage.py export_claims --format jsonl|csv [--output FILE]: one line per appearance."""

import contextlib
import csv
import json
import sys

from django.core.management.base import BaseCommand

from claims.exports import CLAIM_FIELDS, claim_rows
from claims.views import _csv_safe  # the web export's formula guard, one rule for both


class Command(BaseCommand):
    help = "Export every appearance of every visible statement."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **opts):
        with contextlib.ExitStack() as stack:
            stream = (
                stack.enter_context(open(opts["output"], "w", encoding="utf-8", newline=""))
                if opts["output"]
                else sys.stdout
            )
            if opts["format"] == "csv":
                writer = csv.DictWriter(stream, fieldnames=CLAIM_FIELDS)
                writer.writeheader()
                for row in claim_rows():
                    writer.writerow(
                        {
                            k: _csv_safe("|".join(v) if isinstance(v, list) else v)
                            for k, v in row.items()
                        }
                    )
            else:
                for row in claim_rows():
                    stream.write(json.dumps(row, ensure_ascii=False) + "\n")
