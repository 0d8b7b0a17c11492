"""The explorer's "older / newer" links page by keyset: following them lists every statement
once, in the same order as one long list, ties on a date and undated statements included."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from tests import factories

CLAIMS = reverse("claims:statement_list")
HTMX = {"HX-Request": "true"}
ITEM = re.compile(r'id="statement-(\d+)"')


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def listed(page: str) -> list[int]:
    return [int(pk) for pk in ITEM.findall(page)]


def follow(reader, start: str, rel: str) -> tuple[list[list[int]], str]:
    """The statements of each page, following ``rel`` links from ``start`` to the end,
    and the URL of the last page reached."""
    pages, url = [], start
    while url:
        last = url
        body = reader.get(CLAIMS + url if url.startswith("?") else url).content.decode()
        pages.append(listed(body))
        url = link(body, rel)
    return pages, last


@pytest.fixture
def many(story):
    """60 statements on three days (ties on every day) and 12 undated ones."""
    days = [dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 3, 3)]
    for i in range(72):
        factories.statement(
            speaker=story["rama"],
            text=f"numbered quote {i} on return hubs",
            date_said=days[i % 3] if i < 60 else None,
        )


def expected(order: str) -> list[int]:
    from claims.models import Statement

    rows = Statement.objects.visible().values_list("date_said", "pk")
    dated = sorted((r for r in rows if r[0]), reverse=order == "-date")
    undated = sorted((pk for day, pk in rows if day is None), reverse=order == "-date")
    return [pk for _, pk in dated] + undated


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["-date", "date"])
def test_older_links_list_every_statement_once_in_order(reader, many, order):
    pages, _ = follow(reader, f"?sort={order}", "next")
    assert len(pages) == 4  # 76 statements, 25 a page
    assert [pk for page in pages for pk in page] == expected(order)


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["-date", "date"])
def test_newer_links_walk_back_to_the_first_page(reader, many, order):
    forward, last = follow(reader, f"?sort={order}", "next")
    backward, first = follow(reader, last, "prev")
    assert backward == forward[::-1]
    assert "page=1" in first and "before=" in first
    assert "Page 1" in reader.get(CLAIMS + first).content.decode()


@pytest.mark.django_db
def test_keyset_pages_number_themselves_and_work_over_htmx(reader, many):
    first = reader.get(CLAIMS).content.decode()
    older = link(first, "next")
    assert "after=" in older and "page=2" in older
    partial = reader.get(CLAIMS + older, headers=HTMX).content.decode()
    assert "Page 2" in partial and "<html" not in partial
    assert listed(partial) == expected("-date")[25:50]


@pytest.mark.django_db
def test_a_malformed_cursor_falls_back_to_the_first_page(reader, many):
    for cursor in ("nonsense", "2024-13-01_5", "_x", ""):
        page = reader.get(CLAIMS, {"after": cursor}).content.decode()
        assert listed(page) == expected("-date")[:25]


@pytest.mark.django_db
def test_filters_and_search_carry_through_keyset_pages(reader, many, story):
    pages, _ = follow(reader, "?q=numbered&speaker=Edi+Rama", "next")
    assert sum(len(p) for p in pages) == 72
    assert len({pk for p in pages for pk in p}) == 72


@pytest.mark.django_db
def test_export_and_feed_links_leave_the_cursor_out(reader, many):
    second = reader.get(CLAIMS + link(reader.get(CLAIMS).content.decode(), "next"))
    exports = re.findall(
        r'href="(/claims/export/[^"]+|[^"]*/feeds/claims/[^"]*)"', second.content.decode()
    )
    assert exports and not any("after=" in url or "page=" in url for url in exports)
