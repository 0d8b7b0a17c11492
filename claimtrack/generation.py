"""The data generation: a token that changes whenever any process commits a write.

Cached pages and ETags are keyed by it, so a write anywhere (the admin, ingest, extract,
a bulk insert or a raw UPDATE) makes every cached page stale at once, with no list of
which page shows which row. Writes are seen at the database cursor rather than through
model signals: bulk_create, QuerySet.update() and fast deletes send no signals, and a
post_delete receiver would make Django fetch every row it deletes.

The token lives in the default cache, which must be shared by all processes for this to
hold (see settings.CLAIMTRACK_PAGE_CACHE). COPY through psycopg's own cursor bypasses
Django and is not seen: the synthetic loader, the only user, runs outside serving.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

KEY = "claimtrack:generation"
WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.IGNORECASE
)
# Writes that change no page: sessions, login throttling, the cache table.
QUIET_TABLES = frozenset({"django_session", "django_cache"})
QUIET_PREFIXES = ("axes_",)


def current() -> str:
    """The current token, made on first use (or after the cache was emptied)."""
    token = cache.get(KEY)
    if token is None:
        cache.add(KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(KEY, "")
    return token


def bump() -> None:
    """Start a new generation. A cache failure is logged, never raised into a write."""
    try:
        cache.set(KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        logger.exception("Could not move the data generation on; cached pages may be stale")


def changes_pages(sql: str) -> bool:
    match = WRITE.match(sql)
    if not match:
        return False
    table = match.group(1).lower()
    return table not in QUIET_TABLES and not table.startswith(QUIET_PREFIXES)


def after_commit_of_writes(
    connection: BaseDatabaseWrapper,
    *,
    marker: str,
    writes: Callable[[str], bool],
    callback: Callable[[], None],
    manual: Callable[[], None],
) -> None:
    """Run ``callback`` once after each committed transaction on ``connection`` that
    executed SQL ``writes`` accepts; ``manual`` when such SQL runs in a manual transaction,
    where nothing can be scheduled for a commit.

    connection_created fires on every reconnect of the same wrapper object; ``marker`` (an
    attribute set on it) keeps to one watcher per connection and purpose."""
    if getattr(connection, marker, False):
        return
    setattr(connection, marker, True)

    # sql is a str, or a psycopg Composable from code that builds SQL with psycopg.sql.
    def wrapper(
        execute: Callable[..., object],
        sql: object,
        params: object,
        many: bool,
        context: dict[str, Any],
    ) -> object:
        result = execute(sql, params, many, context)
        # Once per transaction: on_commit runs it at once in autocommit mode. The check is
        # against the pending list itself, so a callback dropped with a rolled-back
        # savepoint is registered again by the next write.
        if (
            isinstance(sql, str)
            and writes(sql)
            and not any(entry[1] is callback for entry in connection.run_on_commit)
        ):
            try:
                transaction.on_commit(callback, using=connection.alias)
            except transaction.TransactionManagementError:  # manual transactions
                manual()
        return result

    connection.execute_wrappers.append(wrapper)


def watch(connection: BaseDatabaseWrapper) -> None:
    """Move the generation on after each committed write on ``connection``."""
    after_commit_of_writes(
        connection,
        marker="claimtrack_watched",
        writes=changes_pages,
        callback=_bump_once,
        manual=bump,
    )


def _bump_once() -> None:
    # Its own function, so the check for one callback per transaction finds it.
    bump()


def on_connection_created(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **kwargs: object
) -> None:
    watch(connection)
