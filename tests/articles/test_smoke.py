"""The `make run` set-up steps (migrate, ingest seeds/) work on a throwaway SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from tests.articles.conftest import ROOT


def test_migrate_and_ingest_seeds_on_a_fresh_sqlite_file(tmp_path):
    database = tmp_path / "smoke.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "--noinput"], ["ingest", "seeds/", "--no-extract"]):
        done = subprocess.run(
            manage + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
    assert "4 new, 0 updated, 0 unchanged, 1 duplicates, 0 failed" in done.stdout
    with sqlite3.connect(database) as connection:
        assert connection.execute("select count(*) from articles_article").fetchone() == (5,)
