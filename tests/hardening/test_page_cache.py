"""Repeat reads are cheap and never stale: ETags, 304s and whole anonymous pages, all keyed
by a data generation that each committed write moves on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claimtrack import generation
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cached(settings):
    settings.CLAIMTRACK_PAGE_CACHE = True
    settings.CLAIMTRACK_PUBLIC_READ = True
    return settings


def test_an_anonymous_page_is_served_again_without_a_query(client, story, cached):
    first = client.get(reverse("claims:overview"))
    with CaptureQueriesContext(connection) as queries:
        second = client.get(reverse("claims:overview"))
    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 0


def test_a_matching_etag_gets_a_304_without_rendering(client, story, cached):
    url = reverse("claims:country", args=["kosovo"])
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert len(queries) == 0


def test_a_write_changes_the_etag_and_the_cached_page(client, story, cached):
    url = reverse("claims:statement_list")
    before = client.get(url)
    factories.statement(speaker=story["rama"], text="a brand new quote about return hubs")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "a brand new quote" in after.content.decode()


def test_a_bulk_update_without_signals_also_invalidates(client, story, cached):
    from claims.models import Statement

    url = reverse("claims:statement", args=[story["open"].pk])
    etag = client.get(url)["ETag"]
    Statement.objects.filter(pk=story["open"].pk).update(text="words changed in bulk")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "words changed in bulk" in response.content.decode()


def test_a_rolled_back_write_leaves_the_generation_alone(story, cached):
    from django.db import transaction

    from claims.models import Statement

    token = generation.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Statement.objects.filter(pk=story["open"].pk).update(text="never committed")
        raise RuntimeError
    assert generation.current() == token


def test_session_writes_do_not_invalidate(story, cached):
    assert not generation.changes_pages('UPDATE "django_session" SET "expire_date" = 1')
    assert not generation.changes_pages('INSERT INTO "axes_accessattempt" ("x") VALUES (1)')
    assert generation.changes_pages('INSERT INTO "claims_statement" ("x") VALUES (1)')
    assert generation.changes_pages("delete from claims_appearance where id = 1")


def test_signed_in_users_get_their_own_etag_and_never_a_shared_page(client, story, cached):
    url = reverse("claims:overview")
    anonymous = client.get(url)
    client.force_login(factories.user("reader", is_superuser=True))  # groups are flushed here
    client.get(url)  # a browser holds its CSRF cookie from the login page on
    mine = client.get(url)
    assert "Signed in as" in mine.content.decode()
    assert mine["ETag"] != anonymous["ETag"]
    assert "private" in mine["Cache-Control"] and "private" not in anonymous["Cache-Control"]
    assert "public" in anonymous["Cache-Control"] and "=" not in mine["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": mine["ETag"]}).status_code == 304


def test_without_public_reading_nothing_is_served_from_the_cache(client, story, cached):
    client.get(reverse("claims:overview"))
    cached.CLAIMTRACK_PUBLIC_READ = False
    response = client.get(reverse("claims:overview"))
    assert response.status_code == 302


def test_htmx_partials_and_whole_pages_are_cached_apart(client, story, cached):
    url = reverse("claims:statement_list")
    page = client.get(url)
    partial = client.get(url, headers={"HX-Request": "true"})
    assert page["ETag"] != partial["ETag"]
    assert b"<html" in page.content and b"<html" not in partial.content
