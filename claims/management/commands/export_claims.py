"""python manage.py export_claims --format jsonl|csv [--output FILE] [--topic SLUG]:
one line per appearance."""

import contextlib
import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.exports import CLAIM_FIELDS, claim_rows, csv_safe
from claims.models import Topic


class Command(BaseCommand):
    help = (
        "Export every appearance of every visible statement, with its most relevant topic and "
        "its stance on it; with --topic, only the statements about that topic, with the "
        "stance on it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--topic", help="slug of a tracked question (see the admin)")

    def handle(self, *args: object, **opts: Any) -> None:  # noqa: ANN401 (argparse's values)
        topic = None
        if opts["topic"]:
            topic = Topic.objects.filter(slug=opts["topic"]).first()
            if topic is None:
                known = ", ".join(Topic.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(f"--topic {opts['topic']}: no such topic (known: {known})")
        with contextlib.ExitStack() as stack:
            stream = (
                stack.enter_context(open(opts["output"], "w", encoding="utf-8", newline=""))
                if opts["output"]
                else self.stdout
            )
            self.stdout.ending = ""  # rows carry their own line ends
            rows = claim_rows(topic=topic)
            if opts["format"] == "csv":
                writer = csv.DictWriter(stream, fieldnames=CLAIM_FIELDS)
                writer.writeheader()
                for row in rows:
                    writer.writerow(
                        {
                            k: csv_safe("|".join(v) if isinstance(v, list) else v)
                            for k, v in row.items()
                        }
                    )
            else:
                for row in rows:
                    stream.write(json.dumps(row, ensure_ascii=False) + "\n")
