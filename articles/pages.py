"""Saved web pages (.html, .htm) as articles: the page's main text and its metadata.

trafilatura finds the story among the page's chrome (navigation, cookie banners, related
links, comments, footers) and reads the page's metadata (JSON-LD, Open Graph and other meta
tags, the title, the canonical link); htmldate, which it uses, reads the publication date.
The text it extracts becomes the article's raw text, so every offset points into what is
stored; the page itself is kept beside it by ingest. Nothing here touches the network:
pages are parsed from the bytes given. Pure functions, no Django.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from functools import cache
from types import ModuleType

from articles.decoding import Decoded, Refused, decode_bytes
from articles.metadata import PageMeta

logger = logging.getLogger(__name__)

# What a page declares about its encoding, in its first bytes.
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Labels browsers read as windows-1252 (the WHATWG encoding standard), whose 0x80-0x9f are
# letters and quotes, not the C1 controls latin-1 would give.
WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1"}

# A line of story has at least this many words; a page whose main text has none holds only
# menu items and buttons.
PROSE_WORDS = 6


@cache
def _trafilatura() -> tuple[ModuleType, ModuleType]:
    # ~0.3 s to import (lxml, htmldate, justext); only HTML ingest needs it.
    import htmldate
    import trafilatura

    return trafilatura, htmldate


def extractor_version() -> str:
    """Name and version of the extractor, stored with each page: a new version may cut the
    text differently, and the stored offsets belong to the text as it was cut then."""
    return f"trafilatura {_trafilatura()[0].__version__}"


def decode_page(data: bytes) -> Decoded:
    """The page's text: UTF-8 when it decodes as such, else the charset the page declares,
    else what decode_bytes finds (and what it refuses: empty and binary files)."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            if declared := _declared(data):
                return declared
    return decode_bytes(data)


def _declared(data: bytes) -> Decoded | None:
    m = DECLARED_CHARSET.search(data[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    encoding = "cp1252" if label in WINDOWS_1252 else label
    try:
        codecs.lookup(encoding)
        return Decoded(data.decode(encoding), encoding)
    except (LookupError, UnicodeDecodeError):
        logger.info("declared charset %r does not decode the page; detecting instead", label)
        return None


def _title(title: str | None, site_name: str | None) -> str:
    """The page's headline, or "" when its title is only the site's name ("| News")."""
    title = " ".join((title or "").split()).strip(" |-–—:·")
    return "" if title.casefold() == (site_name or "").strip().casefold() else title


def _opens_with(text: str, title: str) -> bool:
    """Whether the extracted text already opens with the headline (the extractor keeps an
    <h1> inside the article body, and og:title may word it a little differently)."""
    first = " ".join(text.split("\n", 1)[0].split()).casefold()
    title = title.casefold()
    similar_length = len(title) / 2 <= len(first) <= len(title) * 2
    return first == title or (similar_length and (first in title or title in first))


def read_page(data: bytes) -> Decoded:
    """A reader for ingest.READERS: the page's main text, with the page and its metadata.

    The headline leads the text, as it does in a news text file: the extractor leaves the
    page's <h1> out of the main text, and the claim extractor reads a first line without a
    final stop as the headline (it names people before the lede does)."""
    page = decode_page(data)
    trafilatura, htmldate = _trafilatura()
    tree = trafilatura.utils.load_html(page.text)
    if tree is None:
        raise Refused("not an HTML page (no document structure found)")
    # Read before extraction, which prunes the tree. url="" keeps htmldate to the page's
    # markup: a date in the URL is found, and labelled as such, by the metadata reader.
    date = htmldate.find_date(tree, extensive_search=False, original_date=True, url="")
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False},
    )
    text = (doc.text or "").strip() if doc is not None else ""
    if not any(len(line.split()) >= PROSE_WORDS for line in text.splitlines()):
        # With no story to find, the extractor falls back to whatever text there is: menus,
        # buttons, a cookie notice.
        raise Refused("no article text found in the page")
    title, site_name = _title(doc.title, doc.sitename), " ".join((doc.sitename or "").split())
    if title and not _opens_with(text, title):
        text = f"{title}\n\n{text}"
    meta = PageMeta(
        title=title,
        date=dt.date.fromisoformat(date) if date else None,
        site_name=site_name,
        url=doc.url or "",
        author=" ".join((doc.author or "").split()),
    )
    return Decoded(text, page.encoding, markup=page.text, page=meta)
