"""The array-based POS component gives the shipped attribute ruler's POS, token for token."""

import functools

import pytest
import spacy
from spacy.attrs import POS

from claims.nlp.fastpos import CACHE_MAX, FastPos
from claims.nlp.pipeline import DEFAULT_MODEL

pytestmark = pytest.mark.slow

TEXTS = [
    # Tag-only rules, LOWER exceptions ("something", "that" as a pronoun or a conjunction),
    # the one multi-token rule ("there are": VERB), and whitespace tokens.
    "There are things he said that nobody expected, but something changed.\n\n"
    "  “We will not host them,” the minister said on Friday; there was no deal.",
    "Kurti told reporters that Kosovo is ready. There's a plan, and it isn't theirs.",
    "The U.S. ambassador, who spoke after the vote, said: 'Everyone knows it.'",
]


@functools.cache
def _parsed():
    """Docs parsed by the model as shipped, up to the attribute ruler, plus its patterns."""
    raw = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    ruler = raw.get_pipe("attribute_ruler")
    with raw.select_pipes(disable=["attribute_ruler"]):
        docs = list(raw.pipe(TEXTS))
    return ruler, docs


def _pos(doc):
    return doc.to_array([POS]).tolist()


def test_fast_pos_matches_the_attribute_ruler_on_every_token():
    ruler, docs = _parsed()
    fast = FastPos(ruler.patterns)
    for doc in docs:
        expected = _pos(ruler(doc.copy()))
        assert _pos(fast(doc.copy())) == expected


def test_the_multi_token_rule_makes_be_after_expletive_there_a_verb():
    ruler, docs = _parsed()
    doc = FastPos(ruler.patterns)(docs[0].copy())
    are = next(t for t in doc if t.lower_ == "are")
    assert are.nbor(-1).dep_ == "expl"
    assert are.pos_ == "VERB"


def test_the_word_cache_is_emptied_when_full_so_memory_stays_bounded():
    ruler, docs = _parsed()
    fast = FastPos(ruler.patterns)
    fast._cache.update({(n, 0, 0, 0): 0 for n in range(CACHE_MAX)})
    doc = fast(docs[1].copy())
    assert len(fast._cache) < CACHE_MAX
    assert _pos(doc) == _pos(ruler(docs[1].copy()))
