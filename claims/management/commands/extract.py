"""python manage.py extract [--all | --pending | --failed | ARTICLE ...]: run the claim
extractor and store its output. `--pending` finishes what a dead run left."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from tqdm import tqdm

from articles.models import Article
from claims.pipeline_runs import extract_stored


class Command(BaseCommand):
    help = "Extract attributed claims from articles; human corrections are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("articles", nargs="*", help="article file names or ids")
        parser.add_argument("--all", action="store_true", help="every stored article")
        parser.add_argument(
            "--pending", action="store_true", help="articles stored but not yet extracted"
        )
        parser.add_argument(
            "--failed", action="store_true", help="articles whose extraction failed (retry)"
        )
        parser.add_argument("--batch-size", type=int, default=32)
        parser.add_argument("--processes", type=int, default=1, help="spaCy worker processes")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: object, **opts: Any) -> None:  # noqa: ANN401 (argparse's values)
        ids = self._article_ids(opts)
        quiet = opts["quiet"] or not sys.stderr.isatty()
        with tqdm(total=len(ids), disable=quiet, unit="article") as bar:
            report = extract_stored(
                ids,
                batch_size=opts["batch_size"],
                n_process=opts["processes"],
                progress=bar,
            )
        for line in report.failed:
            self.stderr.write(f"failed: {line}")
        self.stdout.write(
            f"{report.articles} articles: {report.appearances} claims, "
            f"{report.new_statements} new statements, {report.kept_human} kept as a person "
            f"left them, {report.skipped_rejected} rejected before, {len(report.failed)} failed"
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} article(s) failed")

    def _article_ids(self, opts: dict[str, Any]) -> list[int]:
        refs = opts["articles"]
        selectors = [opts["all"], opts["pending"], opts["failed"], bool(refs)]
        if sum(selectors) != 1:
            raise CommandError("give article names/ids, --all, --pending or --failed (one)")
        articles = Article.objects.order_by("id")
        if opts["all"]:
            return list(articles.values_list("id", flat=True))
        if opts["pending"]:
            return list(articles.pending().values_list("id", flat=True))
        if opts["failed"]:
            failed = articles.filter(extraction_state=Article.Extraction.FAILED)
            return list(failed.values_list("id", flat=True))
        return [self._article_id(ref) for ref in refs]

    def _article_id(self, ref: str) -> int:
        cond = Q(name=ref) | (Q(pk=int(ref)) if ref.isdigit() else Q())
        pk = Article.objects.filter(cond).values_list("id", flat=True).first()
        if pk is None:
            raise CommandError(f"{ref}: no such article")
        return pk
