"""A claim candidate as the passes find it: plain offsets and token indices, frozen.

Passes return new candidates; later steps (overlaps, kinds) return changed copies made
with ``dataclasses.replace``, so no step edits what another handed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from claims.nlp.types import (
    CONFIDENCE,
    INFERRED_SUBJECT_CONFIDENCE,
    ClaimKind,
    CueCategory,
    CueContent,
    PassName,
    Resolution,
)


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    kind: ClaimKind = "indirect"
    cue_i: int | None = None
    cue: str = ""
    category: CueCategory = "unknown"
    content: CueContent = "clause"
    subj_i: int | None = None  # head token of the speaker phrase
    subj_how: Resolution = "cue_subject"
    method: PassName = "syntactic"
    confidence: float = CONFIDENCE["syntactic"]
    inherit: Candidate | None = None  # the candidate whose speaker this one continues
    explicit_subject: bool = True
    quote_ids: tuple[int, ...] = ()  # the paired quotes this claim consumed


def pass_confidence(method: PassName, *, explicit_subject: bool = True) -> float:
    """The one place a pass's confidence is looked up (numbers in types.CONFIDENCE)."""
    if not explicit_subject and method in INFERRED_SUBJECT_CONFIDENCE:
        return INFERRED_SUBJECT_CONFIDENCE[method]
    return CONFIDENCE[method]


def tok_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def words(body: str, c: Candidate) -> int:
    return len(body[c.start : c.end].split())


def overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def touches(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
