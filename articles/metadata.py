"""Title, date, outlet, URL and author of an article, and how each was found.

Reads what the cleaner set aside (header fields, the dateline, removed appeals) plus the
body's first lines. Rules follow how news files look, in order of trust: an explicit header
field, a dateline, the URL, then the text itself. No date found means undated, never today.
Pure functions, no Django; `Found` values are the strings of `Article.Found`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from articles.cleaning import CleanResult
from articles.dates import date_in_url
from articles.outlets import outlet_from_url

TITLE_KEYS = ("title", "headline")
OUTLET_KEYS = ("outlet", "source", "publisher", "publication")
AUTHOR_KEYS = ("author", "authors", "byline", "by")
URL_KEYS = ("url", "link")
TITLE_MAX = 300
# "The English Chronicle Desk", "Reuters Staff": a byline naming the outlet.
_NAME = r"(?:The |the )?[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,4}"
DESK_BYLINE = re.compile(rf"({_NAME}) (?:News )?(?:Desk|Online|Newsroom|Staff|Team|Reporters?)\b")
# Appeals name their own outlet as the subject of a sentence: "The Independent is trusted…".
SELF_NAMED = re.compile(r"\b(The(?: [A-Z][\w&'-]+){1,3})(?= (?:is|has|relies|needs)\b)")
T = TypeVar("T")
FIRST_SENTENCE = re.compile(r".+?[.!?](?=[\"'”’)]?\s|$)", re.S)


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    title_source: str = ""
    date: dt.date | None = None
    date_source: str = ""
    outlet: str = ""
    outlet_source: str = ""
    url: str = ""
    author: str = ""


@dataclass(frozen=True)
class PageMeta:
    """What a web page's markup says of its article (JSON-LD, meta tags, title, canonical
    link): trusted above anything read from the text, as a text file's header is."""

    title: str = ""
    date: dt.date | None = None
    site_name: str = ""
    url: str = ""
    author: str = ""


def _first(header: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((header[k] for k in keys if header.get(k)), "")


def find_title(header: dict[str, str], clean: CleanResult) -> tuple[str, str]:
    if title := _first(header, TITLE_KEYS):
        return title[:TITLE_MAX], "header"
    if clean.headline:
        return clean.headline[:TITLE_MAX], "headline"
    lead = clean.body.split("\n", 1)[0]
    m = FIRST_SENTENCE.match(lead)
    sentence = (m.group(0) if m else lead).strip()
    return (sentence[:TITLE_MAX], "lead") if sentence else ("", "")


def find_date(clean: CleanResult, url: str) -> tuple[dt.date | None, str]:
    if clean.dateline:
        return clean.dateline.date, clean.dateline.found
    if url and (value := date_in_url(url)):
        return value, "url"
    return None, ""


def find_outlet(header: dict[str, str], clean: CleanResult, url: str = "") -> tuple[str, str]:
    if outlet := _first(header, OUTLET_KEYS):
        return outlet[:200], "header"
    if clean.dateline and (m := DESK_BYLINE.search(clean.dateline.rest)):
        return m.group(1).strip(), "prose"
    appeals = " ".join(text for reason, text in clean.removed if reason in {"appeal", "dateline"})
    named = Counter(SELF_NAMED.findall(appeals)).most_common(1)
    if named:
        return named[0][0], "text"
    return outlet_from_url(url)


def web_url(value: str) -> str:
    """`value` if it is an http(s) URL with a host, else "": a header's `javascript:` or
    `data:` URL must never become a link on a page."""
    value = value.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def site_name(page: PageMeta) -> str:
    """The page's own name for its site; a bare domain ("example.com", which extractors fall
    back to) is not one: the URL rules name it, from the outlet table when they can."""
    name = page.site_name.strip()
    return "" if re.fullmatch(r"[\w.-]+\.[a-z]{2,}\.?", name, re.I) else name[:200]


def _page_first(value: T, fallback: Callable[[], tuple[T, str]]) -> tuple[T, str]:
    return (value, "page") if value else fallback()


def extract_metadata(clean: CleanResult, page: PageMeta | None = None) -> Metadata:
    """Metadata of a cleaned article; each `*_source` says how the value was found. A web
    page's own metadata (`page`) comes first; the text's rules fill what it lacks."""
    page = page or PageMeta()
    header: dict[str, str] = {}
    for key, value in clean.header:
        header.setdefault(key, value)
    url = (web_url(page.url) or web_url(_first(header, URL_KEYS)))[:1000]
    title, title_source = _page_first(page.title[:TITLE_MAX], lambda: find_title(header, clean))
    date, date_source = _page_first(page.date, lambda: find_date(clean, url))
    outlet, outlet_source = _page_first(site_name(page), lambda: find_outlet(header, clean, url))
    return Metadata(
        title=title,
        title_source=title_source,
        date=date,
        date_source=date_source,
        outlet=outlet,
        outlet_source=outlet_source,
        url=url,
        author=(page.author or _first(header, AUTHOR_KEYS))[:300],
    )
