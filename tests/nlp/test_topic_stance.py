"""Stance per tracked question: explicit patterns decide, the shipped model decides the rest,
and every stance names its evidence."""

import pytest

from claims.nlp.relevance import ClaimView
from claims.nlp.stance import shipped_lexicons
from claims.nlp.stance_model import load_model
from claims.nlp.topic_stance import judge_claim


@pytest.fixture(scope="module")
def lexicons():
    return shipped_lexicons()


@pytest.fixture(scope="module")
def model():
    shipped = load_model()
    assert shipped is not None, "the trained weights ship in claims/nlp/data/stance_model.json"
    return shipped


def on(topic, judgement):
    return next(t for t in judgement.topics if t.topic == topic)


@pytest.mark.parametrize(
    ("text", "label", "phrase"),
    [
        ("We have not been asked by London to host a return hub.", "no_talks", "not been asked"),
        ("There have been no talks with Britain about a return hub.", "no_talks", "no talks"),
        ("We would host a return hub only if London paid for all of it.", "conditional", "only if"),
        ("We are open to discussing return hubs with the British.", "open", "open to"),
    ],
)
def test_an_explicit_pattern_in_the_claim_decides(text, label, phrase, lexicons, model):
    judged = judge_claim(ClaimView(text=text, speaker_country="Serbia"), lexicons, model=model)
    stance = on("return-hubs", judged)
    assert (stance.stance, stance.method) == (label, "lexicon")
    assert phrase in stance.evidence
    assert 0 < stance.confidence <= 1


def test_the_model_decides_the_rest_and_names_its_version(lexicons, model):
    text = "Kosovo wants to help our British friends and will host a return hub."
    judged = judge_claim(ClaimView(text=text, speaker_country="Kosovo"), lexicons, model=model)
    stance = on("return-hubs", judged)
    assert stance.method in ("model", "hybrid")
    assert f"model {model.version}" in stance.evidence
    assert stance.stance == "supports"


def test_a_clear_refusal_is_opposition(lexicons, model):
    text = "Never in Albania. We refused them because it seems pointless."
    context = "Rama said of Britain's return hubs: “Never in Albania.”"
    view = ClaimView(text=text, context=context, speaker_country="Albania")
    assert judge_claim(view, lexicons, model=model).primary.stance == "opposes"


def test_words_on_another_scheme_are_neutral_on_the_default_question(lexicons, model):
    view = ClaimView(
        text="the centres in Albania are a model for all of Europe",
        context="Rama and Meloni visited the Italian centres at Gjader.",
        speaker_country="Albania",
    )
    judged = judge_claim(view, lexicons, model=model)
    assert [t.topic for t in judged.topics] == ["italy-albania"]
    assert judged.primary.topic == "return-hubs"
    assert judged.primary.stance == "neutral"
    assert judged.primary.evidence == "about another topic"


def test_without_a_model_the_lexicon_decides(lexicons):
    view = ClaimView(text="Serbia rejected the idea of a return hub outright.")
    stance = judge_claim(view, lexicons, model=None).primary
    assert (stance.stance, stance.method) == ("opposes", "lexicon")
    assert stance.evidence


def test_a_topic_stored_before_scopes_takes_the_shipped_scope_of_its_slug(lexicons):
    from dataclasses import replace

    from claims.nlp.topic_stance import topic_set

    stored = replace(lexicons[0], scheme="", proposer=None)
    scoped = topic_set(stored)
    assert scoped[0].proposer == "United Kingdom"
    assert [lex.slug for lex in scoped] == [lex.slug for lex in lexicons]


def test_a_refusal_phrase_in_the_claim_decides(lexicons, model):
    view = ClaimView(
        text="Hosting return hubs for Britain is totally unacceptable.", speaker_country="Serbia"
    )
    stance = on("return-hubs", judge_claim(view, lexicons, model=model))
    assert (stance.stance, stance.method) == ("opposes", "lexicon")
    assert "unacceptable" in stance.evidence


def test_a_position_in_a_story_about_one_scheme_is_a_position_on_it(lexicons, model):
    # The claim names no scheme; its article is about the Italy–Albania centres only.
    view = ClaimView(
        text="If Italy calls, we will be there, because we are proud of this friendship.",
        speaker_country="Albania",
        article_topics=("italy-albania",),
    )
    judged = judge_claim(view, lexicons, model=model)
    assert [t.topic for t in judged.topics] == ["italy-albania"]
    assert judged.topics[0].stance == "supports"
    assert judged.primary.stance == "neutral"  # no evidence on the UK question


def test_a_member_states_plan_is_a_story_about_the_eu_regulation(lexicons):
    from claims.nlp.relevance import article_topics

    body = (
        "The Dutch government is considering sending rejected asylum seekers to Uganda. "
        "The Netherlands' minister said the cabinet was exploring the idea."
    )
    assert article_topics(body, lexicons) == ("eu-return-hubs",)


def test_words_naming_another_scheme_take_no_stance_from_the_story(lexicons, model):
    # A story about UK hubs that also covers Italy's centres: a "yes" said of Italy is not
    # a position on UK hubs.
    view = ClaimView(
        text="We have a weak spot for Italy, so when Italy asks us for something we say yes.",
        speaker_country="Albania",
        article_topics=("return-hubs", "italy-albania"),
    )
    judged = judge_claim(view, lexicons, model=model)
    assert "return-hubs" not in [t.topic for t in judged.topics]


def test_openness_in_the_sentence_beats_no_talks_in_the_claim(lexicons, model):
    context = (
        "Montenegro's prime minister has signalled openness to discussing the proposal but "
        "stressed that no formal talks have taken place yet."
    )
    view = ClaimView(
        text="no formal talks have taken place yet.",
        context=context,
        speaker_country="Montenegro",
        speaker_kind="government",
    )
    stance = on("return-hubs", judge_claim(view, lexicons, model=model))
    assert (stance.stance, stance.method) == ("open", "lexicon")
    # Without the openness beside it, the claim says there are no talks.
    alone = ClaimView(text=view.text, context=view.text, speaker_country="Montenegro")
    assert judge_claim(alone, lexicons, model=model).primary.stance == "no_talks"


def test_the_proposers_speakers_are_never_open_or_waiting_for_talks(lexicons, model):
    # The proposer reporting another's interest in its scheme promotes the scheme.
    text = "the Serbian president had shown great interest in Britain's return hubs."
    proposer = ClaimView(text=text, speaker_country="United Kingdom", speaker_kind="government")
    stance = on("return-hubs", judge_claim(proposer, lexicons, model=model))
    assert stance.stance in ("supports", "neutral")
    # The same words from a country asked to host are openness.
    asked = ClaimView(text=text, speaker_country="Serbia", speaker_kind="government")
    assert on("return-hubs", judge_claim(asked, lexicons, model=model)).stance == "open"
    # A proposer can still drop its scheme.
    dropped = ClaimView(
        text="We have scrapped the Rwanda scheme.", speaker_country="United Kingdom"
    )
    assert judge_claim(dropped, lexicons, model=model).primary.stance == "opposes"


def test_extracted_interest_reported_by_the_proposer_is_not_its_openness(run):
    body = (
        "The British prime minister, Keir Starmer, said the Serbian president had shown "
        '"real interest" in Britain\'s return hubs.'
    )
    claim = next(c for c in run(body) if "real interest" in c.text)
    assert claim.speaker.country == "United Kingdom"
    assert claim.stance != "open"
