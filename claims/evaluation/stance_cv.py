"""Stance evaluation: leave-one-article-out cross-validation over the gold sets, end to end.

    python -m claims.evaluation.stance_cv [--json] [--cache FILE] [--errors]

Every article of seeds, dev and dev2 is extracted as the product extracts it; each gold
line with a stance is paired with the extracted claim that matches it (the rules of
claims.scoring), and the judge's input for that claim (a ClaimView) is kept. The stance
is judged on the gold line's question: hosting UK return hubs for seeds and dev2; for dev,
the arrangement its article is about (gold/README.md), listed in ``DEV_TOPICS``.

Each variant is trained on all articles but one and scored on that one, in turn. The
figures are accuracy (any accepted label counts), macro-F1, a confusion matrix and the
cost per claim of judging.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from unittest import mock

import numpy as np

from claims.nlp import extract as extract_module
from claims.nlp.relevance import MIN_RELEVANCE, ClaimView, relevances
from claims.nlp.stance import shipped_lexicons
from claims.nlp.stance_model import (
    L2,
    LABELS,
    Example,
    expected_calibration_error,
    fit_temperature,
    is_word_feature,
    softmax,
    train,
)
from claims.nlp.stance_training import lexicon_label
from claims.nlp.topic_stance import best_label, labelled_example, rule_from_features
from claims.nlp.types import TopicLexicon
from claims.scoring import _max_match, _speaker_hit, _text_hit, load_gold  # the gold's matching

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DEFAULT_TOPIC = "return-hubs"
# The arrangement each dev article is about (the dev gold's stance is on that question).
DEV_TOPICS = {
    "01": "italy-albania",
    "02": "return-hubs",  # UK–Rwanda: the UK's offshore scheme
    "03": "return-hubs",
    "04": "italy-albania",
    "05": "return-hubs",
    "06": "italy-albania",  # the UK studying the Italy–Albania model
    "07": "eu-return-hubs",  # a return hub in Uganda for the Netherlands, under EU law
    "08": "italy-albania",
    "09": "eu-return-hubs",
    "10": "eu-return-hubs",
}


@dataclass(frozen=True)
class Labelled:
    corpus: str
    article: str
    topic: str
    view: ClaimView
    labels: tuple[str, ...]


def _folders() -> dict[str, tuple[Path, Path, Path | None]]:
    gold = SHARED / "gold"
    return {
        "seeds": (ROOT / "seeds", gold / "seeds.jsonl", gold / "seeds_articles.jsonl"),
        "dev": (SHARED / "dev", gold / "dev.jsonl", None),
        "dev2": (SHARED / "dev2", gold / "dev2.jsonl", None),
    }


def _topic_of(corpus: str, article: str) -> str:
    return DEV_TOPICS.get(article[:2], DEFAULT_TOPIC) if corpus == "dev" else DEFAULT_TOPIC


def collect(corpus: str, lexicons: Sequence[TopicLexicon] | None = None) -> list[Labelled]:
    """Extract one gold set and pair each stance-bearing gold line with its claim's view."""
    from claims.evaluation.devscore import _clean, _dates

    folder, gold_path, meta = _folders()[corpus]
    files = sorted(folder.glob("*.txt"))
    dates = _dates(meta)
    items = []
    for path in files:
        body, date = _clean(path.read_text(encoding="utf-8"))
        items.append((body, dates.get(path.name, date)))
    views: dict[tuple[int, str], ClaimView] = {}
    real = extract_module.judge_claim

    def spy(view, lexicons, **kw):  # the judge's input, exactly as extraction builds it
        views[(current[0], view.text)] = view
        return real(view, lexicons, **kw)

    current = [0]
    extractions = []
    with mock.patch.object(extract_module, "judge_claim", spy):
        for i, ext in enumerate(
            extract_module.extract_many(items, lexicon=lexicons or shipped_lexicons()[0])
        ):
            current[0] = i + 1
            extractions.append(ext)
    # extract_many is lazy: article i is judged (under key i) just before it is yielded.
    return _pair(corpus, files, extractions, views, load_gold(gold_path))


