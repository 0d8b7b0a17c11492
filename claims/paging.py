"""Paging for the public lists: a page knows whether another follows without a COUNT, and
date-ordered statement lists page by keyset ("older / newer"), so page 20,000 costs what
the first page does.

A keyset cursor names the last (or first) row shown: ``2025-10-22_1234`` for a dated
statement, ``_1234`` for an undated one. Undated statements come after the dated ones in
both date orders, as the pages have always listed them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest

PER_PAGE = 25


@dataclass(frozen=True)
class Window:
    """A page of rows that knows whether another follows, without a COUNT over the table.

    Keyset pages also carry the cursors of their "older" and "newer" links (``after``,
    ``before``); offset pages leave them None and link by page number.
    """

    items: list
    number: int
    has_next: bool
    has_prev: bool | None = None
    after: str | None = None
    before: str | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1 if self.has_prev is None else self.has_prev

    @property
    def keyset(self) -> bool:
        return self.after is not None or self.before is not None


def page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


def rows_window(request: HttpRequest, qs: QuerySet, per_page: int) -> Window:
    """The requested page of any rows, reading one row more to know whether another follows."""
    number = page_number(request)
    offset = (number - 1) * per_page
    rows = list(qs[offset : offset + per_page + 1])
    return Window(rows[:per_page], number, len(rows) > per_page)


# ---------------------------------------------------------------------------- keyset


Key = tuple[dt.date | None, int]


def encode_key(day: dt.date | None, pk: int) -> str:
    return f"{day.isoformat() if day else ''}_{pk}"


def decode_key(value: str | None) -> Key | None:
    """The (date, pk) a cursor names; None for a missing or malformed one."""
    day, sep, pk = (value or "").partition("_")
    if not sep or not pk.isdigit():
        return None
    try:
        return (dt.date.fromisoformat(day) if day else None), int(pk)
    except ValueError:
        return None


def _after(key: Key, desc: bool) -> Q:
    """Rows that come after ``key`` in the list's order, within the key's own part (dated
    or undated). Written as ``date <= d and not (date = d and id >= pk)`` (for newest
    first) so that PostgreSQL walks the (date_said, id) index from ``d``."""
    day, pk = key
    if day is None:
        return Q(pk__lt=pk) if desc else Q(pk__gt=pk)
    if desc:
        return Q(date_said__lte=day) & ~Q(date_said=day, pk__gte=pk)
    return Q(date_said__gte=day) & ~Q(date_said=day, pk__lte=pk)


class Keyset:
    """Newest first (``desc``) or oldest first, dated rows before undated ones; each read
    is a walk of the (date_said, id) index from the cursor that stops after the page."""

    def __init__(self, qs: QuerySet, *, desc: bool) -> None:
        self.qs, self.desc = qs, desc

    def _part(self, dated: bool, *, forward: bool) -> QuerySet:
        """The dated or undated rows, in the list's order (``forward``) or against it."""
        down = self.desc == forward  # descending read
        sign = "-" if down else ""
        if dated:
            part = self.qs.filter(date_said__isnull=False)
            return part.order_by(f"{sign}date_said", f"{sign}id")
        return self.qs.filter(date_said__isnull=True).order_by(f"{sign}id")

    def keys_after(self, key: Key | None, n: int) -> list[Key]:
        """Up to ``n`` keys following ``key`` in the list's order (from the top for None)."""
        keys: list[Key] = []
        if key is None or key[0] is not None:
            dated = self._part(True, forward=True)
            if key is not None:
                dated = dated.filter(_after(key, self.desc))
            keys = list(dated.values_list("date_said", "pk")[:n])
            key = None
        if len(keys) < n:
            undated = self._part(False, forward=True)
            if key is not None:
                undated = undated.filter(_after(key, self.desc))
            keys += list(undated.values_list("date_said", "pk")[: n - len(keys)])
        return keys

    def keys_before(self, key: Key, n: int) -> list[Key]:
        """Up to ``n`` keys preceding ``key``, nearest first."""
        keys: list[Key] = []
        if key[0] is None:
            undated = self._part(False, forward=False).filter(_after(key, not self.desc))
            keys = list(undated.values_list("date_said", "pk")[:n])
            if len(keys) < n:
                dated = self._part(True, forward=False)
                keys += list(dated.values_list("date_said", "pk")[: n - len(keys)])
            return keys
        dated = self._part(True, forward=False).filter(_after(key, not self.desc))
        return list(dated.values_list("date_said", "pk")[:n])


def keyset_window(
    request: HttpRequest,
    qs: QuerySet,
    per_page: int,
    *,
    desc: bool,
    load: Callable[[list[int]], list],
) -> Window | None:
    """The page a keyset cursor (``?after=`` or ``?before=``) asks for, its rows loaded by
    ``load`` (pks, in order); None when the request names no valid cursor."""
    after, before = decode_key(request.GET.get("after")), decode_key(request.GET.get("before"))
    if after is None and before is None:
        return None
    keyset = Keyset(qs, desc=desc)
    number = page_number(request)
    if after is not None:
        keys = keyset.keys_after(after, per_page + 1)
        shown, has_next, has_prev = keys[:per_page], len(keys) > per_page, True
    else:
        assert before is not None  # one of the two cursors, checked above
        keys = keyset.keys_before(before, per_page + 1)
        shown, has_next = keys[:per_page][::-1], True
        has_prev = len(keys) > per_page
    return _keyed(load([pk for _, pk in shown]), shown, number, has_next, has_prev)


def first_keyset_window(
    qs: QuerySet, per_page: int, *, desc: bool, load: Callable[[list[int]], list]
) -> Window:
    """The first page of a keyset listing, with the cursor of its "older" link."""
    keys = Keyset(qs, desc=desc).keys_after(None, per_page + 1)
    shown = keys[:per_page]
    return _keyed(load([pk for _, pk in shown]), shown, 1, len(keys) > per_page, False)


def _keyed(items: list, shown: list[Key], number: int, has_next: bool, has_prev: bool) -> Window:
    return Window(
        items,
        number,
        has_next,
        has_prev,
        after=encode_key(*shown[-1]) if shown and has_next else "",
        before=encode_key(*shown[0]) if shown and has_prev else "",
    )
