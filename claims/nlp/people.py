"""Who the article names: people clustered by name, with the role, country and
organisation the text gives them (appositives, possessives, premodifiers).

Feeds both speaker resolution (speakers.py) and the PersonFact list the registry learns
from. Everything comes from the article's own words; the only lists are of titles, role
words and countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claims.nlp.countries import country_in, iter_mentions
from claims.nlp.names import TITLES, fold
from claims.nlp.namewords import (
    FEMALE_TITLES,
    HONORIFICS,
    MALE_TITLES,
    PLACE_HOWS,
    ROLE_WORDS,
    clean_name,
    has_role_word,
    is_name_word,
    name_span,
    person_shaped,
    role_key,
)
from claims.nlp.quotes import QuoteSpan
from claims.nlp.syntax import SPEAKER_NOUNS, subject_of
from claims.nlp.textspans import TokenIndex, tokens_with_lower

_NATIONAL = frozenset(
    {"minister", "president", "premier", "chancellor", "pm", "secretary", "chairman", "king"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
GENERIC_ROLES = frozenset({"official", "representative"})
_PREMOD_DEPS = frozenset(
    {"compound", "amod", "poss", "case", "det", "nmod", "prep", "pobj", "conj", "cc"}
)


@dataclass
class Person:
    """One person or organisation named in the article."""

    name: str
    kind: str = "person"
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


class PeopleIndex:
    """People and organisations of one article, built from NER plus the parse."""

    def __init__(self, doc: Doc, quotes: list[QuoteSpan], *, text: str | None = None):
        self.doc, self.quotes = doc, quotes
        self.text = doc.text if text is None else text
        self.tokens = TokenIndex(doc)
        self.people: list[Person] = []
        ents = [e for e in doc.ents if not self._quoted(e.start_char)]
        # The small model often tags people as ORG: a name-shaped ORG is a person.
        for ent in ents:
            if ent.label_ == "PERSON" or (ent.label_ == "ORG" and person_shaped(ent)):
                span = name_span(doc, ent.start, ent.end)
                if span is not None:
                    self._add_person(span)
        for ent in ents:
            if ent.label_ != "ORG" or person_shaped(ent):
                continue
            person = self.match_name(ent.text, ent.start_char)
            if person is not None and len(ent) == 1:
                person.mentions.append(ent.start_char)  # "Cooper said", tagged ORG
            elif person is None:
                self.add_org(clean_name(ent.text), ent.start_char)
        self._surname_mentions()
        self._link_role_mentions()
        self._role_subject_mentions()

    def _surname_mentions(self) -> None:
        """'Mr Sunak was speaking ...' with no entity: a known surname after a title."""
        for i in tokens_with_lower(self.doc, HONORIFICS):
            if i + 1 >= len(self.doc):
                continue
            tok = self.doc[i + 1]
            if tok.pos_ != "PROPN" or self._quoted(tok.idx):
                continue
            person = self.match_name(tok.text, tok.idx)
            if person is not None and tok.idx not in person.mentions:
                person.mentions.append(tok.idx)

    def _quoted(self, pos: int) -> bool:
        return any(q.open_at <= pos < q.close_end for q in self.quotes)

    # ------------------------------------------------------------------ building
    def _add_person(self, ent: Span) -> Person | None:
        name = clean_name(ent.text)
        if not name or not any(c.isupper() for c in name):
            return None
        if _is_place(name):
            return None  # "Kigali", "Mali" tagged PERSON: a country or capital, no person
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

    def match_name(self, name: str, pos: int | None = None) -> Person | None:
        """The person this (possibly partial) name refers to; the nearest earlier when several."""
        words = set(fold(name).split()) - {fold(t) for t in HONORIFICS}
        if not words:
            return None
        found = [p for p in self.people if p.kind == "person" and words <= p.words()]
        if not found:
            found = [p for p in self.people if p.kind == "person" and p.words() <= words]
        if len(found) > 1 and pos is not None:
            found.sort(key=lambda p: max((m for m in p.mentions if m <= pos), default=-1))
        return found[-1] if found else None

    def _learn_gender(self, person: Person, ent: Span) -> None:
        prev = self.doc[ent.start - 1] if ent.start > 0 else None
        first = ent[0].lower_
        for word in (prev.lower_ if prev is not None else "", first):
            if word in MALE_TITLES:
                person.gender = "m"
            elif word in FEMALE_TITLES:
                person.gender = "f"

    def _learn_role(self, person: Person, ent: Span) -> None:
        phrase, org = self._role_phrase(ent)
        if org and not person.organisation:
            person.organisation = org
        if not phrase or not has_role_word(phrase):
            return
        country = country_in(phrase) or country_in(phrase, weak=True)
        if not person.role:
            person.role = role_key(phrase)
            person.role_phrase = phrase
            person.evidence = self._evidence(ent)
        if country and not person.country:
            person.country = country
        if not person.organisation:
            m = re.search(r"\bof (the )?([A-Z][\w’' ]+)$", phrase)
            if m and not country_in(m.group(2)):
                person.organisation = m.group(2).strip()

    def _evidence(self, ent: Span) -> str:
        sent = ent.sent
        return sent.text.strip()[:300] if sent is not None else ent.text

    def _role_phrase(self, ent: Span) -> tuple[str, str]:
        """Role text from a premodifier, a possessive or an appositive; and an 'of ORG'."""
        root = ent.root
        org = ""
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > ent.end - 1:
                org = _span_text(self.doc, list(child.subtree)[1:])
        if root.dep_ == "appos" and root.head.i < ent.start:
            head = root.head
            # "The prime minister of North Macedonia, X": the name hangs off the country.
            while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i < head.i:
                head = head.head.head
            toks = [t for t in head.subtree if t.i < ent.start and t.i >= head.left_edge.i]
            return _span_text(self.doc, _strip_punct(toks)), org
        appos = next((c for c in root.children if c.dep_ == "appos" and c.i >= ent.end), None)
        if appos is not None and root.dep_ not in SUBJECT_DEPS and _followed_by_verb(appos):
            appos = None  # "to Sky's Tamara Cohen, the president of Kosovo said": a subject
        if appos is not None:
            return _span_text(self.doc, _strip_punct(list(appos.subtree))), org
        pre = self._premodifiers(ent)
        if pre:
            return _span_text(self.doc, pre), org
        return self._comma_role(ent), org

    def _comma_role(self, ent: Span) -> str:
        """'Uganda's state minister for foreign affairs, Okello Oryem said' / 'Jeje Odongo,
        Uganda's foreign affairs minister said': a role phrase set off by a comma right
        before or after the name, when the parse missed the apposition."""
        return self._comma_role_before(ent) or self._comma_role_after(ent)

    def _comma_role_after(self, ent: Span) -> str:
        i = ent.end
        if i >= len(self.doc) - 1 or self.doc[i].text != ",":
            return ""
        toks: list[Token] = []
        for tok in self.doc[i + 1 : i + 12]:
            if tok.text in (",", ";", ":", ".") or tok.is_space or tok.pos_ in ("VERB", "AUX"):
                break
            toks.append(tok)
        phrase = _span_text(self.doc, _strip_punct(toks))
        return phrase if toks and toks[-1].lower_ in ROLE_WORDS else ""

    def _comma_role_before(self, ent: Span) -> str:
        i = ent.start - 1
        if i < 1 or self.doc[i].text != ",":
            return ""
        toks: list[Token] = []
        i -= 1
        while i >= 0:
            tok = self.doc[i]
            if tok.text in (",", ";", ":") or tok.is_space or tok.pos_ in ("VERB", "AUX"):
                break
            toks.insert(0, tok)
            if tok.is_sent_start:
                break
            i -= 1
        phrase = _span_text(self.doc, _strip_punct(toks))
        return phrase if has_role_word(phrase) and len(toks) <= 10 else ""

    def _premodifiers(self, ent: Span) -> list[Token]:
        toks: list[Token] = []
        i = ent.start - 1
        while i >= 0:
            tok = self.doc[i]
            if tok.is_space or tok.text in (",", ";", ":") or tok.pos_ in ("VERB", "AUX"):
                break
            if tok.pos_ == "ADP" and tok.lower_ not in ("of", "for"):
                break
            if tok.dep_ not in _PREMOD_DEPS and tok.lower_ not in ROLE_WORDS:
                break
            if tok.ent_type_ == "PERSON" and fold(tok.text) not in TITLES and is_name_word(tok):
                break  # another person's name
            toks.insert(0, tok)
            i -= 1
        return (
            toks if any(t.lower_ in ROLE_WORDS or t.lower_ in SPEAKER_NOUNS for t in toks) else []
        )

    def _link_role_mentions(self) -> None:
        """Give people their country from the article's other words about their role.

        "The German Interior Minister supports ..." tells that the interior minister
        named elsewhere is German; failing that, an office-holder's country is the one the
        sentence naming them (or the one before it) is about: "Montenegro, on the other
        hand, ... Prime Minister Milojko Spajić said".
        """
        people = [p for p in self.people if p.kind == "person" and p.role and not p.country]
        if not people:
            return
        for i in tokens_with_lower(self.doc, ROLE_WORDS):
            tok = self.doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            named = any(t.ent_type_ == "PERSON" or t.dep_ == "appos" for t in tok.subtree)
            if named or self._quoted(tok.idx):
                continue  # a role phrase attached to a name speaks about that name only
            toks = [t for t in tok.subtree if t.i <= tok.i or t.dep_ == "prep"]
            phrase = _span_text(self.doc, _strip_punct(toks))
            country = country_in(phrase)
            if not country:
                continue
            key = role_key(phrase)
            fits = [p for p in people if not p.country and key and _role_compatible(key, p)]
            if len(fits) == 1:
                fits[0].country = country
        for p in people:
            self.fill_country(p)

    def _role_subject_mentions(self) -> None:
        """'... the chancellor was blunt. "...," he said': a definite role phrase standing
        as a subject ("the chancellor", "the minister") is a mention of the one person the
        article gave that role, so pronouns after it find that person."""
        for i in tokens_with_lower(self.doc, ROLE_WORDS):
            tok = self.doc[i]
            if tok.dep_ not in SUBJECT_DEPS or self._quoted(tok.idx):
                continue
            toks = [t for t in tok.subtree if t.i <= tok.i]
            if len(toks) > 4 or toks[0].lower_ != "the":
                continue
            if any(t.ent_type_ == "PERSON" or t.dep_ in ("appos", "poss") for t in tok.subtree):
                continue
            phrase = _span_text(self.doc, toks)
            person = self.by_role(phrase, country_in(phrase), tok.idx)
            if person is not None and tok.idx not in person.mentions:
                person.mentions.append(tok.idx)

    def fill_country(self, person: Person) -> None:
        """An office-holder with no country: the one their sentence is about, else the
        one the institutions around them belong to."""
        if person.country or not person.mentions:
            return
        if not _NATIONAL.intersection(person.role.split()):
            return
        person.country = self._country_near(min(person.mentions)) or self._institutions(person)

    def _institutions(self, person: Person) -> str | None:
        """An office-holder's country from the institutions around them: 'speaking in
        Downing Street', 'told the Commons', 'a Bundestag vote'."""
        votes: dict[str, int] = {}
        sents = {self.doc[self.tokens.at(m)].sent for m in person.mentions}
        for sent in sents:
            if sent is None:
                continue
            for chunk in sent.noun_chunks:
                if self._quoted(chunk.start_char) or not any(t.pos_ == "PROPN" for t in chunk):
                    continue
                named = [m for m in iter_mentions(chunk.text) if m.how in PLACE_HOWS]
                if named:
                    continue  # a country or capital named outright is a place or topic
                hit = country_in(chunk.text, weak=True)
                if hit:
                    votes[hit] = votes.get(hit, 0) + 1
        if not votes:
            return None
        best = max(votes.values())
        winners = [c for c, n in votes.items() if n == best]
        return winners[0] if len(winners) == 1 else None

    def _country_near(self, pos: int) -> str | None:
        """The country that is the subject of the sentence naming the person, or of the
        sentence before in the same paragraph ('Montenegro ... indicated ... Prime
        Minister X said'). Only a country standing as the subject counts."""
        sent = self.doc[self.tokens.at(pos)].sent
        if sent is None:
            return None
        found = self._subject_country(sent, pos)
        if found or sent.start == 0:
            return found
        prev = self.doc[sent.start - 1].sent
        if prev is None or "\n" in self.text[prev.end_char : sent.start_char]:
            return None
        return self._subject_country(prev, None)

    def _subject_country(self, sent: Span, before: int | None) -> str | None:
        subj = subject_of(sent.root)
        if subj is None or (before is not None and subj.idx >= before):
            return None
        toks = [t for t in subj.subtree if before is None or t.idx < before]
        if any(t.ent_type_ == "PERSON" for t in toks):
            return None
        hit = next(iter_mentions(_span_text(self.doc, toks)), None) if toks else None
        return hit.country if hit is not None else None

    # ------------------------------------------------------------------ lookups
    def by_role(self, role: str, country: str | None, pos: int) -> Person | None:
        """The person the article gave this role (and country, when the mention has one)."""
        key = role_key(role)
        if not key:
            return None
        found = [
            p
            for p in self.people
            if p.kind == "person"
            and p.role
            and _role_compatible(key, p)
            and (country is None or p.country == country)
        ]
        if not found and country is not None:
            # "Prime Minister Edi Rama" ... "the Albanian Prime Minister": one office-holder
            # with no country yet is the one meant.
            loose = [
                p
                for p in self.people
                if p.kind == "person" and p.role and not p.country and _role_compatible(key, p)
            ]
            found = loose if len(loose) == 1 else []
        if not found:
            return None
        if len(found) > 1:
            earlier = [p for p in found if any(m <= pos for m in p.mentions)]
            found = earlier or found
            found.sort(key=lambda p: max((m for m in p.mentions if m <= pos), default=-1))
        return found[-1]

    def people_between(self, start: int, end: int) -> list[Person]:
        hits = [(m, p) for p in self.people for m in p.mentions if start <= m < end]
        return [p for _, p in sorted(hits, key=lambda x: x[0])]


