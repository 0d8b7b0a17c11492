"""The read-only JSON API under /api/v1/, with its OpenAPI document at /api/v1/schema/.

Django Ninja: the request and response shapes are pydantic classes (claims/api_schemas.py;
pydantic already comes with spaCy), which validate the query, serialise the answer and
write the OpenAPI document from one definition. Reads reuse the explorer's filter form
and QuerySet methods and the overview's selectors, so the API and the pages agree.

Who may read: the same rule as the pages (claims.views.readable), plus tokens for
scripts. A request passes with ``Authorization: Bearer <token>`` (claims.review_models.
ApiToken), a signed-in session, or anonymously when CLAIMTRACK_PUBLIC_READ is on; else 401.

Lists page by cursor (keyset): a page deep in the list costs what the first one does.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from articles.models import Article
from claims import selectors
from claims.api_events import EventFilters, EventPage, event_out, events_page
from claims.api_schemas import (
    ArticleDetail,
    ArticlePage,
    CountryOut,
    Message,
    SpeakerOut,
    SpeakerPage,
    StatementFilters,
    StatementOut,
    StatementPage,
    TextSearch,
    ValidationErrors,
)
from claims.forms import StatementFilterForm
from claims.models import Appearance, Country, Speaker, Statement, Topic
from claims.review_models import ApiToken

logger = logging.getLogger(__name__)
# How stale ApiToken.last_used_at may get: one write per token per minute, not per request.
LAST_USED_EVERY = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ct_…``, a token made with ``manage.py api_token``."""

    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.objects.matching(token).select_related("user").first()
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionOrPublic(SessionAuth):
    """A signed-in session, or anyone when the site is public (CLAIMTRACK_PUBLIC_READ).
    No CSRF check: every endpoint is a GET and changes nothing."""

    def authenticate(self, request: HttpRequest, key: str | None):
        if request.user.is_authenticated:
            return request.user
        return "public" if settings.CLAIMTRACK_PUBLIC_READ else None


