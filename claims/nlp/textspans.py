"""Character-level helpers shared by the passes: sentence edges that respect quotes,
token lookup by offset, trimming. Sentence edges are found on the characters, not taken
from ``doc.sents``, because spaCy's splitter breaks inside quotes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc

from claims.nlp.quotes import Quotes, QuoteSpan
from claims.nlp.wordlists import WORDS

_END_RE = re.compile(r"[.!?]+")
_ABBREV = WORDS["abbreviations"]
_CLOSERS = "\"”’')]"
# No news sentence runs longer, quotes and all: the scans for its edges stop there, so a
# 200,000-character line costs a bounded amount per question, not its whole length.
MAX_SENTENCE_CHARS = 5000


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
    if isinstance(quotes, Quotes):
        qi = quotes.index_at(i)
        return qi is not None and quotes[qi].open_at < i < quotes[qi].close_end - 1
    for q in quotes:
        if q.open_at < i < q.close_end - 1:
            return True
        if q.open_at > i:
            break
    return False


def is_abbreviation(body: str, i: int) -> bool:
    """Is the period at ``i`` a title's or an initial's, not a sentence end?"""
    m = re.search(r"([\w.]+)$", body[max(0, i - 12) : i])
    if not m:
        return False
    word = m.group(1).rstrip(".")
    # Initials ("J. Smith") are abbreviations; "£500m." ends a sentence.
    return word.lower() in _ABBREV or (len(word) == 1 and word.isupper())


def sentence_end(body: str, pos: int, limit: int, quotes: Sequence[QuoteSpan]) -> int:
    """End (exclusive) of the sentence holding ``pos``, not stopping inside a quote."""
    limit = min(limit, pos + MAX_SENTENCE_CHARS)
    for m in _END_RE.finditer(body, pos, limit):
        i = m.start()
        if _in_quote(quotes, i) or is_abbreviation(body, i):
            continue
        j = m.end()
        while j < limit and body[j] in _CLOSERS:
            j += 1
        if j >= limit or body[j].isspace():
            return j
    return limit


def sentence_start(body: str, pos: int, floor: int, quotes: Sequence[QuoteSpan]) -> int:
    """Start of the sentence holding ``pos`` (first non-space char after the last end)."""
    start = floor = max(floor, pos - MAX_SENTENCE_CHARS)
    for m in _END_RE.finditer(body, floor, pos):
        i = m.start()
        if _in_quote(quotes, i) or is_abbreviation(body, i):
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


# Parse batches: spaCy refuses texts over nlp.max_length (1,000,000) and its memory grows
# with the text, so a long body is parsed in runs of whole paragraphs and joined again.
MAX_BATCH_CHARS = 20_000


def batch_bounds(text: str, max_chars: int = MAX_BATCH_CHARS) -> list[tuple[int, int]]:
    """(start, end) runs that tile ``text``: each ends after a line break (or, for a line
    longer than ``max_chars``, after a sentence end or a space), none much over the limit."""
    bounds = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut_before(text, start, start + max_chars)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut_before(text: str, start: int, limit: int) -> int:
    """Where to end a batch: after the last run of line breaks before ``limit``, else after
    the last sentence end, else after the last space, else at ``limit`` itself."""
    floor = start + (limit - start) // 2
    cut = text.rfind("\n", floor, limit)
    if cut != -1:
        end = cut + 1
        while end < len(text) and text[end] == "\n":
            end += 1
        return end
    for pattern in (". ", " "):
        cut = text.rfind(pattern, floor, limit)
        if cut != -1:
            return cut + len(pattern)
    return limit
