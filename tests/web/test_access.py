"""Reading needs a login unless CLAIMTRACK_PUBLIC_READ; the check is in the views."""

import pytest
from django.urls import reverse

from tests import factories


def page_urls(story) -> list[str]:
    return [
        reverse("claims:overview"),
        reverse("claims:country", args=["kosovo"]),
        reverse("claims:statement_list"),
        reverse("claims:statement", args=[story["open"].pk]),
        reverse("claims:export", args=["csv"]),
        reverse("claims:speaker", args=[story["osmani"].slug]),
        reverse("claims:speaker_autocomplete") + "?q=osm",
        reverse("articles:detail", args=[story["may"].pk]),
        reverse("articles:raw", args=[story["may"].pk]),
    ]


@pytest.mark.django_db
def test_every_page_redirects_anonymous_readers_to_login(client, story, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    for url in page_urls(story):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


@pytest.mark.django_db
def test_public_read_setting_lets_anonymous_readers_in(client, story, settings):
    settings.CLAIMTRACK_PUBLIC_READ = True
    for url in page_urls(story):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_htmx_request_without_login_redirects_the_whole_page(client, story, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    response = client.get(
        reverse("claims:statement_list"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/claims/?stance=open"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert "claims/%3Fstance%3Dopen" in response["HX-Redirect"]


@pytest.mark.django_db
def test_logged_in_reader_sees_login_state_and_logout_form(reader):
    html = reader.get(reverse("claims:overview")).content.decode()
    assert "Signed in as" in html
    assert f'action="{reverse("logout")}"' in html


@pytest.mark.django_db
def test_login_page_has_labelled_fields(client):
    html = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html


@pytest.mark.django_db
def test_login_then_logout_round_trip(client):
    factories.user("editor")
    response = client.post(
        reverse("login"), {"username": "editor", "password": "pw-not-secret-123"}, follow=True
    )
    assert "Signed in as" in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,args",
    [
        ("claims:country", ["atlantis"]),
        ("claims:statement", [999999]),
        ("claims:speaker", ["nobody"]),
        ("claims:export", ["xml"]),
        ("articles:detail", [999999]),
        ("articles:raw", [999999]),
    ],
)
def test_missing_things_are_404_with_a_helpful_page(reader, name, args):
    response = reader.get(reverse(name, args=args))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_rejected_statements_are_404(reader, story):
    story["open"].review = "rejected"
    story["open"].save()
    assert reader.get(reverse("claims:statement", args=[story["open"].pk])).status_code == 404


def test_500_template_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")
