"""Public pages: overview, country timelines, the claims explorer, speakers, statements.

Read-only. Every page runs a fixed number of queries whatever the data size: related rows
come through select_related/prefetch_related and counts are aggregated in SQL.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

from django.contrib.auth.views import redirect_to_login
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from claims import events, selectors
from claims.charts import Mark, timeline
from claims.export_stream import csv_stream, export_rows, json_stream
from claims.forms import CountryFilterForm, StatementFilterForm, TopicForm
from claims.models import (
    Appearance,
    Country,
    Speaker,
    SpeakerRole,
    Stance,
    Statement,
    StatementQuerySet,
    StatementTopic,
    Topic,
)
from claims.paging import (
    PER_PAGE,
    Keyset,
    Window,
    first_keyset_window,
    keyset_window,
    page_number,
    rows_window,
)
from claimtrack.access import may_read

ABOUT_MAX = 10
TIMELINE_PER_PAGE = 25
# Stance changes listed (and flagged on the chart) on a country page.
CHANGES_MAX = 50
# One mark per statement stops being readable long before this; older marks are left out
# and the chart says so.
CHART_MAX = 250
STANCE_LABELS = dict(Stance.choices)
# Characters that cannot occur in escaped HTML, used to carry ts_headline's match bounds
# through escaping.
HL_START, HL_STOP = "\x02", "\x03"


def readable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Reading needs a login in a reading group unless CLAIMTRACK_PUBLIC_READ is on."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if may_read(request.user):  # public reading, or a user in a reading group
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            raise PermissionDenied("This account is in no group that may read ClaimTrack.")
        if request.htmx:
            # A redirect would be followed and the login page swapped into #results.
            login_url = redirect_to_login(request.htmx.current_url_abs_path or "/").url
            return HttpResponseClientRedirect(login_url)
        return redirect_to_login(request.get_full_path())

    return wrapper


def partial_or_page(request: HttpRequest, template: str, partial: str) -> str:
    """The named fragment for htmx swaps; the whole page for normal loads and history restores."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template


def window(request: HttpRequest, qs: QuerySet, per_page: int) -> Window:
    """A page of statements, each with its links (with_links)."""
    page = rows_window(request, qs, per_page)
    return replace(page, items=with_links(page.items))


def newest_first_window(request: HttpRequest, qs: StatementQuerySet, per_page: int) -> Window:
    """Newest first, undated last, without sorting the whole table.

    "date DESC NULLS LAST" matches no index, so PostgreSQL would sort every row. Instead the
    dated rows come from a backward walk of a date index, and undated rows are read only
    on the page where the dated ones run out; then one query loads the page's rows.
    """
    number = page_number(request)
    offset = (number - 1) * per_page
    dated = qs.filter(date_said__isnull=False).order_by("-date_said", "-id")
    pks = list(dated.values_list("pk", flat=True)[offset : offset + per_page + 1])
    if len(pks) <= per_page:
        # Past the dated rows: how many there were decides where the undated ones start.
        dated_total = offset + len(pks) if pks or not offset else dated.count()
        start = offset + len(pks) - dated_total
        undated = qs.filter(date_said__isnull=True).order_by("-id").values_list("pk", flat=True)
        pks += list(undated[start : start + per_page + 1 - len(pks)])
    return Window(listed(qs, pks[:per_page]), number, len(pks) > per_page)


def listed(qs: StatementQuerySet, pks: list[int]) -> list[Statement]:
    """The statements ``pks`` of ``qs``, in that order, ready for a list: one query for the
    rows and two for their countries and sources, whatever the order asked."""
    rows = with_sources(qs.filter(pk__in=pks)).in_bulk()
    return with_links([rows[pk] for pk in pks if pk in rows])


def date_window(request: HttpRequest, qs: StatementQuerySet, ordering: str) -> Window | None:
    """A page of a date-ordered listing: by keyset from the first page on, so the "older"
    and "newer" links cost what the first page does however deep they go. A page number
    with no cursor (an old link) is still served, by offset. None for other orders."""
    if ordering not in ("-date", "date"):
        return None
    desc = ordering == "-date"
    load = functools.partial(listed, qs)
    page = keyset_window(request, qs, PER_PAGE, desc=desc, load=load)
    if page is not None:
        return page
    if page_number(request) > 1:
        return newest_first_window(request, qs, PER_PAGE) if desc else None
    return first_keyset_window(qs, PER_PAGE, desc=desc, load=load)


