"""What the review queue shows, and in which order.

Unverified (machine) statements, least certain first: certainty is the lower of the
stance confidence and the extraction confidence. Statements that would change a country's
current stance if verified come before all the rest, since a wrong one would move the
overview. That rule lives in ``changes_current_stance`` alone and follows the per-topic,
government-only current stance of claims.selectors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet
from django.db.models.functions import Least

from claims import selectors
from claims.models import GOVERNMENT, Appearance, Country, Stance, Statement, Topic

PAGE = 10


def unverified() -> QuerySet[Statement]:
    """Machine statements, least certain first (the order migration 0007's index holds)."""
    return (
        Statement.objects.filter(review=Statement.Review.MACHINE)
        .select_related("speaker", "speaker_country", "topic")
        .defer("search_vector")
        .annotate(certainty=Least("stance_confidence", "confidence"))
        .order_by("certainty", "id")
    )


def changes_current_stance() -> Q:
    """Unverified government positions that set, or would set, their country's current
    stance on the default topic.

    The current stance is the latest dated government position (claims.selectors); time
    alone orders it, so a position that is the current one, or dated on or after it with a
    different stance, decides the overview's headline and is worth a person's eye first.
    Countries with no current stance yet are set by any dated non-neutral government
    position. One query reads every country's current statement; the rule is then a plain
    filter.
    """
    topic = Topic.objects.primary()
    countries = Country.objects.annotate(current=selectors.current_pk(topic, OuterRef("pk")))
    current = dict(countries.values_list("pk", "current"))
    rows = Statement.objects.in_bulk([pk for pk in current.values() if pk])
    rule = Q(pk__in=[])
    for country_id, pk in current.items():
        here = Q(speaker_country_id=country_id)
        now = rows.get(pk)
        if now is None:
            rule |= here
            continue
        rule |= here & (Q(pk=now.pk) | (Q(date_said__gte=now.date_said) & ~Q(stance=now.stance)))
    return (
        rule
        & Q(topic=topic, speaker_kind=GOVERNMENT, date_said__isnull=False)
        & ~Q(stance=Stance.NEUTRAL)
    )


@dataclass(frozen=True)
class QueueItem:
    statement: Statement
    changes_stance: bool


def queue_items(offset: int = 0, limit: int = PAGE) -> list[QueueItem]:
    """``limit`` queue entries from position ``offset``: stance-changers first, then the
    rest, each part least certain first. Two short index walks, never a sort of the whole
    queue."""
    rule = changes_current_stance()
    changers = unverified().filter(rule)
    first = list(changers[offset : offset + limit])
    items = [QueueItem(s, True) for s in first]
    if len(items) < limit:
        skipped = max(offset - changers.count(), 0) if not first else 0
        rest = unverified().exclude(rule)[skipped : skipped + limit - len(items)]
        items += [QueueItem(s, False) for s in rest]
    return items


# Past this many, the queue says "10,000+": counting a million unverified rows took 0.7 s.
COUNT_MAX = 10_000


def queue_size() -> tuple[int, bool]:
    """How many statements await review, counted up to COUNT_MAX, and whether there are
    more."""
    pks = Statement.objects.filter(review=Statement.Review.MACHINE).values("pk")
    n = pks[: COUNT_MAX + 1].count()
    return min(n, COUNT_MAX), n > COUNT_MAX


def shown_appearance(statement: Statement) -> Appearance | None:
    """The appearance the reviewer judges: the first article's, else the earliest."""
    appearances = Appearance.objects.filter(statement=statement).select_related("article")
    first = appearances.filter(article_id=statement.first_article_id).order_by("start").first()
    return first or appearances.order_by("article__date", "id").first()
