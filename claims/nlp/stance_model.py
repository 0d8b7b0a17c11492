"""The learned half of stance: a multinomial logistic regression over features that judge a
claim against the question, not the sentence alone.

Features (all name-free, so the model cannot learn who or which country said what):

* the cue lexicon's evidence: cue weight per label in the claim and in its sentence, its
  verdict, negated supportive cues, the reporting cue's category (denial, commitment ...);
* the question: relevance and where its scope was found; whether the speaker's country is
  the proposer, a participant, another country or unknown; the speaker's kind;
* the claim's words: lower-case words and word pairs, with capitalised words (names,
  countries, places) and numbers left out. Training keeps only words seen in at least two
  articles, so no article's vocabulary is learned by heart.

The weights are a small JSON file (data/stance_model.json), read with numpy (a spaCy
dependency): no pickle, nothing fetched. :func:`train` fits them (plain gradient descent,
L2, class-balanced) and :func:`fit_temperature` calibrates the probabilities on
out-of-fold predictions (temperature scaling).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from claims.nlp.relevance import ClaimView, Relevance
from claims.nlp.stance import LexiconReading
from claims.nlp.types import STANCES, TopicLexicon

MODEL_PATH = Path(__file__).parent / "data" / "stance_model.json"
LABELS = STANCES
# Word features must appear in this many training articles to be kept.
MIN_ARTICLES = 2
# L2 penalty on the weights: strong, since a few hundred claims from forty articles is
# little, and word weights fitted closely are weights on those articles' wording.
L2 = 4.0
_WORD = re.compile(r"[A-Za-z][\w'’-]*|[?!]")
_FIRST_PERSON = frozenset({"we", "our", "us", "i", "my", "me"})
_NEGATORS = frozenset({"not", "no", "never", "cannot", "nor", "neither", "without", "nothing"})
# Function words say nothing of a stance and everything of a writer's style: as features
# they let the model learn which article a claim came from. Kept: negators, the first
# person, modals and "if"/"only", which do carry stance ("we would", "only if").
_FUNCTION_TEXT = (
    "a an the to of in on for at by with from and or but as is are was were be been being "
    "it its this that these those there here he she they you his her their your him them "
    "has have had do does did may might shall than then so also just very more most such"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())

Features = dict[str, float]


def speaker_relation(country: str | None, lexicon: TopicLexicon) -> str:
    """The speaker's country against the question: proposer, participant, other or unknown."""
    if not country:
        return "unknown"
    if country == lexicon.proposer:
        return "proposer"
    if country in lexicon.participants:
        return "participant"
    return "other"


def _words(text: str, *, first_may_be_a_name: bool = False) -> list[str]:
    """Lower-case words, leaving out capitalised ones after the first (names, places); the
    first too where it is more often a name than a sentence's first word (the words around
    a claim start with its speaker: "Kosovo's president said ...")."""
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        w = m.group().replace("’", "'")
        if (i > 0 or first_may_be_a_name) and w[0].isupper():
            out.append("<name>")
            continue
        out.append(w.lower())
    return out


def _scaled(weight: float) -> float:
    return min(weight, 3.0) / 3.0


def features(
    view: ClaimView, reading: LexiconReading, relevance: Relevance, lexicon: TopicLexicon
) -> Features:
    """The claim, seen against one topic's question, as named feature values."""
    f: Features = {
        "relevance": relevance.score,
        "topical": reading.topic,
        f"scope:{relevance.why or 'none'}": 1.0,
        f"lex:{reading.result.label}": 1.0,
        "lex_confidence": reading.result.confidence,
        "lex_flipped": min(reading.flipped, 2) / 2,
        f"cue:{view.cue_category}": 1.0,
        f"kind:{view.speaker_kind}": 1.0,
        f"who:{speaker_relation(view.speaker_country, lexicon)}": 1.0,
    }
    if reading.result.cue.startswith("answer:"):
        f["lex_answer"] = 1.0  # a bare "no" to the question the reporter gives
    if reading.result.cue.startswith("sentence:"):
        f["lex_sentence_denial"] = 1.0  # a claim about talks beside the speaker's denial
    for label, weight in reading.text_scores.items():
        f[f"lex_text:{label}"] = _scaled(weight)
    for label, weight in reading.context_scores.items():
        f[f"lex_context:{label}"] = _scaled(weight)
    for label, phrase in reading.text_cues:
        f[f"cue_phrase:{label}:{phrase}"] = 1.0
    words = _words(view.text)
    f["first_person"] = float(any(w in _FIRST_PERSON for w in words))
    f["negation"] = float(any(w in _NEGATORS or w.endswith("n't") for w in words))
    for w in words:
        if w not in _FUNCTION_WORDS:
            f[f"w:{w}"] = 1.0
    for a, b in zip(words, words[1:], strict=False):
        if a not in _FUNCTION_WORDS or b not in _FUNCTION_WORDS:
            f[f"b:{a} {b}"] = 1.0
    # The reporting sentence around the claim: "denied", "insisted", "rejected" ...
    for w in _words(_outside(view.context, view.text), first_may_be_a_name=True):
        if w not in _FUNCTION_WORDS:
            f[f"cw:{w}"] = 1.0
    return f


