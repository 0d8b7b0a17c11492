"""A claim by "the prime minister" stored before any article named the office holder
takes that person once an article does: the result does not hang on the order in which
files were extracted (one process, or several queue workers)."""

import datetime as dt

import pytest

from claims import services
from claims.models import Appearance, Speaker, Statement
from claims.nlp.pipeline import get_nlp

pytestmark = pytest.mark.django_db

ROLE_ONLY = (
    "Talks opened in Podgorica on Monday.\n"
    "“We will not host anyone's migrants,” the Montenegrin prime minister said.\n"
)
NAMING = (
    "Montenegro's prime minister, Milojko Spajić, met EU envoys in Brussels on Tuesday.\n"
    "“Our road is the European Union,” Spajić said.\n"
)


def _article(factories, name, body, date):
    return factories.article(body, name=name, date=date)


@pytest.fixture
def nlp(settings):
    return get_nlp(settings.CLAIMTRACK_SPACY_MODEL)


def _speaker_of(text: str) -> Statement:
    return Statement.objects.select_related("speaker").get(text__contains=text)


def test_role_claim_extracted_first_takes_the_holder_named_later(nlp):
    from tests import factories

    first = _article(factories, "a.txt", ROLE_ONLY, dt.date(2025, 5, 2))
    services.extract_articles(article_ids=[first.pk], nlp=nlp)
    alone = _speaker_of("host anyone")
    assert alone.speaker.kind == Speaker.SpeakerKind.ROLE

    second = _article(factories, "b.txt", NAMING, dt.date(2025, 5, 1))
    services.extract_articles(article_ids=[second.pk], nlp=nlp)

    bound = _speaker_of("host anyone")
    assert bound.speaker.name == "Milojko Spajić"
    assert bound.history.latest().history_change_reason.endswith("Milojko Spajić")
    assert set(Appearance.objects.filter(statement=bound).values_list("resolution", flat=True)) == {
        "registry_role"
    }


def test_same_result_in_either_order(nlp):
    from tests import factories

    named = _article(factories, "b.txt", NAMING, dt.date(2025, 5, 1))
    services.extract_articles(article_ids=[named.pk], nlp=nlp)
    role = _article(factories, "a.txt", ROLE_ONLY, dt.date(2025, 5, 2))
    services.extract_articles(article_ids=[role.pk], nlp=nlp)
    assert _speaker_of("host anyone").speaker.name == "Milojko Spajić"


def test_a_person_s_choice_of_speaker_stands(nlp):
    from tests import factories

    first = _article(factories, "a.txt", ROLE_ONLY, dt.date(2025, 5, 2))
    services.extract_articles(article_ids=[first.pk], nlp=nlp)
    statement = _speaker_of("host anyone")
    role_speaker = statement.speaker
    services.verify_statement(statement=statement)

    second = _article(factories, "b.txt", NAMING, dt.date(2025, 5, 1))
    services.extract_articles(article_ids=[second.pk], nlp=nlp)
    assert _speaker_of("host anyone").speaker == role_speaker
