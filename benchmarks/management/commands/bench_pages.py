"""Server-side latency and SQL query count of every page and htmx partial, on this database.

A benchmark, not a test: it measures what the current data costs (run it after
``seed_synthetic --statements 1000000``) and prints the figures; nothing is asserted. Each
request goes through the whole Django stack (middleware, session, view, template) with the
test client, so network and browser time are left out on purpose.
"""

from __future__ import annotations

import json
import math
import statistics
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from articles.models import Article
from claims.models import Country, Statement

TARGET_P95_MS = 50.0


@dataclass(frozen=True)
class Page:
    """One thing to measure: a URL name, how to fill it, its query string, htmx or not."""

    label: str
    url_name: str
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    htmx: bool = False


@dataclass
class Sample:
    """Real rows of this database for the URLs that need an object."""

    country: str | None
    speaker_id: int | None
    speaker_slug: str | None
    statement_id: int | None
    article_id: int | None
    largest_country: str | None = None
    busiest_speaker: str | None = None
    deep_cursor: str | None = None

    @classmethod
    def pick(cls) -> Sample:
        latest = (
            Statement.objects.visible()
            .filter(speaker_country__isnull=False, first_article__isnull=False)
            .select_related("speaker", "speaker_country")
            .order_by("-id")
            .first()
        )
        country = latest.speaker_country.slug if latest else _any_country()
        return cls(
            country=country,
            speaker_id=latest.speaker_id if latest else None,
            speaker_slug=latest.speaker.slug if latest else None,
            statement_id=latest.pk if latest else None,
            article_id=latest.first_article_id if latest else _any_article(),
            largest_country=_largest_country(),
            busiest_speaker=_busiest_speaker(),
            deep_cursor=_deep_cursor(),
        )


def _any_country() -> str | None:
    country = Country.objects.order_by("-is_tracked", "name").first()
    return country.slug if country else None


def _any_article() -> int | None:
    return Article.objects.order_by("-id").values_list("pk", flat=True).first()


def _largest_country() -> str | None:
    """The country the most statements speak for: the UK at 1M synthetic statements."""
    top = (
        Statement.objects.filter(speaker_country__isnull=False)
        .values("speaker_country__slug")
        .annotate(n=Count("*"))
        .order_by("-n")
        .first()
    )
    return top["speaker_country__slug"] if top else None


def _busiest_speaker() -> str | None:
    """The speaker with the most statements: the longest timeline and chart to build."""
    top = Statement.objects.values("speaker__slug").annotate(n=Count("*")).order_by("-n").first()
    return top["speaker__slug"] if top else None


# How deep the deep explorer page is: OFFSET paging spent 375-776 ms reaching it.
DEEP_PAGE = 20_000


def _deep_cursor() -> str | None:
    """The explorer's keyset cursor for page DEEP_PAGE of its default listing (newest
    first, on the default topic): the cursor its "Older" link on page DEEP_PAGE - 1 holds."""
    from claims.forms import StatementFilterForm
    from claims.paging import PER_PAGE, encode_key

    form = StatementFilterForm({})
    qs = form.filter(Statement.objects.visible()).filter(date_said__isnull=False)
    offset = (DEEP_PAGE - 1) * PER_PAGE - 1
    last = qs.order_by("-date_said", "-id").values_list("date_said", "pk")[offset : offset + 1]
    return next((encode_key(day, pk) for day, pk in last), None)


def pages(s: Sample) -> list[Page]:
    """The pages of issue 4 with the filters researchers use, and their htmx partials."""
    by_speaker = f"speaker={s.speaker_id}"
    country = {"slug": s.country}
    return [
        Page("overview", "claims:overview"),
        Page("country", "claims:country", country),
        Page("country ?stance (htmx)", "claims:country", country, "stance=opposes", True),
        Page("claims", "claims:statement_list"),
        Page("claims ?speaker", "claims:statement_list", query=by_speaker),
        Page("claims ?speaker (htmx)", "claims:statement_list", query=by_speaker, htmx=True),
        Page("claims ?stance", "claims:statement_list", query="stance=opposes"),
        Page("claims ?stance (htmx)", "claims:statement_list", query="stance=opposes", htmx=True),
        Page("claims ?q", "claims:statement_list", query="q=asylum"),
        Page("claims ?q (htmx)", "claims:statement_list", query="q=asylum", htmx=True),
        Page("claims ?country", "claims:statement_list", query=f"country={s.country}"),
        Page("claims ?q&stance&country", "claims:statement_list",
             query=f"q=return+hub&stance=supports&country={s.country}", htmx=True),
        Page("claims page 50", "claims:statement_list", query="page=50"),
        *deep_pages(s),
        Page("speaker autocomplete", "claims:speaker_autocomplete", query="q=ho", htmx=True),
        Page("speaker", "claims:speaker", {"slug": s.speaker_slug}),
        Page("speaker (busiest)", "claims:speaker", {"slug": s.busiest_speaker}),
        Page("statement", "claims:statement", {"pk": s.statement_id}),
        Page("article", "articles:detail", {"pk": s.article_id}),
        Page("article raw", "articles:raw", {"pk": s.article_id}),
        Page("export csv ?speaker", "claims:export", {"fmt": "csv"}, by_speaker),
        Page("export json ?speaker", "claims:export", {"fmt": "json"}, by_speaker),
        *largest_country_pages(s),
        *index_pages(),
        *admin_pages(s),
        *review_and_api_pages(s),
        *event_pages(s),
    ]  # fmt: skip


