"""Reads the public pages share: tracked countries, their current stance, stance over time.

Each function returns a QuerySet or runs a fixed number of queries whatever the data size,
so the pages built on them keep a constant query count (pinned in tests/web).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias, TypedDict, TypeVar, cast

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    Expression,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

from claims.models import (
    GOVERNMENT,
    Country,
    CountryStatementCount,
    Stance,
    Statement,
    StatementTopic,
    Topic,
    stance_on_topic,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Shown(TypedDict):
    shown: str  # the stance on the topic (stance_on_topic)


class _Tracked(TypedDict):
    statement_count: int
    current_pk: int | None
    undated: int
    on_topic: int | None


# stances_on()'s rows, each with ``shown``; tracked_countries()'s, with their counts.
ShownLinks: TypeAlias = "QuerySet[WithAnnotations[StatementTopic, _Shown]]"
TrackedCountry: TypeAlias = "WithAnnotations[Country, _Tracked]"
# Any StatementTopic QuerySet, annotated or not, kept as it is by ordering and filtering.
Links = TypeVar("Links", bound=QuerySet[StatementTopic])

# A month strip longer than this stops being "compact"; older months are summarised away.
STRIP_MONTHS = 24
STANCE_LABELS = dict(Stance.choices)


def positions(topic: Topic | int, country: Country | int | OuterRef) -> ShownLinks:
    """A country's own positions on a topic: visible statements about the topic by speakers
    of its government, with a stance. Opposition, NGO, expert and media words never count."""
    return government_positions(topic).filter(
        statement__speaker_country=country  # type: ignore[misc]  # OuterRef: the stubs' lookup type omits it
    )


def government_positions(topic: Topic | int) -> ShownLinks:
    """Every country's own positions on a topic (see positions)."""
    return stances_on(topic).filter(
        statement__speaker_country__isnull=False, statement__speaker_kind=GOVERNMENT
    )


def stances_on(topic: Topic | int) -> ShownLinks:
    """Visible statements about a topic that take a stance on it, by anyone, each with
    ``shown``: its stance on the topic."""
    return (
        StatementTopic.objects.filter(topic=topic, relevance__gte=StatementTopic.ABOUT)
        .exclude(statement__review=Statement.Review.REJECTED)
        .annotate(shown=stance_on_topic(None, "statement__", ""))
        .exclude(shown=Stance.NEUTRAL)
    )


def in_time_order(links: Links) -> Links:
    """Dated positions oldest first, each day's surest reading last: the current stance's
    order (_latest) reversed, so a walk forward in time ends each day on the position
    that stood at the day's end."""
    return _latest(links).reverse()


def _latest(links: Links) -> Links:
    """Newest dated first. Time alone orders positions: whether a person verified one is
    shown on it and never moves it ahead of a later one. Positions of one day (a day's
    reports often carry several) are ordered by how sure the stance is, so the surest
    reading of the day stands rather than whichever row was stored last; the id breaks
    what ties remain. The current stance and the month strip share this order, so the two
    always agree."""
    return links.filter(statement__date_said__isnull=False).order_by(
        "-statement__date_said", "-stance_confidence", "-statement_id"
    )


def current_pk(topic: Topic | int, country: Country | int | OuterRef) -> Subquery:
    """SQL for the pk of a country's current-stance statement on a topic: its latest dated
    government position. Undated positions are counted beside it (undated_positions), not
    placed in time."""
    return Subquery(
        _latest(positions(topic, country)).values("statement_id")[:1],
        output_field=BigIntegerField(),
    )


def undated_positions(topic: Topic | int, country: Country | int | OuterRef) -> Coalesce:
    """How many of a country's positions on a topic have no date: left off the strip and
    the chart, and said so."""
    undated = (
        positions(topic, country)
        .filter(statement__date_said__isnull=True)
        .order_by()
        .values("topic")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(undated), 0, output_field=BigIntegerField())


