"""A claim's stance is judged with the country its statement is stored with: a speaker an
article names ("Starmer said") but never places, whom another article tied to the country
proposing the scheme, is the proposer speaking of its own scheme, which it backs or drops
but is never open to or conditional on. A stance a person set stands."""

import datetime as dt

import pytest

from claims import services, topics
from claims.models import Statement
from claims.nlp.extract import extract_article
from claims.nlp.pipeline import get_nlp
from claims.nlp.relevance import ClaimView
from claims.nlp.topic_stance import PROPOSER_LABELS, judge_again, judge_claim
from claims.training import topic_lexicons

pytestmark = pytest.mark.django_db

TIES = (
    "Britain's prime minister, Keir Starmer, met Balkan leaders in London on Tuesday.\n"
    "“Our borders matter to every one of us,” Starmer said.\n"
)
CONDITION = "the return hubs would only go ahead if partner countries agreed"
# Named in full once, never with his country, then by surname as he speaks.
SURNAME_ONLY = f"Keir Starmer arrived in Tirana on Wednesday.\nStarmer said {CONDITION}.\n"


@pytest.fixture
def nlp(settings):
    return get_nlp(settings.CLAIMTRACK_SPACY_MODEL)


def _extract(nlp, name: str, body: str, day: int) -> None:
    from tests import factories

    article = factories.article(body, name=name, date=dt.date(2025, 5, day))
    services.extract_articles(article_ids=[article.pk], nlp=nlp)


def _condition() -> Statement:
    return Statement.objects.select_related("speaker_country").get(text__contains="only go ahead")


def test_surname_only_speaker_is_judged_as_the_proposer_another_article_named(nlp):
    _extract(nlp, "ties.txt", TIES, 1)
    _extract(nlp, "surname.txt", SURNAME_ONLY, 2)

    statement = _condition()
    assert statement.speaker_country.name == "United Kingdom"
    # In its own article "Starmer" speaks for no country: a condition set on the scheme.
    alone = judge_claim(ClaimView(text=CONDITION, context=CONDITION), topic_lexicons())
    assert alone.primary.stance == "conditional"
    # Stored, he speaks for the country proposing it.
    assert statement.stance in PROPOSER_LABELS
    link = statement.topic_links.get(topic__slug="return-hubs")
    assert link.stance == statement.stance


def test_a_stance_a_person_set_is_not_judged_again(nlp):
    _extract(nlp, "ties.txt", TIES, 1)
    _extract(nlp, "surname.txt", SURNAME_ONLY, 2)
    statement = _condition()
    statement.stance = "conditional"
    services.mark_corrected(statement=statement)
    topics.record_correction(statement=statement)

    _extract(nlp, "again.txt", SURNAME_ONLY.replace("Wednesday", "Thursday"), 3)

    statement = _condition()
    assert statement.review == Statement.Review.CORRECTED
    assert statement.stance == "conditional"
    assert statement.topic_links.get(topic__slug="return-hubs").stance == "conditional"


def test_judging_again_follows_the_country_given(nlp):
    lexicons = topic_lexicons()
    extraction = extract_article(SURNAME_ONLY, article_date=None, lexicon=lexicons, nlp=nlp)
    (claim,) = extraction.claims
    assert claim.speaker.country is None and claim.stance == "conditional"
    context = f"Starmer said {CONDITION}."
    kwargs = {"context": context, "article_topics": ()}
    asked = judge_again(claim, lexicons, speaker_country="Serbia", **kwargs)
    proposer = judge_again(claim, lexicons, speaker_country="United Kingdom", **kwargs)
    assert asked.stance == "conditional"
    assert proposer.stance in PROPOSER_LABELS
    assert [t.stance for t in proposer.topics if t.topic == "return-hubs"] == [proposer.stance]
    assert proposer.text == claim.text and proposer.speaker == claim.speaker
