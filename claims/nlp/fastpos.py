"""A faster stand-in for the model's attribute ruler, setting only coarse POS.

The shipped ``attribute_ruler`` maps fine tags to POS (and morphology) with the Matcher,
which costs about a sixth of the whole pipeline. ClaimTrack reads only ``pos_``, so this
component applies the same single-token patterns (TAG, LOWER, DEP, IS_SPACE conditions,
later patterns overriding earlier ones) through arrays. Multi-token patterns (colloquial
contractions such as "gon na") are skipped. The rules are sorted by TAG once, so most tokens
(every tag with no exception) get their POS from one look-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

Condition = Callable[[str], bool]


def _condition(spec) -> Condition:
    """A Matcher token condition as a predicate: a value, IN, NOT_IN or REGEX."""
    if isinstance(spec, bool):
        return lambda v: (v == "True") == spec
    if isinstance(spec, str):
        return lambda v: v == spec
    if "IN" in spec:
        allowed = frozenset(spec["IN"])
        return lambda v: v in allowed
    if "NOT_IN" in spec:
        banned = frozenset(spec["NOT_IN"])
        return lambda v: v not in banned
    if "REGEX" in spec:
        rx = re.compile(spec["REGEX"])
        return lambda v: rx.search(v) is not None
    return lambda v: True


_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")


Conds = tuple[tuple[int, Condition], ...]


def _conds(tok: dict) -> Conds | None:
    if any(k not in _ATTRS for k in tok):
        return None
    return tuple((_ATTRS.index(k), _condition(v)) for k, v in tok.items())


def compile_rules(patterns: list[dict]) -> tuple[list[tuple[Conds, str]], list]:
    """POS-setting patterns in order: single-token rules, and longer ones as
    (conditions per token, index of the token that gets the POS, POS)."""
    single, multi = [], []
    for entry in patterns:
        pos = entry.get("attrs", {}).get("POS")
        if pos is None:
            continue
        for pattern in entry["patterns"]:
            conds = [_conds(tok) for tok in pattern]
            if any(c is None for c in conds):
                continue
            if len(pattern) == 1:
                single.append((conds[0], pos))
            else:
                multi.append((tuple(conds), entry.get("index", 0), pos))
    return single, multi


# Rows (TAG, LOWER, DEP, IS_SPACE) whose POS is worked out word by word, kept across docs so
# common words are looked up once; cleared when full (a few MB), so memory does not grow with
# the corpus. Only tokens whose TAG leaves a choice (a LOWER or DEP exception) go through it.
CACHE_MAX = 20_000

Plan = int | tuple[tuple[Conds, int], ...]


class FastPos:
    def __init__(self, patterns: list[dict]):
        self.rules, self.multi = compile_rules(patterns)
        self._plans: dict[int, Plan] = {}  # by TAG hash
        self._cache: dict[tuple, int] = {}

    def _plan(self, tag: str, strings) -> Plan:
        """The rules that can still apply to a token of this TAG, last first, without their
        TAG condition; a POS id when the TAG alone decides (the common case)."""
        plan: list[tuple[Conds, int]] = []
        for conds, rule_pos in reversed(self.rules):  # later patterns override earlier ones
            if not all(cond(tag) for i, cond in conds if i == 0):
                continue
            rest = tuple((i, cond) for i, cond in conds if i != 0)
            plan.append((rest, strings.add(rule_pos) if rule_pos else 0))
            if not rest:
                break  # always holds: no earlier rule can win
        if not plan:
            return 0
        if len(plan) == 1 and not plan[0][0]:
            return plan[0][1]
        return tuple(plan)

    def _pos_for(self, plan: tuple[tuple[Conds, int], ...], row: list[int], strings) -> int:
        values = _texts(row, strings)
        for conds, pos in plan:
            if all(cond(values[i]) for i, cond in conds):
                return pos
        return 0

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        table = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        rows = table.tolist()
        plans, cache = self._plans, self._cache  # keyed by hash ids, stable for a vocabulary
        out = []
        for row in rows:
            plan = plans.get(row[0])
            if plan is None:
                plan = plans[row[0]] = self._plan(strings[row[0]], strings)
            if plan.__class__ is int:
                out.append(plan)
                continue
            key = tuple(row)
            pos = cache.get(key)
            if pos is None:
                if len(cache) >= CACHE_MAX:
                    cache.clear()
                pos = cache[key] = self._pos_for(plan, row, strings)
            out.append(pos)
        if self.multi:
            self._apply_multi(doc, table, out)
        doc.from_array([POS], numpy.asarray(out, dtype="uint64").reshape(-1, 1))
        return doc

    def _apply_multi(self, doc: Doc, table: numpy.ndarray, out: list) -> None:
        """Patterns over several tokens ("there are", "gon na"): rare, checked last, each
        token condition evaluated once per distinct value in the doc."""
        strings = doc.vocab.strings
        n_tokens = len(table)
        for conds, index, pos in self.multi:
            n = len(conds)
            if n_tokens < n:
                continue
            match = numpy.ones(n_tokens - n + 1, dtype=bool)
            for j, token_conds in enumerate(conds):
                match &= _holding(table, token_conds, strings)[j : j + len(match)]
            for i in numpy.flatnonzero(match).tolist():
                out[i + index] = strings.add(pos)


def _holding(table: numpy.ndarray, conds: Conds, strings) -> numpy.ndarray:
    """For each token (row of ``table``), whether all ``conds`` hold."""
    held = numpy.ones(len(table), dtype=bool)
    for a, cond in conds:
        values, inverse = numpy.unique(table[:, a], return_inverse=True)
        texts = (str(bool(v)) if a == 3 else strings[v] for v in values.tolist())
        held &= numpy.fromiter(map(cond, texts), dtype=bool, count=len(values))[inverse]
    return held


def _texts(row: list[int], strings) -> tuple[str, str, str, str]:
    tag, lower, dep, space = row
    return strings[tag], strings[lower], strings[dep], str(bool(space))


@Language.factory("claimtrack_pos", default_config={"patterns": []})
def make_fast_pos(nlp: Language, name: str, *, patterns: list[dict]) -> FastPos:
    return FastPos(patterns)
