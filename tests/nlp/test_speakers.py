"""Speakers as persons or bodies (issue 7): one test per failure seen on real articles,
on short sentences written in the same house styles, with the real model."""

import pytest

from claims.nlp.extract import extract_article

pytestmark = pytest.mark.slow


@pytest.fixture
def speaker_of(nlp, lexicon):
    def _speaker_of(body, snippet):
        result = extract_article(body, article_date=None, lexicon=lexicon, nlp=nlp)
        hits = [c for c in result.claims if snippet in c.text]
        assert len(hits) == 1, [(c.text, c.speaker.name) for c in result.claims]
        return hits[0].speaker

    return _speaker_of


def test_full_name_is_used_when_a_country_runs_into_it(speaker_of):
    body = (
        "The Socialist prime minister of Albania Edi Rama has said the plan shows the "
        "country is in a very dark place."
    )
    sp = speaker_of(body, "very dark place")
    assert sp.name == "Edi Rama"
    assert sp.country == "Albania"


def test_an_unnamed_leader_after_a_named_speaker_is_that_speaker(speaker_of):
    body = (
        "Mr Rama said: 'We have been asked by several countries and we said no.'\n"
        "Smiling for the cameras, the white-trainer-wearing leader explained: 'This was a "
        "one-off with Italy because of our very close relation.'"
    )
    sp = speaker_of(body, "one-off with Italy")
    assert sp.name == "Rama"
    assert sp.resolution == "role"
