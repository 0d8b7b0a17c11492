"""The review services: every human change has a before and an after, a reason, and undo."""

import pytest

from claims import review_services
from claims.models import Appearance, Statement
from tests import factories
from tests.claims.test_services import BODY, KURTI, claim, extraction, store

pytestmark = pytest.mark.django_db


def history(statement):
    return list(Statement.history.filter(id=statement.pk).order_by("history_date", "history_id"))


def test_first_correction_of_a_machine_statement_records_its_machine_state_first(
    machine_statement, reviewer
):
    assert history(machine_statement) == []
    review_services.set_stance(
        statement=machine_statement, stance="opposes", user=reviewer, reason="misread cue"
    )
    before, after = history(machine_statement)
    assert (before.stance, before.review, before.history_user) == ("supports", "machine", None)
    assert before.history_change_reason == review_services.BASELINE_REASON
    assert (after.stance, after.review, after.history_user) == ("opposes", "corrected", reviewer)
    assert after.history_change_reason == "misread cue"
    changed = {c.field: (c.old, c.new) for c in after.diff_against(before).changes}
    assert changed["stance"] == ("supports", "opposes")


def test_a_second_correction_adds_no_second_baseline(machine_statement, reviewer):
    review_services.verify(statement=machine_statement, user=reviewer)
    review_services.set_stance(statement=machine_statement, stance="open", user=reviewer)
    assert [h.review for h in history(machine_statement)] == ["machine", "verified", "corrected"]


def test_a_rejected_statement_is_not_recreated_by_reextraction(machine_statement, reviewer):
    review_services.reject(statement=machine_statement, user=reviewer, reason="not a claim")
    article = machine_statement.first_article
    store(article, extraction(claim(BODY, "We want to help the UK"), people=[KURTI]))
    assert list(Statement.objects.values_list("review", flat=True)) == ["rejected"]
    assert not Statement.objects.visible().exists()


def test_fixing_the_speaker_moves_the_statement_to_their_country(machine_statement, reviewer):
    albania = factories.country("Albania")
    rama = factories.speaker("Edi Rama", country=albania)
    review_services.set_speaker(statement=machine_statement, speaker=rama, user=reviewer)
    machine_statement.refresh_from_db()
    assert (machine_statement.speaker, machine_statement.speaker_country) == (rama, albania)
    assert machine_statement.review == "corrected"


def test_widening_the_span_to_the_sentence_keeps_offsets_true_to_the_body(
    machine_statement, reviewer
):
    review_services.correct_span(
        statement=machine_statement,
        appearance=machine_statement.appearances.get(),
        move="sentence",
        user=reviewer,
    )
    app = Appearance.objects.get()
    machine_statement.refresh_from_db()
    assert app.text == "“We want to help the UK,” Kurti said."
    assert BODY[app.start : app.end] == app.text
    assert app.article.raw_text[app.raw_start : app.raw_end] == app.text
    assert machine_statement.text == app.text


def test_edited_span_text_must_occur_verbatim_in_the_article(machine_statement, reviewer):
    appearance = machine_statement.appearances.get()
    with pytest.raises(review_services.SpanError):
        review_services.correct_span(
            statement=machine_statement, appearance=appearance, text="We will help", user=reviewer
        )
    review_services.correct_span(
        statement=machine_statement, appearance=appearance, text="help the UK", user=reviewer
    )
    machine_statement.refresh_from_db()
    assert machine_statement.text == "help the UK"
    assert Appearance.objects.get().start == BODY.index("help the UK")


def test_undo_puts_back_the_span_text_and_review_state(machine_statement, reviewer):
    appearance = machine_statement.appearances.get()
    old = (appearance.start, appearance.end, machine_statement.text)
    review_services.correct_span(
        statement=machine_statement, appearance=appearance, move="sentence", user=reviewer
    )
    undone = review_services.undo_last(user=reviewer)
    assert undone is not None and undone.kind == "span"
    machine_statement.refresh_from_db()
    appearance.refresh_from_db()
    assert (appearance.start, appearance.end, machine_statement.text) == old
    assert machine_statement.review == "machine"
    assert history(machine_statement)[-1].history_change_reason == "undo: span fixed"
    assert review_services.undo_last(user=reviewer) is None


def test_undo_is_per_user(machine_statement, reviewer):
    other = factories.user()
    review_services.verify(statement=machine_statement, user=reviewer)
    assert review_services.undo_last(user=other) is None
    assert review_services.undo_last(user=reviewer) is not None


def test_an_unknown_stance_is_refused(machine_statement, reviewer):
    with pytest.raises(ValueError):
        review_services.set_stance(statement=machine_statement, stance="maybe", user=reviewer)
    machine_statement.refresh_from_db()
    assert machine_statement.review == "machine"


def test_span_moves_to_the_quoted_words():
    from claims.review_spans import narrow_to_quote, widen_to_quote, widen_to_sentence

    body = "Intro.\nShe said: “We are open. We will help.” Then more."
    quote = body.index("We are open")
    assert body[slice(*widen_to_quote(body, quote, quote + 4))] == "We are open. We will help."
    said = body.index("She said")
    assert body[slice(*narrow_to_quote(body, said, len(body)))] == "We are open. We will help."
    assert body[slice(*widen_to_sentence(body, quote, quote + 4))] == "She said: “We are open."
