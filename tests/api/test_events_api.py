"""GET /api/v1/events/: stance changes newest first, by cursor, with the API's permissions."""

from __future__ import annotations

import pytest

from claims import events

pytestmark = pytest.mark.django_db
URL = "/api/v1/events/"


@pytest.fixture
def settled(story):
    events.settle()
    return story


def test_events_come_newest_first_with_before_and_after(reader, settled):
    body = reader.get(URL).json()
    first = body["results"][0]
    assert (first["country"], first["before"], first["after"]) == ("kosovo", "open", "supports")
    assert first["speaker"]["name"] == "Vjosa Osmani"
    assert first["statement_id"] == settled["supports"].pk
    assert {r["before"] for r in body["results"][1:]} == {None}


def test_events_page_by_cursor_without_repeats(reader, settled):
    first = reader.get(URL, {"limit": 2}).json()
    rest = reader.get(URL, {"limit": 2, "cursor": first["next_cursor"]}).json()
    seen = [(r["country"], r["date"], r["after"]) for r in first["results"] + rest["results"]]
    assert len(seen) == len(set(seen)) == 3
    assert rest["next_cursor"] is None


def test_events_filter_by_country_and_refuse_unknown_ones(reader, settled):
    albania = reader.get(URL, {"country": "albania"}).json()["results"]
    assert [r["after"] for r in albania] == ["opposes"]
    assert reader.get(URL, {"country": "atlantis"}).status_code == 404
    assert reader.get(URL, {"cursor": "bm90LWEtY3Vyc29y"}).status_code == 400


def test_events_need_read_permission(client, settings, settled):
    settings.CLAIMTRACK_PUBLIC_READ = False
    assert client.get(URL).status_code == 401
    settings.CLAIMTRACK_PUBLIC_READ = True
    assert client.get(URL).status_code == 200


def test_events_are_in_the_openapi_document(reader):
    assert "/api/v1/events/" in reader.get("/api/v1/schema/").json()["paths"]