def _outside(context: str, text: str) -> str:
    at = context.find(text) if text else -1
    return context if at < 0 else context[:at] + " " + context[at + len(text) :]


def is_word_feature(name: str) -> bool:
    return name.startswith(("w:", "b:", "cw:"))


@dataclass(frozen=True)
class StanceModel:
    """Weights of the classifier, as stored in data/stance_model.json."""

    version: str
    labels: tuple[str, ...]
    feature_names: tuple[str, ...]
    coef: np.ndarray  # labels x features
    intercept: np.ndarray  # labels
    temperature: float = 1.0
    # Share of decisions each explicit rule got right in cross-validation: its confidence.
    rule_precision: dict[str, float] = field(default_factory=dict)
    trained_on: dict[str, int] = field(default_factory=dict)

    def logits(self, feats: Features) -> np.ndarray:
        idx = _index(self.feature_names)
        found = [(idx[name], value) for name, value in feats.items() if name in idx]
        if not found:
            return self.intercept.copy()
        cols, values = zip(*found, strict=True)
        return self.intercept + self.coef[:, list(cols)] @ np.array(values)

    def probabilities(self, feats: Features) -> dict[str, float]:
        """Calibrated probability of every label."""
        p = softmax(self.logits(feats) / self.temperature)
        return dict(zip(self.labels, (float(x) for x in p), strict=True))

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "labels": list(self.labels),
            "temperature": round(self.temperature, 4),
            "rule_precision": self.rule_precision,
            "trained_on": self.trained_on,
            "intercept": [round(float(x), 5) for x in self.intercept],
            "weights": {
                name: [round(float(x), 5) for x in self.coef[:, j]]
                for j, name in enumerate(self.feature_names)
            },
        }


_INDEXES: dict[int, tuple[tuple[str, ...], dict[str, int]]] = {}


def _index(names: tuple[str, ...]) -> dict[str, int]:
    """Feature name -> column, built once per model (keyed by identity: hashing a tuple of
    a thousand names on every claim would cost more than the model)."""
    cached = _INDEXES.get(id(names))
    if cached is None or cached[0] is not names:
        if len(_INDEXES) > 64:
            _INDEXES.clear()
        cached = (names, {name: j for j, name in enumerate(names)})
        _INDEXES[id(names)] = cached
    return cached[1]


def model_from_json(data: dict) -> StanceModel:
    names = tuple(data["weights"])
    coef = np.array([data["weights"][n] for n in names], dtype=float).T.reshape(
        len(data["labels"]), len(names)
    )
    return StanceModel(
        version=data["version"],
        labels=tuple(data["labels"]),
        feature_names=names,
        coef=coef,
        intercept=np.array(data["intercept"], dtype=float),
        temperature=float(data.get("temperature", 1.0)),
        rule_precision=dict(data.get("rule_precision", {})),
        trained_on=dict(data.get("trained_on", {})),
    )