def deep_pages(s: Sample) -> list[Page]:
    """A page DEEP_PAGE deep in the explorer, reached by its keyset cursor, page and partial."""
    if s.deep_cursor is None:
        return []
    query = f"after={s.deep_cursor}&page={DEEP_PAGE}"
    return [
        Page(f"claims page {DEEP_PAGE:,} (keyset)", "claims:statement_list", query=query),
        Page(f"claims page {DEEP_PAGE:,} (htmx)", "claims:statement_list", query=query, htmx=True),
    ]


def largest_country_pages(s: Sample) -> list[Page]:
    """The country with the most statements: its timeline, filtered and counted by period."""
    country = {"slug": s.largest_country}
    return [
        Page("country (largest)", "claims:country", country),
        Page("country (largest) ?stance", "claims:country", country, "stance=opposes"),
        Page("country (largest) ?stance (htmx)", "claims:country", country, "stance=opposes",
             True),
        Page("country (largest) ?count=week", "claims:country", country, "count=week"),
        Page("country (largest) ?count=month", "claims:country", country, "count=month"),
    ]  # fmt: skip


def index_pages() -> list[Page]:
    """Every speaker, article and country on record."""
    return [
        Page("speakers index", "claims:speaker_index"),
        Page("speakers index ?q", "claims:speaker_index", query="q=ho"),
        Page("articles index", "articles:index"),
        Page("countries index", "claims:country_index"),
    ]


def admin_pages(s: Sample) -> list[Page]:
    """The correction lists: they must stay usable on the same million rows."""
    statements = "admin:claims_statement_changelist"
    return [
        Page("admin statements", statements),
        Page("admin statements ?q", statements, query="q=asylum"),
        Page("admin statements ?stance", statements, query="stance__exact=opposes"),
        Page("admin statement change", "admin:claims_statement_change",
             {"object_id": s.statement_id}),
        Page("admin speakers", "admin:claims_speaker_changelist"),
        Page("admin speakers ?q", "admin:claims_speaker_changelist", query="q=hoxha"),
        Page("admin articles", "admin:articles_article_changelist"),
    ]  # fmt: skip


def event_pages(s: Sample) -> list[Page]:
    """Stance changes and contradictions: their page, feeds and API list (claims.events)."""
    return [
        Page("contradictions", "claims:contradictions"),
        Page("feeds page", "claims:feeds"),
        Page("feed: changes", "claims:feed_changes"),
        Page("feed: country", "claims:feed_country", {"slug": s.country}),
        Page("feed: speaker", "claims:feed_speaker", {"slug": s.speaker_slug}),
        Page("feed: explorer ?stance", "claims:feed_claims", query="stance=opposes"),
        Page("api events", "api:events"),
        Page("api events ?country", "api:events", query=f"country={s.country}"),
    ]


def review_and_api_pages(s: Sample) -> list[Page]:
    """The review queue and the JSON API's lists, a keyset page near the end included."""
    from claims.api import encode_cursor

    old = (
        Statement.objects.visible()
        .filter(date_said__isnull=False)
        .order_by("date_said", "id")
        .values_list("date_said", "pk")[25:26]
    )
    deep = "&".join(f"cursor={encode_cursor(d.isoformat(), pk)}" for d, pk in old)
    return [
        Page("review queue", "review:queue"),
        Page("review queue (htmx)", "review:queue", query="pos=1", htmx=True),
        Page("review queue ?pos=500", "review:queue", query="pos=500"),
        Page("api statements", "api:statements"),
        Page("api statements ?country", "api:statements", query=f"country={s.country}"),
        Page("api statements ?q&stance", "api:statements", query="q=asylum&stance=opposes"),
        Page("api statements, last page", "api:statements", query=deep),
        Page("api speakers", "api:speakers"),
        Page("api countries", "api:countries"),
        Page("api articles", "api:articles"),
    ]


