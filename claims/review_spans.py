"""Where a claim's span may move to when a reviewer fixes it: pure functions over the
article body, no Django.

A span is a half-open ``(start, end)`` range of the cleaned body. Sentence bounds are found
the way news prints them: a full stop, question or exclamation mark (perhaps followed by a
closing quote) then white space, or a line break. Quote bounds come from the extractor's
own quote pairing (claims.nlp.quotes), so a fix lands where extraction would cut.
"""

from __future__ import annotations

import re

from claims.nlp.quotes import find_quotes, paragraphs

# The end of a sentence: its final mark (and any closing quote or bracket), before a space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n")


def sentence_bounds(body: str) -> list[tuple[int, int]]:
    """Every sentence of ``body`` as a (start, end) span, white space trimmed."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(body):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(body)))
    return [_trim(body, a, b) for a, b in spans if body[a:b].strip()]


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def widen_to_sentence(body: str, start: int, end: int) -> tuple[int, int]:
    """The whole sentence (or sentences) the span touches."""
    touched = [(a, b) for a, b in sentence_bounds(body) if a < end and start < b]
    if not touched:
        return start, end
    return touched[0][0], touched[-1][1]


def narrow_to_sentence(body: str, start: int, end: int) -> tuple[int, int]:
    """The first whole sentence inside the span; the span itself when none fits."""
    inside = [(a, b) for a, b in sentence_bounds(body) if start <= a and b <= end]
    return inside[0] if inside else (start, end)


def widen_to_quote(body: str, start: int, end: int) -> tuple[int, int]:
    """The whole quotation (words inside the marks) that holds the span."""
    around = [q for q in find_quotes(body) if q.start <= start and end <= q.end]
    return (around[0].start, around[0].end) if around else (start, end)


def narrow_to_quote(body: str, start: int, end: int) -> tuple[int, int]:
    """The first quotation inside the span, marks left out: drops "he said" and the like."""
    inside = [q for q in find_quotes(body) if start <= q.open_at and q.close_end <= end]
    return (inside[0].start, inside[0].end) if inside else (start, end)


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (news bodies put one per line) or paragraphs that hold the span."""
    touched = [(a, b) for a, b in paragraphs(body) if a < max(end, start + 1) and start < b]
    return (touched[0][0], touched[-1][1]) if touched else (start, end)


def find_verbatim(body: str, text: str, near: int) -> int | None:
    """Where ``text`` occurs in ``body``, the occurrence nearest ``near``; None if nowhere."""
    if not text:
        return None
    positions = [m.start() for m in re.finditer(re.escape(text), body)]
    return min(positions, key=lambda p: abs(p - near)) if positions else None


MOVES = {
    "sentence": widen_to_sentence,
    "first-sentence": narrow_to_sentence,
    "quote": widen_to_quote,
    "inside-quotes": narrow_to_quote,
}
