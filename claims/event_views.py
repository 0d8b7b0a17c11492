"""Pages for contradiction flags and for a reader's feed links.

Stance-change events are shown on the overview, country pages and timeline charts
(claims.views); these are the pages of their own.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims import feeds
from claims.events import contradiction_days
from claims.forms import TopicForm
from claims.models import Contradiction, Country, StanceEvent
from claims.views import Window, page_number, readable

PER_PAGE = 25


@readable
@require_GET
def contradictions(request: HttpRequest) -> HttpResponse:
    """Statements flagged as contradicting an earlier one of the same voice, newest first."""
    form = TopicForm(request.GET)
    topic = form.chosen_topic
    flags = (
        Contradiction.objects.filter(topic=topic)
        .select_related("later__speaker", "earlier__speaker", "country", "speaker")
        .defer("later__search_vector", "earlier__search_vector")
        .order_by("-date", "-id")
    )
    number = page_number(request)
    rows = list(flags[(number - 1) * PER_PAGE : number * PER_PAGE + 1])
    context = {
        "form": form,
        "topic": topic,
        "page": Window(rows[:PER_PAGE], number, len(rows) > PER_PAGE),
        "days": contradiction_days(),
    }
    return render(request, "claims/contradictions.html", context)


@readable
@require_GET
def feed_list(request: HttpRequest) -> HttpResponse:
    """The reader's feed URLs, with their token when signed in, ready to paste into a feed
    reader."""
    changed = StanceEvent.objects.values("country_id")
    countries = Country.objects.filter(Q(is_tracked=True) | Q(pk__in=changed)).order_by("name")
    context = {
        "changes_url": feeds.feed_url(request, "claims:feed_changes"),
        "country_feeds": [
            (c, feeds.feed_url(request, "claims:feed_country", c.slug)) for c in countries
        ],
        "explorer_url": feeds.feed_url(request, "claims:feed_claims"),
    }
    return render(request, "claims/feeds.html", context)