def with_sources(qs: StatementQuerySet) -> StatementQuerySet:
    """Statements ready for a list: speaker, countries and every appearance with its article.

    Article texts (body, raw text, offset map) and the search vector are left out: lists
    never show them, and decoding them cost more than the rest of the rows.
    """
    appearances = (
        Appearance.objects.select_related("article")
        .defer(*ARTICLE_TEXTS)
        .order_by("article__date", "id")
    )
    return (
        qs.select_related("speaker", "speaker_country")
        .defer("search_vector")
        .prefetch_related("countries", Prefetch("appearances", queryset=appearances))
    )


ARTICLE_TEXTS = ("article__raw_text", "article__body", "article__offset_map")


def with_links(statements: list[Statement]) -> list[Statement]:
    """Give each listed statement, its speaker, countries and sources a ``url``.

    One reverse() per kind of page rather than one per link: a list of statements has a
    few hundred links, and reverse() was a fifth of a country page's time.
    """
    urls = {
        name: reverse(name, args=["0"]).replace("/0/", "/{}/")
        for name in ("claims:statement", "claims:speaker", "claims:country", "articles:detail")
    }
    for s in statements:
        show_stance(s)
        s.url = urls["claims:statement"].format(s.pk)
        s.speaker.url = urls["claims:speaker"].format(s.speaker.slug)
        if s.speaker_country:
            s.speaker_country.url = urls["claims:country"].format(s.speaker_country.slug)
        s.about = list(s.countries.all())
        for c in s.about:
            c.url = urls["claims:country"].format(c.slug)
        s.sources = list(s.appearances.all())
        for a in s.sources:
            a.url = urls["articles:detail"].format(a.article_id) + f"#appearance-{a.pk}"
    return statements


def show_stance(statement: Statement | None) -> Statement | None:
    """The stance a page shows: on a topic's page, the stance on that topic
    (Statement.on_topic's annotation), which may differ from the statement's own."""
    if statement is not None:
        statement.shown_stance = getattr(statement, "topic_stance", None) or statement.stance
        statement.shown_stance_label = STANCE_LABELS.get(
            statement.shown_stance, statement.shown_stance
        )
    return statement


def statement_marks(qs: StatementQuerySet) -> tuple[list[Mark], bool]:
    """One chart mark per statement, the latest CHART_MAX of them."""
    stance = selectors.stance_of(qs)
    rows = list(
        qs.filter(date_said__isnull=False)
        .order_by("-date_said", "-id")
        .values("pk", "date_said", "speaker__name", "text", shown=F(stance))[: CHART_MAX + 1]
    )
    # reverse() once rather than per mark: it is most of the cost of a large chart.
    url = reverse("claims:statement", args=[0]).replace("/0/", "/{}/")
    marks = [
        Mark(
            date=r["date_said"],
            stance=r["shown"],
            label=f"{r['date_said']:%d %b %Y}, {r['speaker__name']}: “{_clip(r['text'])}”",
            url=url.format(r["pk"]),
        )
        for r in rows[:CHART_MAX]
    ]
    return marks, len(rows) > CHART_MAX


def period_marks(qs: StatementQuerySet, period: str) -> tuple[list[Mark], bool]:
    """One mark per speaker, period and stance, counted in SQL (the latest CHART_MAX)."""
    fmt = "Week of %d %b %Y" if period == "week" else "%B %Y"
    url = reverse("claims:speaker", args=["-"]).replace("/-/", "/{}/")
    rows = selectors.per_speaker_period(qs, period, CHART_MAX + 1)
    marks = [
        Mark(
            date=r["period"],
            stance=r["stance"],
            label=f"{r['period']:{fmt}}, {r['speaker__name']}: {r['stance']} × {r['n']}",
            url=url.format(r["speaker__slug"]),
            n=r["n"],
        )
        for r in rows[-CHART_MAX:]
    ]
    return marks, len(rows) > CHART_MAX


def _clip(text: str, n: int = 140) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@readable
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.GET)
    topic = form.chosen_topic
    months = selectors.strip_months(topic)
    countries = selectors.tracked_countries(topic, months)
    current = {
        pk: show_stance(s) for pk, s in selectors.current_statements(topic, countries).items()
    }
    rows = [overview_row(topic, c, current, months) for c in countries]
    context = {
        "form": form,
        "topic": topic,
        "rows": rows,
        "months": months,
        "undated": sum(c.undated for c in countries),
        "changes": events.recent_changes(topic),
    }
    return render(request, "claims/overview.html", context)


