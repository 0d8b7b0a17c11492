"""`make serve` as a clean deployment runs it: SQLite, debug off, plain HTTP (issue 11)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str) -> tuple[int, dict, bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.slow
def test_make_serve_answers_health_login_redirect_and_stylesheet(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMTRACK_"))}
    env.update(
        SECRET_KEY="serve-test-secret-key-0123456789-abcdefghijklmnopqrstuv",
        ALLOWED_HOSTS="127.0.0.1",
        CLAIMTRACK_HTTPS="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'claimtrack.sqlite3'}",
        CACHE_URL=f"file://{tmp_path / 'cache'}",
    )
    venv = Path(sys.executable).parent.parent
    stamp = venv / ".installed-stamp"  # installed already: make must not reinstall
    command = ["make", "-o", str(stamp), "serve", f"VENV={venv}", f"PORT={port}", "WORKERS=2"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _, body = fetch(base + "/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert server.poll() is None, server.stdout.read().decode()[-3000:]
        assert status == 200, body
        status, headers, _ = fetch(base + "/")
        assert status == 302 and headers["Location"].startswith("/accounts/login/")
        status, headers, page = fetch(base + "/accounts/login/")
        assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
        stylesheet = page.decode().split('rel="stylesheet" href="')[1].split('"')[0]
        assert ".css" in stylesheet and stylesheet != "/static/css/claimtrack.css"  # hashed
        assert fetch(base + stylesheet)[0] == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the gunicorn it started
        server.wait(timeout=60)