def _pair(corpus, files, extractions, views, gold) -> list[Labelled]:
    from claims.evaluation.devscore import predictions

    names = [p.name for p in files]
    preds = predictions(names, extractions)
    out = []
    for i, name in enumerate(names):
        mine = [p for p in preds if p["article"] == name]
        golds = [g for g in gold if g["article"] == name and g.get("stance") is not None]
        text_edges = {
            g: [p for p, pr in enumerate(mine) if _text_hit(pr, gl)] for g, gl in enumerate(golds)
        }
        full = {
            g: [p for p in ps if _speaker_hit(mine[p], golds[g])] for g, ps in text_edges.items()
        }
        matching = _max_match(text_edges, _max_match(full, {}))
        for g, p in matching.items():
            stance = golds[g]["stance"]
            labels = tuple(stance) if isinstance(stance, list) else (stance,)
            view = views[(i, mine[p]["text"])]
            out.append(Labelled(corpus, name, _topic_of(corpus, name), view, labels))
    return out


def example(item: Labelled, lexicons: Sequence[TopicLexicon], weight: float = 1.0) -> Example:
    return labelled_example(
        item.view,
        topic=item.topic,
        labels=item.labels,
        group=f"{item.corpus}/{item.article}",
        lexicons=lexicons,
        weight=weight,
    )


# ---------------------------------------------------------------------- variants
Predict = Callable[[Example], tuple[str, float]]


def _only(examples: Sequence[Example], keep: Callable[[str], bool]) -> list[Example]:
    return [
        Example({k: v for k, v in ex.feats.items() if keep(k)}, ex.labels, ex.group, ex.weight)
        for ex in examples
    ]


VARIANTS: dict[str, Callable[[str], bool]] = {
    "words only (masked names) + LR": is_word_feature,
    "lexicon + question features + LR": lambda k: not is_word_feature(k),
    "all features + LR": lambda k: True,
}


def loao(
    examples: Sequence[Example], keep: Callable[[str], bool], *, hybrid: bool, l2: float = L2
) -> tuple[list[str], np.ndarray]:
    """Out-of-fold labels and logits, each article predicted by a model that never saw it."""
    data = _only(examples, keep)
    groups = sorted({ex.group for ex in data})
    preds: list[str] = [""] * len(data)
    logits = np.zeros((len(data), len(LABELS)))
    for group in groups:
        train_set = [ex for ex in data if ex.group != group]
        model = train(train_set, version="cv", l2=l2)
        for i, ex in enumerate(data):
            if ex.group != group:
                continue
            logits[i] = model.logits(ex.feats)
            probs = dict(zip(LABELS, softmax(logits[i]), strict=True))
            preds[i] = best_label(probs, proposer=bool(ex.feats.get("who:proposer")))
            if hybrid and rule_from_features(examples[i]):
                preds[i] = rule_from_features(examples[i])
    return preds, logits


def accuracy(examples: Sequence[Example], preds: Sequence[str], prefix: str = "") -> float:
    pairs = [(ex, p) for ex, p in zip(examples, preds, strict=True) if ex.group.startswith(prefix)]
    return sum(p in ex.labels for ex, p in pairs) / max(len(pairs), 1)


def macro_f1(examples: Sequence[Example], preds: Sequence[str]) -> float:
    scores = []
    for label in LABELS:
        gold = [ex.labels[0] == label for ex in examples]
        if not any(gold):
            continue
        tp = sum(g and p == label for g, p in zip(gold, preds, strict=True))
        fp = sum(
            not g and p == label and label not in ex.labels
            for g, p, ex in zip(gold, preds, examples, strict=True)
        )
        fn = sum(g and p not in ex.labels for g, p, ex in zip(gold, preds, examples, strict=True))
        scores.append(2 * tp / max(2 * tp + fp + fn, 1))
    return sum(scores) / len(scores)


def confusion(examples: Sequence[Example], preds: Sequence[str]) -> dict[str, Counter]:
    """Gold label (the first accepted) -> predicted label counts; a prediction among the
    accepted labels counts as the gold label."""
    table: dict[str, Counter] = {label: Counter() for label in LABELS}
    for ex, p in zip(examples, preds, strict=True):
        table[ex.labels[0]][ex.labels[0] if p in ex.labels else p] += 1
    return table


def _row(name: str, examples, preds, seconds: float) -> dict:
    return {
        "method": name,
        "loao_all": round(accuracy(examples, preds), 3),
        "seeds": round(accuracy(examples, preds, "seeds/"), 3),
        "dev": round(accuracy(examples, preds, "dev/"), 3),
        "dev2": round(accuracy(examples, preds, "dev2/"), 3),
        "macro_f1": round(macro_f1(examples, preds), 3),
        "ms_per_claim": round(1000 * seconds / max(len(examples), 1), 3),
        "confusion": {k: dict(v) for k, v in confusion(examples, preds).items()},
    }