def statement_count(country: OuterRef) -> Expression:
    """Visible statements spoken for a country, on every topic and by every kind of speaker.

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


def _pk(obj: Topic | int) -> int:
    return obj if isinstance(obj, int) else obj.pk


def strip_months(topic: Topic | int) -> list[dt.date]:
    """The months the overview strip covers: up to STRIP_MONTHS, ending at the newest
    statement about the topic."""
    # The two ends by walking the (date_said, id) index from each side, not MIN/MAX over the
    # topic's join, which read every linked row (0.8 s at 1M statements).
    # One query, two index walks.
    dated = Statement.objects.visible().on_topic(topic).filter(date_said__isnull=False)
    span = (
        Topic.objects.filter(pk=_pk(topic))
        .annotate(
            first=Subquery(dated.order_by("date_said", "id").values("date_said")[:1]),
            last=Subquery(dated.order_by("-date_said", "-id").values("date_said")[:1]),
        )
        .values("first", "last")
        .first()
    )
    if not span or span["last"] is None:
        return []
    return _month_range([span["first"].replace(day=1), span["last"].replace(day=1)])


def tracked_countries(topic: Topic, months: Sequence[dt.date] = ()) -> list[TrackedCountry]:
    """Countries shown on a topic's overview, each annotated with ``statement_count`` (all
    topics), ``current_pk`` (its current-stance statement on the topic), ``undated`` (its
    undated positions) and, for each of ``months``, ``stance_<i>``: the stance in force at
    that month's end, from the same positions in the same order as the current stance.

    Listed: the topic's proposer and participants when it names participants; otherwise
    countries flagged as tracked and every country someone speaking for it said something
    about the topic (the proposer among them, shown as the proposer). Filtered in Python:
    the country table is small.
    """
    in_force = {
        f"stance_{i}": Subquery(
            _latest(positions(topic, OuterRef("pk")))
            .filter(statement__date_said__lt=_add_months(month, 1))
            .values("shown")[:1]
        )
        for i, month in enumerate(months)
    }
    # One statement of the country's on the topic, or NULL. Not EXISTS: PostgreSQL plans
    # that as a sequential scan of the statements hoping to meet the country early, which
    # read 380,000 rows a country (3 s for the overview at 1M statements); walking the
    # (speaker_country, date_said) index for the first row answers in microseconds.
    spoken = (
        Statement.objects.visible()
        .on_topic(topic)
        .filter(speaker_country=OuterRef("pk"))
        .order_by("-date_said")
        .values("pk")[:1]
    )
    # The countries listed are chosen in SQL before the month columns are computed, which
    # cost a subquery each per country (24 of them on 41 countries took most of 250 ms at
    # 1M statements, for rows then dropped).
    asked = set(topic.participants.values_list("pk", flat=True))
    listed = Country.objects.all()
    if asked:
        listed = listed.filter(pk__in=asked | ({topic.proposer_id} - {None}))
    # cast: the annotations above, which the type checker loses through **in_force.
    countries = cast(
        QuerySet[TrackedCountry],
        listed.annotate(
            statement_count=statement_count(OuterRef("pk")),
            current_pk=current_pk(topic, OuterRef("pk")),
            undated=undated_positions(topic, OuterRef("pk")),
            on_topic=Subquery(spoken, output_field=BigIntegerField()),
            **in_force,
        ),
    ).order_by("name")
    if not asked:
        # The proposer is listed, as the proposer, once someone spoke for it on the topic.
        countries = countries.filter(Q(is_tracked=True) | Q(on_topic__isnull=False))
    return list(countries)


def current_statements(topic: Topic, countries: list[TrackedCountry]) -> dict[int, Statement]:
    """The current-stance statements of ``countries`` (annotated by tracked_countries),
    each with ``topic_stance``: its stance on the topic."""
    pks = [c.current_pk for c in countries if c.current_pk]
    return Statement.objects.for_list().on_topic(topic).in_bulk(pks)


def current_stance_of(topic: Topic, country: Country) -> Statement | None:
    """A country's current stance on a topic; None for the topic's proposer, which is
    shown as the proposer rather than as a host with a stance."""
    if not topic.takes_stance(country):
        return None
    return (
        Statement.objects.for_list()
        .on_topic(topic)
        .filter(pk=current_pk(topic, country.pk))
        .first()
    )


def month_strip(country: Country, months: list[dt.date]) -> list[dict]:
    """One cell per month: the stance in force at the month's end (a stance holds until a
    later statement changes it), from the annotations tracked_countries added. Each cell's
    text is built here: the overview has a few hundred cells, too many for template filters."""
    cells = []
    for i, (month, name) in enumerate(zip(months, month_names(months), strict=True)):
        stance = getattr(country, f"stance_{i}", None) or ""  # None: no position yet
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


def stance_of(qs: QuerySet[Statement]) -> str:
    """The column holding the stance to show: on a topic (Statement.on_topic), the stance on
    that topic; otherwise the statement's own, on its most relevant topic."""
    return "topic_stance" if "topic_stance" in qs.query.annotations else "stance"


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
        .values_list("date_said", "speaker_id", "speaker__name", "speaker__slug", stance_of(qs))[
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
