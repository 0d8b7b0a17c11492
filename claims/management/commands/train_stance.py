"""python manage.py train_stance [--from-gold] [--min-new N] [--cv] [--out FILE]

Retrains the stance model on every labelled statement:

* the gold sets' claims, shipped as features in claims/nlp/data/stance_examples.json
  (``--from-gold`` rebuilds that file by extracting ../shared/dev, dev2 and seeds);
* every statement a person verified or corrected, with its stance on its topic; these
  weigh ``REVIEW_WEIGHT`` times a gold line, since they are this deployment's own text.

Writes claims/nlp/data/stance_model.json (or ``--out``); extraction reads it from the next
claim on. Statements already stored keep their stance until re-extracted, and re-extraction
never overwrites a person's decision. ``--min-new N`` retrains only when at least N
statements were reviewed since the model was trained (for a scheduled job).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.nlp.stance_model import (
    MODEL_PATH,
    Example,
    load_examples,
    load_model,
    save_examples,
    save_model,
)
from claims.nlp.stance_training import fit_model
from claims.nlp.topic_stance import rule_precisions
from claims.nlp.types import TopicLexicon
from claims.training import reviewed_examples, topic_lexicons

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Retrain the stance model on the gold sets and on people's verified corrections."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from-gold",
            action="store_true",
            help="rebuild the shipped gold examples from ../shared (slow)",
        )
        parser.add_argument(
            "--min-new",
            type=int,
            default=0,
            help="retrain only if this many statements were reviewed since",
        )
        parser.add_argument(
            "--cv",
            action="store_true",
            help="print leave-one-article-out figures instead of training",
        )
        parser.add_argument("--out", type=Path, default=MODEL_PATH)

    def handle(self, *args: object, **opts: Any) -> None:  # noqa: ANN401 (argparse's values)
        lexicons = topic_lexicons()
        if opts["from_gold"]:
            self._rebuild_gold(lexicons)
        gold = load_examples()
        reviewed = reviewed_examples(lexicons)
        if opts["cv"]:
            return self._cv(gold, reviewed)
        current = load_model(opts["out"])
        done = current.trained_on.get("reviewed", 0) if current else 0
        if opts["min_new"] and len(reviewed) - done < opts["min_new"]:
            self.stdout.write(f"{len(reviewed) - done} new reviewed statements: not retrained")
            return
        if not gold and not reviewed:
            raise CommandError("no labelled statements: nothing to train on")
        examples = [*gold, *reviewed]
        model = fit_model(examples, trained_on={"gold": len(gold), "reviewed": len(reviewed)})
        # Every rule the judge applies (topic_stance.explicit_rule) with its measured precision.
        model = replace(model, rule_precision=rule_precisions(examples))
        save_model(model, opts["out"])
        self.stdout.write(
            f"stance model {model.version}: {len(gold)} gold + {len(reviewed)} reviewed "
            f"statements, temperature {model.temperature:.2f}, written to {opts['out']}"
        )

    def _rebuild_gold(self, lexicons: list[TopicLexicon]) -> None:
        from claims.evaluation.stance_cv import example, gold_items

        try:
            items = gold_items(lexicons)
        except FileNotFoundError as exc:
            raise CommandError(
                f"{exc.filename}: gold set not found (run from a checkout beside shared/)"
            ) from exc
        save_examples([example(it, lexicons) for it in items])
        self.stdout.write(f"{len(items)} gold examples rebuilt")

    def _cv(self, gold: list[Example], reviewed: list[Example]) -> None:
        from claims.evaluation.stance_cv import format_rows, rows_for

        for line in format_rows(rows_for([*gold, *reviewed])):
            self.stdout.write(line)