def rows_for(examples: Sequence[Example], shown: Sequence[bool] | None = None) -> list[dict]:
    """Every variant's leave-one-article-out figures on ``examples``. ``shown[i]`` False: the
    product links claim i to another question only, so it shows no stance on this one
    (scored as "neutral")."""
    shown = shown if shown is not None else [True] * len(examples)

    def gated(preds: list[str]) -> list[str]:
        return [p if ok else "neutral" for p, ok in zip(preds, shown, strict=True)]

    t0 = time.perf_counter()
    lex = [lexicon_label(ex) for ex in examples]
    rows = [_row("cue lexicon alone", examples, gated(lex), time.perf_counter() - t0)]
    for name, keep in VARIANTS.items():
        for hybrid in (False, True):
            preds, logits = loao(examples, keep, hybrid=hybrid)
            label = name + (" + explicit-pattern rules" if hybrid else "")
            row = _row(label, examples, gated(preds), 0.0)
            row["calibration"] = _calibration(examples, logits)
            rows.append(row)
    return rows


def shown_on_topic(item: Labelled, lexicons: Sequence[TopicLexicon]) -> bool:
    """Whether the product shows a stance for the claim on the gold line's question."""
    from claims.nlp.topic_stance import _story_topic

    found = relevances(item.view, lexicons)
    rels = {r.topic: r.score for r in found}
    if rels[item.topic] >= MIN_RELEVANCE or _story_topic(item.view, found) == item.topic:
        # A claim inheriting its story's scheme is linked when its stance is not neutral,
        # so a prediction of "neutral" scores the same either way.
        return True
    linked_elsewhere = any(v >= MIN_RELEVANCE for k, v in rels.items() if k != item.topic)
    return item.topic == lexicons[0].slug and not linked_elsewhere


