"""`manage.py ingest PATH [PATH ...]`: store article files, extracting as it goes.

A thin wrapper over claims.pipeline_runs (which joins articles' ingest to claims'
extraction, so the `articles` app stays free of `claims`)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from articles.ingest import Entry, IngestResult, iter_article_paths
from claims.pipeline_runs import EXTRACT_EVERY, RunReport, ingest_and_extract


class Command(BaseCommand):
    help = (
        "Ingest article files or folders (recursively): decode, clean, date, de-duplicate, "
        "and extract claims batch by batch. Re-running finishes what a dead run left."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            help="Files or folders of articles: .txt, or saved web pages (.html, .htm)",
        )
        parser.add_argument(
            "--queue", action="store_true", help="Enqueue one task per file for Celery workers"
        )
        parser.add_argument(
            "--status", action="store_true", help="Print queued, running, done, failed counts"
        )
        parser.add_argument("--json", action="store_true", help="With --status: print JSON")
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

    def handle(self, *args: object, **options: Any) -> None:  # noqa: ANN401 (argparse's values)
        if options["status"]:
            return self.print_status(as_json=options["json"])
        if not options["paths"]:
            raise CommandError("give at least one file or folder (or --status)")
        if options["queue"]:
            return self.enqueue(options["paths"])
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

    def enqueue(self, paths: list[str]) -> None:
        from claims.tasks import enqueue

        counts = enqueue(paths)
        self.stdout.write(
            f"{counts['queued']} queued, {counts['done']} already done, "
            f"{counts['failed']} refused (see --status and the admin)"
        )

    def print_status(self, *, as_json: bool) -> None:
        from claims.queue_models import IngestTask

        counts = IngestTask.objects.counts()
        if as_json:
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(", ".join(f"{n} {state}" for state, n in counts.items()))

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
