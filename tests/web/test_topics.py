"""Pages on one tracked question at a time: whose words are a country's stance, the
proposer shown as proposer, other voices labelled beside it, undated statements explained."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from claims import selectors
from tests import factories

OVERVIEW = reverse("claims:overview")
CLAIMS = reverse("claims:statement_list")
KOSOVO = reverse("claims:country", args=["kosovo"])


def row(html: str, slug: str) -> str:
    part = html[html.index(f'id="country-{slug}"') :]
    return part[: part.index("</tr>")]


@pytest.fixture
def italy_albania(story):
    """The Italy-Albania centres: proposed by Italy, Albania asked. Rama supports them; his
    words are not about UK hubs."""
    italy = factories.country("Italy")
    topic = factories.other_topic("italy-albania", proposer=italy, participants=[story["albania"]])
    meloni = factories.speaker("Giorgia Meloni", country=italy)
    factories.statement(
        speaker=story["rama"], text="the centres work well", stance="supports", on=topic,
        date_said=dt.date(2025, 11, 3),
    )  # fmt: skip
    factories.statement(
        speaker=meloni, text="our centres in Albania", stance="supports", on=topic,
        date_said=dt.date(2025, 11, 4),
    )  # fmt: skip
    return topic


@pytest.mark.django_db
def test_the_overview_is_about_the_default_topic_unless_the_url_names_another(
    reader, story, italy_albania
):
    html = reader.get(OVERVIEW).content.decode()
    assert "Hosting UK return hubs" in html
    assert "Opposes" in row(html, "albania") and "Supports" not in row(html, "albania")
    assert 'id="country-italy"' not in html  # Italy said nothing about UK hubs
    html = reader.get(OVERVIEW + "?topic=italy-albania").content.decode()
    assert "Supports" in row(html, "albania")
    assert "Proposer" in row(html, "italy") and "Supports" not in row(html, "italy")
    # Participants named: only they and the proposer are listed.
    assert 'id="country-kosovo"' not in html
    assert 'href="/countries/albania/?topic=italy-albania"' in html


@pytest.mark.django_db
def test_the_proposer_is_shown_as_proposer_never_as_a_host_with_a_stance(reader, story):
    topic = factories.topic()
    topic.proposer = story["uk"]
    topic.save()
    factories.statement(speaker=story["minister"], stance="opposes", date_said=dt.date(2025, 11, 1))
    html = reader.get(OVERVIEW).content.decode()
    uk = row(html, "united-kingdom")
    assert "Proposer" in uk and "Opposes" not in uk and 'class="strip"' not in uk
    assert selectors.current_stance_of(topic, story["uk"]) is None
    page = reader.get(reverse("claims:country", args=["united-kingdom"])).content.decode()
    assert "proposes this scheme" in page


@pytest.mark.django_db
def test_ngo_and_opposition_words_are_shown_beside_a_country_and_never_set_its_stance(
    reader, story
):
    council = factories.speaker("Refugee Council", country=story["uk"])
    factories.statement(
        speaker=council, text="the hubs are cruel", stance="opposes", speaker_kind="ngo",
        date_said=dt.date(2025, 12, 1),
    )  # fmt: skip
    opposition = factories.speaker("Lumir Abdixhiku", country=story["kosovo"])
    factories.statement(
        speaker=opposition, text="we reject the hubs", stance="opposes", speaker_kind="party",
        date_said=dt.date(2025, 12, 2),
    )  # fmt: skip
    html = reader.get(OVERVIEW).content.decode()
    assert "Supports" in row(html, "kosovo")  # Osmani's October words, not the opposition's
    assert 'id="country-united-kingdom"' in html and "Opposes" not in row(html, "united-kingdom")
    page = reader.get(KOSOVO).content.decode()
    own, beside = page.split('id="beside-title"')
    assert "we reject the hubs" in beside and "we reject the hubs" not in own
    assert "Parliament, opposition or party" in beside.split('id="about-title"')[0]
    current = page[page.index('id="current-title"') : page.index('id="own-title"')]
    assert "Supports" in current and "Government" in current


@pytest.mark.django_db
def test_country_page_statements_and_stances_are_on_the_pages_topic(reader, story, italy_albania):
    albania = reverse("claims:country", args=["albania"])
    html = reader.get(albania + "?topic=italy-albania").content.decode()
    assert "the centres work well" in html and "Rama said no" not in html
    current = html[html.index('id="current-title"') : html.index('id="own-title"')]
    assert "Supports" in current
    html = reader.get(albania).content.decode()
    assert "Rama said no" in html and "the centres work well" not in html


@pytest.mark.django_db
def test_explorer_lists_and_filters_stances_on_the_chosen_topic(reader, story, italy_albania):
    html = reader.get(CLAIMS).content.decode()
    assert "the centres work well" not in html and "Rama said no" in html
    html = reader.get(CLAIMS + "?topic=italy-albania&stance=supports").content.decode()
    assert "the centres work well" in html and "Kosovo wants to help" not in html
    # Also about UK hubs, but only in passing: below the relevance that makes it "about".
    factories.link(story["open"], italy_albania, stance="supports", relevance=0.2)
    html = reader.get(CLAIMS + "?topic=italy-albania").content.decode()
    assert "we are open to talks" not in html


@pytest.mark.django_db
def test_a_statement_shows_its_stance_on_the_pages_topic(reader, story, italy_albania):
    factories.link(story["opposes"], italy_albania, stance="conditional")
    html = reader.get(CLAIMS + "?topic=italy-albania&speaker=Rama").content.decode()
    item = html[html.index(f'id="statement-{story["opposes"].pk}"') :]
    assert "Conditional" in item[: item.index("</article>")]
    detail = reader.get(story["opposes"].get_absolute_url()).content.decode()
    assert escape(italy_albania.name) in detail
    assert "Conditional" in detail and "Opposes" in detail


@pytest.mark.django_db
def test_speaker_kind_is_shown_wherever_a_speaker_is(reader, story):
    factories.statement(
        speaker=factories.speaker("BBC reporter", country=story["uk"]), text="hubs are coming",
        speaker_kind="media", article=story["may"],
    )  # fmt: skip
    for url in (CLAIMS, KOSOVO, story["osmani"].get_absolute_url(), OVERVIEW):
        assert "Government" in reader.get(url).content.decode(), url
    detail = reader.get(story["open"].get_absolute_url()).content.decode()
    assert "Speaking as" in detail and "Government" in detail
    article = reader.get(reverse("articles:detail", args=[story["may"].pk])).content.decode()
    assert "Media" in article and "Government, for Kosovo" in article


@pytest.mark.django_db
def test_explorer_filters_by_speaker_kind(reader, story):
    factories.statement(
        speaker=factories.speaker("Enver Solomon", country=story["uk"]),
        text="the hubs are cruel", speaker_kind="ngo",
    )  # fmt: skip
    html = reader.get(CLAIMS + "?speaker_kind=ngo").content.decode()
    assert "the hubs are cruel" in html and "we are open to talks" not in html
    assert 'name="speaker_kind"' in html and "NGO or international body" in html


@pytest.mark.django_db
def test_web_export_carries_topic_speaker_kind_country_outlet_and_how_the_date_was_found(
    reader, story, italy_albania
):
    from claims.models import Appearance

    Appearance.objects.filter(statement=story["supports"]).update(date_derivation="URL path")
    response = reader.get(reverse("claims:export", args=["json"]) + "?speaker=Osmani")
    rows = json.loads(b"".join(response.streaming_content))
    supports = next(r for r in rows if r["id"] == story["supports"].pk)
    assert supports["topic"] == factories.topic().slug
    assert (supports["speaker_kind"], supports["speaker_country"]) == ("government", "Kosovo")
    assert (supports["outlets"], supports["date_found_by"]) == ("BBC News", "URL path")
    response = reader.get(reverse("claims:export", args=["csv"]) + "?topic=italy-albania")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {(r["topic"], r["speaker"], r["stance"]) for r in rows} == {
        ("italy-albania", "Edi Rama", "supports"),
        ("italy-albania", "Giorgia Meloni", "supports"),
    }


@pytest.mark.django_db
def test_links_keep_the_pages_topic(reader, story, italy_albania):
    html = reader.get(CLAIMS + "?topic=italy-albania").content.decode()
    assert "/countries/albania/?topic=italy-albania" in html
    assert "?topic=italy-albania" in html[html.index('class="export"') :]
    html = reader.get(CLAIMS + "?stance=opposes").content.decode()
    assert f"topic={factories.topic().slug}" in html[html.index('class="export"') :]


@pytest.mark.django_db
def test_undated_statements_are_counted_and_explained_where_the_chart_leaves_them_out(
    reader, story
):
    factories.statement(
        speaker=story["osmani"], text="we will decide later", stance="conditional", date_said=None
    )
    html = reader.get(KOSOVO).content.decode()
    assert "1 undated statement is not on the chart" in html
    assert "we will decide later" in html and "Date unknown" in html
    html = reader.get(KOSOVO + "?start=2025-01-01").content.decode()
    assert "the date filter leaves it out" in html and "we will decide later" not in html
    html = reader.get(CLAIMS + "?start=2025-01-01&end=2025-12-31").content.decode()
    assert "The date filter leaves out 1 undated statement" in html
    assert "Show without the date filter" in html
    html = reader.get(story["osmani"].get_absolute_url()).content.decode()
    assert "1 undated statement is not on the chart" in html


@pytest.mark.django_db
def test_an_unknown_topic_falls_back_to_the_default_and_says_so(reader, story):
    html = reader.get(CLAIMS + "?topic=nowhere").content.decode()
    assert "Some filters were ignored" in html and "we are open to talks" in html


@pytest.mark.django_db
def test_a_stance_corrected_on_the_statement_by_any_path_is_what_pages_show(reader, story):
    from claims.models import Statement

    # As a review queue or a bulk fix would: the statement's own fields, no admin involved.
    Statement.objects.filter(pk=story["supports"].pk).update(stance="opposes", review="corrected")
    assert "Opposes" in row(reader.get(OVERVIEW).content.decode(), "kosovo")
    html = reader.get(CLAIMS + "?stance=opposes").content.decode()
    assert "Kosovo wants to help" in html
