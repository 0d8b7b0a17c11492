"""A PostgreSQL restart in the middle of a queued run: tasks that meet the dead database
retry with backoff, and the run completes with every file stored and extracted.

The test starts a cluster of its own (initdb, pg_ctl) on a free port and restarts only
that one; the shared server on 5432 is never touched. Everything talks to that cluster
through subprocesses (migrate, ingest --queue, a celery worker), so no test database of
pytest-django's is needed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from .conftest import ROOT, SEEDS, Workers, wait_until, worker_env

PG_BIN = Path("/usr/lib/postgresql/15/bin")

pytestmark = [
    pytest.mark.skipif(not SEEDS.exists(), reason="shared/ is not beside this checkout"),
    pytest.mark.skipif(not (PG_BIN / "initdb").exists(), reason="PostgreSQL 15 binaries missing"),
]


def as_postgres(*args: str) -> list[str]:
    """initdb and pg_ctl refuse to run as root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="claimtrack-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            as_postgres(
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
        )

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.dir / "server.log"),
                "-w",
                *args,
            ),
            check=True,
            capture_output=True,
        )

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def query(self, sql: str) -> list[tuple]:
        with psycopg.connect(self.url("ct_restart"), autocommit=True) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture
def cluster():
    cluster = Cluster()
    cluster.pg_ctl("start")
    yield cluster
    cluster.pg_ctl("stop", "-m", "immediate")
    shutil.rmtree(cluster.dir, ignore_errors=True)


def manage(cluster: Cluster, *args: str) -> str:
    env = worker_env(DATABASE_URL=cluster.url("ct_restart"))
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def states(cluster: Cluster) -> dict[str, int]:
    try:
        return dict(cluster.query("SELECT state, count(*) FROM claims_ingesttask GROUP BY state"))
    except psycopg.OperationalError:
        return {}  # the server is restarting


def test_a_run_completes_across_a_postgresql_restart(cluster, broker, tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    shutil.copytree(SEEDS, folder / "copies")
    total = len(list(folder.rglob("*.txt")))
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE ct_restart")
    manage(cluster, "migrate", "--verbosity=0")
    manage(cluster, "ingest", "--queue", str(folder))
    workers = Workers(tmp_path)
    try:
        workers.start("worker", DATABASE_URL=cluster.url("ct_restart"))
        wait_until(
            lambda: states(cluster).get("done", 0) >= 1,
            timeout=180,
            why="the worker has done a file",
            logs=workers.logs,
        )
        cluster.pg_ctl("stop", "-m", "fast")  # drops every connection the worker holds
        time.sleep(3)
        cluster.pg_ctl("start")
        wait_until(
            lambda: states(cluster).get("done", 0) == total,
            timeout=240,
            why="every file is done",
            logs=workers.logs,
        )
    finally:
        workers.stop_all()

    assert "Retry in" in workers.logs()  # the restart was met, and retried
    assert states(cluster) == {"done": total}
    stored = cluster.query("SELECT count(DISTINCT name), count(*) FROM articles_article")
    assert stored == [(total, total)]
    assert cluster.query(
        "SELECT count(*) FROM articles_article WHERE extraction_state <> 'extracted'"
    ) == [(0,)]
