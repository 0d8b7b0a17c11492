"""A plural cited as who spoke ("Critics say ...") is stored as said by that group, kept
apart from people and bodies as an unnamed group."""

import datetime as dt

import pytest

from claims import services
from claims.models import Appearance, Speaker
from claims.nlp.pipeline import get_nlp
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_cited_group_is_stored_as_an_unnamed_group(settings):
    body = (
        "Britain wants to open return hubs in the Balkans.\n"
        "Critics say the return hubs will strain relations with partner countries.\n"
    )
    article = factories.article(body, name="groups.txt", date=dt.date(2025, 5, 27))
    services.extract_articles(
        article_ids=[article.pk], nlp=get_nlp(settings.CLAIMTRACK_SPACY_MODEL)
    )
    appearance = Appearance.objects.select_related("statement__speaker").get(
        article=article, text__contains="strain relations"
    )
    assert appearance.resolution == "cited"
    assert appearance.statement.speaker.name == "Critics"
    assert appearance.statement.speaker.kind == Speaker.SpeakerKind.GROUP
