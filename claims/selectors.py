"""Reads the public pages share: tracked countries, their current stance, stance over time.

Each function returns a QuerySet or runs a fixed number of queries whatever the data size,
so the pages built on them keep a constant query count (pinned in tests/web).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek

from claims.models import Country, Stance, Statement

# A month strip longer than this stops being "compact"; older months are summarised away.
STRIP_MONTHS = 24
STANCE_LABELS = dict(Stance.choices)


def current_pk(country: Country | int | OuterRef) -> Coalesce:
    """SQL for the pk of a country's current-stance statement.

    Machine stances are only suggestions, so the latest dated statement a person verified
    or corrected wins over newer machine ones; then the latest dated machine one; an undated
    statement only when nothing is dated. Each branch walks the (speaker_country, date_said)
    index backwards and stops at the first match, and COALESCE runs a branch only when the
    one before found nothing, so the cost does not grow with a country's statement count.
    """
    base = (
        Statement.objects.visible()
        .filter(speaker_country=country)
        .exclude(stance=Stance.NEUTRAL)
        .values("pk")
    )
    dated = base.filter(date_said__isnull=False).order_by("-date_said", "-id")
    human = dated.filter(review__in=(Statement.Review.VERIFIED, Statement.Review.CORRECTED))
    return Coalesce(
        Subquery(human[:1]),
        Subquery(dated[:1]),
        Subquery(base.order_by("-id")[:1]),
        output_field=BigIntegerField(),
    )


def tracked_countries() -> QuerySet[Country]:
    """Countries shown on the overview: flagged as tracked, or spoken for in a statement.

    Annotated with ``statement_count`` and ``current_pk`` (the current-stance statement).
    """
    own = Statement.objects.visible().filter(speaker_country=OuterRef("pk"))
    return (
        Country.objects.filter(Q(is_tracked=True) | Exists(own))
        .annotate(
            statement_count=Count(
                "own_statements",
                filter=~Q(own_statements__review=Statement.Review.REJECTED),
            ),
            current_pk=current_pk(OuterRef("pk")),
        )
        .order_by("name")
    )


def current_statements(countries: list[Country]) -> dict[int, Statement]:
    """The current-stance statements of ``countries`` (annotated by tracked_countries)."""
    pks = [c.current_pk for c in countries if c.current_pk]
    return Statement.objects.for_list().in_bulk(pks)


def current_stance_of(country: Country) -> Statement | None:
    return Statement.objects.for_list().filter(pk=current_pk(country.pk)).first()


def month_strips(countries: list[Country]) -> tuple[list[dt.date], dict[int, list[dict]]]:
    """Per country, one cell per month: the most frequent non-neutral stance that month.

    Two queries: the newest date (an index lookup), then one aggregate over the last
    STRIP_MONTHS months only. Ties go to the stance said last in the month.
    """
    own = Statement.objects.visible().filter(speaker_country__in=[c.pk for c in countries])
    newest = own.aggregate(newest=Max("date_said"))["newest"]
    if newest is None:
        return [], {c.pk: [] for c in countries}
    since = _add_months(dt.date(newest.year, newest.month, 1), -(STRIP_MONTHS - 1))
    rows = list(
        own.filter(date_said__gte=since)
        .exclude(stance=Stance.NEUTRAL)
        .annotate(month=TruncMonth("date_said"))
        .values("speaker_country", "month", "stance")
        .annotate(n=Count("id"), last=Max("date_said"))
        .order_by()
    )
    months = _month_range([r["month"] for r in rows])
    best: dict[tuple[int, dt.date], dict] = {}
    for r in rows:
        key = (r["speaker_country"], r["month"])
        if key not in best or (r["n"], r["last"]) > (best[key]["n"], best[key]["last"]):
            best[key] = r
    strips: dict[int, list[dict]] = defaultdict(list)
    for c in countries:
        for m in months:
            cell = best.get((c.pk, m))
            stance = cell["stance"] if cell else ""
            strips[c.pk].append(
                {
                    "month": m,
                    "stance": stance,
                    "label": STANCE_LABELS.get(stance, "No statement"),
                    "n": cell["n"] if cell else 0,
                }
            )
    return months, strips


def _month_range(months: list[dt.date]) -> list[dt.date]:
    if not months:
        return []
    last = max(months)
    first = max(min(months), _add_months(last, -(STRIP_MONTHS - 1)))
    out, m = [], first
    while m <= last:
        out.append(m)
        m = _add_months(m, 1)
    return out


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def per_speaker_period(qs: QuerySet[Statement], period: str) -> list[dict]:
    """One row per speaker, period (week or month) and stance, counted in SQL.

    Researchers count "who held which stance that week", not how often newspapers repeated it.
    """
    trunc = TruncWeek if period == "week" else TruncMonth
    return list(
        qs.filter(date_said__isnull=False)
        .annotate(period=trunc("date_said"))
        .values("period", "speaker_id", "speaker__name", "speaker__slug", "stance")
        .annotate(n=Count("id"))
        .order_by("period", "speaker__name", "stance")
    )
