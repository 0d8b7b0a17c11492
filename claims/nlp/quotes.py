"""Character-level quote pairing.

Quote boundaries come from the marks, never from spaCy's sentence split (it breaks at
quote marks). Pairs are whitelisted (“…”, "…", ‘…’, '…', and ''…" as typed by some
outlets); a quote left open at the end of a paragraph continues only when the next
paragraph opens with a quote mark of the same family (the newspaper convention for
multi-paragraph quotes). An unbalanced or stray mark costs at most that one quote.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Every mark the pairer knows: the one home of this list.
QUOTE_MARKS = "\"“”‘’'„«»"
# The marks that show a quote is there: the straight ' is far more often an apostrophe.
SURE_QUOTE_MARKS = QUOTE_MARKS.replace("'", "")
# Characters after which a straight or single mark can open a quote.
_OPEN_BEFORE = set(" \t\n([{—–-:;,/") | {""}
_MAX_QUOTE_CHARS = 3000
_MIN_TRUNCATED_WORDS = 5
_CLOSE_AFTER = '.,;:!?)]—–-"”'


@dataclass(frozen=True)
class QuoteSpan:
    """A paired quote: ``start``/``end`` delimit the words inside the outer marks."""

    start: int  # first char inside the opening mark
    end: int  # char index of the final closing mark
    open_at: int  # index of the opening mark
    close_end: int  # index just past the final closing mark
    paragraphs: int = 1  # how many paragraphs the quote runs over
    family: str = "double"  # "double" | "single"

    @property
    def text_range(self) -> tuple[int, int]:
        return self.start, self.end


class Quotes(tuple):
    """The paired quotes of a body in text order, found by offset in log time: passes ask
    "is this inside a quote?" for every token, so a scan per question would be quadratic
    on a text full of marks."""

    def __new__(cls, quotes=()):
        self = super().__new__(cls, quotes)
        self.opens = [q.open_at for q in self]
        return self

    def index_at(self, pos: int) -> int | None:
        """Index of the quote whose marks hold ``pos`` (top-level quotes never overlap)."""
        qi = bisect.bisect_right(self.opens, pos) - 1
        return qi if qi >= 0 and pos < self[qi].close_end else None


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line; news bodies put one paragraph per line."""
    spans = []
    for m in re.finditer(r"[^\n]+", body):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _prev_char(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else ""


def _next_char(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else ""


# Marks whose shape says what they do.
_SHAPED_MARKS = {
    "„": ("low", "open"),  # „...“ as in German-style copy
    "«": ("guillemet", "open"),
    "»": ("guillemet", "close"),
    "“": ("double", "open"),
    "”": ("double", "close"),
}
_OPENING_CONTEXT = "([{—–"
_STRAIGHT_CLOSE_AFTER = ".,;:!?)]—–-"


def _classify(text: str, i: int) -> tuple[str, str] | None:
    """Return (family, role) for the mark at ``i``; role is open|close|either; None = not a mark."""
    c = text[i]
    if c in _SHAPED_MARKS:
        return _SHAPED_MARKS[c]
    before, after = _prev_char(text, i), _next_char(text, i)
    if c == "'" and after == "'":
        return _classify_doubled(before, text[i + 2 : i + 3])
    if c == '"':
        return _classify_straight(before, after)
    if c in "‘'’":
        return _classify_single(c, before, after)
    return None


def _spaced(ch: str) -> bool:
    """Nothing, a space or an opening bracket or dash: where a quote may open."""
    return ch == "" or ch.isspace() or ch in _OPENING_CONTEXT


def _ends(ch: str, closers: str) -> bool:
    return ch == "" or ch.isspace() or ch in closers


def _classify_straight(before: str, after: str) -> tuple[str, str]:
    after_ends = _ends(after, _STRAIGHT_CLOSE_AFTER)
    if _spaced(before) and not after_ends:
        return "double", "open"
    if after_ends and before not in ("", " ", "\n"):
        return "double", "close"
    if before in ",:;" and after.isalnum():
        return "double", "open"
    return "double", "either"


def _classify_single(c: str, before: str, after: str) -> tuple[str, str] | None:
    """Single marks double as apostrophes: only word edges make them quote marks."""
    if before.isalnum() and after.isalnum():
        return None  # apostrophe inside a word: Britain’s, hasn’t
    if _opens_single(c, before, after):
        return "single", "open"
    if c == "‘":
        return None
    if _ends(after, _CLOSE_AFTER) and before and not before.isspace():
        return "single", "close"  # also "leaders' meeting": closes only an open quote
    return None


def _classify_doubled(before: str, after: str) -> tuple[str, str] | None:
    """Two apostrophes typed for a double mark, as the NYT prints ''text'' (or ''text"):
    they open before a word and close after one, whatever comes before the opening."""
    if _may_open(before) and after and not _ends(after, _CLOSE_AFTER):
        return "double2", "open"
    if before and not before.isspace() and _ends(after, _CLOSE_AFTER):
        return "double2", "close"
    return None


def _may_open(before: str) -> bool:
    return _spaced(before) or before in ",:;"


def _opens_single(c: str, before: str, after: str) -> bool:
    """‘ opens before any word; a straight ' only at a word's start; ’ never."""
    if c == "‘":
        return bool(after) and not after.isspace()
    return c == "'" and _may_open(before) and bool(after) and not _ends(after, _CLOSE_AFTER)


_MARKS_RE = re.compile(f"[{re.escape(QUOTE_MARKS)}]")


def _paragraph_marks(body: str, start: int, end: int) -> list[tuple[int, str, str]]:
    marks = []
    skip_next = False
    for m in _MARKS_RE.finditer(body, start, end):
        i = m.start()
        if skip_next:
            skip_next = False
            continue
        kind = _classify(body, i)
        if kind is None:
            continue
        if kind[0] == "double2":
            marks.append((i, "double", kind[1] + "2"))
            skip_next = True
            continue
        marks.append((i, kind[0], kind[1]))
    return marks


def _closes(family: str, mark: tuple[int, str, str]) -> bool:
    return mark[1] == family and mark[2] in ("close", "close2", "either")


def find_quotes(body: str) -> list[QuoteSpan]:
    """Pair quote marks across the body; returns top-level quotes in order."""
    paras = paragraphs(body)
    quotes: list[QuoteSpan] = []
    pending: tuple[int, str, int] | None = None  # (open index, family, paragraphs so far)
    for p_start, p_end in paras:
        marks = _paragraph_marks(body, p_start, p_end)
        pos = 0
        if pending is not None:
            if _reopens(body, p_start, marks, pending[1]):
                pending, pos = (pending[0], pending[1], pending[2] + 1), 1
            else:
                pending = None  # unbalanced: drop just that quote
        pending = _pair_in_paragraph(body, marks, pos, pending, quotes)
    if pending is not None and paras:
        _truncated(body, pending, paras[-1][1], quotes)
    return quotes


def _reopens(body: str, p_start: int, marks: list[tuple[int, str, str]], family: str) -> bool:
    """A quote left open at a paragraph's end continues when the next paragraph opens with
    a mark of the same family (the newspaper convention for multi-paragraph quotes)."""
    first = marks[0] if marks else None
    return (
        first is not None
        and first[1] == family
        and first[2] in ("open", "open2", "either")
        and not body[p_start : first[0]].strip()
    )


def _truncated(body: str, pending: tuple[int, str, int], end: int, quotes: list) -> None:
    """The excerpt ends mid-quote: keep the words up to the end of the text."""
    o_idx, family, n_par = pending
    width = 2 if body[o_idx : o_idx + 2] == "''" else 1
    if len(body[o_idx:end].split()) >= _MIN_TRUNCATED_WORDS:
        quotes.append(QuoteSpan(o_idx + width, end, o_idx, end, n_par, family))


def _pair_in_paragraph(
    body: str,
    marks: list[tuple[int, str, str]],
    pos: int,
    pending: tuple[int, str, int] | None,
    quotes: list[QuoteSpan],
) -> tuple[int, str, int] | None:
    for i, family, role in marks[pos:]:
        if pending is None:
            if role in ("open", "open2", "either"):
                pending = (i, family, 1)
            continue  # a stray closing mark is ignored
        o_idx, o_family, n_par = pending
        if o_family == "low" and family == "double":
            role = "close"  # „...“ closes with a high mark
        elif family != o_family:
            continue  # nested quote of the other family: part of the text
        if role in ("close", "close2", "either"):
            width = 2 if body[o_idx : o_idx + 2] == "''" else 1
            close_end = i + (2 if role == "close2" else 1)
            if 0 < i - o_idx <= _MAX_QUOTE_CHARS:
                quotes.append(QuoteSpan(o_idx + width, i, o_idx, close_end, n_par, family))
            pending = None
        elif role in ("open", "open2"):
            # Two openings in a row: the first one was stray; restart here.
            pending = (i, family, 1)
    return pending


def inside(quotes: list[QuoteSpan], start: int, end: int | None = None) -> QuoteSpan | None:
    """The quote whose marks enclose the char range [start, end), if any."""
    end = start + 1 if end is None else end
    for q in quotes:
        if q.open_at <= start and end <= q.close_end:
            return q
    return None
