"""`manage.py export_articles --format jsonl|csv [--output FILE]`: one row per article."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser, OutputWrapper

from articles.models import Article

COLUMNS = ["article", "title", "outlet", "date", "date_source", "duplicate_of", "encoding", "body"]
SOURCE_FIELDS = {"article": "name", "duplicate_of": "duplicate_of__name"}


def export_rows() -> Iterator[dict]:
    """Articles as export rows, streamed from the database in name order."""
    fields = [SOURCE_FIELDS.get(column, column) for column in COLUMNS]
    for values in Article.objects.order_by("name").values_list(*fields).iterator(chunk_size=500):
        row = dict(zip(COLUMNS, values, strict=True))
        row["date"] = row["date"].isoformat() if row["date"] else None
        yield row


class Command(BaseCommand):
    help = "Export articles (cleaned body and metadata) as JSON Lines or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", help="File to write (default: standard output)")

    def handle(self, *args: object, **options: Any) -> None:  # noqa: ANN401 (argparse's values)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                write_rows(handle, options["format"])
        else:
            # OutputWrapper would otherwise append its own newline to every write.
            self.stdout.ending = ""
            write_rows(self.stdout, options["format"])


def write_rows(out: TextIO | OutputWrapper, fmt: str) -> None:
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(export_rows())
        return
    for row in export_rows():
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
