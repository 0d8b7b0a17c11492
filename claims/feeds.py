"""Atom feeds (django.contrib.syndication): stance changes, a country, a speaker, and any
claims-explorer selection.

Feeds follow the pages' read permission (claimtrack.access.may_read). A feed reader has no
session, so a feed URL may carry ``?token=`` (claims.feed_tokens): the feed is then read
as that user. Every entry is one stored row (an event or a statement) read newest first
through an index, so a feed costs what a short list does whatever the data size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from claims import feed_tokens
from claims.forms import StatementFilterForm
from claims.models import Country, Speaker, StanceEvent, Statement
from claimtrack.access import may_read

ENTRIES = 30


@dataclass(frozen=True)
class Entry:
    """One feed entry, whatever it was made from."""

    guid: str
    title: str
    link: str
    description: str
    date: dt.date | None
    author: str


def _when(date: dt.date | None) -> dt.datetime | None:
    if date is None:
        return None
    return timezone.make_aware(dt.datetime.combine(date, dt.time(12)), dt.UTC)


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%b %Y}"


def _quote(text: str, n: int = 300) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def event_entry(event: StanceEvent) -> Entry:
    speaker = event.statement.speaker
    checked = "verified by a person" if event.verified else "machine reading, not yet verified"
    return Entry(
        # Stable across recomputes (event rows are rebuilt; the statement that made the
        # change is what identifies it).
        guid=f"stance-change:{event.country_id}:{event.topic_id}:{event.statement_id}",
        title=event.headline,
        link=f"{event.get_absolute_url()}?topic={event.topic.slug}",
        description=(
            f"{event.topic.name}. {speaker.name}: “{_quote(event.statement.text)}” ({checked})"
        ),
        date=event.date,
        author=speaker.name,
    )


def statement_entry(statement: Statement) -> Entry:
    stance = getattr(statement, "topic_stance", None) or statement.stance
    label = dict(Statement._meta.get_field("stance").flatchoices).get(stance, stance)
    when = f", {_day(statement.date_said)}" if statement.date_said else ""
    return Entry(
        guid=f"statement:{statement.pk}",
        title=f"{statement.speaker.name} ({label}){when}",
        link=statement.get_absolute_url(),
        description=f"“{_quote(statement.text)}”",
        date=statement.date_said,
        author=statement.speaker.name,
    )


def newest_statements(qs, most: int = ENTRIES) -> list[Statement]:
    """The newest dated statements of a selection, walking the date index."""
    rows = qs.filter(date_said__isnull=False).order_by("-date_said", "-id")
    return list(rows.select_related("speaker").defer("search_vector")[:most])


class EntryFeed(Feed):
    """Atom feed of Entry rows; subclasses say what the entries are."""

    feed_type = Atom1Feed

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> dt.datetime | None:
        return _when(item.date)

    def item_updateddate(self, item: Entry) -> dt.datetime | None:
        return _when(item.date)

    def item_author_name(self, item: Entry) -> str:
        return item.author


class ChangesFeed(EntryFeed):
    title = "ClaimTrack: stance changes"
    subtitle = "Each time a country's government changes its stance on a tracked question."

    def link(self) -> str:
        return reverse("claims:overview")

    def items(self) -> list[Entry]:
        events = StanceEvent.objects.for_list().select_related("statement__speaker")
        return [event_entry(e) for e in events.newest_first()[:ENTRIES]]


class CountryFeed(EntryFeed):
    """A country's stance changes (every topic) and its latest statements, by anyone
    speaking for it, newest first."""

    def get_object(self, request: HttpRequest, slug: str) -> Country:
        return get_object_or_404(Country, slug=slug)

    def title(self, obj: Country) -> str:
        return f"ClaimTrack: {obj.name}"

    def subtitle(self, obj: Country) -> str:
        return f"Stance changes of {obj.name}'s government and statements made for {obj.name}."

    def link(self, obj: Country) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Country) -> list[Entry]:
        events = StanceEvent.objects.for_list().filter(country=obj).newest_first()[:ENTRIES]
        spoken = newest_statements(Statement.objects.visible().speaking_for(obj))
        entries = [event_entry(e) for e in events] + [statement_entry(s) for s in spoken]
        # Newest first; on one day the change before the statements that made it.
        entries.sort(key=lambda e: (e.date or dt.date.min, e.guid.startswith("stance")))
        return entries[::-1][:ENTRIES]


class SpeakerFeed(EntryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Speaker:
        return get_object_or_404(Speaker, slug=slug)

    def title(self, obj: Speaker) -> str:
        return f"ClaimTrack: {obj.name}"

    def link(self, obj: Speaker) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Speaker) -> str:
        return f"What {obj.name} said, newest first."

    def items(self, obj: Speaker) -> list[Entry]:
        spoken = Statement.objects.visible().by_speaker(obj)
        return [statement_entry(s) for s in newest_statements(spoken)]


class ExplorerFeed(EntryFeed):
    """The claims explorer's selection (its query string) as a feed, newest first."""

    def get_object(self, request: HttpRequest) -> StatementFilterForm:
        return StatementFilterForm(request.GET)

    def title(self, obj: StatementFilterForm) -> str:
        return f"ClaimTrack: claims on {obj.chosen_topic.name}"

    def link(self, obj: StatementFilterForm) -> str:
        query = obj.data.copy()
        query.pop("token", None)
        return f"{reverse('claims:statement_list')}?{query.urlencode()}"

    def description(self, obj: StatementFilterForm) -> str:
        return "The statements the claims explorer lists for this selection, newest first."

    def items(self, obj: StatementFilterForm) -> list[Entry]:
        chosen = obj.filter(Statement.objects.visible())
        return [statement_entry(s) for s in newest_statements(chosen)]


def readable_feed(feed: Feed) -> Callable[..., HttpResponse]:
    """The feed as a view, read as the token's user when the URL carries one."""

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.GET.get("token")
        if token:
            user = feed_tokens.user_for(token)
            if user is None:
                return HttpResponseForbidden(
                    "This feed link is not valid any more: copy it again from your feeds page.\n",
                    content_type="text/plain; charset=utf-8",
                )
            request.user = user
        if may_read(request.user):
            return feed(request, *args, **kwargs)
        if request.user.is_authenticated:
            raise PermissionDenied("This account is in no group that may read ClaimTrack.")
        return redirect_to_login(request.get_full_path())

    return view


changes = readable_feed(ChangesFeed())
country = readable_feed(CountryFeed())
speaker = readable_feed(SpeakerFeed())
explorer = readable_feed(ExplorerFeed())


def feed_url(request: HttpRequest, name: str, *args, query: str = "") -> str:
    """A feed's absolute URL for the user of ``request``: with their token when signed in,
    so a feed reader can subscribe to exactly what they see."""
    params = [query] if query else []
    if request.user.is_authenticated:
        params.append(f"token={feed_tokens.token_for(request.user)}")
    url = reverse(name, args=args)
    return request.build_absolute_uri(f"{url}?{'&'.join(params)}" if params else url)
