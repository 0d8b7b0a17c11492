"""Ingest news files as articles: one plain function per article, so the same unit runs from
the management command, a worker process or a task queue.

    ingest_file(path, name=...)  read, decode, clean, date, de-duplicate and store one file
    ingest_text(name, data)      the same from bytes or text already in memory
    iter_entries(paths)          every supported file under files and folders, in name order,
                                 keyed by its path relative to the folder given
    ingest_paths(paths)          ingest_file over iter_entries

Each article is written in one transaction; a bad file is reported, never half-stored, and
never replaces the good version already stored under its name. An article is stored
``pending`` extraction: whoever extracts it (the command, a worker) marks it done, so a run
that dies leaves a durable list of what is still to do. Nothing here imports ``claims``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction

from articles import dedup
from articles.cleaning import CleanResult, clean_body
from articles.decoding import Decoded, Refused, decode_bytes, read_bytes
from articles.metadata import Metadata, extract_metadata
from articles.models import Article, ArticleBand, SavedPage
from articles.pages import extractor_version, read_page

logger = logging.getLogger(__name__)

Status = Literal["new", "updated", "unchanged", "duplicate", "failed", "skipped"]
# File suffix -> bytes-to-text reader. A saved web page's reader returns its main text, and
# the page and its metadata with it (articles.pages).
READERS: dict[str, Callable[[bytes], Decoded]] = {
    ".txt": decode_bytes,
    ".html": read_page,
    ".htm": read_page,
}
# Fields ingest fills from the file that a person may lock by correcting them by hand.
LOCKABLE = ("title", "date", "outlet", "url", "author")


@dataclass(frozen=True)
class IngestResult:
    status: Status
    name: str
    article_id: int | None = None
    message: str = ""
    # Stored but not yet extracted (new, changed, or left pending by a run that died).
    needs_extraction: bool = False


@dataclass(frozen=True)
class Prepared:
    """Everything computed from the file before the database is touched."""

    name: str
    source_path: str
    content_hash: str
    decoded: Decoded
    clean: CleanResult
    meta: Metadata
    band_keys: list[tuple[int, int]]


@dataclass(frozen=True)
class Entry:
    """A file to ingest, or a folder entry that cannot be one (``problem`` says why)."""

    path: Path
    name: str  # the article's key: its path relative to the folder the run was given
    problem: str = ""
    # "skipped" for entries that are not files at all (FIFOs, sockets, devices): reported,
    # but not a failure of the run; "failed" for what should have been readable.
    outcome: Status = "failed"


def ingest_paths(
    paths: Iterable[str | Path], *, max_bytes: int | None = None
) -> Iterator[IngestResult]:
    """Ingest every supported file under `paths` (files or folders, recursively)."""
    for entry in iter_entries(paths):
        yield ingest_entry(entry, max_bytes=max_bytes)


def ingest_entry(entry: Entry, *, max_bytes: int | None = None) -> IngestResult:
    if entry.problem:
        return IngestResult(entry.outcome, entry.name, message=entry.problem)
    return ingest_file(entry.path, name=entry.name, max_bytes=max_bytes)


def iter_article_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files iter_entries would ingest (problems included, so they fail loudly)."""
    return (entry.path for entry in iter_entries(paths))


def iter_entries(paths: Iterable[str | Path]) -> Iterator[Entry]:
    """Files to ingest, in name order within each folder so the earliest copy comes first.

    A file inside a folder is keyed by its path relative to that folder ("2025/a.txt"), so
    two same-named files in two subfolders are two articles. Paths named explicitly are
    yielded even when missing or unsupported, so they fail loudly; inside folders only
    supported, non-hidden files are picked, and FIFOs, sockets and devices are reported
    (opening a FIFO would block for ever), as are folders that cannot be read.
    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from _folder_entries(path)
        else:
            yield _entry(path, path.name)


def _entry(path: Path, name: str) -> Entry:
    problem = _not_regular(path)
    return Entry(path, name, problem, "skipped" if problem else "failed")


def _folder_entries(root: Path) -> Iterator[Entry]:
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        yield from _walk_errors(root, unreadable)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in READERS:
                path = Path(folder) / name
                yield _entry(path, path.relative_to(root).as_posix())
    yield from _walk_errors(root, unreadable)


def _walk_errors(root: Path, errors: list[OSError]) -> Iterator[Entry]:
    while errors:
        error = errors.pop(0)
        folder = Path(error.filename or root)
        name = folder.relative_to(root).as_posix() if folder != root else folder.name
        yield Entry(folder, name, f"cannot read the folder: {error.strerror or error}")


_KINDS = {
    stat.S_ISFIFO: "a FIFO (named pipe)",
    stat.S_ISSOCK: "a socket",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
}


def _not_regular(path: Path) -> str:
    """Why `path` is not a regular file, or "" (a missing file or a folder named as a file
    fails later, when read)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    kind = next((label for test, label in _KINDS.items() if test(mode)), "not a regular file")
    return f"{kind}, not a regular file"