api = NinjaAPI(
    title="ClaimTrack API",
    version="1",
    description=(
        "Read-only: statements (who said what, with stance), speakers, countries with "
        "their current stance, articles, stance-change events. "
        "Send `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url=None,  # the Swagger page would load its files from a CDN
    auth=[TokenAuth(), SessionOrPublic(csrf=False)],
)
READ_ERRORS = {400: Message, 401: Message, 404: Message, 422: ValidationErrors}


# --------------------------------------------------------------------------- cursors


def encode_cursor(*values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, "That cursor is not one this API gave out.") from exc
    if not isinstance(values, list) or len(values) != arity:
        raise HttpError(400, "That cursor is not one this API gave out.")
    return values


def next_link(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def id_page(qs: QuerySet, cursor: str, limit: int) -> tuple[list, str | None]:
    """Newest id first, by keyset on the primary key."""
    qs = qs.order_by("-pk")
    if cursor:
        (pk,) = decode_cursor(cursor, 1)
        if not isinstance(pk, int):
            raise HttpError(400, "That cursor is not one this API gave out.")
        qs = qs.filter(pk__lt=pk)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    return rows[:limit], (encode_cursor(rows[limit - 1].pk) if more else None)


def statement_page(qs: QuerySet, cursor: str, limit: int) -> tuple[list[int], str | None]:
    """Pks newest first, undated last: a keyset walk of the (date_said, id) index for dated
    rows, then of the primary key for undated ones. The cursor is the last row's
    (date or null, id)."""
    dated = qs.filter(date_said__isnull=False).order_by("-date_said", "-id")
    undated = qs.filter(date_said__isnull=True).order_by("-id")
    day, pk = decode_cursor(cursor, 2) if cursor else (None, None)
    if cursor and not isinstance(pk, int):
        raise HttpError(400, "That cursor is not one this API gave out.")
    rows: list[tuple] = []
    if not cursor or day is not None:
        if day is not None:
            when = _date(day)
            dated = dated.filter(date_said__lte=when).exclude(date_said=when, pk__gte=pk)
        rows = list(dated.values_list("date_said", "pk")[: limit + 1])
        undated_after = None
    else:
        undated_after = pk
    if len(rows) <= limit:
        tail = undated.filter(pk__lt=undated_after) if undated_after else undated
        rows += list(tail.values_list("date_said", "pk")[: limit + 1 - len(rows)])
    more = len(rows) > limit
    last = rows[limit - 1] if more else None
    next_cursor = encode_cursor(last[0] and last[0].isoformat(), last[1]) if last else None
    return [pk for _, pk in rows[:limit]], next_cursor


def _date(value) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise HttpError(400, "That cursor is not one this API gave out.") from exc


# --------------------------------------------------------------------------- statements


def explorer_form(filters: StatementFilters) -> StatementFilterForm:
    """The explorer's own form over the API's query, so both filter alike; an unknown
    value (a country slug that does not exist) is a 400 here rather than ignored."""
    data = QueryDict(mutable=True)
    for name in ("q", "speaker", "country", "mentioned", "stance", "kind", "outlet"):
        if value := getattr(filters, name).strip():
            data[name] = value
    for name in ("start", "end"):
        if value := getattr(filters, name):
            data[name] = value.isoformat()
    if filters.verified:
        data["verified"] = "on"
    form = StatementFilterForm(data)
    if not form.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        raise HttpError(400, problems)
    return form


def with_relations(qs: QuerySet) -> QuerySet:
    sources = Appearance.objects.select_related("article").defer(
        "article__raw_text", "article__body", "article__offset_map"
    )
    return (
        qs.select_related("speaker", "speaker_country", "topic")
        .defer("search_vector")
        .prefetch_related(
            "countries", Prefetch("appearances", queryset=sources.order_by("article__date", "id"))
        )
    )


def statement_out(request: HttpRequest, s: Statement) -> dict:
    return {
        "id": s.pk,
        "url": request.build_absolute_uri(s.get_absolute_url()),
        "text": s.text,
        "speaker": {"slug": s.speaker.slug, "name": s.speaker.name},
        "speaker_role": s.speaker_role,
        "speaker_kind": getattr(s, "speaker_kind", "") or getattr(s.speaker, "speaker_kind", ""),
        "speaker_country": s.speaker_country.slug if s.speaker_country else None,
        "countries": [c.slug for c in s.countries.all()],
        "topic": s.topic.slug,
        "stance": s.stance,
        "stance_confidence": s.stance_confidence,
        "stance_cue": s.stance_cue,
        "confidence": s.confidence,
        "kind": s.kind,
        "review": s.review,
        "verified": s.is_verified,
        "date_said": s.date_said,
        "sources": [
            {
                "article_id": a.article_id,
                "title": a.article.title or a.article.name,
                "outlet": a.article.outlet,
                "url": a.article.url,
                "date": a.article.date,
                "text": a.text,
            }
            for a in s.appearances.all()
        ],
    }


@api.get("/statements/", response={200: StatementPage, **READ_ERRORS}, tags=["statements"])
def statements(request: HttpRequest, filters: Query[StatementFilters]):
    """Visible statements, newest first, with the claims explorer's filters."""
    form = explorer_form(filters)
    qs = form.filter(Statement.objects.visible())
    pks, cursor = statement_page(qs.order_by(), filters.cursor, filters.limit)
    rows = with_relations(Statement.objects.filter(pk__in=pks)).in_bulk()
    return {
        "results": [statement_out(request, rows[pk]) for pk in pks if pk in rows],
        "next_cursor": cursor,
        "next": next_link(request, cursor),
    }


@api.get("/statements/{pk}/", response={200: StatementOut, **READ_ERRORS}, tags=["statements"])
def statement(request: HttpRequest, pk: int):
    return statement_out(
        request, get_object_or_404(with_relations(Statement.objects.visible()), pk=pk)
    )


# --------------------------------------------------------------------------- speakers


def speaker_out(request: HttpRequest, s: Speaker) -> dict:
    return {
        "id": s.pk,
        "slug": s.slug,
        "name": s.name,
        "kind": s.kind,
        "speaker_kind": getattr(s, "speaker_kind", "") or "",
        "role": s.role,
        "organisation": s.organisation,
        "country": s.country.slug if s.country else None,
        "url": request.build_absolute_uri(s.get_absolute_url()),
    }


@api.get("/speakers/", response={200: SpeakerPage, **READ_ERRORS}, tags=["speakers"])
def speakers(request: HttpRequest, filters: Query[TextSearch]):
    """Speakers, newest first; ``q`` matches part of a name or alias."""
    qs = Speaker.objects.select_related("country")
    if filters.q.strip():
        qs = qs.filter(pk__in=Speaker.objects.search(filters.q.strip()).values("pk"))
    rows, cursor = id_page(qs, filters.cursor, filters.limit)
    return {
        "results": [speaker_out(request, s) for s in rows],
        "next_cursor": cursor,
        "next": next_link(request, cursor),
    }


@api.get("/speakers/{slug}/", response={200: SpeakerOut, **READ_ERRORS}, tags=["speakers"])
def speaker(request: HttpRequest, slug: str):
    return speaker_out(
        request, get_object_or_404(Speaker.objects.select_related("country"), slug=slug)
    )


# --------------------------------------------------------------------------- countries


def country_out(request: HttpRequest, c: Country, current: Statement | None, topic: Topic) -> dict:
    return {
        "slug": c.slug,
        "name": c.name,
        "iso2": c.iso2,
        "is_tracked": c.is_tracked,
        "statement_count": getattr(c, "statement_count", 0),
        "topic": topic.slug,
        "is_proposer": c.pk == topic.proposer_id,
        "current": current
        and {
            # The stance on the topic asked for (a statement's own may be on another).
            "stance": getattr(current, "topic_stance", None) or current.stance,
            "statement_id": current.pk,
            "date_said": current.date_said,
            "speaker": {"slug": current.speaker.slug, "name": current.speaker.name},
            "verified": current.is_verified,
        },
        "url": request.build_absolute_uri(c.get_absolute_url()),
    }


def _topic(slug: str | None) -> Topic:
    """The topic named by ``?topic=slug``, the default one when none; an unknown one is 404."""
    try:
        return Topic.objects.for_slug(slug)
    except Topic.DoesNotExist as exc:
        raise Http404(f"no topic {slug!r}") from exc


@api.get("/countries/", response={200: list[CountryOut], **READ_ERRORS}, tags=["countries"])
def countries(request: HttpRequest, topic: str | None = None):
    """The overview's countries on a topic (the default topic when none is named), each
    with its current stance: its government's latest dated position. The topic's proposer
    carries no stance."""
    chosen = _topic(topic)
    rows = selectors.tracked_countries(chosen)
    current = selectors.current_statements(chosen, rows)
    return [
        country_out(
            request, c, None if c.pk == chosen.proposer_id else current.get(c.current_pk), chosen
        )
        for c in rows
    ]


@api.get("/countries/{slug}/", response={200: CountryOut, **READ_ERRORS}, tags=["countries"])
def country(request: HttpRequest, slug: str, topic: str | None = None):
    found = get_object_or_404(Country, slug=slug)
    chosen = _topic(topic)
    found.statement_count = Statement.objects.visible().speaking_for(found).count()
    return country_out(request, found, selectors.current_stance_of(chosen, found), chosen)


# --------------------------------------------------------------------------- articles


def article_out(request: HttpRequest, a: Article) -> dict:
    from django.urls import reverse

    return {
        "id": a.pk,
        "title": a.title or a.name,
        "outlet": a.outlet,
        "url": a.url,
        "date": a.date,
        "author": a.author,
        "duplicate_of": a.duplicate_of_id,
        "page": request.build_absolute_uri(reverse("articles:detail", args=[a.pk])),
    }


@api.get("/articles/", response={200: ArticlePage, **READ_ERRORS}, tags=["articles"])
def articles(request: HttpRequest, page: Query[TextSearch]):
    """Articles, newest ingested first; ``q`` matches part of the title or outlet."""
    qs = Article.objects.defer("raw_text", "body", "offset_map")
    if page.q.strip():
        qs = qs.filter(Q(title__icontains=page.q.strip()) | Q(outlet__icontains=page.q.strip()))
    rows, cursor = id_page(qs, page.cursor, page.limit)
    return {
        "results": [article_out(request, a) for a in rows],
        "next_cursor": cursor,
        "next": next_link(request, cursor),
    }


@api.get("/articles/{pk}/", response={200: ArticleDetail, **READ_ERRORS}, tags=["articles"])
def article(request: HttpRequest, pk: int):
    found = get_object_or_404(Article.objects.defer("raw_text", "offset_map"), pk=pk)
    return {**article_out(request, found), "body": found.body}


# --------------------------------------------------------------------------- events


@api.get("/events/", response={200: EventPage, **READ_ERRORS}, tags=["events"])
def events(request: HttpRequest, filters: Query[EventFilters]):
    """Stance changes, newest first: each day a country's current stance on a topic (its
    government's latest dated position) became a different one. ``before`` is null for a
    country's first position."""
    rows, cursor = events_page(filters, decode_cursor, encode_cursor)
    return {
        "results": [event_out(request, e) for e in rows],
        "next_cursor": cursor,
        "next": next_link(request, cursor),
    }