def load_model(path: Path | str = MODEL_PATH) -> StanceModel | None:
    """The shipped (or last trained) model; None when there is no weights file yet.

    Read again when the file changes, so that a worker picks up what ``train_stance``
    wrote without a restart (one ``stat`` per claim)."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _read_model(path, mtime)


@lru_cache(maxsize=4)
def _read_model(path: Path, mtime: int) -> StanceModel:
    return model_from_json(json.loads(path.read_text(encoding="utf-8")))


def save_model(model: StanceModel, path: Path | str = MODEL_PATH) -> None:
    Path(path).write_text(json.dumps(model.to_json(), ensure_ascii=False) + "\n", "utf-8")


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------------- training
@dataclass(frozen=True)
class Example:
    """One labelled claim: its features on one topic, its label(s), where it came from."""

    feats: Features
    labels: tuple[str, ...]  # accepted labels; the first is the one trained on
    group: str  # the article: cross-validation leaves whole articles out
    weight: float = 1.0


def vocabulary(examples: Sequence[Example], min_articles: int = MIN_ARTICLES) -> tuple[str, ...]:
    """Every non-word feature, and the word features seen in ``min_articles`` articles."""
    seen: dict[str, set[str]] = {}
    for ex in examples:
        for name in ex.feats:
            seen.setdefault(name, set()).add(ex.group)
    return tuple(
        sorted(
            n for n, groups in seen.items() if not is_word_feature(n) or len(groups) >= min_articles
        )
    )


@dataclass(frozen=True)
class _Sparse:
    """Rows of feature values as coordinate lists: each row holds a few dozen of the
    thousand or so features. Plain numpy, no BLAS: a threaded BLAS on matrices this small
    spends its time waiting for threads on a busy machine."""

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    shape: tuple[int, int]

    def dot(self, coef: np.ndarray) -> np.ndarray:  # (n, f) @ (f, l)
        part = coef[self.cols] * self.vals[:, None]
        return np.stack(
            [np.bincount(self.rows, part[:, k], self.shape[0]) for k in range(coef.shape[1])], 1
        )

    def tdot(self, err: np.ndarray) -> np.ndarray:  # (n, f).T @ (n, l)
        part = err[self.rows] * self.vals[:, None]
        return np.stack(
            [np.bincount(self.cols, part[:, k], self.shape[1]) for k in range(err.shape[1])], 1
        )


def _matrix(examples: Sequence[Example], names: Sequence[str]) -> _Sparse:
    idx = _index(tuple(names))
    rows, cols, vals = [], [], []
    for i, ex in enumerate(examples):
        for name, value in ex.feats.items():
            j = idx.get(name)
            if j is not None and value:
                rows.append(i)
                cols.append(j)
                vals.append(value)
    return _Sparse(
        np.array(rows, dtype=int),
        np.array(cols, dtype=int),
        np.array(vals, dtype=float),
        (len(examples), len(names)),
    )


def train(
    examples: Sequence[Example],
    *,
    version: str,
    l2: float = L2,
    steps: int = 400,
    rate: float = 0.5,
    temperature: float = 1.0,
    min_articles: int = MIN_ARTICLES,
) -> StanceModel:
    """Fit the classifier: softmax regression, class-balanced, L2 on the weights.

    Where several labels are accepted (the gold's ``["supports", "neutral"]``) the loss is
    that of the accepted set, -log(sum of their probabilities): the model is free to put
    the claim under whichever accepted label fits the rest of the data best.
    """
    names = vocabulary(examples, min_articles)
    x = _matrix(examples, names)
    y = np.array([LABELS.index(ex.labels[0]) for ex in examples])
    accepted = np.zeros((len(examples), len(LABELS)))
    for i, ex in enumerate(examples):
        accepted[i, [LABELS.index(label) for label in ex.labels]] = 1.0
    counts = np.bincount(y, minlength=len(LABELS)).astype(float)
    # Square-root balancing: rare labels count more, without letting three examples of
    # "conditional" outweigh a hundred of "supports".
    balance = np.where(counts > 0, np.sqrt(counts.max() / np.maximum(counts, 1)), 0.0)
    w = np.array([ex.weight for ex in examples]) * balance[y]
    w = w / w.sum()
    coef = np.zeros((x.shape[1], len(LABELS)))
    bias = np.zeros(len(LABELS))
    m_c, v_c = np.zeros_like(coef), np.zeros_like(coef)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    for t in range(1, steps + 1):  # Adam: a few hundred steps converge on a few hundred rows
        p = softmax(x.dot(coef) + bias)
        target = p * accepted
        target /= target.sum(axis=1, keepdims=True)
        err = (p - target) * w[:, None]
        g_c = x.tdot(err) + l2 * coef / len(examples)
        g_b = err.sum(axis=0)
        m_c, v_c = 0.9 * m_c + 0.1 * g_c, 0.999 * v_c + 0.001 * g_c**2
        m_b, v_b = 0.9 * m_b + 0.1 * g_b, 0.999 * v_b + 0.001 * g_b**2
        lr = rate * 0.05 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        coef -= lr * m_c / (np.sqrt(v_c) + 1e-8)
        bias -= lr * m_b / (np.sqrt(v_b) + 1e-8)
    return StanceModel(
        version=version,
        labels=LABELS,
        feature_names=names,
        coef=coef.T.copy(),
        intercept=bias,
        temperature=temperature,
        trained_on={"examples": len(examples)},
    )


def fit_temperature(logits: np.ndarray, gold: Sequence[int]) -> float:
    """The temperature that minimises the negative log-likelihood of out-of-fold logits."""
    y = np.asarray(gold)
    best, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(math.log(0.2), math.log(10), 120)):
        p = softmax(logits / t)
        nll = -float(np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 5
) -> float:
    """Mean gap between confidence and accuracy, over equal-width confidence bins."""
    conf, ok = np.asarray(confidences), np.asarray(correct, dtype=float)
    total = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        sel = (conf > lo) & (conf <= lo + 1 / bins)
        if sel.any():
            total += sel.mean() * abs(conf[sel].mean() - ok[sel].mean())
    return total


# ---------------------------------------------------------------------- shipped examples
EXAMPLES_PATH = Path(__file__).parent / "data" / "stance_examples.json"


def save_examples(examples: Sequence[Example], path: Path | str = EXAMPLES_PATH) -> None:
    """The gold sets' labelled claims as features (no article text), so that retraining
    works where the gold sets are not: the product runs without ../shared."""
    names = sorted({n for ex in examples for n in ex.feats})
    idx = {n: j for j, n in enumerate(names)}
    rows = [
        {
            "f": {str(idx[n]): round(v, 4) for n, v in ex.feats.items()},
            "labels": list(ex.labels),
            "group": ex.group,
        }
        for ex in examples
    ]
    data = {"features": names, "examples": rows}
    Path(path).write_text(json.dumps(data, ensure_ascii=False) + "\n", "utf-8")


def load_examples(path: Path | str = EXAMPLES_PATH) -> list[Example]:
    path = Path(path)
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    names = data["features"]
    return [
        Example(
            {names[int(j)]: float(v) for j, v in row["f"].items()},
            tuple(row["labels"]),
            row["group"],
        )
        for row in data["examples"]
    ]
