"""Name rules on hand-tagged tokens: what they decide does not hang on one model's tags."""

from spacy.tokens import Doc

from claims.nlp.namewords import clean_name, name_span
from claims.nlp.people import misread_plural


def test_a_hyphenated_first_name_is_kept_whole(nlp):
    words = ["French", "MEP", "François", "-", "Xavier", "Bellamy", "said", "no", "."]
    spaces = [True, True, False, False, True, True, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=["ADJ", "NOUN", "PROPN", "PUNCT",
              "PROPN", "PROPN", "VERB", "DET", "PUNCT"])  # fmt: skip
    span = name_span(doc, 4, 6)  # NER saw only "Xavier Bellamy"
    assert span is not None and span.text == "François-Xavier Bellamy"


def test_a_capitalised_plural_inside_a_sentence_is_a_name(nlp):
    words = ["Later", ",", "Sanders", "said", "critics", "were", "wrong", "."]
    tags = ["RB", ",", "NNS", "VBD", "NNS", "VBD", "JJ", "."]
    starts = [True, False, False, False, False, False, False, False]
    doc = Doc(nlp.vocab, words=words, tags=tags, sent_starts=starts)
    assert misread_plural(doc[2])
    assert not misread_plural(doc[4])  # a common plural, in lower case


def test_markup_is_trimmed_from_names():
    assert clean_name('">Sanders') == "Sanders"
    assert clean_name("Bernie Sanders</a>") == "Bernie Sanders"
    assert clean_name("Mr Kurti's") == "Kurti"
