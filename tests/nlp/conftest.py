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
