"""A claim candidate while the passes work on it: plain offsets and token indices."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass
class Candidate:
    start: int
    end: int
    kind: str = "indirect"
    cue_i: int | None = None
    cue: str = ""
    category: str = "unknown"
    content: str = "clause"
    subj_i: int | None = None  # head token of the speaker phrase
    subj_how: str = "cue_subject"  # cue_subject | participle | according_to | for | ...
    method: str = "syntactic"
    confidence: float = 0.8
    inherit: Candidate | None = None  # the candidate whose speaker this one continues
    explicit_subject: bool = True


def tok_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def words(body: str, c: Candidate) -> int:
    return len(body[c.start : c.end].split())


def overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def touches(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
