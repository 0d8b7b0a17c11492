"""Deployment checks and CSRF: what production settings and the admin must hold to."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Statement
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMTRACK_"))}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"),
        ALLOWED_HOSTS="claimtrack.example.org",
        CLAIMTRACK_HTTPS="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "System check identified no issues" in output


@pytest.mark.django_db
def test_admin_posts_without_a_csrf_token_are_refused(admin_user):
    statement = factories.statement()
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "reject", "_selected_action": [statement.pk]},
    )
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.review == Statement.Review.MACHINE


@pytest.mark.django_db
def test_admin_posts_with_the_csrf_token_are_accepted(admin_user):
    statement = factories.statement()
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    client.get(reverse("admin:claims_statement_changelist"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "reject", "_selected_action": [statement.pk], "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.review == Statement.Review.REJECTED
