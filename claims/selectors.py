"""Reads the public pages share: tracked countries, their current stance, stance over time.

Each function returns a QuerySet or runs a fixed number of queries whatever the data size,
so the pages built on them keep a constant query count (pinned in tests/web).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

from claims.models import Country, CountryStatementCount, Stance, Statement

# A month strip longer than this stops being "compact"; older months are summarised away.
STRIP_MONTHS = 24
STANCE_LABELS = dict(Stance.choices)


def _own_non_neutral(country: Country | int | OuterRef) -> QuerySet[Statement]:
    return (
        Statement.objects.visible().filter(speaker_country=country).exclude(stance=Stance.NEUTRAL)
    )


def current_pk(country: Country | int | OuterRef) -> Coalesce:
    """SQL for the pk of a country's current-stance statement.

    Machine stances are only suggestions, so the latest dated statement a person verified
    or corrected wins over newer machine ones; then the latest dated machine one; an undated
    statement only when nothing is dated. COALESCE runs a branch only when the one before
    found nothing. Ordered by date alone (no id tie-break) so PostgreSQL walks the
    (speaker_country, date_said) index backwards and stops at the first match: the cost
    does not grow with a country's statement count.
    """
    base = _own_non_neutral(country).values("pk")
    dated = base.filter(date_said__isnull=False).order_by("-date_said")
    human = dated.filter(review__in=(Statement.Review.VERIFIED, Statement.Review.CORRECTED))
    undated = base.filter(date_said__isnull=True).order_by("-id")
    return Coalesce(
        Subquery(human[:1]),
        Subquery(dated[:1]),
        Subquery(undated[:1]),
        output_field=BigIntegerField(),
    )


def _statement_count(country: OuterRef) -> Coalesce:
    """Visible statements spoken for a country.

    On PostgreSQL, read from CountryStatementCount, which triggers keep current: counting
    live reads every index entry of every country, a million at scale. Elsewhere (the
    embedded SQLite default, small by nature): all of them less the rejected ones.
    """
    if connection.vendor == "postgresql":
        tally = CountryStatementCount.objects.filter(country=country).values("statements")
        return Coalesce(Subquery(tally), 0, output_field=BigIntegerField())

    def count(qs: QuerySet[Statement]) -> Coalesce:
        counted = qs.filter(speaker_country=country).order_by().values("speaker_country")
        return Coalesce(
            Subquery(counted.annotate(n=Count("*")).values("n")),
            0,
            output_field=BigIntegerField(),
        )

    return count(Statement.objects.all()) - count(
        Statement.objects.filter(review=Statement.Review.REJECTED)
    )


def strip_months() -> list[dt.date]:
    """The months the overview strip covers: up to STRIP_MONTHS, ending at the newest
    statement. One query, answered from the date index."""
    span = Statement.objects.visible().aggregate(first=Min("date_said"), last=Max("date_said"))
    if span["last"] is None:
        return []
    return _month_range([span["first"].replace(day=1), span["last"].replace(day=1)])


def tracked_countries(months: list[dt.date] = ()) -> list[Country]:
    """Countries shown on the overview: flagged as tracked, or spoken for in a statement.

    Annotated with ``statement_count``, ``current_pk`` (the current-stance statement) and,
    for each of ``months``, ``stance_<i>``: the stance in force at that month's end.
    Filtered in Python: the country table is small, and a SQL filter on the count would
    count every country's statements a second time.
    """
    in_force = {
        f"stance_{i}": Subquery(
            _own_non_neutral(OuterRef("pk"))
            .filter(date_said__lt=_add_months(month, 1))
            .order_by("-date_said")
            .values("stance")[:1]
        )
        for i, month in enumerate(months)
    }
    countries = Country.objects.annotate(
        statement_count=_statement_count(OuterRef("pk")),
        current_pk=current_pk(OuterRef("pk")),
        **in_force,
    ).order_by("name")
    return [c for c in countries if c.is_tracked or c.statement_count]


def current_statements(countries: list[Country]) -> dict[int, Statement]:
    """The current-stance statements of ``countries`` (annotated by tracked_countries)."""
    pks = [c.current_pk for c in countries if c.current_pk]
    return Statement.objects.for_list().in_bulk(pks)


def current_stance_of(country: Country) -> Statement | None:
    return Statement.objects.for_list().filter(pk=current_pk(country.pk)).first()


def month_strip(country: Country, months: list[dt.date]) -> list[dict]:
    """One cell per month: the stance in force at the month's end (a stance holds until a
    later statement changes it), from the annotations tracked_countries added. Each cell's
    text is built here: the overview has a few hundred cells, too many for template filters."""
    cells = []
    for i, (month, name) in enumerate(zip(months, month_names(months), strict=True)):
        stance = getattr(country, f"stance_{i}", None) or ""
        label = STANCE_LABELS.get(stance, "No position yet")
        title = f"{name}: {label}"
        cells.append({"month": month, "stance": stance, "label": label, "title": title})
    return cells


def month_names(months: list[dt.date]) -> tuple[str, ...]:
    """Each month as the date filter writes it ("Sep 2025"; month names are translated)."""
    return _month_names(get_language(), tuple(months))


@functools.lru_cache(maxsize=32)
def _month_names(language: str, months: tuple[dt.date, ...]) -> tuple[str, ...]:
    return tuple(date_format(m, "M Y") for m in months)


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


# Per-period counting reads at most this many of the newest statements: enough for whole
# periods of the largest country at 1M statements (~700 a week, ~3000 a month). The chart
# shows the latest CHART_MAX speaker-period-stance rows, which the newest period fills.
PERIOD_READ_MAX = {"week": 2000, "month": 5000}


def _period_start(d: dt.date, period: str) -> dt.date:
    return d - dt.timedelta(days=d.weekday()) if period == "week" else d.replace(day=1)


def per_speaker_period(qs: QuerySet[Statement], period: str, most: int) -> list[dict]:
    """One row per speaker, period (week or month) and stance, with its count; the latest
    ``most`` rows, oldest first.

    Researchers count "who held which stance that week", not how often newspapers repeated
    it. One query reads the newest PERIOD_READ_MAX dated statements (a backward walk of the
    date index, whatever the country's size) and counts them here. Only whole periods are
    counted: when the read stops inside a period, that oldest period is left out, unless it
    is the only one (then its counts are lower bounds). As before, nothing older than a
    year (weeks) or two (months) before the newest statement is counted.
    """
    most_read = PERIOD_READ_MAX[period]
    rows = list(
        qs.filter(date_said__isnull=False)
        .order_by("-date_said")
        .values_list("date_said", "speaker_id", "speaker__name", "speaker__slug", "stance")[
            :most_read
        ]
    )
    if not rows:
        return []
    since = rows[0][0] - dt.timedelta(days=365 if period == "week" else 730)
    cut = _period_start(rows[-1][0], period) if len(rows) == most_read else None
    if cut == _period_start(rows[0][0], period):
        cut = None
    counts: dict[tuple, int] = {}
    for date_said, *who in rows:
        start = _period_start(date_said, period)
        if date_said < since or start == cut:
            break  # newest first: everything after is older still
        key = (start, *who)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[0][0].toordinal(), kv[0][2], kv[0][4]))
    fields = ("period", "speaker_id", "speaker__name", "speaker__slug", "stance")
    return [{**dict(zip(fields, key, strict=True)), "n": n} for key, n in ordered[:most]][::-1]
