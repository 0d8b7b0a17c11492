"""Index pages: every speaker, article and country on record, each linking to its page.

Lists page without a COUNT over the table (``views.rows_window``); per-row counts are one
indexed sub-select per shown row, so a page costs the same however large the table.
"""

from __future__ import annotations

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import Article
from claims import selectors
from claims.models import Appearance, Country, Speaker, Statement
from claims.views import readable, rows_window

PER_PAGE = 50
QUERY_MAX = 100


def _visible_count(qs: QuerySet, field: str) -> Coalesce:
    counted = qs.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(
        Subquery(counted.annotate(n=Count("*")).values("n")), 0, output_field=BigIntegerField()
    )


def _first(qs: QuerySet) -> Subquery:
    """The pk of the first row of ``qs``, or NULL: an index look-up where EXISTS is a scan."""
    return Subquery(qs.values("pk")[:1], output_field=BigIntegerField())


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:QUERY_MAX]


@readable
@require_GET
def speakers(request: HttpRequest) -> HttpResponse:
    """Everyone quoted, by name, with what they are and how often they are quoted."""
    q = _query(request)
    kinds = dict(Speaker.SpeakerKind.choices)
    kind = request.GET.get("kind", "")
    qs = Speaker.objects.select_related("country").order_by("name", "pk")
    if q:
        # A subquery rather than a join and DISTINCT: DISTINCT over the joined rows counted
        # every match's statements before the page was cut (270 ms for "ho" at 1M).
        named = Speaker.objects.filter(Q(name__icontains=q) | Q(aliases__alias__icontains=q))
        qs = qs.filter(pk__in=named.values("pk"))
    if kind in kinds:
        qs = qs.filter(kind=kind)
    qs = qs.annotate(statement_count=_visible_count(Statement.objects.visible(), "speaker"))
    context = {"page": rows_window(request, qs, PER_PAGE), "q": q, "kind": kind, "kinds": kinds}
    return render(request, "claims/speaker_index.html", context)


@readable
@require_GET
def articles(request: HttpRequest) -> HttpResponse:
    """Every article, newest first (undated last), with its outlet and claim count."""
    q = _query(request)
    qs = Article.objects.only("id", "name", "title", "outlet", "date", "duplicate_of")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(outlet__icontains=q) | Q(name__icontains=q))
    qs = qs.order_by(F("date").desc(nulls_last=True), "-id")
    visible = Appearance.objects.exclude(statement__review=Statement.Review.REJECTED)
    qs = qs.annotate(claim_count=_visible_count(visible, "article"))
    context = {"page": rows_window(request, qs, PER_PAGE), "q": q}
    return render(request, "articles/article_index.html", context)


@readable
@require_GET
def countries(request: HttpRequest) -> HttpResponse:
    """Every country in the registry: tracked ones (shown on the overview even before anyone
    from them has spoken) and every other country a statement speaks for or about."""
    # The first row of each in an index's order, not EXISTS: PostgreSQL plans an EXISTS
    # (or an unordered LIMIT 1) over a million rows as a scan hoping to meet the country
    # early, which never happens for a country nobody spoke for (3-20 s at 1M statements).
    # Ordered, it reads the first entry of the country's index: (speaker_country,
    # date_said) and, for mentions, (country_id, statement_id) (migration 0012).
    spoken = Statement.objects.filter(speaker_country=OuterRef("pk")).order_by("-date_said")
    about = Statement.countries.through.objects.filter(country=OuterRef("pk"))
    rows = (
        Country.objects.annotate(
            statement_count=selectors.statement_count(OuterRef("pk")),
            spoken_for=_first(spoken),
            spoken_about=_first(about.order_by("-statement_id")),
        )
        .filter(Q(is_tracked=True) | Q(spoken_for__isnull=False) | Q(spoken_about__isnull=False))
        .order_by("name")
    )
    return render(request, "claims/country_index.html", {"countries": list(rows)})