def ingest_file(
    path: Path, *, name: str | None = None, max_bytes: int | None = None
) -> IngestResult:
    """Ingest one file under `name` (default: its base name). `max_bytes` defaults to
    settings.CLAIMTRACK_MAX_FILE_BYTES."""
    path = Path(path)
    name = name or path.name
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return IngestResult("failed", name, message=f"unsupported file type {path.suffix!r}")
    if problem := _not_regular(path):
        return IngestResult("skipped", name, message=problem)
    limit = settings.CLAIMTRACK_MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        data = read_bytes(path, max_bytes=limit)
    except Refused as refused:
        return IngestResult("failed", name, message=str(refused))
    return ingest_text(name, data, source_path=str(path), reader=reader)


def ingest_text(
    name: str,
    data: bytes | str,
    *,
    source_path: str = "",
    reader: Callable[[bytes], Decoded] | None = None,
) -> IngestResult:
    """Ingest one article from its file name and content (bytes, or already decoded text).
    `reader` defaults to the one for the name's suffix, text for any other."""
    reader = reader or READERS.get(Path(name).suffix.lower(), decode_bytes)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    content_hash = hashlib.sha256(raw).hexdigest()
    try:
        # Text in memory is already decoded, unless it is a page whose reader extracts it.
        text = data if isinstance(data, str) and reader is decode_bytes else None
        decoded = Decoded(text, "utf-8") if text is not None else None
        for attempt in range(2):
            existing = _stored(name)
            if existing and existing[1] == content_hash:
                return _unchanged(name, existing)
            decoded = decoded or reader(raw)
            prepared = prepare(name, decoded, content_hash=content_hash, source_path=source_path)
            try:
                return store(prepared, existing_id=existing[0] if existing else None)
            except IntegrityError:
                # Another process stored this name between our read and our write: read
                # again and update (or find it unchanged) instead of failing.
                if attempt:
                    raise
    except Refused as refused:
        return IngestResult("failed", name, message=str(refused))
    except DatabaseError as error:
        # The transaction rolled back: nothing of this article was written.
        logger.exception("storing %s failed", name)
        return IngestResult("failed", name, message=f"database error: {error}".strip())
    raise AssertionError("unreachable")


def _stored(name: str) -> tuple[int, str, str] | None:
    return (
        Article.objects.filter(name=name)
        .values_list("id", "content_hash", "extraction_state")
        .first()
    )


def _unchanged(name: str, existing: tuple[int, str, str]) -> IngestResult:
    pending = existing[2] == Article.Extraction.PENDING
    message = "same content as stored" + (", still to extract" if pending else "")
    return IngestResult("unchanged", name, existing[0], message, needs_extraction=pending)


def prepare(name: str, decoded: Decoded, *, content_hash: str, source_path: str) -> Prepared:
    """Clean, read metadata and hash bands; refuse a file with no story text left."""
    max_length = Article._meta.get_field("name").max_length  # set on every CharField
    if max_length is not None and len(name) > max_length:
        raise Refused("file name is too long to store")
    clean = clean_body(decoded.text)
    if not clean.body.strip():
        raise Refused("no article text left once site furniture is removed")
    return Prepared(
        name=name,
        source_path=source_path,
        content_hash=content_hash,
        decoded=decoded,
        clean=clean,
        meta=extract_metadata(clean, decoded.page),
        band_keys=dedup.band_keys(clean.body),
    )