def overview_row(topic: Topic, country: Country, current: dict, months: list) -> dict:
    """The proposer is shown as the proposer: no stance, no strip."""
    if not topic.takes_stance(country):
        return {"country": country, "proposer": True, "current": None, "strip": []}
    return {
        "country": country,
        "proposer": False,
        "current": current.get(country.current_pk),
        "strip": selectors.month_strip(country, months),
    }


@readable
@require_GET
@vary_on_headers("HX-Request")
def country(request: HttpRequest, slug: str) -> HttpResponse:
    country = get_object_or_404(Country, slug=slug)
    form = CountryFilterForm(request.GET, country=country)
    topic = form.chosen_topic
    # Only its government's words are the country's position; other voices from it are
    # listed beside them, labelled, and never set the headline.
    spoken = Statement.objects.visible().speaking_for(country)
    own = form.filter(spoken.government())
    if form.counting == "statement":
        marks, truncated = statement_marks(own)
    else:
        marks, truncated = period_marks(own, form.counting)
    about = form.filter(Statement.objects.visible().about_not_for(country))
    beside = form.filter(spoken.not_government())
    # A country that changed position a thousand times (synthetic load, a long archive)
    # shows its newest changes, and says how to see the rest (the feed and the API).
    changes = events.changes_of(country, topic, most=CHANGES_MAX + 1)
    changes_truncated = len(changes) > CHANGES_MAX
    changes = changes[:CHANGES_MAX]
    context = {
        "country": country,
        "form": form,
        "topic": topic,
        "proposer": not topic.takes_stance(country),
        "current": show_stance(selectors.current_stance_of(topic, country)),
        "page": window(request, with_sources(own).timeline_order(), TIMELINE_PER_PAGE),
        "chart": timeline(marks, changes=events.change_marks(changes)),
        "chart_truncated": truncated,
        "changes": changes,
        "changes_truncated": changes_truncated,
        "undated": form.filter(spoken.government(), dates=False).undated().count(),
        "beside": newest(beside, ABOUT_MAX),
        # Dated only, newest first: PostgreSQL walks the date index and stops at ABOUT_MAX rows;
        # every statement about the country, undated ones included, is one click away.
        "about": newest_dated(about, ABOUT_MAX),
    }
    return render(
        request, partial_or_page(request, "claims/country_detail.html", "results"), context
    )


def newest(qs: StatementQuerySet, most: int) -> list[Statement]:
    """The newest ``most`` statements, undated last, ready for a list. Dated ones by a
    backward walk of a date index, then undated ones only if too few: "DESC NULLS LAST"
    matches no index and sorted every row of the country (270 ms on Kosovo at 1M)."""
    return listed(qs, [pk for _, pk in Keyset(qs, desc=True).keys_after(None, most)])


def newest_dated(qs: StatementQuerySet, most: int) -> list[Statement]:
    """The newest ``most`` dated statements, ready for a list. Plain descending order, so
    PostgreSQL walks the (date_said, id) index backwards and stops at ``most`` rows;
    "DESC NULLS LAST" (newest) matches no index and sorted every row, 0.8 s on a country
    page at 1M statements."""
    ordered = with_sources(qs.filter(date_said__isnull=False)).order_by("-date_said", "-id")
    return with_links(list(ordered[:most]))


@readable
@require_GET
@vary_on_headers("HX-Request")
def statement_list(request: HttpRequest) -> HttpResponse:
    form = StatementFilterForm(request.GET)
    qs = form.filter(Statement.objects.visible())
    q = form.searching
    if q and connection.vendor == "postgresql":
        qs = qs.annotate(headline=_headline(q))
    page = date_window(request, qs, form.ordering) or window(request, with_sources(qs), PER_PAGE)
    for s in page.items:
        s.highlighted = _highlight(s, q)
    context = {
        "form": form,
        "topic": form.chosen_topic,
        "page": page,
        "query": request.GET.urlencode(),
        "export_query": with_topic(request, form.chosen_topic),
        # A date filter leaves undated statements out: how many, so the page can say so.
        "undated": (
            form.filter(Statement.objects.visible(), dates=False).undated().count()
            if form.dating
            else 0
        ),
    }
    return render(
        request, partial_or_page(request, "claims/statement_list.html", "results"), context
    )


