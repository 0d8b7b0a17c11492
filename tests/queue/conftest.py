"""The queue's tests use real Redis on a database number of their own (flushed before and
after each test, never another) and, for worker tests, real `celery worker` processes
pointed at the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from claimtrack.celery import app as celery_app

BROKER = os.environ.get("CLAIMTRACK_TEST_BROKER", "redis://127.0.0.1:6379/7")
ROOT = Path(settings.BASE_DIR)
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def broker():
    """Redis database 7, empty, as the app's broker for the test."""
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    before = celery_app.conf.broker_url
    use_broker(BROKER)
    yield client
    use_broker(before)
    client.flushdb()


def use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    # Drop pooled connections and producers to the previous broker (what Celery does in
    # a forked child), so the next send connects to `url`.
    celery_app._after_fork()


def worker_env(**extra: str) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": BROKER,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


class Workers:
    """`celery worker` processes, each in its own process group so kill -9 takes its
    pool children too, as a machine dying would."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.procs: list[subprocess.Popen] = []

    def start(self, name: str, **env: str) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the proc
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "claimtrack",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=info",
                "--without-mingle",
                "--without-gossip",
                "-n",
                f"{name}@%h",
            ],
            cwd=ROOT,
            env=worker_env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def logs(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.tmp_path.glob("*.log")))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture
def workers(tmp_path, broker):
    pool = Workers(tmp_path)
    yield pool
    pool.stop_all()


def wait_until(condition, *, timeout: float, why: str, logs=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {why}\n{logs()}"
        time.sleep(0.25)