def resolve(page: Page) -> str | None:
    if any(v is None for v in page.kwargs.values()):
        return None
    try:
        url = reverse(page.url_name, kwargs=page.kwargs)
    except NoReverseMatch:
        return None
    return f"{url}?{page.query}" if page.query else url


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: with 20 runs, p95 is the 19th fastest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Result:
    label: str
    url: str | None
    status: int | str
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    slowest: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        keys = ("url", "status", "median_ms", "p95_ms", "queries")
        return {"page": self.label, **{k: getattr(self, k) for k in keys}}


def measure(client: Client, page: Page, repeat: int) -> Result:
    url = resolve(page)
    if url is None:
        return Result(page.label, None, "missing")
    headers = {"HX-Request": "true"} if page.htmx else {}
    try:
        _get(client, url, headers)  # warm-up: templates compiled, connection open
        timings, status, captured = [], 0, []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                status = _get(client, url, headers)
                timings.append((time.perf_counter() - started) * 1000)
            captured = ctx.captured_queries
    except Exception as exc:  # a broken page is a finding, not a reason to stop
        return Result(page.label, url, f"error: {type(exc).__name__}: {exc}"[:200])
    slowest = sorted(captured, key=lambda q: float(q["time"]), reverse=True)[:3]
    return Result(
        page.label,
        url,
        status,
        round(statistics.median(timings), 1),
        round(percentile(timings, 95), 1),
        len(captured),
        slowest,
    )


def _get(client: Client, url: str, headers: dict) -> int:
    response = client.get(url, headers=headers, secure=True)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # an export costs what producing it costs
    return response.status_code


def _plain_static() -> dict:
    """Static URLs without a collectstatic manifest: the benchmark measures pages, not files."""
    backend = "django.contrib.staticfiles.storage.StaticFilesStorage"
    return {**settings.STORAGES, "staticfiles": {"BACKEND": backend}}


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


class Command(BaseCommand):
    help = "Measure median/p95 latency and SQL query count of every page and htmx partial."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="One JSON object per page."
        )
        parser.add_argument(
            "--only", default="", help="Only the pages whose name contains this text."
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            dest="with_explain",
            help=f"EXPLAIN ANALYZE the slowest queries of pages over p95 {TARGET_P95_MS:.0f} ms.",
        )

    def handle(self, *args, repeat: int, as_json: bool, with_explain: bool, **options) -> None:
        results = list(self._run(max(1, repeat), options.get("only", "")))
        if as_json:
            self.stdout.write(json.dumps([r.as_dict() for r in results], indent=2))
            return
        self._table(results)
        if with_explain:
            self._explain(results)

    def _run(self, repeat: int, only: str = "") -> Iterator[Result]:
        sample = Sample.pick()
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        user = get_user_model().objects.create_superuser(
            username=f"bench-{uuid.uuid4().hex[:12]}", email="", password=None
        )
        try:
            with override_settings(
                ALLOWED_HOSTS=hosts, CLAIMTRACK_PUBLIC_READ=True, STORAGES=_plain_static()
            ):
                client = Client()
                client.force_login(user)
                for page in pages(sample):
                    if only in page.label:
                        yield measure(client, page, repeat)
                client.logout()
        finally:
            user.delete()

    def _table(self, results: list[Result]) -> None:
        statements = Statement.objects.count()
        self.stdout.write(f"{statements:,} statements on {connection.vendor}\n")
        header = f"{'page':30} {'status':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  url"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            flag = " !" if r.p95_ms is not None and r.p95_ms > TARGET_P95_MS else ""
            self.stdout.write(
                f"{r.label:30} {str(r.status)[:7]:>7} {_fmt(r.median_ms):>10} "
                f"{_fmt(r.p95_ms):>8} {_fmt(r.queries):>8}  {r.url or ''}{flag}"
            )
            if isinstance(r.status, str) and r.status.startswith("error"):
                self.stdout.write(f"    {r.status}")

    def _explain(self, results: list[Result]) -> None:
        slow = [r for r in results if r.p95_ms is not None and r.p95_ms > TARGET_P95_MS]
        for r in slow:
            self.stdout.write(f"\n== {r.label} ({r.url}): p95 {r.p95_ms} ms")
            for q in r.slowest:
                if not q["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                self.stdout.write(f"\n-- {q['time']} s\n{q['sql']}\n")
                self.stdout.write(explain(q["sql"]))


def _fmt(value) -> str:
    return "-" if value is None else str(value)
