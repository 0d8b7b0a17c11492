"""Quotes and article text are data, never markup."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories

EVIL = '<script>alert(1)</script> and " onmouseover="x'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_ATTR = "&quot; onmouseover=&quot;x"


@pytest.fixture
def evil(story):
    article = factories.article(f"The minister said {EVIL} to reporters.", title=EVIL, outlet=EVIL)
    speaker = factories.speaker(EVIL, country=story["kosovo"], aliases=[EVIL])
    statement = factories.statement(
        speaker=speaker,
        text=EVIL,
        stance="supports",
        countries=[story["kosovo"]],
        article=article,
        date_said=dt.date(2025, 12, 1),  # the newest, so the overview shows it as current
    )
    return article, speaker, statement


def assert_inert(html: str) -> None:
    assert ESCAPED_SCRIPT in html
    assert "<script>alert(1)</script>" not in html
    assert '" onmouseover="x' not in html


@pytest.mark.django_db
def test_every_page_escapes_quotes_names_and_article_text(reader, story, evil):
    article, speaker, statement = evil
    for url in [
        reverse("claims:overview"),
        reverse("claims:country", args=["kosovo"]),
        reverse("claims:statement_list"),
        reverse("claims:statement_list") + "?q=onmouseover",
        reverse("claims:statement_list") + "?speaker=script",
        reverse("claims:statement", args=[statement.pk]),
        reverse("claims:speaker", args=[speaker.slug]),
        reverse("articles:detail", args=[article.pk]),
    ]:
        html = reader.get(url).content.decode()
        assert ESCAPED_SCRIPT in html, url
        assert_inert(html)


@pytest.mark.django_db
def test_search_highlighting_escapes_around_its_marks(reader, story, evil):
    # PostgreSQL's headline drops the tag-like text, so the original is marked instead.
    html = reader.get(reverse("claims:statement_list") + "?q=onmouseover").content.decode()
    assert "<mark>onmouseover</mark>" in html
    assert_inert(html)


@pytest.mark.django_db
def test_filter_values_echoed_into_the_form_are_escaped(reader, story):
    html = reader.get(
        reverse("claims:statement_list"), {"q": EVIL, "speaker": EVIL}
    ).content.decode()
    assert_inert(html)


@pytest.mark.django_db
def test_autocomplete_escapes_names(reader, story, evil):
    html = reader.get(
        reverse("claims:speaker_autocomplete") + "?q=script", headers={"HX-Request": "true"}
    ).content.decode()
    assert_inert(html)
