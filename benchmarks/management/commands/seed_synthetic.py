"""Thin command over benchmarks.synthetic: a removable synthetic corpus of any size."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from benchmarks import synthetic


class Command(BaseCommand):
    help = (
        "Add N synthetic statements (with speakers, articles, appearances and countries), "
        "all marked is_synthetic; --clear removes every synthetic row first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--statements", type=int, default=0, help="How many to add.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed.")
        parser.add_argument("--speakers", type=int, default=3_000, help="On the first run.")
        parser.add_argument(
            "--clear", action="store_true", help="Delete all synthetic rows (before seeding)."
        )

    def handle(
        self, *args, statements: int, seed: int | None, speakers: int, clear: bool, **options
    ) -> None:
        if clear:
            deleted = synthetic.clear()
            synthetic.analyze()
            summary = ", ".join(f"{table}: {n}" for table, n in deleted.items())
            self.stdout.write(f"Cleared synthetic rows ({summary}).")
        if statements > 0:
            report = synthetic.seed(
                statements=statements, seed=seed, speakers=speakers, progress=self._progress
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded {report.statements:,} statements, {report.articles:,} articles, "
                    f"{report.appearances:,} appearances ({report.speakers:,} speakers) in "
                    f"{report.seconds:.1f} s: {report.rows_per_second:,.0f} rows/s."
                )
            )

    def _progress(self, report: synthetic.SeedReport) -> None:
        rate = report.statements / report.seconds if report.seconds else 0
        self.stdout.write(f"  {report.statements:,} statements ({rate:,.0f} statements/s)")
