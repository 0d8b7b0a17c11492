"""Who the article names: people and organisations clustered by name, with the role,
country and organisation the text gives them (roles.py reads those from the parse).

Feeds the speaker resolver (speakers.py) and the PersonFact list the registry learns
from. Everything comes from the article's own words; the only lists are of titles, role
words and countries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from claims.nlp.countries import country_in, iter_mentions
from claims.nlp.names import fold
from claims.nlp.namewords import (
    FEMALE_TITLES,
    HONORIFICS,
    MALE_TITLES,
    clean_name,
    is_name_word,
    is_org_word,
    name_span,
    person_shaped,
    role_key,
)
from claims.nlp.quotes import QuoteSpan
from claims.nlp.roles import appositive_role, role_compatible, role_facts, role_phrase
from claims.nlp.textspans import TokenIndex, tokens_with_lower
from claims.nlp.types import EntityKind
from claims.nlp.wordlists import PLACE_WORDS, ROLE_WORDS, SPEAKER_NOUNS

_HONORIFIC_KEYS = frozenset(fold(t) for t in HONORIFICS)
MAX_EVIDENCE_CHARS = 300


@dataclass
class Person:
    """One person or organisation named in the article (built up while reading it)."""

    name: str
    kind: EntityKind = "person"
    role: str = ""
    role_phrase: str = ""
    country: str | None = None
    organisation: str = ""
    aliases: set[str] = field(default_factory=set)
    evidence: str = ""
    gender: str = ""  # "m" | "f" | "" — from titles and pronouns that referred to them
    mentions: list[int] = field(default_factory=list)  # char offsets of mentions
    proper: bool = True  # named ("the Home Office"), not a group ("officials")

    def words(self) -> set[str]:
        return set(fold(self.name).split())

    def holds(self, key: str) -> bool:
        """Whether a role mention's key may name this person's role."""
        return bool(self.role) and role_compatible(
            key, self.role, self.role_phrase, self.organisation
        )

    def last_mention_before(self, pos: int) -> int:
        return max((m for m in self.mentions if m <= pos), default=-1)


class PeopleIndex:
    """People and organisations of one article, built from NER plus the parse."""

    def __init__(self, doc: Doc, quotes: Sequence[QuoteSpan], *, text: str | None = None):
        self.doc, self.quotes = doc, quotes
        self.text = doc.text if text is None else text
        self.tokens = TokenIndex(doc)
        self.people: list[Person] = []
        ents = [e for e in doc.ents if not self.quoted(e.start_char)]
        self._add_people(ents)
        self._add_organisations(ents)
        self._surname_mentions()

    @cached_property
    def chunks_by_sentence(self) -> dict[int, list[Span]]:
        """Noun chunks by the first token of their sentence, read in one pass: spaCy's
        ``Span.noun_chunks`` walks the whole document's chunks at every call, which made
        long articles full of office-holders quadratic."""
        by_sent: dict[int, list[Span]] = defaultdict(list)
        for chunk in self.doc.noun_chunks:
            by_sent[chunk.root.sent.start].append(chunk)
        return by_sent

    def _add_people(self, ents: list[Span]) -> None:
        # The small model often tags people as ORG: a name-shaped ORG is a person.
        for ent in ents:
            if ent.label_ == "PERSON" or (ent.label_ == "ORG" and person_shaped(ent)):
                span = name_span(self.doc, ent.start, ent.end)
                if span is not None:
                    self._add_person(span)

    def _add_organisations(self, ents: list[Span]) -> None:
        for ent in ents:
            if ent.label_ != "ORG" or person_shaped(ent):
                continue
            person = self.match_name(ent.text, ent.start_char)
            if person is not None and len(ent) == 1:
                person.mentions.append(ent.start_char)  # "Cooper said", tagged ORG
            elif person is None:
                self.add_org(clean_name(ent.text), ent.start_char)

    def _surname_mentions(self) -> None:
        """'Mr Sunak was speaking ...' with no entity: a known surname after a title."""
        for i in tokens_with_lower(self.doc, HONORIFICS):
            if i + 1 >= len(self.doc):
                continue
            tok = self.doc[i + 1]
            if tok.pos_ != "PROPN" or self.quoted(tok.idx):
                continue
            person = self.match_name(tok.text, tok.idx)
            if person is not None and tok.idx not in person.mentions:
                person.mentions.append(tok.idx)

    def quoted(self, pos: int) -> bool:
        return any(q.open_at <= pos < q.close_end for q in self.quotes)

    # ------------------------------------------------------------------ building
    def _add_person(self, ent: Span) -> Person | None:
        name = clean_name(ent.text)
        if not name or not any(c.isupper() for c in name):
            return None
        if _is_place(name) or _place_shaped(name, ent):
            return None  # "Kigali", "Western Balkans", "in Gjadër": a place, no person
        person = self.match_name(name, ent.start_char)
        if person is None:
            person = Person(name=name)
            self.people.append(person)
        elif len(name.split()) > len(person.name.split()):
            person.aliases.add(person.name)
            person.name = name
        if name != person.name:
            person.aliases.add(name)
        person.mentions.append(ent.start_char)
        self._learn_gender(person, ent)
        self._learn_role(person, ent)
        return person

    def add_org(self, name: str, pos: int, *, proper: bool = True) -> Person:
        key = fold(name)
        for p in self.people:
            if p.kind == "organisation" and fold(p.name) == key:
                p.mentions.append(pos)
                p.proper = p.proper or proper
                return p
        org = Person(name=name, kind="organisation", country=country_in(name), proper=proper)
        org.mentions.append(pos)
        self.people.append(org)
        return org

    def _learn_gender(self, person: Person, ent: Span) -> None:
        prev = self.doc[ent.start - 1] if ent.start > 0 else None
        for word in (prev.lower_ if prev is not None else "", ent[0].lower_):
            if word in MALE_TITLES:
                person.gender = "m"
            elif word in FEMALE_TITLES:
                person.gender = "f"

    def _learn_role(self, person: Person, ent: Span) -> None:
        phrase, org = role_phrase(self.doc, ent)
        if org and not person.organisation:
            person.organisation = org
        facts = role_facts(phrase)
        if facts is None:
            return
        if not person.role:
            person.role, person.role_phrase = facts.role, facts.phrase
            sent = ent.sent
            person.evidence = (
                sent.text.strip()[:MAX_EVIDENCE_CHARS] if sent is not None else ent.text
            )
        person.country = person.country or facts.country
        person.organisation = person.organisation or facts.organisation

    # ------------------------------------------------------------------ lookups
    def match_name(self, name: str, pos: int | None = None) -> Person | None:
        """The person this (possibly partial) name refers to; the nearest earlier when several."""
        words = set(fold(name).split()) - _HONORIFIC_KEYS
        if not words:
            return None
        persons = [p for p in self.people if p.kind == "person"]
        found = [p for p in persons if words <= p.words()]
        found = found or [p for p in persons if p.words() <= words]
        if len(found) > 1 and pos is not None:
            found.sort(key=lambda p: p.last_mention_before(pos))
        return found[-1] if found else None

    def named_in(self, toks: list[Token], pos: int) -> Person | None:
        """A name in a speaker phrase: a known person's (full or partial) name, or a new
        person the phrase names."""
        # "Meloni's spokesperson", "Klever's ministry": the possessor is not the speaker;
        # a phrase that is all possessor ("Rubio's claim that ...") is the speaker itself.
        toks = [t for t in toks if not in_possessor(t)] or toks
        runs = self._name_runs(toks)
        for run in runs:
            text = _run_text(self.text, run)
            person = self.match_name(text, pos)
            if person is not None:
                if text != person.name:
                    person.aliases.add(text)  # "Kurti" for "Albin Kurti": the registry keeps it
                if not person.role:
                    _apply_appositive_role(person, run)
                return person
        return self._new_person(runs, toks, pos)

    def _name_runs(self, toks: list[Token]) -> list[list[Token]]:
        """Runs of adjacent name words, the run holding the phrase head first: "X, the
        leader of Y" is X, not Y."""
        runs: list[list[Token]] = []
        for t in toks:
            if not self._name_token(t):
                continue
            if runs and _joined(runs[-1][-1], t):
                runs[-1].append(t)
            else:
                runs.append([t])
        head_i = toks[0].head.i if len(toks) == 1 else phrase_head(toks).i
        runs.sort(key=lambda r: (not any(t.i == head_i for t in r), abs(r[-1].i - head_i)))
        return runs

    def _name_token(self, t: Token) -> bool:
        if misread_plural(t):
            return True  # "Sanders said", tagged as a plural noun
        if t.pos_ != "PROPN":
            return self._plural_surname(t)
        return (t.ent_type_ not in ("GPE", "NORP") and is_name_word(t)) or self._known_surname(t)

    def _plural_surname(self, tok: Token) -> bool:
        """'Sanders says ...' opening a sentence, tagged a plural noun: the surname of a
        person the article named in full ("Critics say" names nobody)."""
        if tok.tag_ not in ("NNS", "NNPS") or not tok.text[:1].isupper():
            return False
        if tok.lower_ in SPEAKER_NOUNS or tok.lower_ in PLACE_WORDS:
            return False
        person = self.match_name(tok.text, tok.idx)
        return person is not None and len(person.name.split()) > 1

    def _known_surname(self, tok: Token) -> bool:
        """'Sciarrino said', tagged GPE: the surname of a person the article named, and
        no country or capital."""
        if tok.ent_type_ not in ("GPE", "NORP") or country_in(tok.text):
            return False
        person = self.match_name(tok.text, tok.idx)
        return person is not None and len(person.name.split()) > 1

    def _new_person(self, runs: list[list[Token]], toks: list[Token], pos: int) -> Person | None:
        """A person NER tagged, or two or three name words heading an appositive ("Ana
        Brnabic, the speaker of parliament,"), or any name after a title."""
        person_runs = [r for r in runs if any(t.ent_type_ == "PERSON" for t in r)]
        person_runs = person_runs or [r for r in runs if _named_without_ner(r)]
        titled = any(t.lower_.rstrip(".") in HONORIFICS for t in toks)
        if not person_runs and not (titled and runs):
            return None
        run = (person_runs or runs)[0]
        person = Person(name=_run_text(self.text, run))
        person.mentions.append(pos)
        _apply_appositive_role(person, run)
        if not person.role:
            self._learn_role(person, Span(self.doc, run[0].i, run[-1].i + 1))
        self.people.append(person)
        return person

    def by_role(self, role: str, country: str | None, pos: int) -> Person | None:
        """The person the article gave this role (and country, when the mention has one)."""
        key = role_key(role)
        if not key:
            return None
        holders = [p for p in self.people if p.kind == "person" and p.holds(key)]
        found = [p for p in holders if country is None or p.country == country]
        if not found and country is not None:
            # "Prime Minister Edi Rama" ... "the Albanian Prime Minister": one office-holder
            # with no country yet is the one meant.
            loose = [p for p in holders if not p.country]
            found = loose if len(loose) == 1 else []
        if len(found) > 1:
            found = [p for p in found if any(m <= pos for m in p.mentions)] or found
            found.sort(key=lambda p: p.last_mention_before(pos))
        return found[-1] if found else None

    def people_between(self, start: int, end: int) -> list[Person]:
        hits = [(m, p) for p in self.people for m in p.mentions if start <= m < end]
        return [p for _, p in sorted(hits, key=lambda x: x[0])]


