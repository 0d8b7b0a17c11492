"""Fitting the stance model from labelled examples: the weights, a calibration temperature
from grouped cross-validation, and each explicit rule's measured precision.

Used by ``manage.py train_stance`` (gold examples + statements people verified or
corrected) and by claims.evaluation.stance_cv.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from claims.nlp.stance_model import LABELS, Example, StanceModel, fit_temperature, train

# Folds for the calibration temperature: whole articles are held out together.
CALIBRATION_FOLDS = 5
EXPLICIT_LABELS = ("no_talks", "conditional", "open")
# Below this many explicit-rule examples a label's precision is not measured: the lexicon's
# own confidence stands.
MIN_RULE_EXAMPLES = 3


def lexicon_label(ex: Example) -> str:
    return next((k[4:] for k in ex.feats if k.startswith("lex:")), "neutral")


def rule_label(ex: Example) -> str:
    """The label an explicit phrase in the claim decides (see topic_stance.explicit_rule),
    read back from the features: the lexicon's verdict, with a full-weight cue of it in the
    claim's own words."""
    label = lexicon_label(ex)
    if label not in EXPLICIT_LABELS:
        return ""
    if label == "no_talks" and ex.feats.get("cue:denial"):
        return label
    # Stored features are rounded (a full-weight cue is kept as 0.3333): compare with slack.
    return label if ex.feats.get(f"lex_text:{label}", 0.0) >= 1 / 3 - 1e-3 else ""


def rule_precision(examples: Sequence[Example]) -> dict[str, float]:
    """Per explicit label, the share of rule decisions that match the people's label."""
    out = {}
    for label in EXPLICIT_LABELS:
        fired = [ex for ex in examples if rule_label(ex) == label]
        if len(fired) >= MIN_RULE_EXAMPLES:
            out[label] = round(sum(label in ex.labels for ex in fired) / len(fired), 3)
    return out


def grouped_folds(examples: Sequence[Example], k: int) -> list[set[str]]:
    groups = sorted({ex.group for ex in examples})
    return [set(groups[i::k]) for i in range(min(k, len(groups)))]


def out_of_fold_logits(examples: Sequence[Example], k: int = CALIBRATION_FOLDS) -> np.ndarray:
    logits = np.zeros((len(examples), len(LABELS)))
    for held in grouped_folds(examples, k):
        model = train([ex for ex in examples if ex.group not in held], version="fold")
        for i, ex in enumerate(examples):
            if ex.group in held:
                logits[i] = model.logits(ex.feats)
    return logits


def model_version(examples: Sequence[Example]) -> str:
    digest = hashlib.sha1()
    for ex in examples:
        digest.update(repr((sorted(ex.feats.items()), ex.labels, ex.weight)).encode())
    return f"lr-{dt.date.today():%Y%m%d}-{len(examples)}-{digest.hexdigest()[:6]}"


def fit_model(
    examples: Sequence[Example], *, calibrate: bool = True, trained_on: dict | None = None
) -> StanceModel:
    """Weights on every example; a temperature from out-of-fold predictions."""
    model = train(examples, version=model_version(examples))
    temperature = 1.0
    if calibrate and len({ex.group for ex in examples}) >= 2:
        gold = [LABELS.index(ex.labels[0]) for ex in examples]
        temperature = fit_temperature(out_of_fold_logits(examples), gold)
    return replace(
        model,
        temperature=temperature,
        rule_precision=rule_precision(examples),
        trained_on={"examples": len(examples), **(trained_on or {})},
    )
