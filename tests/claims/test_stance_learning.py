"""Corrections teach the stance model: people correct a handful of statements, the model is
retrained, and its answer on a held-aside statement of the same kind changes.

Real PostgreSQL, the real training command, the shipped gold examples."""

import datetime as dt

import pytest
from django.core.management import call_command

from claims import services
from claims.models import Statement, Topic
from claims.nlp.relevance import ClaimView
from claims.nlp.stance_model import load_model
from claims.nlp.topic_stance import judge_claim
from claims.training import reviewed_examples, topic_lexicons
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# A refusal in words the gold sets never use: "a bridge too far".
CORRECTED = [
    "Taking in people from Britain would be a bridge too far for us, the return hub idea included.",
    "For our government a return hub for London is a bridge too far.",
    "A return centre on our soil is simply a bridge too far, the minister said.",
    "Hosting deportation centres for the UK would be a bridge too far.",
    "This return hub plan is a bridge too far for our people.",
]
HELD_ASIDE = "Hosting a return hub for the British is a bridge too far for this government."


def correct(text: str, stance: str) -> Statement:
    article = factories.article(body=f"The minister spoke on Monday.\n\n“{text}” he said.")
    st = factories.statement(
        text=text,
        stance="supports",
        article=article,
        speaker=factories.speaker(country=factories.country("Serbia")),
        date_said=dt.date(2025, 10, 1),
    )
    st.stance = stance
    st.save(update_fields=["stance"])
    return services.mark_corrected(statement=st, user=factories.user())


def answer(model_path) -> str:
    view = ClaimView(text=HELD_ASIDE, speaker_country="Serbia")
    judged = judge_claim(view, topic_lexicons(), model=load_model(model_path))
    return next(t for t in judged.topics if t.topic == "return-hubs").stance


def test_corrected_statements_teach_the_model_a_new_refusal(tmp_path):
    Topic.objects.primary()
    out = tmp_path / "stance_model.json"
    call_command("train_stance", out=out)
    before = answer(out)

    for text in CORRECTED:
        correct(text, "opposes")
    assert len(reviewed_examples(topic_lexicons())) == len(CORRECTED)
    call_command("train_stance", out=out)

    trained = load_model(out)
    assert trained.trained_on["reviewed"] == len(CORRECTED)
    assert before != "opposes"
    assert answer(out) == "opposes"


def test_machine_suggestions_teach_nothing(tmp_path):
    Topic.objects.primary()
    factories.statement(text=CORRECTED[0], stance="supports")
    assert reviewed_examples(topic_lexicons()) == []


def test_retraining_waits_for_enough_new_corrections(tmp_path, capsys):
    Topic.objects.primary()
    out = tmp_path / "stance_model.json"
    call_command("train_stance", out=out)
    correct(CORRECTED[0], "opposes")
    call_command("train_stance", out=out, min_new=3)
    assert "not retrained" in capsys.readouterr().out
    assert load_model(out).trained_on["reviewed"] == 0
