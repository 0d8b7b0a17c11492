"""/healthz answers 200 or 503 with JSON naming what failed."""

import pytest


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"]
    assert not body["checks"]["broker"]["ok"] and body["checks"]["broker"]["error"]


@pytest.mark.django_db
def test_healthz_checks_an_amqp_broker_by_its_port(client, settings):
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    assert client.get("/healthz").json()["checks"]["broker"]["ok"]


@pytest.mark.django_db
def test_healthz_without_a_broker_checks_only_the_database(client, settings):
    settings.CELERY_BROKER_URL = ""
    body = client.get("/healthz").json()
    assert list(body["checks"]) == ["database"]


def test_healthz_needs_no_login_and_refuses_posts(client, db):
    assert client.post("/healthz").status_code == 405
