"""Read a file's bytes and decode them to text, refusing what is not a news article.

UTF-8 (with or without a byte-order mark) is tried first because it is what nearly every
file is and it cannot be confused with anything else when it decodes strictly; everything
else goes to charset-normalizer, and the encoding actually used is reported so it can be
stored with the article.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes

if TYPE_CHECKING:
    from articles.metadata import PageMeta

# Share of control/unassigned characters above which decoded "text" is really binary.
MAX_JUNK_SHARE = 0.02
# Control characters other than tab/newlines/form feed, C1 controls, private use, and
# U+FFFD from lossy decoding: what binary bytes turn into when forced through a code page.
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")


class Refused(Exception):
    """A file that cannot become an article; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    # Set by the web page reader: the page as decoded (kept beside the article) and what its
    # markup says of the article. A text file has neither.
    markup: str = ""
    page: PageMeta | None = None


def read_bytes(path: Path, *, max_bytes: int | None) -> bytes:
    """The file's bytes, refusing unreadable files and files over `max_bytes`."""
    try:
        size = os.stat(path).st_size
        if max_bytes is not None and size > max_bytes:
            raise Refused(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        with open(path, "rb") as handle:
            # Read one byte past the limit: a file growing while we read is still caught.
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as error:
        raise Refused(f"cannot read the file: {error.strerror or error}") from error
    if max_bytes is not None and len(data) > max_bytes:
        raise Refused(f"file is over the {max_bytes:,}-byte limit")
    return data


def _junk_share(text: str) -> float:
    return len(_JUNK.findall(text)) / max(len(text), 1)


def _looks_western(text: str) -> bool:
    # A few accented Latin letters and typographic marks among mostly ASCII: what a cp1252
    # news file holds. Cyrillic or Greek read as cp1252 turns nearly every letter non-ASCII.
    extra = [ch for ch in text if ord(ch) > 127]
    western = sum(1 for ch in extra if 0xA0 <= ord(ch) <= 0x17F or 0x2010 <= ord(ch) <= 0x20AC)
    return western >= 0.95 * len(extra) and len(extra) <= 0.15 * len(text)


def _detect(data: bytes) -> Decoded:
    # charset-normalizer guesses poorly on short Western files (cp1252 came back as cp775 on
    # a one-line test), so the encoding English news is most often saved in is tried first.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_western(text):
        return Decoded(text, "cp1252")
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise Refused("undecodable: no text encoding fits these bytes")
    return Decoded(str(best), best.encoding)


# Byte-order marks that name a wide encoding. UTF-32-LE's mark starts with UTF-16-LE's, so
# the longer marks are tried first.
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode_wide(data: bytes) -> Decoded | None:
    """UTF-16 or UTF-32 text announced by its byte-order mark (Windows "Unicode" files),
    whose NUL bytes are part of the encoding, not a sign of binary."""
    for bom, encoding in WIDE_BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding, "strict"), encoding)
            except UnicodeDecodeError as error:
                raise Refused(
                    f"undecodable: invalid {encoding} after its byte-order mark"
                ) from error
    return None


def _decode_narrow(data: bytes) -> Decoded:
    if b"\x00" in data:
        raise Refused("binary file (contains NUL bytes)")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8", "strict"), "utf-8-sig")
        except UnicodeDecodeError as error:
            raise Refused("undecodable: invalid UTF-8 after its byte-order mark") from error
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _detect(data)


def decode_bytes(data: bytes) -> Decoded:
    """Decode `data`, or raise Refused for empty, binary or undecodable input."""
    if not data.strip():
        raise Refused("empty file (no text)")
    decoded = _decode_wide(data) or _decode_narrow(data)
    if not decoded.text.strip():
        raise Refused("empty file (no text)")
    if _junk_share(decoded.text) > MAX_JUNK_SHARE:
        raise Refused("binary file (mostly control characters, not text)")
    return decoded