def _is_place(name: str) -> bool:
    """The whole name is country or capital names ("Kigali", "Mali")."""
    rest = name
    for m in sorted(iter_mentions(name, skip_place_capitals=False), key=lambda m: -m.start):
        rest = rest[: m.start] + rest[m.end :]
    return rest.strip(" ,.-") == "" and rest != name


def _role_compatible(key: str, person: Person) -> bool:
    theirs = person.role
    if key == theirs or key in theirs or theirs in key:
        return True
    # "the IOM official" ~ "IOM's regional director": an official of the body they head.
    words = key.split()
    if words and words[-1] in GENERIC_ROLES and len(words) > 1:
        text = set(re.findall(r"[a-z0-9]+", f"{person.role_phrase} {person.organisation}".lower()))
        if all(w in text for w in words[:-1]):
            return True
    # "the Commissioner" ~ "EU Commission chief": same stem in the role or organisation.
    stems = {w[:7] for w in key.split() if len(w) >= 7}
    text = f"{person.role_phrase} {person.organisation}".lower()
    return bool(stems) and any(s in text for s in stems)


def _followed_by_verb(head: Token) -> bool:
    """The phrase is directly followed (perhaps after a comma) by a finite verb."""
    doc = head.doc
    last = head.right_edge
    while last.i > head.i and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    i = last.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    return i < len(doc) and doc[i].pos_ in ("VERB", "AUX") and doc[i].tag_ != "VBG"


def _strip_punct(toks: list[Token]) -> list[Token]:
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def _span_text(doc: Doc, toks: list[Token]) -> str:
    if not toks:
        return ""
    return doc[toks[0].i : toks[-1].i + 1].text