def _apply_appositive_role(person: Person, run: list[Token]) -> None:
    """The role in apposition to a name NER missed, as _learn_role does for the rest."""
    phrase = appositive_role(run)
    facts = role_facts(phrase)
    if facts is None:
        return
    person.role, person.role_phrase = facts.role, phrase
    person.country = person.country or country_in(phrase)


def _heads_appositive(run: list[Token]) -> bool:
    return (
        2 <= len(run) <= 3
        and any(c.dep_ == "appos" for c in run[-1].children)
        and not any(is_org_word(t) for t in run)
    )


def _named_without_ner(run: list[Token]) -> bool:
    return _heads_appositive(run) or _titled_name(run) or all(map(misread_plural, run))


def misread_plural(tok: Token) -> bool:
    """A capitalised word inside a sentence tagged as a plural common noun ("Sanders"):
    common plurals are written in lower case there, so it is a name."""
    return (
        tok.tag_ in ("NNS", "NNPS")
        and tok.text[:1].isupper()
        and not tok.is_sent_start
        and tok.lower_ not in SPEAKER_NOUNS
        and tok.lower_ not in PLACE_WORDS
        and tok.ent_type_ in ("", "PERSON")
    )


def _titled_name(run: list[Token]) -> bool:
    """'Government spokesperson Marija Miteva', 'Councillor Phil Bradley': two or three
    name words right after a role word are a person's name, whatever NER made of them."""
    first = run[0]
    prev = first.doc[first.i - 1] if first.i > 0 else None
    return (
        prev is not None
        and prev.lower_ in ROLE_WORDS
        and 2 <= len(run) <= 3
        and not any(is_org_word(t) for t in run)
    )


