"""Query helpers the filter forms (claims.forms) use: which speakers a typed name means, the
candidates best-match order ranks, the outlet list, and the stance filter written the way
PostgreSQL can plan it. Forms parse the request; the queries live here."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import F, Q, QuerySet

from articles.models import Article
from claims.models import Speaker, StatementQuerySet, Topic

OUTLETS_CACHE_KEY = "claims:outlet-names"
OUTLETS_CACHE_SECONDS = 300


def with_stance_on(qs: StatementQuerySet, topic: Topic, stances: list[str]) -> StatementQuerySet:
    """Statements whose stance on ``topic`` (after ``on_topic``) is one of ``stances``.

    The same rows as ``with_stance``, whose test is one CASE over the statement and its
    topic link. PostgreSQL cannot estimate a CASE, guesses that 0.5 % of rows pass, and
    hashes every statement of the country instead of walking its date index (1.2 s for the
    United Kingdom's "opposes" at 1M statements, where 17 % pass). Spelled out as the two
    cases, each column has statistics, and the walk stops after a page: 29 ms.
    """
    own = Q(topic=topic, stance__in=stances)
    linked = ~Q(topic=topic) & Q(link_stance__in=stances)
    return qs.annotate(link_stance=F("topic_link__stance")).filter(own | linked)


def speakers_matching(value: str) -> QuerySet[Speaker, dict[str, Any]]:
    """Speakers the explorer's speaker box means: an id or slug (links from other pages and
    tools), or a name or alias containing the text typed.

    A subquery, so filtering by it costs no extra round trip.
    """
    value = value.strip()
    if value.isdigit():
        return Speaker.objects.filter(pk=int(value)).values("pk")
    return (
        Speaker.objects.filter(
            Q(slug=value) | Q(name__icontains=value) | Q(aliases__alias__icontains=value)
        )
        .values("pk")
        .distinct()
    )


# Best-match order ranks the newest this-many dated matches (and as many undated ones): a
# common word matches a third of a million statements, and scoring them all took 500 ms.
RANK_CANDIDATES = 1000


def rank_candidates(qs: StatementQuerySet) -> QuerySet[Any, dict[str, Any]]:
    """The pks best-match order ranks, as a subquery: each half is a backward walk of an
    index ((date_said, id): undated rows sit at its end) that stops at
    RANK_CANDIDATES matches, so the cost does not grow with the number of matches."""
    dated = qs.filter(date_said__isnull=False).order_by("-date_said", "-id")
    undated = qs.filter(date_said__isnull=True).order_by("-id")
    return dated.values("pk")[:RANK_CANDIDATES].union(undated.values("pk")[:RANK_CANDIDATES])


def outlet_names() -> list[str]:
    """Every outlet, cached for a few minutes: DISTINCT over all articles costs tens of
    milliseconds at scale and the list only changes when articles are ingested."""

    def load() -> list[str]:
        names = (
            Article.objects.exclude(outlet="").order_by("outlet").values_list("outlet", flat=True)
        )
        return list(names.distinct())

    names = cache.get_or_set(OUTLETS_CACHE_KEY, load, OUTLETS_CACHE_SECONDS)
    return names or []  # get_or_set stores what load returned; None only for a broken cache
