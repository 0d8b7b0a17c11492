"""Migration 0011: a database made before the EU question listed its 27 participants gets
them; participants an admin added stay."""

import importlib

import pytest
from django.apps import apps

from claims.models import Topic
from tests import factories

pytestmark = pytest.mark.django_db
migration = importlib.import_module("claims.migrations.0011_shipped_topic_participants")


def test_shipped_participants_are_added_and_an_admins_own_are_kept():
    eu = Topic.objects.get(slug="eu-return-hubs")
    eu.participants.clear()  # as stored before the topic file listed them
    extra = factories.country("Ruritania")
    eu.participants.add(extra)

    migration.add_shipped_participants(apps, None)

    names = set(eu.participants.values_list("name", flat=True))
    assert {"France", "Germany", "Netherlands", "Italy"} <= names
    assert len(names) == 28 and "Ruritania" in names
    migration.add_shipped_participants(apps, None)  # run twice: nothing doubles
    assert eu.participants.count() == 28
