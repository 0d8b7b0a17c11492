"""Score extracted claims against a gold file (rules of shared/gold/README.md).

Pure Python, no Django: the ``evaluate`` command and ``claims.evaluation.devscore`` both call
:func:`score`. Predictions are dicts with ``article``, ``text``, ``speaker``,
``speaker_aliases``, ``speaker_mention``, ``speaker_country``, ``stance``, ``kind``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.nlp.quotes import QUOTE_MARKS
from claims.nlp.types import KINDS

_QUOTE_RE = re.compile(f"[{re.escape(QUOTE_MARKS)}]")
_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[^\w\s]")
TITLE_WORDS = frozenset(
    [
        "sir",
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "prime",
        "minister",
        "pm",
        "chairman",
        "chancellor",
        "secretary",
        "shadow",
        "home",
        "foreign",
        "premier",
        "of",
        "the",
    ]
)


def norm_text(text: str) -> str:
    """NFKC, no quote marks, collapsed white space, lower case (the README's text rule)."""
    text = _QUOTE_RE.sub("", unicodedata.normalize("NFKC", text))
    return _SPACE_RE.sub(" ", text).strip().lower()


def norm_name(name: str) -> str:
    """Fold accents, lower-case, drop a leading article, a possessive 's and punctuation."""
    folded = unicodedata.normalize("NFKD", name or "")
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower().strip()
    folded = re.sub(r"['’]s\b", "", folded)
    folded = _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", folded)).strip()
    folded = re.sub(r"^(the|a|an) ", "", folded)
    return folded


def names_match(predicted: str, gold: str) -> bool:
    """Equal after folding, or one holds all of the other's (2+) words and adds only titles."""
    a, b = norm_name(predicted), norm_name(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    for short, long_ in ((wa, wb), (wb, wa)):
        extra = [w for w in long_ if w not in short]
        if len(short) >= 2 and set(short) <= set(long_) and all(w in TITLE_WORDS for w in extra):
            return True
    return False


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold ``.jsonl`` file (one expected claim per line)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _text_hit(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    text = norm_text(pred.get("text", ""))
    snippets = [gold["quote"], *gold.get("alt", [])]
    return any(norm_text(s) in text for s in snippets)


def _speaker_hit(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    names = [pred.get("speaker") or "", pred.get("speaker_mention") or ""]
    names += list(pred.get("speaker_aliases") or ())
    return any(names_match(n, g) for n in names if n for g in gold["speaker"])


def _max_match(edges: dict[int, list[int]], fixed: dict[int, int]) -> dict[int, int]:
    """Augmenting-path bipartite matching gold -> pred, extending ``fixed``."""
    owner = {p: g for g, p in fixed.items()}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges.get(g, ()):
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in edges:
        if g not in {v for v in owner.values()}:
            augment(g, set())
    return {g: p for p, g in owner.items()}


@dataclass
class PRF:
    """Counts for precision/recall. ``tp_pred`` counts matched predictions, which for a
    per-kind row differs from ``tp`` (matched gold lines of that kind) when a claim's
    predicted kind is not the gold kind."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    tp_pred: int | None = None

    @property
    def precision(self) -> float:
        tp = self.tp if self.tp_pred is None else self.tp_pred
        return tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "matched_predicted": self.tp_pred if self.tp_pred is not None else self.tp,
            "predicted": self.n_pred,
            "gold": self.n_gold,
        }


@dataclass
class Report:
    detection: PRF = field(default_factory=PRF)
    attribution: PRF = field(default_factory=PRF)
    by_kind: dict[str, PRF] = field(default_factory=lambda: {k: PRF(tp_pred=0) for k in KINDS})
    completeness: list[bool] = field(default_factory=list)
    stance: list[bool] = field(default_factory=list)
    kind_agrees: list[bool] = field(default_factory=list)
    speaker_country: list[bool] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_speakers: list[dict[str, Any]] = field(default_factory=list)
    wrong_stances: list[dict[str, Any]] = field(default_factory=list)
    wrong_countries: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def share(xs: list[bool]) -> float:
            return round(sum(xs) / len(xs), 4) if xs else 0.0

        return {
            "detection": self.detection.as_dict(),
            "attribution": self.attribution.as_dict(),
            "completeness": share(self.completeness),
            "completeness_n": len(self.completeness),
            "kind_accuracy": share(self.kind_agrees),
            "stance_accuracy": share(self.stance),
            "stance_n": len(self.stance),
            "speaker_country_accuracy": share(self.speaker_country),
            "speaker_country_n": len(self.speaker_country),
            "by_kind": {k: v.as_dict() for k, v in self.by_kind.items()},
            "misses": self.misses,
            "false_positives": self.false_positives,
            "wrong_speakers": self.wrong_speakers,
            "wrong_stances": self.wrong_stances,
            "wrong_countries": self.wrong_countries,
        }


def _stance_ok(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    accepted = gold["stance"] if isinstance(gold["stance"], list) else [gold["stance"]]
    return pred.get("stance") in accepted


def _score_article(preds: list[Mapping], golds: list[Mapping], report: Report) -> None:
    text_edges = {
        g: [p for p, pr in enumerate(preds) if _text_hit(pr, gl)] for g, gl in enumerate(golds)
    }
    full_edges = {
        g: [p for p in ps if _speaker_hit(preds[p], golds[g])] for g, ps in text_edges.items()
    }
    # Prefer pairings where the speaker is right too, then fill up on text alone.
    matching = _max_match(full_edges, {})
    matching = _max_match(text_edges, matching)
    matched_preds = set(matching.values())
    for p, pred in enumerate(preds):
        if p not in matched_preds:
            report.false_positives.append(_brief(pred))
            report.detection.n_pred += 1
            report.attribution.n_pred += 1
            if pred.get("kind") in report.by_kind:
                report.by_kind[pred["kind"]].n_pred += 1
    for g, gold in enumerate(golds):
        if gold.get("optional"):
            continue
        _score_required(gold, preds[matching[g]] if g in matching else None, report)


def _score_required(gold: Mapping, pred: Mapping | None, report: Report) -> None:
    kind = report.by_kind.setdefault(gold.get("kind", "indirect"), PRF(tp_pred=0))
    for prf in (report.detection, report.attribution, kind):
        prf.n_gold += 1
    if gold.get("quote_end"):
        report.completeness.append(
            pred is not None and norm_text(gold["quote_end"]) in norm_text(pred["text"])
        )
    if pred is None:
        report.misses.append(_brief(gold))
        return
    report.detection.tp += 1
    report.detection.n_pred += 1
    report.attribution.n_pred += 1
    kind.tp += 1
    report.kind_agrees.append(pred.get("kind") == gold.get("kind"))
    pkind = report.by_kind.get(pred.get("kind", ""))
    if pkind is not None:
        pkind.n_pred += 1
        pkind.tp_pred = (pkind.tp_pred or 0) + 1
    if _speaker_hit(pred, gold):
        report.attribution.tp += 1
    else:
        report.wrong_speakers.append({**_brief(pred), "expected": gold["speaker"]})
    if gold.get("stance") is not None:
        ok = _stance_ok(pred, gold)
        report.stance.append(ok)
        if not ok:
            report.wrong_stances.append({**_brief(pred), "expected": gold["stance"]})
    if gold.get("speaker_country"):
        ok = norm_name(pred.get("speaker_country") or "") == norm_name(gold["speaker_country"])
        report.speaker_country.append(ok)
        if not ok:
            report.wrong_countries.append({**_brief(pred), "expected": gold["speaker_country"]})


def _brief(item: Mapping[str, Any]) -> dict[str, Any]:
    keys: tuple[str, ...] = ("article", "text", "quote", "speaker", "speaker_mention")
    keys += ("speaker_country",)
    keys += ("stance", "kind")
    return {k: item[k] for k in keys if k in item}


def score(predictions: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]]) -> dict:
    """Score predictions against gold lines; only articles named in the gold are scored.

    Returns a plain dict: detection/attribution P/R/F1, completeness, stance and
    speaker-country accuracy, per-kind figures, then misses, false positives, wrong
    speakers, wrong stances and wrong countries.
    """
    gold_by_article: dict[str, list[Mapping]] = {}
    for line in gold:
        gold_by_article.setdefault(line["article"], []).append(line)
    preds_by_article: dict[str, list[Mapping]] = {a: [] for a in gold_by_article}
    for pred in predictions:
        if pred.get("article") in preds_by_article:
            preds_by_article[pred["article"]].append(pred)
    report = Report()
    for article, golds in gold_by_article.items():
        _score_article(preds_by_article[article], golds, report)
    return report.as_dict()


def format_report(result: Mapping[str, Any], *, details: bool = True) -> str:
    """Human-readable summary of :func:`score`'s result."""
    out = []
    for name in ("detection", "attribution"):
        m = result[name]
        out.append(
            f"{name:12s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}"
            f"  (tp={m['tp']} pred={m['predicted']} gold={m['gold']})"
        )
    out.append(f"completeness      {result['completeness']:.3f} (n={result['completeness_n']})")
    out.append(f"kind accuracy     {result['kind_accuracy']:.3f}")
    out.append(f"stance accuracy   {result['stance_accuracy']:.3f} (n={result['stance_n']})")
    out.append(
        f"speaker country   {result['speaker_country_accuracy']:.3f}"
        f" (n={result['speaker_country_n']})"
    )
    for kind, m in result["by_kind"].items():
        out.append(
            f"  {kind:9s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}"
            f" (tp={m['tp']} pred={m['predicted']} gold={m['gold']})"
        )
    if details:
        for section in ("misses", "false_positives", "wrong_speakers", "wrong_stances"):
            out.append(f"-- {section} ({len(result[section])})")
            out.extend("   " + json.dumps(x, ensure_ascii=False) for x in result[section])
        out.append(f"-- wrong_countries ({len(result['wrong_countries'])})")
        out.extend("   " + json.dumps(x, ensure_ascii=False) for x in result["wrong_countries"])
    return "\n".join(out)
