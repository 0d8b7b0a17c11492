"""Reads the public pages share: tracked countries, their current stance, stance over time.

Each function returns a QuerySet or runs a fixed number of queries whatever the data size,
so the pages built on them keep a constant query count (pinned in tests/web).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncMonth, TruncWeek

from claims.models import Country, Stance, Statement

# A month strip longer than this stops being "compact"; older months are summarised away.
STRIP_MONTHS = 24
STANCE_LABELS = dict(Stance.choices)


def current_stance_order(qs: QuerySet[Statement]) -> QuerySet[Statement]:
    """Order statements so the first one is a country's current stance.

    Machine stances are only suggestions, so a statement a person verified or corrected
    wins over a newer machine one; within each group the latest said wins.
    """
    human_first = Case(
        When(review__in=(Statement.Review.VERIFIED, Statement.Review.CORRECTED), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.exclude(stance=Stance.NEUTRAL).order_by(
        human_first, F("date_said").desc(nulls_last=True), "-id"
    )


def tracked_countries() -> QuerySet[Country]:
    """Countries shown on the overview: flagged as tracked, or spoken for in a statement.

    Annotated with ``statement_count`` and ``current_pk`` (the current-stance statement).
    """
    own = Statement.objects.visible().filter(speaker_country=OuterRef("pk"))
    current = current_stance_order(own).values("pk")[:1]
    return (
        Country.objects.filter(Q(is_tracked=True) | Exists(own))
        .annotate(
            statement_count=Count(
                "own_statements",
                filter=~Q(own_statements__review=Statement.Review.REJECTED),
            ),
            current_pk=Subquery(current),
        )
        .order_by("name")
    )


def current_statements(countries: list[Country]) -> dict[int, Statement]:
    """The current-stance statements of ``countries`` (annotated by tracked_countries)."""
    pks = [c.current_pk for c in countries if c.current_pk]
    return Statement.objects.for_list().in_bulk(pks)


def current_stance_of(country: Country) -> Statement | None:
    return current_stance_order(
        Statement.objects.visible().speaking_for(country).for_list()
    ).first()


def month_strips(countries: list[Country]) -> tuple[list[dt.date], dict[int, list[dict]]]:
    """Per country, one cell per month: the most frequent non-neutral stance that month.

    One aggregate query; ties go to the stance said last in the month.
    """
    rows = list(
        Statement.objects.visible()
        .filter(speaker_country__in=[c.pk for c in countries], date_said__isnull=False)
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
