"""`manage.py ingest PATH [PATH ...]`: store article files, extracting as it goes.

A thin wrapper over claims.pipeline_runs (which joins articles' ingest to claims'
extraction, so the `articles` app stays free of `claims`)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest import Entry, IngestResult, iter_article_paths
from claims.pipeline_runs import EXTRACT_EVERY, RunReport, ingest_and_extract


class Command(BaseCommand):
    help = (
        "Ingest article files or folders (recursively): decode, clean, date, de-duplicate, "
        "and extract claims batch by batch. Re-running finishes what a dead run left."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Files or folders of .txt articles")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")
        parser.add_argument(
            "--no-extract", action="store_true", help="Store articles without running extraction"
        )
        parser.add_argument(
            "--extract-every",
            type=int,
            default=EXTRACT_EVERY,
            help=f"Articles stored between two extraction batches (default {EXTRACT_EVERY})",
        )
        parser.add_argument(
            "--max-bytes", type=int, default=None, help="Size limit per file (default: setting)"
        )

    def handle(self, *args, **options) -> None:
        show_bar = not options["quiet"] and sys.stderr.isatty()
        total = sum(1 for _ in iter_article_paths(options["paths"])) if show_bar else None
        with tqdm(total=total, unit="file", disable=not show_bar) as bar:

            def on_result(entry: Entry, result: IngestResult) -> None:
                if result.status in ("failed", "skipped"):
                    with bar.external_write_mode():
                        self.stderr.write(problem_line(entry, result))
                bar.update()

            report = ingest_and_extract(
                options["paths"],
                max_bytes=options["max_bytes"],
                extract=not options["no_extract"],
                on_result=on_result,
                batch_size=options["extract_every"],
            )
        self.report_extraction(report)
        self.stdout.write(summary(report))
        failed = report.counts["failed"] + len(report.extraction.failed)
        if failed:
            raise CommandError(f"{failed} file(s) could not be ingested or extracted")

    def report_extraction(self, report: RunReport) -> None:
        extraction = report.extraction
        if not extraction.articles and not extraction.failed:
            return
        self.stdout.write(
            f"extracted {extraction.appearances} claims from {extraction.articles} articles "
            f"({extraction.new_statements} new statements)"
        )
        for line in extraction.failed:
            self.stderr.write(f"EXTRACTION FAILED {line}")


def problem_line(entry: Entry, result: IngestResult) -> str:
    # "skipped" is not a failure: another run has the folder, or the entry is not a file.
    label = "SKIPPED" if result.status == "skipped" else "FAILED"
    return f"{label} {entry.path}: {result.message}"


def summary(report: RunReport) -> str:
    counts = report.counts
    line = (
        f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['duplicate']} duplicates, {counts['failed']} failed"
    )
    if counts["skipped"]:
        line += f", {counts['skipped']} skipped"
    return line
