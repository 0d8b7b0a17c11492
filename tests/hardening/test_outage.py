"""A real PostgreSQL outage: 503 with Retry-After while it is down, and the first request
after it comes back succeeds.

The test starts a PostgreSQL cluster of its own (initdb/pg_ctl, on a free port, in a
temporary folder) and a one-worker gunicorn on it, then stops and restarts that cluster.
The shared server on 5432 is never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """initdb and pg_ctl refuse to run as root; run them as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120, **kwargs)


class Cluster:
    def __init__(self, folder: Path, port: int) -> None:
        self.data, self.port = folder / "data", port
        self.log = folder / "postgres.log"

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1"
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", "60", *args,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/claimtrack_outage"


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("needs PostgreSQL 15's initdb/pg_ctl and runuser on this machine")
    # Not under pytest's own temporary folder: the postgres user cannot enter root's.
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-outage-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = Cluster(folder, free_port())
    as_postgres(str(PG_BIN / "initdb"), "-D", str(cluster.data), "-A", "trust", "-U", "postgres")
    cluster.pg_ctl("start")
    try:
        as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port),
            "-U", "postgres", "claimtrack_outage",
        )  # fmt: skip
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(cluster):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMTRACK_"))}
    env.update(
        DATABASE_URL=cluster.url,
        SECRET_KEY="outage-test-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1",
        CLAIMTRACK_HTTPS="0",
        CLAIMTRACK_PLAIN_STATIC="1",
        CLAIMTRACK_PUBLIC_READ="1",
        CELERY_BROKER_URL="",
        CONN_MAX_AGE="600",
        CLAIMTRACK_RETRY_AFTER="17",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "claimtrack.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(base + "/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.slow
def test_a_database_outage_gives_503s_and_the_first_request_after_it_succeeds(cluster, server):
    assert get(server + "/")[0] == 200  # the worker now holds a persistent connection

    cluster.pg_ctl("stop", "-m", "fast")
    for _ in range(3):
        status, headers, body = get(server + "/")
        assert status == 503
        assert headers["Retry-After"] == "17"
        assert "briefly unavailable" in body
    status, _, body = get(server + "/healthz")
    assert status == 503 and '"database": {"ok": false' in body

    cluster.pg_ctl("start")
    status, _, body = get(server + "/")  # the very first request after the restart
    assert status == 200, body[:500]
    assert get(server + "/healthz")[0] == 200