_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "into", "across", "around"})


def _place_shaped(name: str, ent: Span) -> bool:
    """A name ending in a place noun ("Western Balkans", "Manston Airfield"), or one word
    standing where places stand ("held in Gjadër", "flown to an airfield at Manston")."""
    words = name.split()
    if words[-1].lower() in PLACE_WORDS:
        return True
    root = ent.root
    return len(words) == 1 and root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE


def _is_place(name: str) -> bool:
    """The whole name is country or capital names ("Kigali", "Mali")."""
    rest = name
    for m in sorted(iter_mentions(name, skip_place_capitals=False), key=lambda m: -m.start):
        rest = rest[: m.start] + rest[m.end :]
    return rest.strip(" ,.-") == "" and rest != name


def in_possessor(tok: Token) -> bool:
    head = tok
    while head.dep_ in ("compound", "flat"):
        head = head.head
    return head.dep_ == "poss" and head.tag_ != "PRP$"


def phrase_head(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])


def _joined(prev: Token, tok: Token) -> bool:
    """Adjacent name words, or parts of a hyphenated name ("Jean-Luc")."""
    if prev.i == tok.i - 1:
        return True
    gap = prev.doc[prev.i + 1 : tok.i]
    return len(gap) == 1 and gap[0].text == "-" and not prev.whitespace_ and not gap[0].whitespace_


def _run_text(body: str, run: list[Token]) -> str:
    text = body[run[0].idx : run[-1].idx + len(run[-1].text)]
    return re.sub(r"['’]s$", "", text)
