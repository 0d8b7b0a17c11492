"""The read-only JSON API: same read rule as the pages, tokens for scripts, keyset pages."""

import pytest
from django.core.management import call_command

from claims.review_models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(db):
    _row, raw = ApiToken.issue(user=factories.user("script"), name="tests")
    return raw


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def test_anonymous_requests_are_refused_unless_the_site_is_public(client, story, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    assert client.get("/api/v1/statements/").status_code == 401
    settings.CLAIMTRACK_PUBLIC_READ = True
    assert client.get("/api/v1/statements/").status_code == 200


def test_a_token_reads_and_a_wrong_or_inactive_ones_does_not(client, story, token, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    assert client.get("/api/v1/countries/", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/countries/", headers=bearer(token + "x")).status_code == 401
    ApiToken.objects.get().user.__class__.objects.update(is_active=False)
    assert client.get("/api/v1/countries/", headers=bearer(token)).status_code == 401


def test_only_the_tokens_hash_is_stored(token):
    row = ApiToken.objects.get()
    assert token not in (row.key_hash, row.prefix) and token.startswith(row.prefix)


def test_the_management_command_prints_a_working_token(client, story, capsys, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    factories.user("alice")
    call_command("api_token", "alice", "--name", "notebook")
    raw = capsys.readouterr().out.strip()
    assert client.get("/api/v1/speakers/", headers=bearer(raw)).status_code == 200


def test_statements_of_kosovo_as_json(reader, story):
    body = reader.get("/api/v1/statements/?country=kosovo").json()
    texts = [s["text"] for s in body["results"]]
    # Newest first, spoken for Kosovo only.
    assert texts == [story["supports"].text, story["open"].text]
    first = body["results"][0]
    assert first["speaker"] == {"slug": story["osmani"].slug, "name": "Vjosa Osmani"}
    assert first["speaker_country"] == "kosovo"
    assert sorted(first["countries"]) == ["kosovo", "united-kingdom"]
    assert first["sources"][0]["outlet"] == "BBC News"
    assert body["next"] is None


def test_explorer_filters_apply(reader, story):
    def ids(query: str) -> set[int]:
        return {s["id"] for s in reader.get(f"/api/v1/statements/?{query}").json()["results"]}

    assert ids("stance=opposes") == {story["opposes"].pk}
    assert ids("mentioned=kosovo&kind=indirect") == {story["supports"].pk}
    assert ids("start=2025-09-01") == {story["supports"].pk, story["about"].pk}
    assert ids("q=help") == {story["supports"].pk}
    assert ids("verified=true") == set()


def test_an_unknown_filter_value_is_a_400_not_everything(reader, story):
    response = reader.get("/api/v1/statements/?country=atlantis")
    assert response.status_code == 400
    assert "country" in response.json()["detail"]


def test_cursor_pages_walk_every_statement_once(reader, story, pile):
    pile(30)
    factories.statement(text="undated one", date_said=None)
    seen, url = [], "/api/v1/statements/?limit=7"
    while url:
        body = reader.get(url).json()
        seen += [s["id"] for s in body["results"]]
        url = body["next"]
    from claims.models import Statement

    assert len(seen) == len(set(seen)) == Statement.objects.visible().count()
    assert seen[-1] == Statement.objects.get(text="undated one").pk


def test_a_forged_cursor_is_a_400(reader, story):
    assert reader.get("/api/v1/statements/?cursor=bm9wZQ").status_code == 400
    assert reader.get("/api/v1/speakers/?cursor=WyJ4Il0").status_code == 400


def test_countries_carry_their_current_stance(reader, story):
    countries = {c["slug"]: c for c in reader.get("/api/v1/countries/").json()}
    assert countries["kosovo"]["current"]["stance"] == "supports"
    assert countries["kosovo"]["current"]["statement_id"] == story["supports"].pk
    one = reader.get("/api/v1/countries/albania/").json()
    assert one["current"]["stance"] == "opposes" and one["statement_count"] == 1


def test_speakers_and_articles(reader, story):
    speakers = reader.get("/api/v1/speakers/?q=osm").json()["results"]
    assert [s["name"] for s in speakers] == ["Vjosa Osmani"]
    assert reader.get(f"/api/v1/speakers/{story['osmani'].slug}/").json()["country"] == "kosovo"
    articles = reader.get("/api/v1/articles/?limit=1").json()
    assert articles["results"][0]["title"] and articles["next"]
    detail = reader.get(f"/api/v1/articles/{story['may'].pk}/").json()
    assert detail["outlet"] == "The Independent" and "open to talks" in detail["body"]


def test_a_rejected_statement_is_not_served(reader, story):
    from claims import services

    services.reject_statement(statement=story["opposes"])
    assert reader.get(f"/api/v1/statements/{story['opposes'].pk}/").status_code == 404


def test_the_schema_is_an_openapi_document(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/statements/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    assert {"country", "stance", "q", "cursor", "limit"} <= params


def test_a_statement_page_runs_a_fixed_number_of_queries(reader, story, pile):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert reader.get(f"/api/v1/statements/?limit={limit}").status_code == 200
        return len(ctx.captured_queries)

    queries(2)  # warm-up: the outlet list is cached after the first request
    few = queries(2)
    pile(20)
    assert queries(20) == few <= 8
