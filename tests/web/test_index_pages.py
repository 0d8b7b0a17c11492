"""Index pages: /speakers/, /articles/ and /countries/ list what is on record, each row
linking to its page, with per-row counts, a search, paging and a message past the end."""

import pytest
from django.urls import reverse

from claims import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_speakers_index_lists_everyone_with_kind_country_and_count(reader, story):
    html = reader.get(reverse("claims:speaker_index")).content.decode()
    for who in ("Vjosa Osmani", "Edi Rama", "Yvette Cooper"):
        assert who in html
    assert story["osmani"].get_absolute_url() in html
    assert story["kosovo"].get_absolute_url() in html
    row = html[html.index("Vjosa Osmani") :]
    assert '<td class="num">2</td>' in row[: row.index("</tr>")]


def test_speakers_index_searches_aliases_and_counts_no_rejected_statement(reader, story):
    services.reject_statement(statement=story["open"])
    html = reader.get(reverse("claims:speaker_index"), {"q": "osman"}).content.decode()
    assert "Vjosa Osmani" in html and "Edi Rama" not in html
    row = html[html.index("Vjosa Osmani") :]
    assert '<td class="num">1</td>' in row[: row.index("</tr>")]


def test_speakers_index_pages_and_says_when_past_the_end(reader, db):
    for i in range(55):
        factories.speaker(f"Person {i:02d}")
    first = reader.get(reverse("claims:speaker_index")).content.decode()
    assert "Person 49" in first and "Person 50" not in first and 'rel="next"' in first
    second = reader.get(reverse("claims:speaker_index"), {"page": 2}).content.decode()
    assert "Person 54" in second and 'rel="prev"' in second
    past = reader.get(reverse("claims:speaker_index"), {"page": 9}).content.decode()
    assert "past the end of the list" in past


def test_articles_index_newest_first_undated_last_with_claim_counts(reader, story):
    factories.article("An undated piece.", title="Undated piece", date=None)
    html = reader.get(reverse("articles:index")).content.decode()
    october, may, undated = (
        html.index("BBC News"),
        html.index("The Independent"),
        html.index("Undated piece"),
    )
    assert october < may < undated
    assert reverse("articles:detail", args=[story["may"].pk]) in html
    row = html[html.index(reverse("articles:detail", args=[story["may"].pk])) :]
    assert '<td class="num">2</td>' in row[: row.index("</tr>")]  # open + opposes


def test_articles_index_search(reader, story):
    html = reader.get(reverse("articles:index"), {"q": "bbc"}).content.decode()
    assert "BBC News" in html and "The Independent" not in html


def test_countries_index_holds_tracked_countries_nobody_spoke_for(reader, story):
    factories.country("Montenegro", is_tracked=True)
    factories.country("Nowhere Land")  # neither tracked nor spoken for or about
    html = reader.get(reverse("claims:country_index")).content.decode()
    assert "Montenegro" in html and "Nowhere Land" not in html
    assert "Kosovo" in html and story["kosovo"].get_absolute_url() in html
    row = html[html.index('id="country-kosovo"') :]
    assert '<td class="num">2</td>' in row[: row.index("</tr>")]


def test_index_pages_need_a_reading_login(client, db):
    for name in ("claims:speaker_index", "claims:country_index", "articles:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_index_pages_are_linked_from_the_main_navigation(reader, story):
    html = reader.get(reverse("claims:overview")).content.decode()
    assert f'href="{reverse("claims:speaker_index")}"' in html
    assert f'href="{reverse("articles:index")}"' in html
