"""SQLite tuned for more than one process: write-ahead logging, so readers never block the
writer, and a busy timeout, so a second writer waits its turn instead of failing at once
with "database is locked". PostgreSQL needs none of this."""

from __future__ import annotations

from django.db.backends.signals import connection_created

# How long (ms) a writer waits for another process's transaction to finish.
BUSY_TIMEOUT_MS = 30_000


def tune_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so it waits out
    # the busy timeout. A deferred one that read first fails at once with "database is
    # locked" when it tries to write while another process writes (it cannot upgrade).
    # Settings may choose otherwise with OPTIONS["transaction_mode"].
    if connection.transaction_mode is None:
        connection.transaction_mode = "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")


def connect() -> None:
    connection_created.connect(tune_sqlite, dispatch_uid="articles.sqlite.tune_sqlite")
