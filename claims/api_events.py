"""The stance-change events in the JSON API: ``GET /api/v1/events/``.

Registered on the API in claims/api.py, with its read permissions and cursor paging;
the shapes live here beside the endpoint, so the events' part of the API is one file.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.errors import HttpError

from claims.api_schemas import Page, SpeakerRef
from claims.models import Country, StanceEvent, Topic


class EventFilters(Page):
    topic: str = Field("", description="Topic slug; every topic when empty.", max_length=100)
    country: str = Field("", description="Country slug; every country when empty.", max_length=100)


class EventOut(Schema):
    country: str = Field(description="Slug of the country whose stance changed.")
    country_name: str
    topic: str = Field(description="Slug of the topic.")
    date: dt.date = Field(description="The day the stance changed.")
    before: str | None = Field(description="The stance before; null for a first position.")
    after: str
    verified: bool = Field(description="Whether a person verified the deciding statement.")
    statement_id: int
    statement_url: str
    speaker: SpeakerRef
    headline: str


class EventPage(Schema):
    results: list[EventOut]
    next_cursor: str | None
    next: str | None = Field(description="URL of the next page, null on the last.")


def event_out(request: HttpRequest, e: StanceEvent) -> dict:
    return {
        "country": e.country.slug,
        "country_name": e.country.name,
        "topic": e.topic.slug,
        "date": e.date,
        "before": e.before or None,
        "after": e.after,
        "verified": e.verified,
        "statement_id": e.statement_id,
        "statement_url": request.build_absolute_uri(e.get_absolute_url()),
        "speaker": {"slug": e.statement.speaker.slug, "name": e.statement.speaker.name},
        "headline": e.headline,
    }


def events_page(filters: EventFilters, decode, encode) -> tuple[list[StanceEvent], str | None]:
    """Newest first by keyset on (date, id); the cursor is the last row's (date, id)."""
    qs = StanceEvent.objects.for_list().newest_first()
    if filters.topic:
        qs = qs.filter(topic=get_object_or_404(Topic, slug=filters.topic))
    if filters.country:
        qs = qs.filter(country=get_object_or_404(Country, slug=filters.country))
    if filters.cursor:
        day, pk = decode(filters.cursor, 2)
        try:
            when = dt.date.fromisoformat(day)
        except (TypeError, ValueError) as exc:
            raise HttpError(400, "That cursor is not one this API gave out.") from exc
        if not isinstance(pk, int):
            raise HttpError(400, "That cursor is not one this API gave out.")
        qs = qs.filter(date__lte=when).exclude(date=when, pk__gte=pk)
    rows = list(qs[: filters.limit + 1])
    more = len(rows) > filters.limit
    last = rows[filters.limit - 1] if more else None
    return rows[: filters.limit], (encode(last.date.isoformat(), last.pk) if last else None)
