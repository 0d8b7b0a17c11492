"""Turn a news file's raw text into the body used for extraction.

The file is read as lines; each line is classified as metadata (a leading `Key: value`
header, a dateline), site furniture (captions, video durations, appeals, share and comment
widgets, "Related Articles" and everything after it, a trailing list of other headlines)
or story text. Kept lines are verbatim runs of the raw text, so the offset map ties every
body character back to the file. Pure functions, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from articles.dates import date_at_start

# ---------------------------------------------------------------------------- lexicons
# Keys a leading header block uses. Any other single-word key counts when its value is a
# date (e.g. "Erscheinungsdatum: 23. Juli 2025"), so other languages' headers still go.
HEADER_KEYS = {
    "title", "headline", "date", "published", "published on", "publication date", "updated",
    "last updated", "posted", "url", "link", "source", "outlet", "publisher", "publication",
    "author", "authors", "byline", "by", "section", "category", "tags", "language", "lang",
}  # fmt: skip
DATE_KEYS = {"date", "published", "published on", "publication date", "updated", "last updated",
             "posted", "first published", "dated"}  # fmt: skip
HEADER_LINE = re.compile(r"(?P<key>[^\W\d_][\w ]{0,24}?)\s*:\s*(?P<value>\S.*)$")
DATELINE_KEY = re.compile(
    r"(?P<key>first published|last updated|published|updated|posted|dated?)\b"
    r"(?:\s+on)?\s*[:\-–]?\s*",
    re.IGNORECASE,
)
# Whole-line widgets, compared casefolded with trailing dots/colons removed.
WIDGET_LINES = {
    "hashtags", "comments", "no comments yet", "try our ai features", "read more",
    "advertisement", "sponsored", "share", "share this article", "share this story",
    "show comments", "view comments", "leave a comment", "sign up", "subscribe", "follow us",
    "listen to this article", "copy link", "print", "email", "skip advertisement",
    "story continues below advertisement", "continue reading", "loading", "watch",
    "view this post on instagram", "support now", "donate",
}  # fmt: skip
# A line that opens a block of other stories: it and everything after it goes.
TERMINATORS = {
    "related articles", "related", "related stories", "related content", "related topics",
    "more on this story", "more stories", "more news", "read next", "you may also like",
    "you might also like", "most read", "most popular", "most viewed", "recommended",
    "recommended for you", "trending", "trending now", "top stories", "latest news",
    "more from this author", "around the web",
}  # fmt: skip
FURNITURE_PATTERNS = [
    ("widget", re.compile(r"explore what .{1,60} can do for you:?", re.I)),
    ("caption", re.compile(r"open image in gallery\b", re.I)),
    ("caption", re.compile(r"(?:photo|image|picture|video|main image)\s*(?:credit)?\s*:", re.I)),
    ("caption", re.compile(r".*\(\s*[^()]*\b(?:getty images|via getty|afp|reuters|ap photo|"
                           r"pa media|pa wire|shutterstock|alamy|epa)\b[^()]*\)", re.I)),
    ("caption", re.compile(r".*\S\s*credit:\s*[\w .&/'-]{1,40}", re.I)),
    ("duration", re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")),
    ("counter", re.compile(r"\d{1,3}")),
    ("timestamp", re.compile(r"(?:\d+|an?)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|"
                             r"weeks?)\s+ago", re.I)),
    ("teaser", re.compile(r"(?:read more|also read|read also|see also|more|watch|listen|"
                          r"(?:\w+ ){0,2}latest)\s*:\s+\S.*", re.I)),
    # Cookie-consent notices: saved web pages keep them, and they open with the site speaking.
    ("consent", re.compile(r"(?=.{0,400}$).*\b(?:(?:we|this (?:web)?site|our (?:web)?site) uses? "
                           r"cookies|cookie (?:policy|settings|preferences|consent|notice)|"
                           r"accept (?:all )?cookies)\b.*", re.I)),
    ("social", re.compile(r".*(?:pic\.twitter\.com/|a post shared by|\(@\w{1,15}\)\s+\w+ \d{1,2}"
                          r", \d{4}).*", re.I)),
]  # fmt: skip
# Donation and subscription appeals: a paragraph with two or more of these is an appeal.
APPEAL_PHRASES = [
    "your support", "support now", "support us", "donate", "your donation", "donation",
    "subscribe", "subscription", "sign up", "newsletter", "paywall", "become a member",
    "independent journalism", "quality journalism", "support our journalism", "read more",
    "make a contribution", "reader-funded", "help us",
]  # fmt: skip
SENTENCE_END = re.compile(r"[.!?…]$")
CLOSERS = "\"'”’»)]* "
TERMINATOR_MIN_STORY = 300  # chars of story before a terminator is trusted to end it


# ---------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Line:
    start: int  # raw offset of the first non-space character
    text: str  # the line, stripped

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def tail(self, offset: int) -> Line | None:
        """The part of the line from `offset` (relative), re-stripped; None if empty."""
        rest = self.text[offset:]
        skipped = len(rest) - len(rest.lstrip(" \t.,;:|-–—"))
        rest = rest[skipped:].rstrip()
        return Line(self.start + offset + skipped, rest) if rest else None


@dataclass(frozen=True)
class Dateline:
    date: dt.date
    found: str  # "header" when the line is just a date, "prose" when it carries more
    rest: str  # what followed the date on that line (bylines, outlet names, appeals)


@dataclass(frozen=True)
class CleanResult:
    body: str
    # [[body_start, raw_start, length], ...]; raw[raw_start:+length] == body[body_start:+length]
    offset_map: list[list[int]]
    header: tuple[tuple[str, str], ...] = ()
    dateline: Dateline | None = None
    headline: str = ""  # first body paragraph when it stands apart as a headline
    removed: tuple[tuple[str, str], ...] = field(default=())  # (reason, text) for furniture


# ---------------------------------------------------------------------------- helpers
def split_lines(raw: str) -> list[Line]:
    lines = []
    for m in re.finditer(r"[^\r\n]+", raw):
        text = m.group(0)
        stripped = text.strip()
        if stripped:
            lines.append(Line(m.start() + len(text) - len(text.lstrip()), stripped))
    return lines


def _key(text: str) -> str:
    return text.casefold().rstrip(" .:…").strip()


def header_field(text: str) -> tuple[str, str] | None:
    """("date", "2023-11-06") for a `Key: value` header line, else None."""
    m = HEADER_LINE.match(text)
    if not m:
        return None
    key = m["key"].strip().casefold()
    if key in HEADER_KEYS or (" " not in key and date_at_start(m["value"])):
        return key, m["value"].strip()
    return None


def dateline_parts(line: Line) -> tuple[dt.date, Line | None] | None:
    """A line opening with a date (after an optional "Published"/"date" word): the date and
    the rest of the line, or None."""
    m = DATELINE_KEY.match(line.text)
    at = m.end() if m else 0
    found = date_at_start(line.text[at:])
    if not found:
        return None
    return found[0], line.tail(at + found[1])


def is_appeal(text: str) -> bool:
    low = text.casefold()
    return sum(phrase in low for phrase in APPEAL_PHRASES) >= 2


def furniture_reason(text: str) -> str | None:
    """Why a whole line is site furniture, or None for story text."""
    key = _key(text)
    if key in WIDGET_LINES:
        return "widget"
    for reason, pattern in FURNITURE_PATTERNS:
        if pattern.fullmatch(text):
            return reason
    return "appeal" if is_appeal(text) else None


def is_headline_like(text: str) -> bool:
    """Short, one sentence, no sentence-final punctuation: how headlines and teasers look."""
    words = text.split()
    core = text.rstrip(CLOSERS)
    return (
        2 <= len(words) <= 22
        and len(text) <= 180
        and (text[0].isupper() or text[0].isdigit() or text[0] in "'‘\"“")
        and not SENTENCE_END.search(core)
        and not core.endswith((",", ";", ":"))
        and ". " not in text
    )


# ---------------------------------------------------------------------------- passes
def take_header(lines: list[Line]) -> tuple[list[tuple[str, str]], list[Line], list[Line]]:
    """Leading `Key: value` lines: (fields, date lines among them, remaining lines)."""
    header: list[tuple[str, str]] = []
    dated: list[Line] = []
    i = 0
    while i < len(lines) and (found := header_field(lines[i].text)):
        header.append(found)
        if found[0] in DATE_KEYS or found[0] not in HEADER_KEYS:
            dated.append(lines[i])
        i += 1
    return header, dated, lines[i:]


def take_dateline(
    dated: list[Line], lines: list[Line], removed: list[tuple[str, str]]
) -> tuple[Dateline | None, list[Line]]:
    """The first dated header line, or a prose dateline among the first lines. What follows
    the date stays in the body only when it is real prose (neither appeal nor byline)."""
    for line in dated:
        parts = dateline_parts(Line(line.start, line.text.split(":", 1)[1].strip()))
        if parts:
            return _dateline(parts, removed, "header"), lines
    for i, line in enumerate(lines[:3]):
        parts = dateline_parts(line)
        if parts:
            dateline = _dateline(parts, removed, "prose")
            rest = parts[1]
            keep = [rest] if rest and _is_story_rest(rest.text) else []
            return dateline, lines[:i] + keep + lines[i + 1 :]
    return None, lines


def _dateline(
    parts: tuple[dt.date, Line | None], removed: list[tuple[str, str]], found: str
) -> Dateline:
    date, rest = parts
    text = rest.text if rest else ""
    if text and not _is_story_rest(text):
        removed.append(("appeal" if is_appeal(text) else "dateline", text))
    return Dateline(date=date, found="prose" if text else found, rest=text)


def _is_story_rest(text: str) -> bool:
    # Bylines and outlet names after a date are short; a long run of prose is story text.
    return not is_appeal(text) and len(text.split()) > 30


def drop_furniture(lines: list[Line], removed: list[tuple[str, str]]) -> list[Line]:
    kept: list[Line] = []
    story_chars = 0
    for line in lines:
        if _key(line.text) in TERMINATORS:
            removed.append(("terminator", line.text))
            if story_chars >= TERMINATOR_MIN_STORY:
                break
            continue  # a menu word above the story: drop the word, keep the story
        reason = furniture_reason(line.text)
        if reason:
            removed.append((reason, line.text))
            if reason == "caption":
                _drop_caption_twin(kept, line.text, removed)
            continue
        kept.append(line)
        story_chars += len(line.text)
    return kept


def _drop_caption_twin(kept: list[Line], caption: str, removed: list[tuple[str, str]]) -> None:
    # Galleries print a caption twice: plain, a counter, then again with "Credit: …".
    plain = " ".join(kept[-1].text.split()) if kept else ""
    if len(plain) >= 12 and " ".join(caption.split()).startswith(plain):
        removed.append(("caption", kept.pop().text))


def drop_trailing_headlines(lines: list[Line], removed: list[tuple[str, str]]) -> list[Line]:
    """Two or more headline-like lines closing the file are links to other stories."""
    n = len(lines)
    while n > 0 and is_headline_like(lines[n - 1].text):
        n -= 1
    if len(lines) - n >= 2 and n > 0:
        removed.extend(("headlines", line.text) for line in lines[n:])
        return lines[:n]
    return lines


def find_headline(lines: list[Line]) -> str:
    """The first line, when it stands apart as a headline above longer story text."""
    # A caption may sit between the headline and the first paragraph, so look two ahead.
    first = lines[0].text if lines else ""
    stands_apart = any(len(line.text) > len(first) for line in lines[1:3])
    return first if stands_apart and is_headline_like(first) else ""


def build(lines: list[Line], joiner: str = "\n\n") -> tuple[str, list[list[int]]]:
    parts: list[str] = []
    offset_map: list[list[int]] = []
    pos = 0
    for i, line in enumerate(lines):
        if i:
            parts.append(joiner)
            pos += len(joiner)
        offset_map.append([pos, line.start, len(line.text)])
        parts.append(line.text)
        pos += len(line.text)
    return "".join(parts), offset_map


def clean_body(raw_text: str) -> CleanResult:
    """Clean a news file's decoded text: the story body, its offset map back to `raw_text`,
    and what was taken out (header fields, dateline, furniture) for the metadata reader."""
    removed: list[tuple[str, str]] = []
    header, dated, lines = take_header(split_lines(raw_text))
    dateline, lines = take_dateline(dated, lines, removed)
    lines = drop_furniture(lines, removed)
    lines = drop_trailing_headlines(lines, removed)
    body, offset_map = build(lines)
    return CleanResult(
        body=body,
        offset_map=offset_map,
        header=tuple(header),
        dateline=dateline,
        headline=find_headline(lines),
        removed=tuple(removed),
    )
