"""Repeated wrong passwords lock the username out from that address, on both login pages."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

PASSWORD = "pw-not-secret-123"


def fail(client, url: str, username: str, times: int) -> list[int]:
    return [
        client.post(url, {"username": username, "password": "wrong-guess"}).status_code
        for _ in range(times)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["login", "admin:login"])
def test_the_right_password_is_refused_after_too_many_wrong_ones(client, login):
    factories.user("target", is_staff=True)
    url = reverse(login)
    codes = fail(client, url, "target", settings.AXES_FAILURE_LIMIT)
    assert codes[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again
    assert codes[-1] == 429
    response = client.post(url, {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_fewer_wrong_passwords_than_the_limit_still_let_the_owner_in(client):
    factories.user("owner")
    fail(client, reverse("login"), "owner", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_a_lockout_of_one_username_leaves_other_users_alone(client):
    factories.user("victim")
    factories.user("colleague")
    fail(client, reverse("login"), "victim", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": "colleague", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_reset_is_not_offered(client):
    assert client.get("/accounts/password_reset/").status_code == 404
    assert "password_reset" not in client.get(reverse("login")).content.decode()
    assert "Forgotten your password" not in client.get(reverse("admin:login")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["login", "admin:login"])
def test_a_nul_byte_in_the_username_is_a_failed_login_not_a_500(client, login):
    response = client.post(reverse(login), {"username": "ad\x00min", "password": "x\x00y"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
