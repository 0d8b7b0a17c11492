"""What the review queue shows, and in which order.

Unverified (machine) statements, least certain first: certainty is the lower of the
stance confidence and the extraction confidence. Statements that would change a country's
current stance if verified come before all the rest, since a wrong one would move the
overview. That rule lives in ``changes_current_stance`` alone, so it can follow the
per-topic, government-only current stance when that lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet
from django.db.models.functions import Least

from claims import selectors
from claims.models import Appearance, Country, Stance, Statement

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
    """Statements that, once verified, would replace their country's current stance with a
    different one.

    A verified statement outranks machine ones, so a non-neutral machine statement spoken
    for a country becomes current on verification when its stance differs from the
    current one and the current one is a machine suggestion, or a verified statement no
    newer than it. Countries with no current stance yet are changed by any non-neutral one.
    One query reads every country's current statement; the rule is then a plain filter.
    """
    countries = Country.objects.annotate(current=selectors.current_pk(OuterRef("pk")))
    current = dict(countries.values_list("pk", "current"))
    rows = Statement.objects.in_bulk([pk for pk in current.values() if pk])
    rule = Q(pk__in=[])
    for country_id, pk in current.items():
        here = Q(speaker_country_id=country_id)
        now = rows.get(pk)
        if now is None:
            rule |= here
            continue
        differs = here & ~Q(stance=now.stance)
        if now.is_verified and now.date_said is not None:
            differs &= Q(date_said__gte=now.date_said)
        rule |= differs
    return rule & ~Q(stance=Stance.NEUTRAL) & Q(speaker_country__isnull=False)


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
