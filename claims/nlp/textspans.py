"""Character-level helpers shared by the passes: sentence edges that respect quotes,
token lookup by offset, trimming. Sentence edges are found on the characters, not taken
from ``doc.sents``, because spaCy's splitter breaks inside quotes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc

from claims.nlp.quotes import QuoteSpan
from claims.nlp.wordlists import WORDS

_END_RE = re.compile(r"[.!?]+")
_ABBREV = WORDS["abbreviations"]
_CLOSERS = "\"”’')]"


class Paragraphs:
    """Paragraph (line) boundaries of a body, with fast lookup by offset."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def bounds(self, pos: int) -> tuple[int, int]:
        return self.spans[self.index(pos)] if self.spans else (0, 0)


def _in_quote(quotes: Sequence[QuoteSpan], i: int) -> bool:
    for q in quotes:
        if q.open_at < i < q.close_end - 1:
            return True
        if q.open_at > i:
            break
    return False


def _is_abbrev(body: str, i: int) -> bool:
    m = re.search(r"([\w.]+)$", body[max(0, i - 12) : i])
    if not m:
        return False
    word = m.group(1).rstrip(".")
    # Initials ("J. Smith") are abbreviations; "£500m." ends a sentence.
    return word.lower() in _ABBREV or (len(word) == 1 and word.isupper())


def sentence_end(body: str, pos: int, limit: int, quotes: Sequence[QuoteSpan]) -> int:
    """End (exclusive) of the sentence holding ``pos``, not stopping inside a quote."""
    for m in _END_RE.finditer(body, pos, limit):
        i = m.start()
        if _in_quote(quotes, i) or _is_abbrev(body, i):
            continue
        j = m.end()
        while j < limit and body[j] in _CLOSERS:
            j += 1
        if j >= limit or body[j].isspace():
            return j
    return limit


def sentence_start(body: str, pos: int, floor: int, quotes: Sequence[QuoteSpan]) -> int:
    """Start of the sentence holding ``pos`` (first non-space char after the last end)."""
    start = floor
    for m in _END_RE.finditer(body, floor, pos):
        i = m.start()
        if _in_quote(quotes, i) or _is_abbrev(body, i):
            continue
        j = m.end()
        while j < pos and body[j] in _CLOSERS:
            j += 1
        if j < pos and body[j].isspace():
            start = j
    while start < pos and body[start].isspace():
        start += 1
    return start


def trim(body: str, start: int, end: int, strip: str = " \t\n,;:—–-") -> tuple[int, int]:
    """Shrink [start, end) past white space and dangling punctuation on both sides."""
    while start < end and body[start] in strip:
        start += 1
    while end > start and body[end - 1] in strip:
        end -= 1
    return start, end


def token_starts(doc: Doc) -> list[int]:
    """Char offset of every token, read from the array (no Token objects built)."""
    return doc.to_array("IDX").tolist() if len(doc) else []


def tokens_with_lower(doc: Doc, words: frozenset[str] | set[str]) -> list[int]:
    """Indices of tokens whose lower-case form is one of ``words``, via the array."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    wanted = {strings.add(w) for w in words}
    return [i for i, h in enumerate(doc.to_array("LOWER").tolist()) if h in wanted]


class TokenIndex:
    """Token lookup by character offset."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self._starts = token_starts(doc)

    def at(self, pos: int) -> int:
        """Index of the token covering (or just before) char ``pos``."""
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def between(self, start: int, end: int) -> range:
        """Indices of tokens starting in [start, end)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return range(lo, hi)
