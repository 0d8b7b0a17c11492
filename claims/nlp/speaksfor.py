"""Which country a person named in the article speaks for, when no role phrase said it.

"The German Interior Minister supports ..." tells that the interior minister named
elsewhere is German; an office-holder's country is otherwise the one the sentence naming
them (or the one before it) is about ("Montenegro, on the other hand, ... Prime Minister
Milojko Spajić said"), or the one the institutions around them belong to ("speaking in
Downing Street", "told the Commons").
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from claims.nlp.countries import country_in, iter_mentions
from claims.nlp.namewords import PLACE_HOWS, ROLE_WORDS, role_key
from claims.nlp.people import PeopleIndex, Person
from claims.nlp.roles import SUBJECT_DEPS, span_text, strip_punct
from claims.nlp.syntax import subject_of
from claims.nlp.textspans import tokens_with_lower

# Offices that speak for a country (a minister's, a president's), not for a body.
_NATIONAL = frozenset(
    {"minister", "president", "premier", "chancellor", "pm", "secretary", "chairman", "king"}
)


def link_role_countries(index: PeopleIndex) -> None:
    """Countries for office-holders from the article's other role phrases, then from the
    sentences and institutions around them."""
    people = [p for p in index.people if p.kind == "person" and p.role and not p.country]
    if not people:
        return
    for phrase in _unnamed_role_subjects(index):
        country = country_in(phrase)
        if not country:
            continue
        key = role_key(phrase)
        fits = [p for p in people if not p.country and key and p.holds(key)]
        if len(fits) == 1:
            fits[0].country = country
    for p in people:
        fill_country(index, p)


def _unnamed_role_subjects(index: PeopleIndex):
    """'The German Interior Minister' standing as a subject, with no name attached: a role
    phrase attached to a name speaks about that name only."""
    doc = index.doc
    for i in tokens_with_lower(doc, ROLE_WORDS):
        tok = doc[i]
        if tok.dep_ not in SUBJECT_DEPS:
            continue
        named = any(t.ent_type_ == "PERSON" or t.dep_ == "appos" for t in tok.subtree)
        if named or index.quoted(tok.idx):
            continue
        toks = [t for t in tok.subtree if t.i <= tok.i or t.dep_ == "prep"]
        yield span_text(doc, strip_punct(toks))


def fill_country(index: PeopleIndex, person: Person) -> None:
    """An office-holder with no country: the one their sentence is about, else the
    one the institutions around them belong to."""
    if person.country or not person.mentions:
        return
    if not _NATIONAL.intersection(person.role.split()):
        return
    person.country = _country_near(index, min(person.mentions)) or _institutions(index, person)


def _institutions(index: PeopleIndex, person: Person) -> str | None:
    """An office-holder's country from the institutions around them: 'speaking in
    Downing Street', 'told the Commons', 'a Bundestag vote'."""
    votes: Counter[str] = Counter()
    sents = {index.doc[index.tokens.at(m)].sent for m in person.mentions}
    for sent in sents:
        if sent is not None:
            votes.update(_institution_countries(index, sent))
    if not votes:
        return None
    best = max(votes.values())
    winners = [c for c, n in votes.items() if n == best]
    return winners[0] if len(winners) == 1 else None


def _institution_countries(index: PeopleIndex, sent: Span):
    for chunk in index.chunks_by_sentence.get(sent.start, ()):
        if index.quoted(chunk.start_char) or not any(t.pos_ == "PROPN" for t in chunk):
            continue
        if any(m.how in PLACE_HOWS for m in iter_mentions(chunk.text)):
            continue  # a country or capital named outright is a place or topic
        hit = country_in(chunk.text, weak=True)
        if hit:
            yield hit


def _country_near(index: PeopleIndex, pos: int) -> str | None:
    """The country that is the subject of the sentence naming the person, or of the
    sentence before in the same paragraph ('Montenegro ... indicated ... Prime
    Minister X said'). Only a country standing as the subject counts."""
    sent = index.doc[index.tokens.at(pos)].sent
    if sent is None:
        return None
    found = _subject_country(index, sent, pos)
    if found or sent.start == 0:
        return found
    prev = index.doc[sent.start - 1].sent
    if prev is None or "\n" in index.text[prev.end_char : sent.start_char]:
        return None
    return _subject_country(index, prev, None)


def _subject_country(index: PeopleIndex, sent: Span, before: int | None) -> str | None:
    subj = subject_of(sent.root)
    if subj is None or (before is not None and subj.idx >= before):
        return None
    toks = [t for t in subj.subtree if before is None or t.idx < before]
    if not toks or any(t.ent_type_ == "PERSON" for t in toks):
        return None
    hit = next(iter_mentions(span_text(index.doc, toks)), None)
    return hit.country if hit is not None else None
