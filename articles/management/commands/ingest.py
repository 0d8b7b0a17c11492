"""`manage.py ingest PATH [PATH ...]`: thin wrapper over articles.ingest."""

from __future__ import annotations

import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest import IngestResult, ingest_file, iter_article_paths

STORED = {"new", "updated", "duplicate"}


def after_ingest(article_ids: list[int], *, stdout) -> None:
    """Extract claims from every article this run stored or changed (new, updated, and new
    near-duplicates, whose appearances join their original's statements).

    Extraction replaces machine output only, so re-ingesting a corrected article keeps
    what a person decided.
    """
    from claims.services import extract_articles

    report = extract_articles(article_ids=article_ids)
    stdout.write(
        f"extracted {report.appearances} claims from {report.articles} articles "
        f"({report.new_statements} new statements)"
    )
    for line in report.failed:
        stdout.write(f"extraction failed: {line}")


class Command(BaseCommand):
    help = "Ingest article files or folders (recursively): decode, clean, date, de-duplicate."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Files or folders of .txt articles")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")
        parser.add_argument(
            "--no-extract", action="store_true", help="Store articles without running extraction"
        )
        parser.add_argument(
            "--max-bytes", type=int, default=None, help="Size limit per file (default: setting)"
        )

    def handle(self, *args, **options) -> None:
        paths = list(iter_article_paths(options["paths"]))
        show_bar = not options["quiet"] and sys.stderr.isatty()
        counts: Counter[str] = Counter()
        stored: list[int] = []
        with tqdm(total=len(paths), unit="file", disable=not show_bar) as bar:
            for path in paths:
                result = ingest_file(path, max_bytes=options["max_bytes"])
                counts[result.status] += 1
                if result.status in STORED:
                    stored.append(result.article_id)
                elif result.status == "failed":
                    with bar.external_write_mode():
                        self.stderr.write(failure_line(path, result))
                bar.update()
        if stored and not options["no_extract"]:
            after_ingest(stored, stdout=self.stdout)
        self.stdout.write(summary(counts))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be ingested")


def failure_line(path, result: IngestResult) -> str:
    return f"FAILED {path}: {result.message}"


def summary(counts: Counter[str]) -> str:
    return (
        f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['duplicate']} duplicates, {counts['failed']} failed"
    )
