"""Atom feeds: what they carry, and that they follow read permission, with a signed
per-user token for feed readers that have no session."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from claims import events, feed_tokens
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
CHANGES = reverse("claims:feed_changes")


@pytest.fixture
def settled(story):
    events.settle()
    return story


def entries(response) -> list[dict]:
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return [
        {
            "title": e.findtext(f"{ATOM}title"),
            "id": e.findtext(f"{ATOM}id"),
            "link": e.find(f"{ATOM}link").get("href"),
        }
        for e in feed.iter(f"{ATOM}entry")
    ]


def test_the_changes_feed_names_each_change_newest_first(reader, settled):
    titles = [e["title"] for e in entries(reader.get(CHANGES))]
    assert titles[0] == "Kosovo: Open to talks → Supports, 14 Oct 2025, Vjosa Osmani"
    assert "Albania: No position → Opposes, 26 May 2025, Edi Rama" in titles
    assert not any("United Kingdom" in t for t in titles)  # a minister's neutral words


def test_a_country_feed_has_its_changes_and_statements(reader, settled):
    found = entries(reader.get(reverse("claims:feed_country", args=["kosovo"])))
    ids = [e["id"] for e in found]
    assert ids[0].startswith("stance-change:")  # the change before the words that made it
    assert f"statement:{settled['supports'].pk}" in ids
    assert f"statement:{settled['opposes'].pk}" not in ids  # Albania's


def test_a_speaker_feed_lists_what_they_said(reader, settled):
    url = reverse("claims:feed_speaker", args=[settled["rama"].slug])
    assert [e["id"] for e in entries(reader.get(url))] == [f"statement:{settled['opposes'].pk}"]


def test_the_explorer_feed_follows_its_filters(reader, settled):
    url = reverse("claims:feed_claims") + "?stance=supports"
    assert [e["id"] for e in entries(reader.get(url))] == [f"statement:{settled['supports'].pk}"]


def test_the_explorer_links_to_its_selection_as_a_feed_with_the_users_token(reader, settled):
    html = reader.get(reverse("claims:statement_list") + "?stance=open").content.decode()
    assert "/feeds/claims/?" in html and "stance=open" in html and "token=" in html


def test_anonymous_readers_are_sent_to_log_in_when_reading_is_not_public(client, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    response = client.get(CHANGES)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_token_lets_a_feed_reader_in_without_a_session(client, settings, settled):
    settings.CLAIMTRACK_PUBLIC_READ = False
    user = factories.user(groups=["Researchers"])
    response = client.get(CHANGES, {"token": feed_tokens.token_for(user)})
    assert response.status_code == 200
    assert any("Kosovo" in e["title"] for e in entries(response))


def test_a_forged_or_withdrawn_token_is_refused(client, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    user = factories.user(groups=["Researchers"])
    token = feed_tokens.token_for(user)
    assert client.get(CHANGES, {"token": token[:-2] + "xx"}).status_code == 403
    user.set_password("a-new-password-456")
    user.save()
    assert client.get(CHANGES, {"token": token}).status_code == 403


def test_a_token_of_an_account_in_no_reading_group_is_refused(client, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    nobody = factories.user()
    assert client.get(CHANGES, {"token": feed_tokens.token_for(nobody)}).status_code == 403


def test_the_feeds_page_shows_the_users_own_feed_urls(reader, settled):
    html = reader.get(reverse("claims:feeds")).content.decode()
    assert "http://testserver/feeds/changes/?token=" in html
    assert "/feeds/countries/kosovo/?token=" in html


def test_public_feed_urls_carry_no_token(client, settings, settled):
    settings.CLAIMTRACK_PUBLIC_READ = True
    html = client.get(reverse("claims:feeds")).content.decode()
    assert "token=" not in html and "/feeds/changes/" in html


def test_a_feed_reads_a_fixed_number_of_queries(reader, settled, pile, django_assert_num_queries):
    url = reverse("claims:feed_country", args=["kosovo"])
    # session, user, country, events (with country, topic, statement, speaker), statements
    with django_assert_num_queries(5):
        reader.get(url)
    pile(30)
    events.settle()
    with django_assert_num_queries(5):
        reader.get(url)


def test_a_feed_entry_date_is_the_day_it_was_said(reader, settled):
    feed = ElementTree.fromstring(reader.get(CHANGES).content)
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.findtext(f"{ATOM}updated").startswith(dt.date(2025, 10, 14).isoformat())
