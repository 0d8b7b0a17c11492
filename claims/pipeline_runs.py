"""Ingest then extract: the one place that joins `articles` (files in) to `claims` (claims
out). The `ingest` and `extract` commands call it, and so can queue workers, with a file
or a list of article ids.

    ingest_and_extract(paths)   store every file, extracting each small batch soon after it
                                is stored; finish whatever an earlier run left pending
    ingest_one(entry)           one file (a queue task's unit of work): store, then extract
                                if it is new, changed or still pending
    extract_stored(ids)         extract stored articles, then date undated articles from
                                the statements they share with dated ones

State lives in the database, not in the run: every stored article is ``pending`` until the
transaction that stores its claims marks it ``extracted`` (or ``failed``, with the reason).
A run killed at any point leaves only pending articles, which the next `ingest` of the same
files or `extract --pending` completes.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

from django.db import connection

from articles.ingest import Entry, IngestResult, ingest_entry, iter_entries
from articles.models import Article
from claims import services
from claims.services import ExtractReport

logger = logging.getLogger(__name__)

# Articles stored between two extractions: small enough that a dying run loses little
# time, large enough for spaCy's batching to pay.
EXTRACT_EVERY = 16
BUSY = "already being ingested by another run"


@dataclass
class RunReport:
    counts: Counter[str] = field(default_factory=Counter)
    extraction: ExtractReport = field(default_factory=ExtractReport)
    extracted_ids: list[int] = field(default_factory=list)


def ingest_and_extract(
    paths: Iterable[str | Path],
    *,
    max_bytes: int | None = None,
    extract: bool = True,
    on_result: Callable[[Entry, IngestResult], None] | None = None,
    batch_size: int = EXTRACT_EVERY,
) -> RunReport:
    """Ingest files and folders; extract each batch of stored articles as soon as it fills.

    A folder another run is ingesting at this moment is reported ("skipped") and left to
    it. Extraction failures are recorded on the articles and in the report; they never
    stop the run."""
    report = RunReport()
    notify = on_result or (lambda entry, result: None)
    # The paths stay claimed until the last extraction is done, so a second run cannot
    # start on work this one still holds.
    with ExitStack() as held:
        pending: list[int] = []
        for entry in iter_entries(_claim(paths, held, report, notify)):
            result = ingest_entry(entry, max_bytes=max_bytes)
            report.counts[result.status] += 1
            notify(entry, result)
            if extract and result.needs_extraction and result.article_id is not None:
                pending.append(result.article_id)
            if len(pending) >= batch_size:
                _extract_batch(pending, report)
                pending = []
        if extract:
            _extract_batch(pending, report)
            _extract_batch(services.date_from_statements(article_ids=report.extracted_ids), report)
    return report


def _claim(
    paths: Iterable[str | Path],
    held: ExitStack,
    report: RunReport,
    notify: Callable[[Entry, IngestResult], None],
) -> list[Path]:
    """The paths this run may ingest; the others are reported as skipped."""
    mine = []
    for path in dict.fromkeys(map(Path, paths)):
        if held.enter_context(claim_path(path)):
            mine.append(path)
            continue
        report.counts["skipped"] += 1
        notify(
            Entry(path, str(path), BUSY, "skipped"),
            IngestResult("skipped", str(path), message=BUSY),
        )
    return mine


def _extract_batch(article_ids: list[int], report: RunReport) -> None:
    if article_ids:
        report.extraction.add(services.extract_articles(article_ids=article_ids))
        report.extracted_ids.extend(article_ids)


def ingest_one(entry: Entry, *, max_bytes: int | None = None) -> RunReport:
    """One file keyed as `entry.name` (from `iter_entries`, computed when the work was
    queued): stored, then extracted unless it is unchanged and already extracted. Running
    it twice, or after a worker died half-way, ends in the same state."""
    report = RunReport()
    result = ingest_entry(entry, max_bytes=max_bytes)
    report.counts[result.status] += 1
    if result.needs_extraction and result.article_id is not None:
        _extract_batch([result.article_id], report)
        _extract_batch(services.date_from_statements(article_ids=[result.article_id]), report)
    return report


class ExtractOptions(TypedDict, total=False):
    """Settings of an extraction run (services.extract_articles) a caller may choose."""

    batch_size: int
    n_process: int


def extract_stored(
    article_ids: list[int],
    *,
    progress: services.Progress | None = None,
    **options: Unpack[ExtractOptions],
) -> ExtractReport:
    """Extract stored articles (the `extract` command), then date the undated ones from
    the statements they share with dated articles and extract those again."""
    report = services.extract_articles(article_ids=article_ids, progress=progress, **options)
    dated = services.date_from_statements(article_ids=article_ids)
    if dated:
        report.add(services.extract_articles(article_ids=dated, **options))
    return report


def pending_ids() -> list[int]:
    return list(Article.objects.pending().order_by("id").values_list("id", flat=True))


# --------------------------------------------------------------------------- one run per path


@contextmanager
def claim_path(path: Path) -> Iterator[bool]:
    """True while this process is the only run ingesting `path`; False if another has it.

    On PostgreSQL a session advisory lock, which the server drops when the process dies
    (even by kill -9); elsewhere an flock on a file named after the path, which the kernel
    drops the same way."""
    key = str(path.resolve())
    if connection.vendor == "postgresql":
        with _advisory_lock(key) as held:
            yield held
    else:
        with _file_lock(key) as held:
            yield held


def _lock_id(key: str) -> int:
    digest = hashlib.blake2b(f"ingest:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def _advisory_lock(key: str) -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_id(key)])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_lock_id(key)])


@contextmanager
def _file_lock(key: str) -> Iterator[bool]:
    name = hashlib.sha256(key.encode()).hexdigest()[:24]
    lock_path = Path(tempfile.gettempdir()) / f"claimtrack-ingest-{name}.lock"
    with open(lock_path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
