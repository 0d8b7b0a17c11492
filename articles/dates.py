"""Publication dates as news files write them: ISO, "22 October 2025", "May 26, 2025",
"2024/10/19" in a URL, and foreign month names through dateparser as a last resort.

Pure functions, no Django: the cleaner and the metadata reader both use them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from types import ModuleType

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# One alternation, tried at a fixed position: the date must open the text it is found in.
DATE_AT_START = re.compile(
    _WEEKDAY + r"(?:"
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?"
    r"|(?P<sy>\d{4})/(?P<sm>\d{1,2})/(?P<sd>\d{1,2})"
    r"|(?P<ed>\d{1,2})\.(?P<em>\d{1,2})\.(?P<ey>\d{4})"
    r"|(?P<dd>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<dmon>[^\W\d_]{3,12})\.?,?\s+(?P<dy>\d{4})"
    r"|(?P<mmon>[^\W\d_]{3,12})\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})"
    r")\b",
    re.IGNORECASE,
)
URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)")
# "/news/2025-06-04-britain-wants…": an ISO date inside a path segment.
URL_ISO_DATE = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])")


def _safe_date(year: str, month: int | str | None, day: str) -> dt.date | None:
    try:
        value = dt.date(int(year), int(month or 0), int(day))
    except (TypeError, ValueError):
        return None
    return value if 1900 <= value.year <= 2100 else None


@cache
def _dateparser() -> ModuleType:
    # dateparser costs ~0.5 s to import; only foreign month names need it.
    import dateparser

    return dateparser


def _foreign_date(text: str) -> dt.date | None:
    parsed = _dateparser().parse(
        text, settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    )
    return parsed.date() if parsed else None


def _from_match(m: re.Match) -> dt.date | None:
    g = m.groupdict()
    if g["iy"]:
        return _safe_date(g["iy"], g["im"], g["id"])
    if g["sy"]:
        return _safe_date(g["sy"], g["sm"], g["sd"])
    if g["ey"]:
        return _safe_date(g["ey"], g["em"], g["ed"])
    if g["dy"]:
        month = MONTHS.get(g["dmon"].lower())
        return _safe_date(g["dy"], month, g["dd"]) if month else _foreign_date(m.group(0))
    month = MONTHS.get(g["mmon"].lower())
    return _safe_date(g["my"], month, g["md"]) if month else _foreign_date(m.group(0))


def date_at_start(text: str) -> tuple[dt.date, int] | None:
    """The date that opens `text` and the index just past it, or None."""
    m = DATE_AT_START.match(text)
    if not m:
        return None
    value = _from_match(m)
    return (value, m.end()) if value else None


def date_in_url(url: str) -> dt.date | None:
    """A /yyyy/mm/dd/ date in a URL path (many news sites file stories that way), or an
    ISO date in a path segment. A year and month alone are not a date."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    m = URL_DATE.search(path) or URL_ISO_DATE.search(path)
    return _safe_date(m["y"], m["m"], m["d"]) if m else None
