"""Topics are data an admin edits and adds to; a person's stance per topic and speaker kind
are corrections extraction keeps."""

import pytest
from django.urls import reverse

from claims.models import Statement, StatementTopic, Topic
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_topic_with_its_scope(admin_client):
    italy, albania = factories.country("Italy"), factories.country("Albania")
    response = admin_client.post(
        reverse("admin:claims_topic_add"),
        {
            # A question an admin adds beside the shipped ones.
            "name": "The Italy-Albania centres, second phase",
            "slug": "italy-albania-second-phase",
            "question": "Will Albania host Italy's centres?",
            "scheme": "Italy-Albania protocol",
            "proposer": str(italy.pk),
            "participants": [str(albania.pk)],
            "keywords": '["gjader"]',
            "weak_keywords": "[]",
            "cues": '{"supports": ["work well"]}',
            "mask": "[]",
            "negators": "[]",
            "contrast": "[]",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    topic = Topic.objects.get(slug="italy-albania-second-phase")
    assert topic.proposer == italy and list(topic.participants.all()) == [albania]
    listing = admin_client.get(reverse("admin:claims_topic_changelist")).content.decode()
    assert "Albania" in listing and "any country" in listing  # the default asks anyone


def test_the_shipped_topic_is_there_and_editable(admin_client, edit):
    topic = Topic.objects.primary()
    url = reverse("admin:claims_topic_change", args=[topic.pk])
    uk = factories.country("United Kingdom")
    assert edit(url, proposer=str(uk.pk), scheme="UK return hubs").status_code == 302
    topic.refresh_from_db()
    assert (topic.proposer, topic.scheme) == (uk, "UK return hubs")


def test_correcting_a_stance_in_the_admin_records_it_on_the_topic_link(admin_client, edit):
    statement = factories.statement(stance="open")
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    assert edit(url, stance="opposes").status_code == 302
    link = StatementTopic.objects.get(statement=statement, topic=statement.topic)
    assert (link.stance, link.review, link.method) == ("opposes", "corrected", "person")


def test_a_stance_per_topic_edited_inline_is_kept_and_the_statement_follows_the_most_relevant(
    admin_client, edit
):
    other = factories.other_topic("eu-return-hubs")
    statement = factories.statement(stance="open")
    factories.link(statement, other, stance="neutral", relevance=0.4)
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    links = list(StatementTopic.objects.filter(statement=statement).order_by("-relevance"))
    assert [link.topic for link in links] == [statement.topic, other]
    # A person finds it mostly about the EU regulation, and conditional on it.
    changes = {
        "topic_links-0-relevance": "0.6",
        "topic_links-1-relevance": "0.95",
        "topic_links-1-stance": "conditional",
    }
    assert edit(url, **changes).status_code == 302
    statement.refresh_from_db()
    assert (statement.topic, statement.stance, statement.review) == (
        other,
        "conditional",
        Statement.Review.CORRECTED,
    )
    link = StatementTopic.objects.get(statement=statement, topic=other)
    assert (link.review, link.method) == ("corrected", "person")


def test_speaker_kind_is_listed_filtered_and_corrected_in_the_admin(admin_client, edit):
    statement = factories.statement(speaker_kind="other")
    changelist = reverse("admin:claims_statement_changelist")
    html = admin_client.get(changelist + "?speaker_kind__exact=other").content.decode()
    assert "Expert or other" in html
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    assert edit(url, speaker_kind="government").status_code == 302
    statement.refresh_from_db()
    assert (statement.speaker_kind, statement.review) == ("government", "corrected")
