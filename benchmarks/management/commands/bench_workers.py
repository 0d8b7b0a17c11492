"""python manage.py bench_workers [--workers 1 2] [--broker URL] [--json] PATH ...

Throughput of the ingest queue (issue 11): for each worker count N, a fresh scratch
database (the configured one is left alone), a Celery worker with N processes started and
its spaCy models loaded before the clock starts, then every file queued with
``ingest --queue``'s own code and the clock stopped when no task is queued or running.
Prints words/s for each N beside raw ``nlp.pipe`` (one process, the shipped model, the
same texts, the same run), their ratio, and the speed-up of N processes over one.

The broker is a Redis database of its own (``--broker``, default db 15), purged before
each run, so a real queue on the same server is not touched.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import spacy
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from benchmarks.management.commands.bench_extract import _files, _scratch_database
from claimtrack.celery import app

logger = logging.getLogger(__name__)

READY_TIMEOUT_S = 300
RUN_TIMEOUT_S = 3600
POLL_S = 0.2


class Run(TypedDict):
    workers: int
    seconds: float
    words_per_s: float
    files_per_s: float
    ratio_to_raw_nlp_pipe: float
    tasks: dict[str, int]
    speedup_over_1: NotRequired[float | None]


class Command(BaseCommand):
    help = "Benchmark queued ingest with 1 and 2 (or N) worker processes against nlp.pipe."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
        parser.add_argument("--broker", default="redis://127.0.0.1:6379/15")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: object, **opts: Any) -> None:  # noqa: ANN401 (argparse's values)
        if connection.vendor != "postgresql":
            raise CommandError("bench_workers needs PostgreSQL (workers share the database)")
        files = _files(list(opts["paths"]))
        texts = [f.read_bytes().decode("utf-8", errors="replace") for f in files]
        words = sum(len(t.split()) for t in texts)

        raw_nlp = spacy.load(settings.CLAIMTRACK_SPACY_MODEL)
        list(raw_nlp.pipe(["Warm-up: the minister said the model is loaded."]))
        started = time.perf_counter()
        for _doc in raw_nlp.pipe(texts):
            pass
        raw_s = time.perf_counter() - started
        del raw_nlp

        runs: list[Run] = []
        for n in opts["workers"]:
            with _scratch_database():
                seconds, states = self._run(files, n, str(opts["broker"]))
            runs.append(
                {
                    "workers": n,
                    "seconds": round(seconds, 2),
                    "words_per_s": round(words / seconds, 1),
                    "files_per_s": round(len(files) / seconds, 2),
                    "ratio_to_raw_nlp_pipe": round(raw_s / seconds, 3),
                    "tasks": dict(states),
                }
            )
        one = next((r for r in runs if r["workers"] == 1), None)
        for r in runs:
            r["speedup_over_1"] = round(r["words_per_s"] / one["words_per_s"], 2) if one else None
        result = {
            "files": len(files),
            "words": words,
            "model": settings.CLAIMTRACK_SPACY_MODEL,
            "cpus": os.cpu_count(),
            "load_average_1m": round(os.getloadavg()[0], 2),
            "raw_nlp_pipe_words_per_s": round(words / raw_s, 1),
            "runs": runs,
        }
        if opts["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{len(files)} files, {words} words; raw nlp.pipe (1 process) "
            f"{result['raw_nlp_pipe_words_per_s']} words/s; load {result['load_average_1m']}"
        )
        self.stdout.write("workers  seconds  words/s  files/s  ratio  speed-up  tasks")
        for r in runs:
            self.stdout.write(
                f"{r['workers']:>7}  {r['seconds']:>7}  {r['words_per_s']:>7}  "
                f"{r['files_per_s']:>7}  {r['ratio_to_raw_nlp_pipe']:>5}  "
                f"{r['speedup_over_1']!s:>8}  {r['tasks']}"
            )

    def _run(self, files: list[Path], n: int, broker: str) -> tuple[float, Counter[str]]:
        """Seconds from queueing every file to the last task ending, with n processes."""
        from claims import tasks
        from claims.queue_models import IngestTask

        app.conf.broker_url = broker
        app.control.purge()
        worker = _Worker(n, broker, connection.settings_dict)
        try:
            worker.wait_ready()
            started = time.perf_counter()
            tasks.enqueue(files)
            deadline = started + RUN_TIMEOUT_S
            open_states = (IngestTask.State.QUEUED, IngestTask.State.RUNNING)
            while IngestTask.objects.filter(state__in=open_states).exists():
                if worker.proc.poll() is not None:
                    raise CommandError(f"the worker exited: {worker.tail()}")
                if time.perf_counter() > deadline:
                    raise CommandError("the queue did not drain in time")
                time.sleep(POLL_S)
            seconds = time.perf_counter() - started
        finally:
            worker.stop()
        states = Counter(IngestTask.objects.values_list("state", flat=True))
        if states.get(IngestTask.State.FAILED):
            failed = IngestTask.objects.filter(state=IngestTask.State.FAILED)
            raise CommandError(f"tasks failed: {list(failed.values_list('name', 'reason')[:3])}")
        return seconds, states


class _Worker:
    """`celery worker --concurrency n` on the scratch database, its output collected."""

    def __init__(self, n: int, broker: str, db: dict[str, Any]) -> None:
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": broker,
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "INFO",  # wait_ready reads the processes' "loaded" lines
        }
        self.n = n
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "claimtrack",
                "worker",
                f"--concurrency={n}",
                "--pool=prefork",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=bench{n}-{os.getpid()}@%h",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def tail(self, n: int = 5) -> str:
        return " | ".join(self.lines[-n:])

    def wait_ready(self) -> None:
        """Until the worker is ready and each of its processes has loaded the model."""
        deadline = time.perf_counter() + READY_TIMEOUT_S
        while True:
            text = list(self.lines)
            loaded = sum(" loaded " in line and "worker process" in line for line in text)
            if loaded >= self.n and any(" ready." in line for line in text):
                return
            if self.proc.poll() is not None:
                raise CommandError(f"the worker exited before it was ready: {self.tail()}")
            if time.perf_counter() > deadline:
                raise CommandError(f"the worker was not ready in time: {self.tail()}")
            time.sleep(POLL_S)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                logger.warning("the benchmark worker did not stop on SIGTERM; killing it")
                self.proc.kill()
                self.proc.wait()
        connection.close()  # the scratch database is dropped next; no session may remain
