import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.models import Statement
from tests import factories

pytestmark = pytest.mark.django_db


def staff_in(group: str):
    user = factories.user(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_the_three_groups_exist_with_their_permissions():
    admins = Group.objects.get(name="Admins")
    perms = set(admins.permissions.values_list("content_type__app_label", "codename"))
    for app, model in (("claims", "statement"), ("claims", "speaker"), ("articles", "article")):
        for action in ("add", "change", "delete", "view"):
            assert (app, f"{action}_{model}") in perms
    for name in ("Editors", "Researchers"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert "view_statement" in codenames and "view_article" in codenames
        assert not any(c.split("_")[0] in {"add", "change", "delete"} for c in codenames)


@pytest.mark.parametrize("group", ["Editors", "Researchers"])
def test_readers_can_look_in_the_admin_but_not_change_anything(client, group):
    statement = factories.statement(text="Original words.")
    client.force_login(staff_in(group))
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    assert client.get(reverse("admin:claims_statement_changelist")).status_code == 200
    assert client.get(url).status_code == 200
    client.post(url, {"text": "Tampered."})
    client.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "reject", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    assert (statement.text, statement.review) == ("Original words.", Statement.Review.MACHINE)


def test_admins_group_can_correct_statements(client):
    statement = factories.statement()
    user = staff_in("Admins")
    client.force_login(user)
    client.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "verify", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    assert statement.review == Statement.Review.VERIFIED
    assert statement.reviewed_by == user
