from django.conf import settings
from django.db import connection


def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_postgresql_connections_run_without_jit(db):
    """Page queries over a large archive look costly to the planner and were compiled
    for longer than they ran; every connection turns JIT off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_spacy_model_is_a_setting():
    assert settings.CLAIMTRACK_SPACY_MODEL


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Concurrent ingests on SQLite wait for the write lock instead of failing at once."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}"}
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])\n"
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["wal", "20000"]


def test_each_make_test_run_can_name_its_own_test_database():
    import os

    assert settings.DATABASES["default"].get("TEST", {}).get("NAME") == os.environ.get(
        "CLAIMTRACK_TEST_DB_NAME"
    )
