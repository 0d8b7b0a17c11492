import pytest
from django.urls import reverse

from claims.models import MergeSuggestion, Speaker, SpeakerAlias
from tests import factories

pytestmark = pytest.mark.django_db

SPEAKERS = reverse("admin:claims_speaker_changelist")


def test_editing_a_speaker_locks_the_fields_the_person_changed(admin_client, admin_user, edit):
    kosovo = factories.country("Kosovo")
    speaker = factories.speaker("Vjosa Osmani", role="Minister")
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = edit(url, role="President", country=str(kosovo.pk))
    assert response.status_code == 302, response.content.decode()[:2000]

    speaker.refresh_from_db()
    assert (speaker.role, speaker.country) == ("President", kosovo)
    assert sorted(speaker.locked_fields) == ["country", "role"]
    assert speaker.history.latest().history_user == admin_user


def test_a_country_set_by_an_admin_moves_the_speakers_machine_statements_at_once(edit):
    kosovo = factories.country("Kosovo")
    speaker = factories.speaker("Vjosa Osmani")
    machine = factories.statement(speaker=speaker)
    reviewed = factories.statement(speaker=speaker, review="verified")
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = edit(url, country=str(kosovo.pk))
    assert response.status_code == 302, response.content.decode()[:2000]

    machine.refresh_from_db()
    reviewed.refresh_from_db()
    assert machine.speaker_country == kosovo
    assert reviewed.speaker_country is None  # a person's reviewed statement keeps its own


def test_an_alias_added_by_hand_gets_its_match_key_and_is_marked_manual(admin_client, edit):
    speaker = factories.speaker("Vjosa Osmani")
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = edit(url, **{"aliases-0-alias": "President Osmani"})
    assert response.status_code == 302, response.content.decode()[:2000]
    alias = SpeakerAlias.objects.get(speaker=speaker, alias="President Osmani")
    assert alias.is_manual
    assert alias.key and alias.key == alias.key.lower()


def test_speaker_list_shows_statement_counts_with_fixed_queries(
    admin_client, django_assert_max_num_queries
):
    speaker = factories.speaker("Edi Rama")
    for _ in range(3):
        factories.statement(speaker=speaker)
    with django_assert_max_num_queries(12):
        response = admin_client.get(SPEAKERS)
    row = next(s for s in response.context["cl"].result_list if s.pk == speaker.pk)
    assert row.statement_count == 3


def test_merge_action_asks_which_speaker_to_keep_then_moves_everything(admin_client):
    keep = factories.speaker("Vjosa Osmani", aliases=["Osmani"])
    extra = factories.speaker("Vjosa Osmani-Sadriu", aliases=["Osmani-Sadriu"])
    said = factories.statement(speaker=extra)
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, extra.pk]}

    page = admin_client.post(SPEAKERS, selected)
    assert page.status_code == 200
    assert "Keep which speaker?" in page.content.decode()
    assert Speaker.objects.filter(pk=extra.pk).exists()  # nothing happens before confirming

    done = admin_client.post(SPEAKERS, {**selected, "confirm": "yes", "target": keep.pk})
    assert done.status_code == 302
    said.refresh_from_db()
    assert said.speaker == keep
    assert not Speaker.objects.filter(pk=extra.pk).exists()
    assert set(keep.aliases.values_list("alias", flat=True)) >= {"Osmani", "Osmani-Sadriu"}


def test_merging_needs_two_speakers(admin_client):
    only = factories.speaker("Edi Rama")
    response = admin_client.post(
        SPEAKERS, {"action": "merge_selected", "_selected_action": [only.pk]}, follow=True
    )
    assert "at least two" in response.content.decode()


def test_split_alias_action_gives_a_wrongly_merged_name_its_own_speaker(admin_client):
    speaker = factories.speaker("Edi Rama", aliases=["Rama", "Ilir Rama"])
    article = factories.article("Ilir Rama said the plan was unlawful.")
    wrong = factories.statement(speaker=speaker, text="the plan was unlawful", article=article)
    wrong.appearances.update(mention="Ilir Rama")
    alias = SpeakerAlias.objects.get(speaker=speaker, alias="Ilir Rama")

    response = admin_client.post(
        reverse("admin:claims_speakeralias_changelist"),
        {"action": "split", "_selected_action": [alias.pk]},
    )
    assert response.status_code == 302
    alias.refresh_from_db()
    wrong.refresh_from_db()
    assert alias.speaker != speaker and alias.speaker.name == "Ilir Rama"
    assert wrong.speaker == alias.speaker


def test_accepting_a_merge_suggestion_merges_into_the_speaker_with_more_statements(
    admin_client,
):
    established = factories.speaker("Albin Kurti")
    variant = factories.speaker("Albin Kurtti")
    factories.statement(speaker=established)
    factories.statement(speaker=established)
    moved = factories.statement(speaker=variant)
    suggestion = MergeSuggestion.objects.create(speaker=variant, candidate=established, score=90)

    admin_client.post(
        reverse("admin:claims_mergesuggestion_changelist"),
        {"action": "accept", "_selected_action": [suggestion.pk]},
    )
    moved.refresh_from_db()
    assert moved.speaker == established
    assert not Speaker.objects.filter(pk=variant.pk).exists()


def test_dismissing_a_merge_suggestion_keeps_both_speakers(admin_client):
    a, b = factories.speaker("Edi Rama"), factories.speaker("Edi Ramaj")
    suggestion = MergeSuggestion.objects.create(speaker=a, candidate=b, score=88)
    admin_client.post(
        reverse("admin:claims_mergesuggestion_changelist"),
        {"action": "dismiss", "_selected_action": [suggestion.pk]},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == MergeSuggestion.Status.DISMISSED
    assert Speaker.objects.filter(pk__in=[a.pk, b.pk]).count() == 2
