"""A faster stand-in for the model's attribute ruler, setting only coarse POS.

The shipped ``attribute_ruler`` maps fine tags to POS (and morphology) with the Matcher,
which costs about a sixth of the whole pipeline. ClaimTrack reads only ``pos_``, so this
component applies the same single-token patterns (TAG, LOWER, DEP, IS_SPACE conditions,
later patterns overriding earlier ones) through arrays. Multi-token patterns (colloquial
contractions such as "gon na") are skipped.
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


class FastPos:
    def __init__(self, patterns: list[dict]):
        self.rules, self.multi = compile_rules(patterns)
        self._cache: dict[tuple, int] = {}
        self._multi_cache: dict[tuple, bool] = {}

    def _pos_for(self, values: tuple[str, str, str, str]) -> str:
        pos = ""
        for conds, rule_pos in self.rules:
            if all(cond(values[i]) for i, cond in conds):
                pos = rule_pos  # later patterns override earlier ones
        return pos

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        cache = self._cache  # keyed by hash ids, which are stable for a vocabulary
        out = []
        for row in rows:
            key = tuple(row)
            pos = cache.get(key)
            if pos is None:
                tag, lower, dep, space = row
                found = self._pos_for(
                    (strings[tag], strings[lower], strings[dep], str(bool(space)))
                )
                pos = cache[key] = strings.add(found) if found else 0
            out.append(pos)
        if self.multi:
            self._apply_multi(doc, rows, out)
        doc.from_array([POS], numpy.asarray(out, dtype="uint64").reshape(-1, 1))
        return doc

    def _apply_multi(self, doc: Doc, rows: list, out: list) -> None:
        """Patterns over several tokens ("there are", "gon na"): rare, checked last."""
        strings = doc.vocab.strings
        for conds, index, pos in self.multi:
            n = len(conds)
            for i in range(len(rows) - n + 1):
                if all(self._holds(conds[j], rows[i + j], strings) for j in range(n)):
                    out[i + index] = strings.add(pos)

    def _holds(self, conds, row, strings) -> bool:
        key = (id(conds), *row)
        hit = self._multi_cache.get(key)
        if hit is None:
            values = _texts(row, strings)
            hit = self._multi_cache[key] = all(c(values[a]) for a, c in conds)
        return hit


def _texts(row: list[int], strings) -> tuple[str, str, str, str]:
    tag, lower, dep, space = row
    return strings[tag], strings[lower], strings[dep], str(bool(space))


@Language.factory("claimtrack_pos", default_config={"patterns": []})
def make_fast_pos(nlp: Language, name: str, *, patterns: list[dict]) -> FastPos:
    return FastPos(patterns)
