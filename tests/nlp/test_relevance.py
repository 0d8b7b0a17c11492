"""Which tracked question a claim is about: relevance per topic, before any stance."""

import pytest

from claims.nlp.relevance import MIN_RELEVANCE, ClaimView, article_topics, relevances
from claims.nlp.stance import shipped_lexicons


@pytest.fixture(scope="module")
def lexicons():
    return shipped_lexicons()


def relevant(view, lexicons):
    return {r.topic: r.score for r in relevances(view, lexicons) if r.score >= MIN_RELEVANCE}


def test_three_topics_ship_with_their_scope_the_uk_question_first(lexicons):
    by_slug = {lex.slug: lex for lex in lexicons}
    assert [lex.slug for lex in lexicons][0] == "return-hubs"
    assert set(by_slug) >= {"return-hubs", "eu-return-hubs", "italy-albania"}
    assert by_slug["return-hubs"].proposer == "United Kingdom"
    assert by_slug["eu-return-hubs"].proposer is None
    assert by_slug["italy-albania"].proposer == "Italy"
    assert by_slug["italy-albania"].participants == ("Albania",)


def test_words_on_the_italy_albania_centres_are_not_about_uk_hubs(lexicons):
    view = ClaimView(
        text="the centres will be an important innovation for the whole of Europe",
        context="Meloni and Rama visited the migrant centres Italy built in Albania, where "
        "Rama said the centres will be an important innovation for the whole of Europe.",
        speaker_country="Albania",
    )
    found = relevant(view, lexicons)
    assert "italy-albania" in found
    assert "return-hubs" not in found


def test_a_speaker_of_a_participant_country_brings_the_question_into_scope(lexicons):
    view = ClaimView(
        text="The centres are working well and the protocol must go on.", speaker_country="Albania"
    )
    scores = {r.topic: r for r in relevances(view, lexicons)}
    assert scores["italy-albania"].why == "speaker"
    assert scores["italy-albania"].score > scores["eu-return-hubs"].score


def test_an_albanian_refusal_of_uk_hubs_is_about_uk_hubs(lexicons):
    view = ClaimView(
        text="Albania will never host return hubs for Britain's failed asylum seekers",
        speaker_country="Albania",
    )
    found = relevant(view, lexicons)
    assert max(found, key=found.get) == "return-hubs"


def test_a_claim_on_the_eu_regulation_is_about_the_eu_question(lexicons):
    view = ClaimView(
        text="member states must be able to set up return hubs in third countries",
        context="The Commission presented the return regulation on Tuesday.",
    )
    found = relevant(view, lexicons)
    assert max(found, key=found.get) == "eu-return-hubs"
    assert "return-hubs" not in found


def test_a_claim_naming_no_scheme_counts_for_the_default_question(lexicons):
    view = ClaimView(
        text="We are ready to host a return hub if the terms are right.", speaker_country="Kosovo"
    )
    scores = {r.topic: r for r in relevances(view, lexicons)}
    assert scores["return-hubs"].why == "default"
    assert list(relevant(view, lexicons)) == ["return-hubs"]


def test_a_claim_on_both_schemes_is_relevant_to_both(lexicons):
    view = ClaimView(
        text="Unlike the Italian centres in Albania, the UK return hubs would take only "
        "failed asylum seekers",
        speaker_country="United Kingdom",
    )
    found = relevant(view, lexicons)
    assert {"return-hubs", "italy-albania"} <= set(found)


def test_words_about_trade_are_about_no_question(lexicons):
    view = ClaimView(text="Italy is Albania's top commercial partner", speaker_country="Italy")
    assert relevant(view, lexicons) == {}


ITALY_ALBANIA_STORY = (
    "Italy and Albania signed a protocol on migrant centres. Italy will build the centres "
    "at Shengjin and Gjader in Albania, and Italy will run them under Italian law.\n\n"
    "Rama said the centres would be ready in August."
)


def test_the_article_names_the_scheme_when_the_sentence_does_not(lexicons):
    topics = article_topics(ITALY_ALBANIA_STORY, lexicons)
    assert topics[0] == "italy-albania"
    view = ClaimView(text="the centres would be ready in August", article_topics=topics)
    found = relevant(view, lexicons)
    assert "italy-albania" in found
    assert "return-hubs" not in found


def test_a_story_naming_no_scheme_leaves_the_default_question(lexicons):
    assert article_topics("The minister spoke about migration on Monday.", lexicons) == ()