@transaction.atomic
def store(prepared: Prepared, *, existing_id: int | None) -> IngestResult:
    """Write one article, its bands and its duplicate link in a single transaction."""
    if existing_id is None:
        article = Article(name=prepared.name)
    else:
        article = Article.objects.select_for_update().get(id=existing_id)
    fill_article(article, prepared)
    link_duplicate(article, prepared)
    article.save()
    if existing_id is not None:
        ArticleBand.objects.filter(article=article).delete()
    ArticleBand.objects.bulk_create(
        ArticleBand(article=article, band=band, key=key) for band, key in prepared.band_keys
    )
    keep_page(article, prepared.decoded.markup)
    if existing_id is not None:
        return IngestResult("updated", article.name, article.id, "content changed", True)
    if article.duplicate_of is not None:  # no query: set above, or None with its id
        message = duplicate_message(article, article.duplicate_of)
        return IngestResult("duplicate", article.name, article.id, message, True)
    return IngestResult("new", article.name, article.id, needs_extraction=True)


def keep_page(article: Article, markup: str) -> None:
    """Store the web page an article's text was extracted from, beside it; drop a stale one."""
    if markup:
        SavedPage.objects.update_or_create(
            article=article, defaults={"html": markup, "extractor": extractor_version()}
        )
    else:
        SavedPage.objects.filter(article=article).delete()


def fill_article(article: Article, prepared: Prepared) -> None:
    """Copy file-derived values onto the article, leaving hand-corrected fields alone."""
    meta, locked = prepared.meta, set(article.locked_fields or [])
    article.source_path = prepared.source_path
    article.content_hash = prepared.content_hash
    article.encoding = prepared.decoded.encoding
    article.raw_text = prepared.decoded.text
    article.body = prepared.clean.body
    article.offset_map = prepared.clean.offset_map
    # New text means the claims stored for the old text are stale until extracted again.
    article.extraction_state = Article.Extraction.PENDING
    article.extraction_error = ""
    for field in LOCKABLE:
        if field in locked:
            continue
        setattr(article, field, getattr(meta, field))
        if hasattr(meta, f"{field}_source"):
            setattr(article, f"{field}_source", getattr(meta, f"{field}_source"))


def link_duplicate(article: Article, prepared: Prepared) -> None:
    """Point a near-copy at the earliest stored original; an undated copy takes its date."""
    locked = set(article.locked_fields or [])
    if "duplicate_of" in locked:
        original = article.duplicate_of  # a person decided; keep it, still share the date
    else:
        original = find_duplicate_original(article, prepared)
    if original is None:
        return
    if article.date is None and original.date and "date" not in locked:
        article.date, article.date_source = original.date, Article.Found.INHERITED
    elif article.date is not None and original.date is None:
        date_from_copy(original.pk, article.date)


def date_from_copy(article_id: int, date: dt.date) -> None:
    """An undated original takes the date of a dated copy of the same story, and goes back
    to pending so its statements are re-dated by the next extraction."""
    original = Article.objects.select_for_update().get(pk=article_id)
    if original.date is not None or "date" in (original.locked_fields or []):
        return
    original.date, original.date_source = date, Article.Found.COPY
    original.extraction_state = Article.Extraction.PENDING
    original.save(update_fields=["date", "date_source", "extraction_state", "updated_at"])


def find_duplicate_original(article: Article, prepared: Prepared) -> Article | None:
    match = dedup.find_original(prepared.clean.body, prepared.band_keys, before_id=article.id)
    if match is None:
        article.duplicate_of, article.duplicate_score = None, None
        return None
    original = Article.objects.only("id", "name", "date", "duplicate_of_id").get(
        id=match.article_id
    )
    if original.duplicate_of_id:  # chains collapse onto the first original
        original = Article.objects.only("id", "name", "date").get(id=original.duplicate_of_id)
    article.duplicate_of, article.duplicate_score = original, round(match.score / 100, 4)
    return original


def duplicate_message(article: Article, original: Article) -> str:
    return f"near-duplicate of {original.name} ({article.duplicate_score:.0%})"
