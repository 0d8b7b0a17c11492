import pytest
from django.contrib.auth.models import Group

from tests import factories
from tests.admin.conftest import edit  # noqa: F401  (fixture)
from tests.browser.conftest import browser_type_launch_args, shoot  # noqa: F401  (fixtures)
from tests.claims.test_services import BODY, KURTI, claim, extraction, make_article, store


@pytest.fixture
def reviewer(db):
    user = factories.user("reviewer")
    user.groups.add(Group.objects.get(name="Admins"))
    return user


@pytest.fixture
def review_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def machine_statement(db):
    """A statement as extraction stores it: bulk-inserted, so with no history yet."""
    from claims.models import Statement

    store(make_article(), extraction(claim(BODY, "We want to help the UK"), people=[KURTI]))
    return Statement.objects.get()


def htmx_post(client, url: str, **data):
    return client.post(url, data, headers={"HX-Request": "true"})
