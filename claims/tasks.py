"""Queue tasks: one file per task, ingested then extracted through claims.pipeline_runs'
pieces, with its state in the database (claims.IngestTask).

    enqueue(paths)      record a task per file under `paths` and send the ones not done
    ingest_one(id)      the worker's task: store the file, extract it, mark the task

Nothing lost: tasks are acknowledged late and rejected back to the queue when their worker
dies (settings), and a task whose database or broker fails is retried with backoff.
Nothing duplicated: a (file name, content hash) is one task; a task already done returns at
once, and a path another worker holds is left to it (pipeline_runs.claim_path). Bad input is
never retried: its task is marked failed with the reason, and the admin can retry it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from celery import Task, shared_task
from celery.signals import worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from kombu.exceptions import OperationalError as BrokerError

from articles.ingest import Entry, IngestResult, ingest_file, iter_entries
from articles.models import Article
from claims import pipeline_runs
from claims.nlp.pipeline import get_nlp
from claims.queue_models import IngestTask

if TYPE_CHECKING:
    from billiard.einfo import ExceptionInfo

logger = logging.getLogger(__name__)

State = IngestTask.State
# Seconds before a task whose path another worker holds looks again.
BUSY_COUNTDOWN = 5


class Transient(Exception):
    """A failure of the database or the broker, not of the file: worth retrying."""


RETRY_ON = (OperationalError, InterfaceError, BrokerError, Transient)


# --------------------------------------------------------------------------- enqueue


def enqueue(paths: Iterable[str | Path]) -> Counter[str]:
    """Record a task for every file under `paths` and send those not already done.

    Returns how many were sent ("queued"), found done ("done") or refused before any
    worker saw them ("failed": not a regular file, unreadable)."""
    counts: Counter[str] = Counter()
    for entry in iter_entries(paths):
        task = _record(entry)
        counts[task.state] += 1
        if task.state == State.QUEUED:
            send(task.id)
    return counts


def _record(entry: Entry) -> IngestTask:
    path = str(entry.path.resolve())
    content_hash, problem = _hash(entry)
    task, created = IngestTask.objects.get_or_create(
        name=entry.name, content_hash=content_hash, defaults={"path": path}
    )
    if problem:
        _mark(task, State.FAILED, reason=problem)
    elif task.state != State.DONE:
        # Sent again even if queued or running: the broker may have lost the message; a
        # copy finds the task done, or the path held, and does nothing twice.
        _mark(task, State.QUEUED, path=path, reason="")
    return task


def _hash(entry: Entry) -> tuple[str, str]:
    """The file's SHA-256, or ("", why it cannot be a task)."""
    if entry.problem:
        return "", entry.problem
    try:
        with open(entry.path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest(), ""
    except OSError as error:
        return "", f"cannot read the file: {error.strerror or error}"


def send(task_id: int) -> None:
    """Send once the row is committed, so the worker finds it."""
    transaction.on_commit(lambda: ingest_one.delay(task_id))


def _mark(task: IngestTask, state: str, **fields: object) -> None:
    for name, value in {"state": state, **fields}.items():
        setattr(task, name, value)
    task.save(update_fields=["state", *fields, "updated_at"])


# --------------------------------------------------------------------------- the task


@worker_process_init.connect
def load_model(**_kwargs: object) -> None:
    """Load spaCy as each worker process starts, not on its first file: the first task
    then takes as long as any other, and a process that cannot load the model fails at
    start instead of failing files (settings.CELERY_WORKER_PROC_ALIVE_TIMEOUT allows for
    the load)."""
    started = time.perf_counter()
    get_nlp(settings.CLAIMTRACK_SPACY_MODEL)
    logger.info(
        "worker process %d loaded %s in %.1f s",
        os.getpid(),
        settings.CLAIMTRACK_SPACY_MODEL,
        time.perf_counter() - started,
    )


class IngestOne(Task):
    def on_failure(
        self,
        exc: BaseException,
        task_id: str,
        args: tuple[int, ...],  # ingest_one's: (task_id,)
        kwargs: dict[str, object],
        einfo: ExceptionInfo,
    ) -> None:
        """Retries exhausted, or a fault in our code: the task fails for good, with why."""
        reason = f"gave up after {self.request.retries + 1} tries: {type(exc).__name__}: {exc}"
        try:
            IngestTask.objects.filter(id=args[0]).update(state=State.FAILED, reason=reason)
        except (OperationalError, InterfaceError):
            logger.exception("could not record the failure of ingest task %s", args[0])


@shared_task(
    bind=True,
    base=IngestOne,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=RETRY_ON,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=10,
)
def ingest_one(self: Task, task_id: int) -> str:
    """Ingest and extract the file of IngestTask `task_id`; returns its final state."""
    task = IngestTask.objects.filter(id=task_id).first()
    if task is None or task.state == State.DONE:
        return "done"
    with pipeline_runs.claim_path(Path(task.path)) as mine:
        if not mine:
            # Another worker has this file (a redelivered copy): look again later.
            raise self.retry(countdown=BUSY_COUNTDOWN, max_retries=None)
        return run(task)


def run(task: IngestTask) -> str:
    IngestTask.objects.filter(id=task.id).update(state=State.RUNNING, attempts=F("attempts") + 1)
    result = ingest_file(Path(task.path), name=task.name)
    if result.article_id is None:
        return _failed_input(task, result)
    if result.needs_extraction:
        pipeline_runs.extract_stored([result.article_id])
    state, error = Article.objects.values_list("extraction_state", "extraction_error").get(
        id=result.article_id
    )
    if state == Article.Extraction.PENDING:
        # Extraction lost its database writes (the store retried and gave up): try again.
        raise Transient(f"{task.name}: still pending extraction")
    if state == Article.Extraction.FAILED:
        _mark(
            task, State.FAILED, reason=f"extraction failed: {error}", article_id=result.article_id
        )
        return State.FAILED
    _mark(task, State.DONE, reason="", article_id=result.article_id)
    return State.DONE


def _failed_input(task: IngestTask, result: IngestResult) -> str:
    if result.message.startswith("database error"):
        # ingest_text reports a failed write as a result; the file itself may be fine.
        raise Transient(f"{task.name}: {result.message}")
    logger.warning("ingest task %s failed: %s", task.name, result.message)
    _mark(task, State.FAILED, reason=result.message)
    return State.FAILED
