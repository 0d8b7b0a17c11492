"""Stance-change events and contradiction flags: what is recorded, and that every kind of
write (a review action, an admin-style save, a bulk or raw SQL update, a merge) brings
them up to date once its transaction commits. Real PostgreSQL: the triggers are tested."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from claims import events, review_services, services
from claims.models import Contradiction, PendingRecompute, StanceEvent, Statement
from tests import factories

pytestmark = pytest.mark.django_db

MAY, JUNE, OCT = dt.date(2025, 5, 26), dt.date(2025, 6, 20), dt.date(2025, 10, 22)


def changes(country) -> list[tuple]:
    rows = StanceEvent.objects.filter(country=country).order_by("date", "id")
    return list(rows.values_list("date", "before", "after", "statement_id", "verified"))


@pytest.fixture
def kosovo():
    """Kosovo's president is open to talks in May; its prime minister supports in October."""
    kosovo = factories.country("Kosovo")
    osmani = factories.speaker("Vjosa Osmani", country=kosovo)
    kurti = factories.speaker("Albin Kurti", country=kosovo)
    opened = factories.statement(speaker=osmani, stance="open", date_said=MAY)
    supported = factories.statement(speaker=kurti, stance="supports", date_said=OCT)
    events.settle()
    return {"country": kosovo, "osmani": osmani, "kurti": kurti, "open": opened, "yes": supported}


def test_a_change_of_current_stance_is_an_event_with_before_and_after(kosovo):
    assert changes(kosovo["country"]) == [
        (MAY, "", "open", kosovo["open"].pk, False),
        (OCT, "open", "supports", kosovo["yes"].pk, False),
    ]
    event = StanceEvent.objects.for_list().get(after="supports")
    assert event.headline == "Kosovo: Open to talks → Supports, 22 Oct 2025, Albin Kurti"


def test_repeating_the_same_stance_is_no_event(kosovo):
    factories.statement(speaker=kosovo["kurti"], stance="supports", date_said=dt.date(2025, 11, 2))
    events.settle()
    assert [after for _, _, after, _, _ in changes(kosovo["country"])] == ["open", "supports"]


def test_other_voices_and_undated_statements_make_no_event(kosovo):
    critic = factories.speaker("Opposition leader", country=kosovo["country"])
    factories.statement(speaker=critic, stance="opposes", date_said=JUNE, speaker_kind="party")
    factories.statement(speaker=kosovo["kurti"], stance="opposes", date_said=None)
    events.settle()
    assert len(changes(kosovo["country"])) == 2


def test_one_days_surest_reading_is_the_one_that_stands(kosovo):
    """The overview's order: on one day, the surest stance is the current one."""
    country = kosovo["country"]
    sure = factories.statement(speaker=kosovo["kurti"], stance="opposes", date_said=JUNE)
    unsure = factories.statement(speaker=kosovo["osmani"], stance="supports", date_said=JUNE)
    Statement.objects.filter(pk=sure.pk).update(stance_confidence=0.9)
    Statement.objects.filter(pk=unsure.pk).update(stance_confidence=0.2)
    sure.topic_links.update(stance_confidence=0.9)
    unsure.topic_links.update(stance_confidence=0.2)
    events.settle()
    june = [row for row in changes(country) if row[0] == JUNE]
    assert june == [(JUNE, "open", "opposes", sure.pk, False)]


def test_the_topic_proposer_has_no_events():
    uk = factories.country("United Kingdom")
    topic = factories.other_topic("uk-proposes", proposer=uk)
    factories.statement(speaker=factories.speaker(country=uk), stance="supports", on=topic)
    events.settle()
    assert not StanceEvent.objects.filter(country=uk).exists()


# Real commits: the recompute runs after the writing transaction commits, as in production.
committing = pytest.mark.django_db(transaction=True)


@committing
def test_rejecting_in_the_review_queue_recomputes_after_commit(kosovo):
    review_services.reject(statement=kosovo["yes"], reason="not a claim")
    assert [after for _, _, after, _, _ in changes(kosovo["country"])] == ["open"]


@committing
def test_fixing_a_stance_recomputes_and_verifying_marks_the_event(kosovo):
    review_services.set_stance(statement=kosovo["yes"], stance="conditional")
    assert changes(kosovo["country"])[-1][1:3] == ("open", "conditional")
    review_services.verify(statement=Statement.objects.get(pk=kosovo["yes"].pk))
    assert changes(kosovo["country"])[-1][-1] is True


@committing
def test_undo_recomputes_too(kosovo):
    reviewer = factories.user(groups=["Admins"])
    review_services.reject(statement=kosovo["yes"], user=reviewer)
    review_services.undo_last(user=reviewer)
    assert [after for _, _, after, _, _ in changes(kosovo["country"])] == ["open", "supports"]


@committing
def test_an_admin_edit_of_the_speaker_country_moves_the_events(kosovo):
    albania = factories.country("Albania")
    statement = kosovo["yes"]
    statement.speaker_country = albania
    services.mark_corrected(statement=statement)
    assert [after for _, _, after, _, _ in changes(kosovo["country"])] == ["open"]
    assert [after for _, _, after, _, _ in changes(albania)] == ["supports"]


def test_a_raw_sql_update_is_noted_by_the_triggers_and_settled():
    kosovo = factories.country("Kosovo")
    said = factories.statement(speaker=factories.speaker(country=kosovo), stance="open")
    events.settle()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_statement SET stance = 'opposes' WHERE id = %s", [said.pk])
    assert PendingRecompute.objects.filter(owner="country", owner_id=kosovo.pk).exists()
    events.settle()
    assert not PendingRecompute.objects.exists()
    assert [after for _, _, after, _, _ in changes(kosovo)] == ["opposes"]


