"""The JSON shapes of the read-only API (claims/api.py): pydantic models through Django
Ninja, so the OpenAPI document at /api/v1/schema/ is generated from the same classes the
responses are checked against."""

from __future__ import annotations

import datetime as dt
import re

from ninja import Field, Schema
from pydantic import field_validator

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class NoNulStrings(Schema):
    """PostgreSQL text cannot hold NUL: such input is a 422, not a database error."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class Page(NoNulStrings):
    cursor: str = Field(
        "",
        description="The `next_cursor` of the previous page.",
        pattern="^[A-Za-z0-9_-]*$",
        max_length=200,
    )
    limit: int = Field(25, ge=1, le=100, description="Items per page.")


class StatementFilters(Page):
    """The claims explorer's filters (claims.forms.StatementFilterForm), same names."""

    q: str = Field("", description="Full-text search in the quotes.", max_length=200)
    speaker: str = Field(
        "", description="Speaker id, slug, or part of a name or alias.", max_length=200
    )
    country: str = Field(
        "", description="Slug of the country the speaker speaks for.", max_length=100
    )
    mentioned: str = Field(
        "", description="Slug of a country the statement is about.", max_length=100
    )
    stance: str = Field(
        "", description="supports, open, conditional, no_talks, opposes or neutral.", max_length=20
    )
    kind: str = Field("", description="direct, indirect or mixed.", max_length=20)
    outlet: str = Field("", description="Exact outlet name.", max_length=200)
    start: dt.date | None = Field(None, description="Said on or after this date.")
    end: dt.date | None = Field(None, description="Said on or before this date.")
    verified: bool = Field(False, description="Only statements a person verified or corrected.")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _iso_date(cls, value):
        # pydantic would read "0" as a Unix timestamp; the explorer's links carry ISO dates.
        if isinstance(value, str) and not ISO_DATE.fullmatch(value):
            raise ValueError("must be a date written YYYY-MM-DD")
        return value


class TextSearch(Page):
    q: str = Field(
        "",
        description="Speakers: part of a name or alias. Articles: of the title or outlet.",
        max_length=200,
    )


class SpeakerRef(Schema):
    slug: str
    name: str


class SourceOut(Schema):
    article_id: int
    title: str
    outlet: str
    url: str
    date: dt.date | None
    text: str = Field(description="The words as this article prints them.")


class StatementOut(Schema):
    id: int
    url: str
    text: str
    speaker: SpeakerRef
    speaker_role: str
    speaker_kind: str
    speaker_country: str | None = Field(description="Slug of the country spoken for.")
    countries: list[str] = Field(description="Slugs of the countries it is about.")
    topic: str
    stance: str
    stance_confidence: float
    stance_cue: str
    confidence: float
    kind: str
    review: str
    verified: bool
    date_said: dt.date | None
    sources: list[SourceOut]


class StatementPage(Schema):
    results: list[StatementOut]
    next_cursor: str | None
    next: str | None = Field(description="URL of the next page, null on the last.")


class SpeakerOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    speaker_kind: str
    role: str
    organisation: str
    country: str | None
    url: str


class SpeakerPage(Schema):
    results: list[SpeakerOut]
    next_cursor: str | None
    next: str | None


class CurrentStance(Schema):
    stance: str
    statement_id: int
    date_said: dt.date | None
    speaker: SpeakerRef
    verified: bool


class CountryOut(Schema):
    slug: str
    name: str
    iso2: str
    is_tracked: bool
    statement_count: int
    topic: str
    is_proposer: bool
    current: CurrentStance | None
    url: str


class ArticleOut(Schema):
    id: int
    title: str
    outlet: str
    url: str
    date: dt.date | None
    author: str
    duplicate_of: int | None
    page: str


class ArticleDetail(ArticleOut):
    body: str


class ArticlePage(Schema):
    results: list[ArticleOut]
    next_cursor: str | None
    next: str | None


class Message(Schema):
    detail: str


class ValidationErrors(Schema):
    """A query or path value of the wrong type or size, one entry per problem."""

    detail: list[dict]
