"""The spaCy model, loaded once for the whole test session (no database needed)."""

import pytest

from claims.nlp.pipeline import DEFAULT_MODEL, get_nlp
from claims.nlp.types import TopicLexicon


@pytest.fixture(scope="session")
def nlp():
    return get_nlp(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def lexicon():
    try:
        from claims.nlp.stance import default_lexicon
    except ImportError:
        return TopicLexicon(slug="return-hubs", keywords=("return hub", "return hubs"))
    return default_lexicon()


@pytest.fixture
def run(nlp, lexicon):
    """Extract one invented body; every claim's offsets must give back its text."""

    def _run(body):
        from claims.nlp.extract import extract_article

        result = extract_article(body, article_date=None, lexicon=lexicon, nlp=nlp)
        for c in result.claims:
            assert body[c.start : c.end] == c.text
        return result.claims

    return _run
