"""Article pages (the cleaned text with every claim marked, and the original text): in
`claims` because they show claims; `articles` itself knows nothing of claims."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.models import Article, SavedPage
from claims.models import Appearance, Statement
from claims.views import readable


@dataclass(frozen=True)
class Segment:
    """A run of article text; ``appearance`` is set when the run is a claim."""

    text: str
    appearance: Appearance | None = None


def claim_segments(body: str, appearances: list[Appearance]) -> list[Segment]:
    """Split ``body`` at the claims' offsets. Text stays text: the template escapes it.

    Overlapping claims (the same words attributed twice) are clipped so no character shows
    twice; offsets outside the body are ignored rather than trusted.
    """
    segments: list[Segment] = []
    pos = 0
    for a in sorted(appearances, key=lambda a: (a.start, a.end)):
        start, end = max(a.start, pos), min(a.end, len(body))
        if start >= end:
            continue
        if start > pos:
            segments.append(Segment(body[pos:start]))
        segments.append(Segment(body[start:end], a))
        pos = end
    if pos < len(body):
        segments.append(Segment(body[pos:]))
    return segments


@readable
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("duplicate_of")
        .defer("raw_text", "offset_map")
        # In the article's own query: a saved page is large and only its presence is shown.
        .annotate(has_saved_page=Exists(SavedPage.objects.filter(article=OuterRef("pk")))),
        pk=pk,
    )
    appearances = list(
        Appearance.objects.filter(article=article)
        .exclude(statement__review=Statement.Review.REJECTED)
        .select_related("statement__speaker", "statement__speaker_country")
    )
    context = {
        "article": article,
        "segments": claim_segments(article.body, appearances),
        "appearances": appearances,
        "duplicates": list(article.duplicates.order_by("date", "id")[:50]),
        "saved_page": article.has_saved_page,
    }
    return render(request, "articles/article_detail.html", context)


@readable
@require_GET
def raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The file's text exactly as received, never interpreted as HTML."""
    article = get_object_or_404(Article.objects.only("raw_text"), pk=pk)
    return HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")


@readable
@require_GET
def page(request: HttpRequest, pk: int) -> HttpResponse:
    """The saved web page an article was extracted from, as source: shown as plain text,
    never rendered, so none of its scripts or styles run here."""
    saved = get_object_or_404(SavedPage.objects.only("html"), article_id=pk)
    return HttpResponse(saved.html, content_type="text/plain; charset=utf-8")
