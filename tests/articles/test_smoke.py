"""The `make run` set-up steps (migrate, ingest seeds/) work on a throwaway SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from tests.articles.conftest import ROOT


def test_the_run_commands_set_up_steps_work_on_a_fresh_sqlite_file(tmp_path):
    """Exactly what `make run` does before serving: migrate, then ingest (and extract)."""
    database = tmp_path / "smoke.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "--noinput"], ["ingest", "seeds/"]):
        done = subprocess.run(
            manage + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
    assert "4 new, 0 updated, 0 unchanged, 1 duplicates, 0 failed" in done.stdout
    with sqlite3.connect(database) as connection:
        assert connection.execute("select count(*) from articles_article").fetchone() == (5,)
        (statements,) = connection.execute("select count(*) from claims_statement").fetchone()
    assert statements > 20


def test_ingest_exits_non_zero_and_names_each_bad_file(tmp_path):
    database = tmp_path / "smoke.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Ministers met on Tuesday to discuss the plan.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(b"\x00\xff\x00")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(manage + ["migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    done = subprocess.run(
        manage + ["ingest", str(folder), "--no-extract"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode != 0
    failed = [line for line in done.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 2
    assert "1 new, 0 updated, 0 unchanged, 0 duplicates, 2 failed" in done.stdout


def _run_on_a_terminal(argv: list[str], env: dict[str, str]) -> bytes:
    """Run argv with a pseudo-terminal of 100 columns as its stdio; return what it printed."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # child: give the terminal a width, or tqdm draws an empty bar
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        os.chdir(ROOT)
        os.execve(argv[0], argv, env)
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    return output


def test_progress_bar_is_drawn_on_a_terminal_and_not_with_quiet(tmp_path):
    database = tmp_path / "tty.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(manage + ["migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    shown = _run_on_a_terminal(manage + ["ingest", "seeds/", "--no-extract"], env)
    assert b"5/5" in shown
    quiet = _run_on_a_terminal(manage + ["ingest", "seeds/", "--no-extract", "--quiet"], env)
    assert b"5/5" not in quiet
    assert b"5 unchanged" in quiet