def test_an_update_that_changes_no_position_marks_nothing(kosovo):
    Statement.objects.filter(pk=kosovo["yes"].pk).update(text="reworded", confidence=0.1)
    assert not PendingRecompute.objects.exists()


@committing
def test_merging_speakers_recomputes_their_flags():
    a, b = factories.speaker("Edi Rama"), factories.speaker("Rama")
    first = factories.statement(speaker=a, stance="supports", date_said=MAY, speaker_kind="party")
    factories.statement(speaker=b, stance="opposes", date_said=JUNE, speaker_kind="party")
    events.settle()
    assert not Contradiction.objects.exists()
    services.merge_speakers(source=b, target=a)
    flag = Contradiction.objects.get()
    assert (flag.scope, flag.speaker_id, flag.earlier_id) == ("speaker", a.pk, first.pk)


def test_recompute_events_rebuilds_what_settle_keeps(kosovo):
    kept = changes(kosovo["country"])
    StanceEvent.objects.all().delete()
    out = StringIO()
    call_command("recompute_events", stdout=out)
    assert changes(kosovo["country"]) == [row[:3] + (row[3], row[4]) for row in kept]
    assert "2 stance change(s)" in out.getvalue()


# --------------------------------------------------------------------------- contradictions


def flags() -> list[tuple]:
    rows = Contradiction.objects.order_by("scope", "date")
    return list(rows.values_list("scope", "later_id", "earlier_id", "days_apart"))


def test_one_speaker_saying_opposite_things_within_the_window_is_flagged_on_both():
    rama = factories.speaker("Edi Rama", country=factories.country("Albania"))
    yes = factories.statement(speaker=rama, stance="supports", date_said=MAY, speaker_kind="party")
    no = factories.statement(speaker=rama, stance="opposes", date_said=JUNE, speaker_kind="party")
    events.settle()
    assert flags() == [("speaker", no.pk, yes.pk, 25)]
    assert [f.pk for f in events.flags_on(yes)] == [f.pk for f in events.flags_on(no)]


def test_outside_the_window_or_open_against_opposes_is_no_contradiction(settings):
    settings.CLAIMTRACK_CONTRADICTION_DAYS = 20
    rama = factories.speaker("Edi Rama")
    factories.statement(speaker=rama, stance="supports", date_said=MAY, speaker_kind="party")
    factories.statement(speaker=rama, stance="opposes", date_said=JUNE, speaker_kind="party")
    factories.statement(speaker=rama, stance="open", date_said=JUNE, speaker_kind="party")
    events.settle()
    assert flags() == []


def test_two_speakers_of_one_government_contradicting_each_other_is_a_government_flag(kosovo):
    no = factories.statement(
        speaker=kosovo["osmani"], stance="opposes", date_said=dt.date(2025, 11, 1)
    )
    events.settle()
    assert flags() == [("government", no.pk, kosovo["yes"].pk, 10)]
    flag = Contradiction.objects.get()
    assert (flag.country, flag.later_stance, flag.earlier_stance) == (
        kosovo["country"],
        "opposes",
        "supports",
    )


def test_a_back_and_forth_flags_each_statement_against_the_nearest_opposite_once():
    rama = factories.speaker("Edi Rama")
    said = [
        factories.statement(speaker=rama, stance=stance, date_said=MAY + dt.timedelta(days=i))
        for i, stance in enumerate(["supports", "opposes", "supports", "opposes"])
    ]
    events.settle()
    speaker_flags = [(later, earlier) for scope, later, earlier, _ in flags() if scope == "speaker"]
    assert speaker_flags == [(b.pk, a.pk) for a, b in zip(said, said[1:], strict=False)]


def test_a_later_position_recomputes_from_its_date_and_agrees_with_a_full_rebuild(kosovo):
    kept = set(StanceEvent.objects.values_list("pk", flat=True))
    late = factories.statement(
        speaker=kosovo["osmani"], stance="opposes", date_said=dt.date(2025, 11, 5)
    )
    assert PendingRecompute.objects.filter(since=dt.date(2025, 11, 5)).exists()
    events.settle()
    # The earlier changes were left as they were; the new one starts from October's stance.
    assert kept <= set(StanceEvent.objects.values_list("pk", flat=True))
    assert changes(kosovo["country"])[-1][:4] == (
        dt.date(2025, 11, 5),
        "supports",
        "opposes",
        late.pk,
    )
    # ...and the flag it makes looks back past the date it was recomputed from.
    assert flags() == [("government", late.pk, kosovo["yes"].pk, 14)]
    incremental = changes(kosovo["country"]), flags()
    events.recompute_all()
    assert (changes(kosovo["country"]), flags()) == incremental


def test_an_undated_statement_marks_nothing_stale():
    kosovo = factories.country("Kosovo")
    factories.statement(speaker=factories.speaker(country=kosovo), stance="open", date_said=None)
    assert not PendingRecompute.objects.exists()


@committing
def test_inside_deferred_commits_leave_their_recompute_to_the_end_of_the_block(kosovo):
    with events.deferred():
        review_services.reject(statement=kosovo["yes"], reason="not a claim")
        # Committed, and noted by the triggers, but not yet recomputed.
        assert PendingRecompute.objects.filter(owner_id=kosovo["country"].pk).exists()
        assert [after for _, _, after, _, _ in changes(kosovo["country"])] == ["open", "supports"]
    assert not PendingRecompute.objects.exists()
    assert [after for _, _, after, _, _ in changes(kosovo["country"])] == ["open"]