def with_topic(request: HttpRequest, topic: Topic) -> str:
    """The request's query string naming its topic, so a link keeps it whatever the default."""
    query = request.GET.copy()
    for paging in ("page", "after", "before"):
        query.pop(paging, None)
    query["topic"] = topic.slug
    return query.urlencode()


def _headline(q: str) -> SearchHeadline:
    return SearchHeadline(
        "text",
        SearchQuery(q, search_type="websearch", config="english"),
        config="english",
        start_sel=HL_START,
        stop_sel=HL_STOP,
        highlight_all=True,
    )


def _highlight(statement: Statement, q: str) -> SafeString:
    """The quote, escaped, with search matches in <mark>: only our own tags are unescaped."""
    text = statement.text.replace(HL_START, "").replace(HL_STOP, "")
    headline = getattr(statement, "headline", None)
    # ts_headline drops anything PostgreSQL's parser takes for an HTML tag; when it changed
    # the words, mark the original text instead of showing an altered quote.
    if headline is not None and headline.replace(HL_START, "").replace(HL_STOP, "") == text:
        text = headline
    elif q:
        text = _mark_plain(text, q)
    html = escape(text).replace(HL_START, "<mark>").replace(HL_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - everything but our <mark> tags was escaped above


def _mark_plain(text: str, q: str) -> str:
    """Marks each searched word, case-insensitively: the fallback without ts_headline."""
    words = {w for w in re.findall(r"\w+", q) if len(w) > 1 and w.lower() not in ("or", "and")}
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    return pattern.sub(lambda m: f"{HL_START}{m.group(0)}{HL_STOP}", text)


@readable
@require_GET
def export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """The explorer's current selection as CSV or JSON, streamed chunk by chunk: the
    statements about the selection's topic, each with its stance on that topic."""
    if fmt not in ("csv", "json"):
        raise Http404("Export formats are csv and json.")
    form = StatementFilterForm(request.GET)
    qs = form.filter(Statement.objects.visible())
    url = request.build_absolute_uri(reverse("claims:statement", args=[0])).replace("/0/", "/{}/")
    rows = export_rows(qs, url, form.ordering, topic=form.chosen_topic.slug)
    stream, content_type = (
        (csv_stream(rows), "text/csv; charset=utf-8")
        if fmt == "csv"
        else (json_stream(rows), "application/json")
    )
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="claims-{form.chosen_topic.slug}.{fmt}"'
    )
    return response


@readable
@require_GET
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    form = TopicForm(request.GET)
    links = StatementTopic.objects.select_related("topic").order_by("-relevance", "topic__name")
    qs = (
        with_sources(Statement.objects.visible())
        .select_related("reviewed_by", "topic")
        .prefetch_related(Prefetch("topic_links", queryset=links))
    )
    context = {"statement": get_object_or_404(qs, pk=pk), "form": form, "topic": form.chosen_topic}
    return render(request, "claims/statement_detail.html", context)


@readable
@require_GET
def speaker(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(
        Speaker.objects.select_related("country").prefetch_related("aliases"), slug=slug
    )
    form = TopicForm(request.GET)
    spoken = Statement.objects.visible().by_speaker(speaker)
    own = form.on_topic(spoken)
    marks, truncated = statement_marks(own)
    context = {
        "speaker": speaker,
        "form": form,
        "topic": form.chosen_topic,
        "roles": SpeakerRole.objects.filter(speaker=speaker)
        .order_by("role", "country__name")
        .values("role", "country__name")
        .distinct(),
        "page": window(request, with_sources(own).timeline_order(), TIMELINE_PER_PAGE),
        "chart": timeline(marks),
        "chart_truncated": truncated,
        "undated": own.undated().count(),
    }
    return render(request, "claims/speaker_detail.html", context)


@readable
@require_GET
@vary_on_headers("HX-Request")
def speaker_autocomplete(request: HttpRequest) -> HttpResponse:
    """Speaker suggestions: <option>s for the explorer's datalist over htmx, JSON otherwise."""
    q = (request.GET.get("q") or request.GET.get("speaker") or "").strip()
    speakers = (
        list(Speaker.objects.search(q).select_related("country").order_by("name")[:10]) if q else []
    )
    if request.htmx:
        return render(request, "claims/_speaker_options.html", {"speakers": speakers})
    return JsonResponse(
        {
            "results": [
                {
                    "name": s.name,
                    "slug": s.slug,
                    "country": s.country.name if s.country else "",
                    "url": s.get_absolute_url(),
                }
                for s in speakers
            ]
        }
    )
