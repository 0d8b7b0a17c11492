"""python manage.py evaluate --gold FILE [--json]: score the stored claims against a gold file.

Matching follows shared/gold/README.md (see claims.scoring). Only articles the gold file
names are scored; a prediction there that matches no gold line is a false positive.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.exports import claim_rows
from claims.scoring import format_report, load_gold, score


class Command(BaseCommand):
    help = "Score stored claims against a gold .jsonl file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gold", required=True, help="gold .jsonl file")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--summary", action="store_true", help="figures only, no lists")

    def handle(self, *args: object, **opts: Any) -> None:  # noqa: ANN401 (argparse's values)
        try:
            gold = load_gold(opts["gold"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"{opts['gold']}: cannot read gold file: {exc}") from exc
        result = score(claim_rows(), gold)
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(result, details=not opts["summary"]))
