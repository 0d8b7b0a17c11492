"""Only users in a reading group read; joining Admins makes a user staff."""

import pytest
from django.urls import reverse

from tests import factories


@pytest.mark.django_db
def test_a_signed_in_user_in_no_group_may_not_read(client, story, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    client.force_login(factories.user())
    for url in (reverse("claims:overview"), reverse("claims:statement_list")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "no group" in response.content.decode() or "Researchers" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Editors", "Researchers", "Admins"])
def test_members_of_each_group_may_read(client, story, member, group, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    client.force_login(member(group))
    assert client.get(reverse("claims:overview")).status_code == 200


@pytest.mark.django_db
def test_a_superuser_in_no_group_may_read(client, story, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    client.force_login(factories.user(is_superuser=True))
    assert client.get(reverse("claims:overview")).status_code == 200


@pytest.mark.django_db
def test_reading_check_costs_no_query_beyond_loading_the_user(client, story, member, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CLAIMTRACK_PUBLIC_READ = False
    client.force_login(member("Researchers"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("claims:statement", args=[story["open"].pk]))
    assert not any("auth_permission" in q["sql"] and "EXISTS" not in q["sql"] for q in queries)


@pytest.mark.django_db
def test_joining_admins_grants_staff_status_from_either_side():
    admins = factories.group("Admins")
    one, two, editor = factories.user(), factories.user(), factories.user()
    one.groups.add(admins)
    admins.user_set.add(two)
    editor.groups.add(factories.group("Editors"))
    for user, staff in ((one, True), (two, True), (editor, False)):
        user.refresh_from_db()
        assert user.is_staff is staff


@pytest.mark.django_db
def test_a_new_admin_can_open_the_admin(client):
    user = factories.user()
    user.groups.add(factories.group("Admins"))
    client.force_login(user)
    assert client.get(reverse("admin:claims_statement_changelist")).status_code == 200
