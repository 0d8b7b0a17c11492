"""Ingest news files as articles: one plain function per article, so the same unit runs from
the management command, a worker process or a task queue.

    ingest_file(path)            read, decode, clean, date, de-duplicate and store one file
    ingest_text(name, data)      the same from bytes or text already in memory
    ingest_paths(paths)          every supported file under files and folders, in name order

Each article is written in one transaction; a bad file is reported, never half-stored, and
never replaces the good version already stored under its name.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.db import DatabaseError, transaction

from articles import dedup
from articles.cleaning import CleanResult, clean_body
from articles.decoding import Decoded, Refused, decode_bytes, read_bytes
from articles.metadata import Metadata, extract_metadata
from articles.models import Article, ArticleBand

Status = Literal["new", "updated", "unchanged", "duplicate", "failed"]
# File suffix -> bytes-to-text reader. HTML can join with a reader that strips the markup.
READERS: dict[str, Callable[[bytes], Decoded]] = {".txt": decode_bytes}
# Fields ingest fills from the file that a person may lock by correcting them by hand.
LOCKABLE = ("title", "date", "outlet")


@dataclass(frozen=True)
class IngestResult:
    status: Status
    name: str
    article_id: int | None = None
    message: str = ""


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


def ingest_paths(
    paths: Iterable[str | Path], *, max_bytes: int | None = None
) -> Iterator[IngestResult]:
    """Ingest every supported file under `paths` (files or folders, recursively)."""
    for path in iter_article_paths(paths):
        yield ingest_file(path, max_bytes=max_bytes)


def iter_article_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to ingest, in name order within each folder so the earliest copy comes first.

    Paths named explicitly are yielded even when missing or unsupported, so they fail loudly;
    inside folders only supported, non-hidden files are picked."""
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in READERS:
                    yield Path(root) / name


def ingest_file(path: Path, *, max_bytes: int | None = None) -> IngestResult:
    """Ingest one file. `max_bytes` defaults to settings.CLAIMTRACK_MAX_FILE_BYTES."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return IngestResult("failed", path.name, message=f"unsupported file type {path.suffix!r}")
    limit = settings.CLAIMTRACK_MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        data = read_bytes(path, max_bytes=limit)
    except Refused as refused:
        return IngestResult("failed", path.name, message=str(refused))
    return ingest_text(path.name, data, source_path=str(path), reader=reader)


def ingest_text(
    name: str,
    data: bytes | str,
    *,
    source_path: str = "",
    reader: Callable[[bytes], Decoded] = decode_bytes,
) -> IngestResult:
    """Ingest one article from its file name and content (bytes, or already decoded text)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    content_hash = hashlib.sha256(raw).hexdigest()
    existing = Article.objects.filter(name=name).values_list("id", "content_hash").first()
    if existing and existing[1] == content_hash:
        return IngestResult("unchanged", name, existing[0], "same content as stored")
    try:
        decoded = Decoded(data, "utf-8") if isinstance(data, str) else reader(raw)
        prepared = prepare(name, decoded, content_hash=content_hash, source_path=source_path)
        return store(prepared, existing_id=existing[0] if existing else None)
    except Refused as refused:
        return IngestResult("failed", name, message=str(refused))
    except DatabaseError as error:
        # The transaction rolled back: nothing of this article was written.
        return IngestResult("failed", name, message=f"database error: {error}".strip())


def prepare(name: str, decoded: Decoded, *, content_hash: str, source_path: str) -> Prepared:
    """Clean, read metadata and hash bands; refuse a file with no story text left."""
    if len(name) > Article._meta.get_field("name").max_length:
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
        meta=extract_metadata(clean),
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
    if existing_id is not None:
        return IngestResult("updated", article.name, article.id, "content changed")
    if article.duplicate_of_id:
        return IngestResult("duplicate", article.name, article.id, duplicate_message(article))
    return IngestResult("new", article.name, article.id)


def fill_article(article: Article, prepared: Prepared) -> None:
    """Copy file-derived values onto the article, leaving hand-corrected fields alone."""
    meta, locked = prepared.meta, set(article.locked_fields or [])
    article.source_path = prepared.source_path
    article.content_hash = prepared.content_hash
    article.encoding = prepared.decoded.encoding
    article.raw_text = prepared.decoded.text
    article.body = prepared.clean.body
    article.offset_map = prepared.clean.offset_map
    article.url = meta.url
    article.author = meta.author
    for field in LOCKABLE:
        if field not in locked:
            setattr(article, field, getattr(meta, field))
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


def duplicate_message(article: Article) -> str:
    return f"near-duplicate of {article.duplicate_of.name} ({article.duplicate_score:.0%})"
