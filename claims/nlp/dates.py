"""When was it said? The article date, moved by a time phrase that governs the speech act.

News dates speech relative to publication: "She said last week", "told reporters on
Thursday", "On Monday, the minister said". The caller passes the clause around the
reporting cue; this module finds time phrases there with one precompiled regex, keeps
only those attached to a speech verb (or the only candidates when the clause has no
speech verb), drops any that look forward ("a summit on Wednesday", "will meet next
week"), and resolves the chosen one against the article date.

Weekdays, "yesterday", "last week/month/year" are computed here rather than by
dateparser: with ``PREFER_DATES_FROM='past'`` dateparser moves "on Wednesday" in a
Wednesday article back a week, and a weekday in news means the most recent such day on
or before publication. dateparser (imported lazily, it is slow to load) handles only the
matched calendar phrase ("3 May", "May 3, 2025", "two days ago"). Vague phrases
("earlier this year", "recently") keep the article date and say so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache

UNDATED = "undated"
ARTICLE_DATE = "article date"

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3,
}  # fmt: skip
_NUM_ALT = r"\d{1,2}|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten"

# One regex, one named group per kind of phrase, tried in this order at each position.
_TIME_RE = re.compile(
    r"\b(?:"
    rf"(?P<ago>(?:{_NUM_ALT})\s+(?:days?|weeks?|months?|years?)\s+ago)"
    r"|(?P<vague>earlier\s+this\s+(?:week|month|year)|earlier\s+in\s+the\s+(?:week|month|year)"
    r"|recently|in\s+recent\s+(?:days|weeks|months)|this\s+(?:week|month|year)"
    r"|over\s+the\s+(?:past|last)\s+(?:few\s+)?(?:days|weeks))"
    r"|(?P<rel>yesterday|last\s+night|the\s+previous\s+day|the\s+day\s+before"
    r"|earlier\s+today|today|tonight|this\s+(?:morning|afternoon|evening)"
    r"|last\s+week(?:end)?|over\s+the\s+weekend|at\s+the\s+weekend|last\s+month|last\s+year)"
    rf"|(?P<date>(?:on\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_ALT})\.?"
    rf"|(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?)"
    rf"|(?P<weekday>(?:(?:on|last|this\s+past|earlier\s+on)\s+)?"
    rf"(?:{'|'.join(_WEEKDAYS)})(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?)"
    rf"|(?P<month>in\s+(?:early|mid|late)?[\s-]*(?:{_MONTH_ALT})(?:\s+\d{{4}})?)"
    r")\b",
    re.IGNORECASE,
)

_SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|announced|stated|declared|insisted|confirmed"
    r"|argued|noted|warned|explained|wrote|vowed|pledged|promised|revealed|claimed|stressed"
    r"|emphasi[sz]ed|underlined|ruled\s+out|rejected|denied|dismissed|described|called"
    r"|urged|suggested|indicated|admitted|acknowledged|repeated|recalled|concluded|speaking"
    r"|spoke|according\s+to|statement|interview|briefing|press\s+conference)\b",
    re.IGNORECASE,
)
# A time phrase after these words points at something else, often ahead: "ahead of a
# summit on Wednesday", "the vote due on Monday", "a meeting would be held on Monday".
_FORWARD = re.compile(
    r"\b(?:will|shall|'ll|would\s+be\s+held|be\s+held|to\s+be|going\s+to|set\s+to|due"
    r"|expected|scheduled|planned|planning|upcoming|ahead\s+of|coming|tomorrow|convened)\b",
    re.IGNORECASE,
)
# ...and right before it, these make it a deadline or a span, not the day of speaking.
_FORWARD_ADJACENT = re.compile(r"\b(?:by|from|until|till|before|since|next)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[\w'-]+")
_AFTER_VERB_WORDS = 6  # "told the House of Commons on Monday"
_BEFORE_VERB_WORDS = 10  # "On Thursday, Uganda's state minister for foreign affairs said"
_FORWARD_WINDOW = 7


def resolve_said_date(
    context_text: str, article_date: dt.date | dt.datetime | None
) -> tuple[dt.date | None, str]:
    """The date the words in ``context_text`` were said, and how it was derived.

    ``(article_date, "article date")`` when no time phrase governs the speech act,
    ``(None, "undated")`` when the article has no date.
    """
    if article_date is None:
        return None, UNDATED
    base = article_date.date() if isinstance(article_date, dt.datetime) else article_date
    match = _governing_phrase(context_text or "")
    if match is None:
        return base, ARTICLE_DATE
    return _resolve(match, base)


def _word_index(text: str, pos: int) -> int:
    return len(_WORD.findall(text[:pos]))


def _looks_forward(text: str, match: re.Match[str]) -> bool:
    if match.lastgroup == "rel" and match.group(0).lower() in ("tonight", "today"):
        return False  # "said today" / "will vote tonight" are both the article's day
    before = text[: match.start()]
    if _FORWARD_ADJACENT.search(before):
        return True
    words_before = _WORD.findall(before)[-_FORWARD_WINDOW:]
    return bool(_FORWARD.search(" ".join(words_before)))


def _attachment(text: str, match: re.Match[str], verbs: list[re.Match[str]]) -> int | None:
    """Distance in words to the nearest speech verb the phrase is attached to, or None."""
    start_w, end_w = _word_index(text, match.start()), _word_index(text, match.end())
    best: int | None = None
    for verb in verbs:
        v_start, v_end = _word_index(text, verb.start()), _word_index(text, verb.end())
        if v_end <= start_w and start_w - v_end <= _AFTER_VERB_WORDS:
            gap = start_w - v_end
        elif end_w <= v_start and v_start - end_w <= _BEFORE_VERB_WORDS:
            gap = v_start - end_w
        else:
            continue
        best = gap if best is None else min(best, gap)
    return best


def _governing_phrase(text: str) -> re.Match[str] | None:
    """The time phrase that dates the speech act, chosen conservatively."""
    candidates = [m for m in _TIME_RE.finditer(text) if not _looks_forward(text, m)]
    if not candidates:
        return None
    verbs = list(_SPEECH_VERB.finditer(text))
    if not verbs:
        return candidates[0]  # the caller passed just the clause of the speech act
    attached = [(d, m) for m in candidates if (d := _attachment(text, m, verbs)) is not None]
    if not attached:
        return None
    return min(attached, key=lambda pair: pair[0])[1]


def _label(match: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", match.group(0).strip()).lower()


def _resolve(match: re.Match[str], base: dt.date) -> tuple[dt.date, str]:
    kind, phrase = match.lastgroup, _label(match)
    if kind == "vague":
        return base, f"{phrase} (article date kept)"
    if kind == "rel":
        return _relative(phrase, base), phrase
    if kind == "weekday":
        return _weekday(phrase, base), phrase
    if kind == "month":
        return _month(phrase, base), f"{phrase} (month only)"
    parsed = _dateparse(re.sub(r"^on\s+", "", phrase), base)
    if parsed is None:
        return base, f"{phrase} (unparsed, article date kept)"
    return parsed, phrase


def _minus_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _relative(phrase: str, base: dt.date) -> dt.date:
    if phrase in ("yesterday", "last night", "the previous day", "the day before"):
        return base - dt.timedelta(days=1)
    if phrase == "last week":
        return base - dt.timedelta(days=7)
    if phrase in ("last weekend", "over the weekend", "at the weekend"):
        return _last_weekday(6, base, strictly_before=phrase == "last weekend")
    if phrase == "last month":
        return _minus_months(base, 1)
    if phrase == "last year":
        return _minus_months(base, 12)
    return base  # today, tonight, this morning, earlier today


def _last_weekday(weekday: int, base: dt.date, *, strictly_before: bool = False) -> dt.date:
    back = (base.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return base - dt.timedelta(days=back)


def _weekday(phrase: str, base: dt.date) -> dt.date:
    """Most recent such day on or before the article date; "last X" strictly before."""
    name = next(d for d in _WEEKDAYS if d in phrase)
    strictly = phrase.startswith(("last ", "this past "))
    return _last_weekday(_WEEKDAYS.index(name), base, strictly_before=strictly)


def _month(phrase: str, base: dt.date) -> dt.date:
    """'in early April' -> 1 April, 'mid-April' -> 15th, 'late April' -> 25th, never later
    than the article date; the most recent such month when no year is given."""
    month = next(_MONTHS[w] for w in re.findall(r"[a-z]+", phrase) if w in _MONTHS)
    year_m = re.search(r"\d{4}", phrase)
    year = int(year_m.group(0)) if year_m else base.year
    if not year_m and month > base.month:
        year -= 1
    day = 15 if "mid" in phrase else 25 if "late" in phrase else 1
    return min(dt.date(year, month, day), base)


@cache
def _dateparser():
    import dateparser  # noqa: PLC0415 - slow import, only needed for calendar phrases

    return dateparser


def _dateparse(phrase: str, base: dt.date) -> dt.date | None:
    """A calendar phrase ('3 May', 'May 3, 2025', 'two days ago') relative to ``base``."""
    for word, number in _NUM_WORDS.items():
        phrase = re.sub(rf"^{word}\s+(?=\w+\s+ago$)", f"{number} ", phrase)
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = _dateparser().parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if day > base and not re.search(r"\d{4}", phrase):
        day = day.replace(year=day.year - 1)  # "on 30 December" in a January article
    return day