def format_rows(rows: Sequence[dict]) -> list[str]:
    lines = [
        "| method | LOAO all | seeds | dev | dev2 | macro-F1 | ECE raw / calibrated (T) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        cal = r.get("calibration")
        cal_txt = (
            f"{cal['ece_raw']} / {cal['ece_calibrated']} ({cal['temperature']})" if cal else "–"
        )
        lines.append(
            f"| {r['method']} | {r['loao_all']:.3f} | {r['seeds']:.3f} | {r['dev']:.3f} "
            f"| {r['dev2']:.3f} | {r['macro_f1']:.3f} | {cal_txt} |"
        )
    return lines


def format_confusion(row: dict) -> list[str]:
    lines = [
        f"{row['method']} (rows: gold, columns: predicted)",
        "| gold \\ predicted | " + " | ".join(LABELS) + " |",
        "| --- |" + " --- |" * len(LABELS),
    ]
    for gold, counts in row["confusion"].items():
        lines.append(f"| {gold} | " + " | ".join(str(counts.get(p, 0)) for p in LABELS) + " |")
    return lines


def _calibration(examples: Sequence[Example], logits: np.ndarray) -> dict:
    gold = [LABELS.index(ex.labels[0]) for ex in examples]
    t = fit_temperature(logits, gold)
    out = {"temperature": round(t, 3)}
    for name, temp in (("ece_raw", 1.0), ("ece_calibrated", t)):
        p = softmax(logits / temp)
        conf = p.max(axis=1)
        ok = [LABELS[int(i)] in ex.labels for i, ex in zip(p.argmax(axis=1), examples, strict=True)]
        out[name] = round(expected_calibration_error(conf, ok), 3)
    return out


def gold_items(
    lexicons: Sequence[TopicLexicon] | None = None, cache: Path | None = None
) -> list[Labelled]:
    """Every labelled claim of the three sets; ``cache``: a JSON file to reuse the
    extraction from (written when missing)."""
    if cache is not None and cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
        return [
            Labelled(
                r["corpus"],
                r["article"],
                r["topic"],
                ClaimView(**{**r["view"], "countries": tuple(r["view"]["countries"])}),
                tuple(r["labels"]),
            )
            for r in rows
        ]
    lexicons = lexicons or shipped_lexicons()
    items = [it for corpus in ("seeds", "dev", "dev2") for it in collect(corpus, lexicons)]
    if cache is not None:
        cache.write_text(json.dumps([asdict(it) for it in items], ensure_ascii=False), "utf-8")
    return items


def judge_cost(items: Sequence[Labelled], lexicons: Sequence[TopicLexicon]) -> dict[str, float]:
    """Milliseconds per claim to judge every topic: relevance + lexicon, then with the model."""
    from claims.nlp.stance_model import load_model
    from claims.nlp.topic_stance import judge_claim

    out = {}
    for name, model in (("lexicon", None), ("lexicon + model", load_model())):
        t0 = time.perf_counter()
        for _ in range(3):
            for it in items:
                judge_claim(it.view, lexicons, model=model)
        out[name] = round(1000 * (time.perf_counter() - t0) / (3 * max(len(items), 1)), 2)
    return out


def product_answer(item: Labelled, lexicons: Sequence[TopicLexicon], model=None) -> str:
    """The stance the product shows for the claim on the gold line's question: its stance
    there if the claim is linked to it, the default-topic stance for the default question,
    else none ("neutral")."""
    from claims.nlp.topic_stance import judge_claim

    kw = {} if model is None else {"model": model}
    judged = judge_claim(item.view, lexicons, **kw)
    linked = {t.topic: t.stance for t in judged.topics}
    if item.topic in linked:
        return linked[item.topic]
    return judged.primary.stance if item.topic == lexicons[0].slug else "neutral"


def shipped_accuracy(items: Sequence[Labelled], lexicons: Sequence[TopicLexicon]) -> dict:
    """Accuracy of the shipped model as the product applies it (trained on these very
    claims: an upper bound, not a generalisation figure)."""
    out = {}
    for corpus in ("seeds", "dev", "dev2"):
        mine = [it for it in items if it.corpus == corpus]
        ok = sum(product_answer(it, lexicons) in it.labels for it in mine)
        out[corpus] = round(ok / max(len(mine), 1), 3)
    return out


def off_scope(items: Sequence[Labelled], lexicons: Sequence[TopicLexicon]) -> list[str]:
    """Claims of the Italy–Albania dev articles by Italy or Albania that the judge links to
    the default (UK) question with a supporting, open or conditional stance: none should be."""
    from claims.nlp.topic_stance import judge_claim

    out = []
    for it in items:
        if it.corpus != "dev" or DEV_TOPICS.get(it.article[:2]) != "italy-albania":
            continue
        if it.view.speaker_country not in ("Italy", "Albania"):
            continue
        judged = judge_claim(it.view, lexicons)
        for t in judged.topics:
            if t.topic == lexicons[0].slug and t.stance in ("supports", "open", "conditional"):
                out.append(f"{it.article}: {t.stance} ({t.relevance}) {it.view.text[:80]}")
    return out


def errors(items: Sequence[Labelled], examples: Sequence[Example], shown: Sequence[bool]):
    """The shipped variant's out-of-fold errors, one line each: where, gold, predicted, the
    rule that decided (if one did) and the claim."""
    preds, _ = loao(examples, lambda k: True, hybrid=True)
    lines = []
    for it, ex, pred, ok in zip(items, examples, preds, shown, strict=True):
        pred = pred if ok else "neutral"
        if pred not in it.labels:
            rule = rule_from_features(ex) or "model"
            lines.append(
                f"{it.corpus}/{it.article} gold={'/'.join(it.labels)} predicted={pred} "
                f"({rule}, speaker country {it.view.speaker_country}): {it.view.text[:160]}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cache", type=Path, help="JSON file to keep the extracted claims in")
    parser.add_argument(
        "--errors", action="store_true", help="list the shipped variant's errors and stop"
    )
    args = parser.parse_args(argv)
    lexicons = shipped_lexicons()
    items = gold_items(lexicons, args.cache)
    examples = [example(it, lexicons) for it in items]
    shown = [shown_on_topic(it, lexicons) for it in items]
    if args.errors:
        print("\n".join(errors(items, examples, shown)))
        return 0
    rows = rows_for(examples, shown)
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{len(items)} labelled claims matched: {dict(Counter(it.corpus for it in items))}")
    print("\n".join(format_rows(rows)))
    for row in rows:
        print()
        print("\n".join(format_confusion(row)))
    print()
    print("judging cost, ms per claim:", judge_cost(items, lexicons))
    print(
        "shipped model, in-sample, as the product links topics:", shipped_accuracy(items, lexicons)
    )
    wrong = off_scope(items, lexicons)
    print(
        f"Italy–Albania claims by Italy/Albania on the UK question with a positive stance: "
        f"{len(wrong)}"
    )
    for line in wrong:
        print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
