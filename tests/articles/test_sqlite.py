"""SQLite connections are set up for more than one process: WAL and a busy timeout."""

from __future__ import annotations

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from articles.sqlite import BUSY_TIMEOUT_MS


# pytest-django guards every connection; this one is a throwaway SQLite file.
@pytest.mark.django_db
def test_a_new_sqlite_connection_uses_wal_and_waits_for_a_busy_writer(tmp_path, settings):
    wrapper = DatabaseWrapper(
        {
            **settings.DATABASES["default"],
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "db.sqlite3"),
            "OPTIONS": {},
        }
    )
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == BUSY_TIMEOUT_MS
    finally:
        wrapper.close()
