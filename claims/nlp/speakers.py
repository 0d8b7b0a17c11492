"""Within-article speaker resolution: a careful reader's rules, no coreference model.

The one in-article resolver. A mention is resolved by the first rule that applies:

1. acronym: a name followed by its initials in brackets is an organisation;
2. name: a name in the phrase (appositive or premodified) -> the longest form of that name
   in the article; a title + surname or bare surname -> the full name;
3. pronoun: he/she -> the nearest earlier compatible person (gender from titles and
   earlier pronouns); they/it -> the organisation or group that spoke just before;
4. role: "the Albanian prime minister" -> the person the article gave that role, else a
   role-only SpeakerRef that ``claims.nlp.across`` resolves across articles;
5. organisation: a definite institution noun -> the organisation named just before, else
   the organisation or group as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from spacy.tokens import Doc, Token

from claims.nlp.candidates import Candidate, tok_end
from claims.nlp.countries import country_in, iter_mentions
from claims.nlp.kinds import speaker_kind, with_kind
from claims.nlp.names import fold
from claims.nlp.namewords import HONORIFICS, PLACE_HOWS, ROLE_WORDS, has_role_word, role_key
from claims.nlp.people import PeopleIndex, Person, in_possessor, phrase_head
from claims.nlp.quotes import QuoteSpan
from claims.nlp.roles import SUBJECT_DEPS, generic_leader, leads_country, span_text
from claims.nlp.speaksfor import fill_country, link_role_countries
from claims.nlp.syntax import counted_people, described_group, phrase_tokens
from claims.nlp.textspans import Paragraphs, sentence_start, tokens_with_lower
from claims.nlp.types import EntityKind, Resolution, SpeakerRef
from claims.nlp.wordlists import ORG_WORDS, OUTLET_NOUNS, PLACE_WORDS, is_person_noun

# "his claim that ...": the owner of a statement is found as "he" would be.
_PRONOUN_GENDER = {"he": "m", "she": "f", "his": "m", "her": "f"}
LEDE_WINDOW_PARAGRAPHS = 2
LEDE_PARAGRAPHS = 3
RECENT_PARAGRAPHS = 2
MAX_MENTION_TOKENS = 14
MENTION_TOKEN_RADIUS = 6
_NAME_JOINERS = frozenset({"of", "for", "and", "on", "de", "des", "du", "la", "le", "sans"})
# Institution nouns that, with "the", refer back to an organisation already named.
ANAPHOR_ORG_NOUNS = frozenset(
    {"agency", "organisation", "organization", "company", "firm", "airline", "charity",
     "ministry", "department", "body", "watchdog", "regulator", "bank", "carrier", "union",
     "association", "federation", "institute", "foundation", "commission", "council",
     "government", "presidency", "cabinet", "campaign"}
)  # fmt: skip
# Cues whose speaker answers someone: "to which he replied".
REPLY_CUES = frozenset({"replied", "responded", "answered", "retorted", "replies", "responds"})
_FULL_STOP = re.compile(r"(?<!\.)\.(?!\.)(?=\s)")
# A country's own institutions, named by the country they belong to.
STATE_BODIES = frozenset({"government", "presidency", "cabinet", "administration"})
_LEAD_WORDS = frozenset({"head", "chief", "leader", "director", "chair", "boss", "executive"})


class Mention(NamedTuple):
    """A speaker phrase as written, with its body offsets."""

    text: str
    start: int
    end: int

    def ref(
        self,
        *,
        name: str = "",
        kind: EntityKind = "unknown",
        how: Resolution = "unresolved",
        role: str = "",
        country: str | None = None,
    ) -> SpeakerRef:
        return SpeakerRef(
            mention=self.text,
            mention_start=self.start,
            mention_end=self.end,
            name=name,
            kind=kind,
            resolution=how,
            role=role,
            country=country,
        )


def index_people(doc: Doc, quotes: Sequence[QuoteSpan], *, text: str) -> PeopleIndex:
    """The article's people, with the countries and role mentions the text links them to."""
    people = PeopleIndex(doc, quotes, text=text)
    link_role_countries(people)
    _role_subject_mentions(people)
    return people


def _role_subject_mentions(people: PeopleIndex) -> None:
    """'... the chancellor was blunt. "...," he said': a definite role phrase standing
    as a subject ("the chancellor", "the minister") is a mention of the one person the
    article gave that role, so pronouns after it find that person."""
    doc = people.doc
    for i in tokens_with_lower(doc, ROLE_WORDS):
        tok = doc[i]
        if tok.dep_ not in SUBJECT_DEPS or people.quoted(tok.idx):
            continue
        toks = [t for t in tok.subtree if t.i <= tok.i]
        if len(toks) > 4 or toks[0].lower_ != "the":
            continue
        if any(t.ent_type_ == "PERSON" or t.dep_ in ("appos", "poss") for t in tok.subtree):
            continue
        phrase = span_text(doc, toks)
        person = people.by_role(phrase, country_in(phrase), tok.idx)
        if person is not None and tok.idx not in person.mentions:
            person.mentions.append(tok.idx)


class SpeakerResolver:
    """Resolves the speakers of one article's candidates, in text order: each resolved
    mention is history the next pronoun or anaphor may refer back to."""

    def __init__(
        self, doc: Doc, people: PeopleIndex, paras: Paragraphs, cands: list[Candidate] = ()
    ):
        self.doc, self.people, self.paras = doc, people, paras
        # Where cue subjects stand: a lede's role-only speaker is named as one of them.
        self.subject_spans = [
            (doc[c.subj_i].left_edge.idx, tok_end(doc[c.subj_i].right_edge))
            for c in cands
            if c.subj_i is not None and c.explicit_subject
        ]
        self.body = people.text
        self.history: list[tuple[int, Person]] = []  # (offset, person) resolved so far

    def resolve(self, cands: list[Candidate]) -> list[SpeakerRef]:
        refs: list[SpeakerRef] = []
        done: dict[int, SpeakerRef] = {}
        for c in cands:
            if c.inherit is not None:
                ref = done.get(id(c.inherit))
                ref = _inherit(ref) if ref is not None else _unknown()
            elif c.subj_i is None:
                refs.append(_unknown())
                continue
            else:
                ref = self.resolve_token(self.doc[c.subj_i], c)
            refs.append(ref)
            done[id(c)] = ref
        return [self._with_kind(self._refresh(r)) for r in refs]

    def _with_kind(self, ref: SpeakerRef) -> SpeakerRef:
        person = self.people.match_name(ref.name) if ref.kind == "person" and ref.name else None
        context = f"{person.organisation} {person.role_phrase}" if person is not None else ""
        return with_kind(ref, organisation=context)

    def _refresh(self, ref: SpeakerRef) -> SpeakerRef:
        """Later sentences may have taught a person's role or country: apply it to all."""
        if not ref.name or ref.kind != "person" or (ref.country and ref.role):
            return ref
        person = self.people.match_name(ref.name)
        if person is None or person.name != ref.name:
            return ref
        fill_country(self.people, person)
        return replace(ref, role=ref.role or person.role, country=ref.country or person.country)

    # ------------------------------------------------------------------ per mention
    def resolve_token(self, head: Token, c: Candidate) -> SpeakerRef:
        """The speaker whose phrase is headed by ``head``, by the first rule that applies."""
        toks = self._mention_tokens(head, c)
        start, end = toks[0].idx, tok_end(toks[-1])
        mention = Mention(self.body[start:end], start, end)
        if counted_people(head):
            ref = mention.ref(how="group")  # "six in 10 say", "most of the candidates"
        elif head.pos_ == "PRON":
            return self._pronoun(head, mention, replying=c.cue.lower() in REPLY_CUES)
        else:
            ref = self._by_phrase(toks, mention, c)
        if ref.resolution == "group" and _cites_group(c):
            return replace(ref, resolution="cited")
        return ref

    def _by_phrase(self, toks: list[Token], mention: Mention, c: Candidate) -> SpeakerRef:
        return (
            self._acronym_org(toks, mention, c.subj_how)
            or self._named(toks, mention, c.subj_how)
            or self._state_body(toks, mention, c.subj_how)
            or self._role_rule(toks, mention)
            or _described_person(toks, mention)
            or self._organisation(toks, mention, c.subj_how)
        )

    def _mention_tokens(self, head: Token, c: Candidate) -> list[Token]:
        toks = phrase_tokens(head) if head.pos_ != "PRON" or counted_people(head) else [head]
        toks = [t for t in toks if t.i != c.cue_i] or toks  # '"...", tweeted leader X'
        if c.subj_how == "according_to":
            cut = next((t.i for t in toks if t.i > head.i and t.text == ","), None)
            toks = [t for t in toks if cut is None or t.i < cut]
        toks = _without_asides(head, toks) or toks
        if len(toks) > MAX_MENTION_TOKENS:
            r = MENTION_TOKEN_RADIUS
            toks = [t for t in toks if head.i - r <= t.i <= head.i + r]
        return toks

    # ------------------------------------------------------------------ rule 1: acronym
    def _acronym_org(self, toks: list[Token], mention: Mention, how: Resolution):
        """'Medecins Sans Frontieres (MSF) said', 'The International Organization for
        Migration (IOM) warned': a name followed by its initials in brackets is an
        organisation, however the parser cut the name."""
        for t in toks:
            found = self._expanded_acronym(t)
            if found is None:
                continue
            name, abbr = found
            org = self.people.add_org(name, mention.start, proper=True)
            org.aliases.add(abbr)
            for other in self.people.people:  # "MSF" on its own elsewhere is the same body
                if other is not org and other.kind == "organisation" and other.name == abbr:
                    org.mentions.extend(other.mentions)
            self._seen(mention.start, org)
            country = org.country or country_in(name)
            return mention.ref(name=org.name, kind="organisation", how=how, country=country)
        return None

    def _expanded_acronym(self, bracket: Token) -> tuple[str, str] | None:
        """(name, initials) when ``bracket`` opens '(ABC)' after the words it abbreviates."""
        doc = self.doc
        if bracket.text != "(" or bracket.i + 1 >= len(doc):
            return None
        abbr = doc[bracket.i + 1].text
        if not (abbr.isupper() and abbr.isalpha() and len(abbr) >= 2):
            return None
        words = self._capitalised_run_before(bracket)
        initials = "".join(w.text[0] for w in words if w.text[:1].isupper())
        if not words or _ascii_upper(initials) != abbr:
            return None
        return self.body[words[0].idx : bracket.idx].strip(), abbr

    def _capitalised_run_before(self, bracket: Token) -> list[Token]:
        doc, i, words = self.doc, bracket.i - 1, []
        p_start = self.paras.bounds(bracket.idx)[0]
        while i >= 0 and doc[i].idx >= p_start and not doc[i].is_space:
            w = doc[i]
            if not (w.text[:1].isupper() or w.lower_ in _NAME_JOINERS):
                break
            words.insert(0, w)
            i -= 1
        while words and (words[0].lower_ in _NAME_JOINERS or words[0].lower_ == "the"):
            words.pop(0)
        return words

    # ------------------------------------------------------------------ rule 2: a name
    def _named(self, toks: list[Token], mention: Mention, how: Resolution):
        if _body_named_after(toks):
            return None
        person = self.people.named_in(toks, mention.start)
        if person is None:
            return None
        self._seen(mention.start, person)
        return self._ref_for(person, mention, how if how != "cue_subject" else _name_how(toks))

    # ------------------------------------------------------------------ rule 3: pronoun
    def _pronoun(self, tok: Token, mention: Mention, *, replying: bool = False) -> SpeakerRef:
        if tok.lower_ == "i":
            return mention.ref(kind="person", how="pronoun")  # the writer, unnamed
        gender = _PRONOUN_GENDER.get(tok.lower_)
        if gender is None:
            return self._plural_pronoun(tok, mention)
        person = self._addressee(tok, mention.start, gender) if replying else None
        person = person or self._nearest_person(mention.start, gender)
        if person is None:
            return mention.ref(kind="person")
        if not person.gender:
            person.gender = gender
        self._seen(mention.start, person)
        return self._ref_for(person, mention, "pronoun")

    def _addressee(self, tok: Token, pos: int, gender: str) -> Person | None:
        """'Turning to Montenegro's prime minister Milojko Spajic, Mr Rama asked him if
        ..., to which he replied': who replies is the one asked, the person the sentence
        names who is not its subject."""
        sent = tok.sent
        if sent is None:
            return None
        named = [
            (m, p)
            for m, p in self._recent_people(pos, gender)
            if sent.start_char <= m < pos and not self._is_subject_at(m)
        ]
        return max(named, key=lambda e: e[0])[1] if named else None

    def _plural_pronoun(self, tok: Token, mention: Mention) -> SpeakerRef:
        """they/it: the nearest organisation or group speaker, if recent."""
        floor = self._recent_floor(mention.start)
        recent = [p for pos, p in self.history if floor <= pos < mention.start]
        if tok.lower_ == "it":
            # "it" is a named organisation only when one was the last speaker.
            recent = recent[-1:] if recent and recent[-1].proper else []
        for p in reversed(recent):
            if p.kind != "person" and not p.proper:
                return mention.ref(how="group")
            if p.kind != "person":
                return self._ref_for(p, mention, "pronoun")
        return mention.ref()

    def _nearest_person(self, pos: int, gender: str) -> Person | None:
        """The antecedent of he/she: among recent people of a compatible gender, the subject
        of the sentence just before; else one known to have that gender, a clause subject
        first, then the nearest."""
        recent = self._recent_people(pos, gender)
        if not recent:
            return None
        # The subject of the sentence just before is the antecedent even when only an
        # earlier person's gender is known ("Mr A ... MP B warned ... He said: ...").
        subject = self._latest_subject(recent, pos)
        if subject is not None and not any(subject[0] < m for m, _ in recent):
            return subject[1]
        if any(p.gender == gender for _, p in recent):
            recent = [(m, p) for m, p in recent if p.gender == gender]
        subject = self._latest_subject(recent, pos)
        return subject[1] if subject is not None else max(recent, key=lambda e: e[0])[1]

    def _recent_people(self, pos: int, gender: str) -> list[tuple[int, Person]]:
        """(offset, person) of the mentions of people before ``pos`` that may be 'he'/'she',
        the last paragraphs' when there are any."""
        events = [(m, p) for p in self.people.people if p.kind == "person" for m in p.mentions]
        events += [(m, p) for m, p in self.history if p.kind == "person"]
        events = [
            (m, p)
            for m, p in events
            if m < pos and p.gender in ("", gender) and not self.people.quoted(m)
        ]
        floor = self._recent_floor(pos) if self.paras.spans else 0
        return [(m, p) for m, p in events if m >= floor] or events

    def _latest_subject(self, events: list[tuple[int, Person]], pos: int):
        subjects = [(m, p) for m, p in events if self._is_subject_at(m)]
        if subjects and self._same_or_previous_sentence(subjects, pos):
            return max(subjects, key=lambda e: e[0])
        return None

    def _is_subject_at(self, pos: int) -> bool:
        tok = self.doc[self.people.tokens.at(pos)]
        head = tok
        while head.dep_ in ("compound", "flat") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "appos":
            head = head.head
            # "The mayor of Westerwolde, Jaap van Oosterhout, said": the parse may hang
            # the name on the place; the phrase it names is still the subject.
            while head.dep_ == "pobj" and head.head.dep_ == "prep":
                head = head.head.head
        return head.dep_ in ("nsubj", "nsubjpass")

    def _same_or_previous_sentence(self, events: list[tuple[int, Person]], pos: int) -> bool:
        """At most one full stop between the latest mention and ``pos``: not counting
        those inside quotes, nor an ellipsis ('I repeat ... Never')."""
        latest = max(m for m, _ in events)
        stops = [
            m.start()
            for m in _FULL_STOP.finditer(self.body, latest, pos)
            if not self.people.quoted(m.start())
        ]
        return len(stops) <= 1

    # ------------------------------------------------------------------ a state body
    def _state_body(self, toks: list[Token], mention: Mention, how: Resolution):
        """'North Macedonia's government', 'its presidency', 'the Kosovan cabinet': a
        country's own institution, stored under one name ('Government of North
        Macedonia') however the article words it."""
        head = phrase_head(toks)
        if head.lower_ not in STATE_BODIES or head.tag_ != "NN":
            return None
        places = [
            (mention.start + m.start, mention.start + m.end)
            for m in iter_mentions(mention.text, skip_place_capitals=False)
        ]
        others = [
            t
            for t in toks
            if t.i != head.i
            and t.pos_ in ("NOUN", "PROPN")
            and not any(a <= t.idx < b for a, b in places)
        ]
        if others:
            return None  # "the Labour government", "the coalition government": kept as written
        country = (
            country_in(mention.text)
            or self._its_country(toks, mention.start)
            or self._possessor_country(toks, mention.start)
        )
        if country is None:
            return None
        org = self.people.add_org(state_body_name(head.lower_, country), mention.start)
        org.country = org.country or country
        self._seen(mention.start, org)
        return mention.ref(name=org.name, kind="organisation", how=how, country=country)

    def _its_country(self, toks: list[Token], pos: int) -> str | None:
        """'Kosovo is in talks with the UK, but its prime minister said ...': 'its' is the
        country the sentence is about, the first it names (else the previous sentence's)."""
        if not any(t.lower_ in ("its", "their") and t.dep_ == "poss" for t in toks):
            return None
        p_start, _ = self.paras.bounds(pos)
        start = sentence_start(self.body, pos, p_start, self.people.quotes)
        found = self._first_country(start, pos)
        if found is None and start > p_start:
            prev = sentence_start(self.body, start - 1, p_start, self.people.quotes)
            found = self._first_country(prev, start)
        return found

    def _first_country(self, start: int, end: int) -> str | None:
        for m in iter_mentions(self.body[start:end]):
            if m.how in PLACE_HOWS and not self.people.quoted(start + m.start):
                return m.country
        return None

    def _government_country(self, pos: int) -> str | None:
        """The country whose government the article named last before ``pos``."""
        bodies = [
            (m, p)
            for p in self.people.people
            if p.kind == "organisation" and p.country and _is_state_body_name(p.name)
            for m in p.mentions
            if m < pos
        ]
        return max(bodies, key=lambda e: e[0])[1].country if bodies else None

    # ------------------------------------------------------------------ rule 4: a role
    def _role_rule(self, toks: list[Token], mention: Mention) -> SpeakerRef | None:
        if not has_role_word(mention.text) or self._org_like(toks):
            return None
        country = (
            country_in(mention.text)
            or country_in(mention.text, weak=True)
            or self._its_country(toks, mention.start)
        )
        role = role_key(mention.text)
        office = _possessor_office(toks)
        if office:
            # "the prime minister's spokesman": an aide of an office, never its holder; the
            # aide speaks for the holder's country.
            holder = self.people.by_role(office, country, mention.start)
            country = country or (holder.country if holder else None)
            return mention.ref(kind="person", how="role", role=role, country=country)
        person = self._thread_leader(role, mention.start) if country is None else None
        person = person or self.people.by_role(mention.text, country, mention.start)
        if person is None:
            person = self._lede_person(mention.start, country, role)
        if person is None:
            return mention.ref(kind="person", how="role", role=role, country=country)
        if not person.role and not generic_leader(role):
            person.role, person.role_phrase = role, mention.text
        if country and not person.country:
            person.country = country
        fill_country(self.people, person)
        self._seen(mention.start, person)
        return self._ref_for(person, mention, "role")

    def _thread_leader(self, role: str, pos: int) -> Person | None:
        """'Mr Rama said: "..." ... the white-trainer-wearing leader explained: "..."':
        an unnamed country's leader right after a named speaker continues that speaker,
        when nothing the article says about them contradicts it."""
        if not generic_leader(role) or not self.history:
            return None
        at, last = self.history[-1]
        if last.kind != "person" or at < self._recent_floor(pos):
            return None
        return last if not last.role or leads_country(last.role) else None

    def _org_like(self, toks: list[Token]) -> bool:
        if phrase_head(toks).lower_ in ROLE_WORDS:
            return False  # "the IOM official": a person of an organisation
        head_words = {
            t.lower_ for t in toks if t.dep_ in ("nsubj", "pobj", "ROOT") or t is toks[-1]
        }
        return bool(head_words & ORG_WORDS) or any(t.ent_type_ == "ORG" for t in toks)

    def _lede_person(self, pos: int, country: str | None, role: str = "") -> Person | None:
        """'The prime minister has said ...' then 'Rishi Sunak said ...': news names the
        role first and the person in the next paragraphs. Only a person with no other role,
        or one leading a body when the lede says 'the head of ...'."""
        p_idx = self.paras.index(pos)
        if p_idx > LEDE_PARAGRAPHS:
            return None
        last = min(len(self.paras.spans) - 1, p_idx + LEDE_WINDOW_PARAGRAPHS)
        end = self.paras.spans[last][1] if self.paras.spans else pos
        for p in self.people.people_between(pos, end):
            if self._may_be_lede_person(p, pos, country, role) and any(
                s <= m < e for m in p.mentions for s, e in self.subject_spans
            ):
                return p
        return None

    def _may_be_lede_person(self, p: Person, pos: int, country: str | None, role: str) -> bool:
        named_before = any(m < pos and not self._titled(m) for m in p.mentions)
        if p.kind != "person" or named_before or (p.role and not _both_lead(role, p.role)):
            return False
        return not country or p.country in (None, country)

    def _titled(self, pos: int) -> bool:
        """A mention in a headline (a first line with no final stop) names before the lede."""
        idx = self.paras.index(pos)
        start, end = self.paras.spans[idx] if self.paras.spans else (0, 0)
        line = self.body[start:end].rstrip()
        return idx == 0 and bool(line) and line[-1] not in ".!?\"”’'"

    # ------------------------------------------------------------------ rule 5: organisation
    def _organisation(self, toks: list[Token], mention: Mention, how: Resolution) -> SpeakerRef:
        name = re.sub(r"['’]s$", "", mention.text).strip()
        # "The International Organization for Migration (IOM)": the name, not the acronym.
        name = re.sub(r"\s*\([^()]*\)?$", "", name).strip() or name
        proper = any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE", "NORP") for t in toks)
        if proper:
            name = _without_outlet_noun(name)  # "The Times newspaper" is "The Times"
        named = None if proper else self._antecedent_org(toks, mention.start)
        if named is not None:
            self._seen(mention.start, named)
            return self._ref_for(named, mention, "anaphor")
        if _region(name):
            return mention.ref(how="place")  # "the Balkans accused of ...": a place says nothing
        org = self.people.add_org(name, mention.start, proper=proper)
        self._seen(mention.start, org)
        if not proper and phrase_head(toks).tag_ == "NNS":
            # "Critics", "officials", "observers": an unnamed group, not a speaker a
            # timeline can place; kept out of the claims (see extract.KEEP_GROUPS) unless
            # cited as the subject of a report (resolve_token, _cites_group). A group
            # the text says whose it is ("Clinton's aides", "campaign officials") is a
            # described speaker, as "a Clinton aide" would be.
            if described_group(phrase_head(toks)):
                return mention.ref(how="described")
            return mention.ref(how="group")
        country = (
            org.country
            or country_in(mention.text)
            or _gpe_country(toks)
            or self._possessor_country(toks, mention.start)
            or (self._government_country(mention.start) if serves_government(name) else None)
        )
        if country and not org.country:
            org.country = country
        return mention.ref(name=org.name, kind="organisation", how=how, country=country)

    def _antecedent_org(self, toks: list[Token], pos: int) -> Person | None:
        """'The International Organization for Migration warned ... the agency said': a
        definite institution noun names the organisation that spoke just before, or the
        one named recently whose name holds that noun ("the ministry" after "the Greek
        Migration Ministry")."""
        head = phrase_head(toks)
        if len(toks) > 3 or toks[0].lower_ != "the" or head.tag_ != "NN":
            return None
        if head.lower_ in OUTLET_NOUNS:
            return self._last_outlet(pos)
        if head.lower_ not in ANAPHOR_ORG_NOUNS:
            return None
        floor = self._recent_floor(pos)
        named = [
            (m, p)
            for p in self.people.people
            if p.kind == "organisation" and p.proper
            for m in p.mentions
            if floor <= m < pos and head.lower_ in fold(p.name).split()
        ]
        if named:
            return max(named, key=lambda e: e[0])[1]
        spoke = [p for m, p in self.history if floor <= m < pos]
        if spoke and spoke[-1].kind == "organisation" and spoke[-1].proper:
            return spoke[-1]
        return None

    def _last_outlet(self, pos: int) -> Person | None:
        """'The Times reported ... the paper said': the outlet named last before."""
        outlets = [
            (m, p)
            for p in self.people.people
            if p.kind == "organisation"
            and p.proper
            and speaker_kind(entity="organisation", name=p.name) == "media"
            for m in p.mentions
            if m < pos
        ]
        return max(outlets, key=lambda e: e[0])[1] if outlets else None

    def _possessor_country(self, toks: list[Token], pos: int) -> str | None:
        """ "Klever's ministry" speaks for the country its minister does."""
        owners = [t for t in toks if in_possessor(t) and t.pos_ == "PROPN"]
        person = self.people.match_name(" ".join(t.text for t in owners), pos) if owners else None
        if person is not None:
            fill_country(self.people, person)
            return person.country
        return None

    # ------------------------------------------------------------------ shared
    def _recent_floor(self, pos: int) -> int:
        """Start of the paragraph ``RECENT_PARAGRAPHS`` before the one holding ``pos``."""
        return self.paras.spans[max(0, self.paras.index(pos) - RECENT_PARAGRAPHS)][0]

    def _ref_for(self, p: Person, mention: Mention, how: Resolution) -> SpeakerRef:
        country = p.country or (country_in(p.organisation) if p.organisation else None)
        if country is None and serves_government(f"{p.role} {p.role_phrase}"):
            # "Government spokesperson Marija Miteva", after "North Macedonia's government".
            country = self._government_country(mention.start)
        return mention.ref(name=p.name, kind=p.kind, how=how, role=p.role, country=country)

    def _seen(self, pos: int, person: Person) -> None:
        self.history.append((pos, person))


def _cites_group(c: Candidate) -> bool:
    """'Critics say the plan is cruel', 'according to experts, ...': news cites an unnamed
    group as the subject of what it reports, and that is a claim. The same noun reached
    through a participle ('Politicians favour hubs ... by signalling that ...'), or doing
    something to an object ('officials described the scheme'), is the writer's account
    of a group, not a statement of it; 'they' never gets here (pronouns resolve first)."""
    return c.explicit_subject and c.content != "object" and c.subj_how in _CITING_HOWS


_CITING_HOWS = frozenset({"cue_subject", "according_to"})


def _possessor_office(toks: list[Token]) -> str:
    """'the prime minister's spokesman' -> 'the prime minister': the office whose holder
    the phrase's person serves ('' when the phrase has no office before a possessive)."""
    marks = [t for t in toks if t.tag_ == "POS"]
    if not marks or marks[0].i == toks[-1].i:
        return ""
    possessor = " ".join(t.text for t in toks if t.i < marks[0].i)
    return possessor if has_role_word(possessor) else ""


def _described_person(toks: list[Token], mention: Mention) -> SpeakerRef | None:
    """'the heckler', 'a Republican strategist', 'the actress': one person named by what
    they do or are, kept as a role-only speaker (a plural is a group, left to the
    organisation rule)."""
    head = phrase_head(toks)
    if head.tag_ != "NN" or not is_person_noun(head.text):
        return None
    return mention.ref(kind="person", how="role", role=role_key(mention.text))


def _body_named_after(toks: list[Token]) -> bool:
    """'The Clinton campaign', 'the Sanders union': a body named after a person is that
    body, not the person (a state body is left to the state-body rule)."""
    head = phrase_head(toks)
    return head.tag_ == "NN" and head.lower_ in ORG_WORDS and head.lower_ not in STATE_BODIES


def _without_asides(head: Token, toks: list[Token]) -> list[Token]:
    """A speaker phrase without what only frames it: a dashed aside ("the presidency -
    three members, serving as head of state -"), a dateline the parser hung on the name
    after it ("RENO, Nev. (AP) — Donald Trump says") and when it spoke ("on Friday")."""
    dash = _aside_dash(toks)
    dated = {
        t.i
        for c in head.children
        if c.i > head.i and c.dep_ in ("prep", "npadvmod") and _is_date_phrase(c)
        for t in c.subtree
    }
    if dash is not None and head.i > dash and _dateline([t for t in toks if t.i < dash]):
        return [t for t in toks if t.i > dash and t.i not in dated]
    return [t for t in toks if (dash is None or t.i < dash) and t.i not in dated]


def _dateline(toks: list[Token]) -> bool:
    """'RENO, Nev. (AP)', 'New York (AFP)': a place, maybe an agency in brackets, and
    nothing else."""
    words = [t for t in toks if not t.is_punct]
    return (
        bool(words)
        and all(t.pos_ == "PROPN" for t in words)
        and any(t.ent_type_ in ("GPE", "LOC") for t in words)
    )


def _aside_dash(toks: list[Token]) -> int | None:
    """The spaced dash that opens an aside after a noun phrase."""
    spaced = (t.i for t in toks if t.i > toks[0].i and t.text in "-–—" and t.whitespace_)
    dash = next(spaced, None)
    if dash is None or not any(t.pos_ in ("NOUN", "PROPN") for t in toks if t.i < dash):
        return None
    return dash


def _is_date_phrase(tok: Token) -> bool:
    return all(t.ent_type_ in ("DATE", "TIME") or t.dep_ in ("prep", "det") for t in tok.subtree)


def state_body_name(body: str, country: str) -> str:
    """'Government of North Macedonia', 'Presidency of the United Kingdom'."""
    article = "the " if country.startswith("United ") or country.endswith("lands") else ""
    return f"{body.capitalize()} of {article}{country}"


def _is_state_body_name(name: str) -> bool:
    first, _, rest = name.partition(" of ")
    return first.lower() in STATE_BODIES and bool(rest)


def _region(name: str) -> bool:
    """A region named as a speaker ('the Balkans', 'the Western Balkans'), not a country."""
    words = fold(name).split()
    return bool(words) and words[-1] in PLACE_WORDS and not country_in(name)


def _without_outlet_noun(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].lower() in OUTLET_NOUNS and words[-2][:1].isupper():
        return " ".join(words[:-1])
    return name


def serves_government(role: str) -> bool:
    """A role held in a country's government or ruling party ("government spokesperson",
    "the ruling party")."""
    words = set(role.lower().split())
    return bool(words & {"government", "governing", "ruling"})


def _name_how(toks: list[Token]) -> Resolution:
    if any(t.dep_ == "appos" for t in toks):
        return "appositive"
    if any(t.lower_ in HONORIFICS for t in toks):
        return "title"
    return "cue_subject"


def _both_lead(mention_role: str, their_role: str) -> bool:
    """'the head of a leading charity' ... 'Name, chief executive of the Trust': both
    name the one who leads a body."""
    return bool(_LEAD_WORDS & set(mention_role.split())) and bool(
        _LEAD_WORDS & set(their_role.split())
    )


def _gpe_country(toks: list[Token]) -> str | None:
    for t in toks:
        if t.ent_type_ in ("GPE", "NORP"):
            hit = next(iter_mentions(t.text, skip_place_capitals=False), None)
            if hit is not None:
                return hit.country
    return None


def _ascii_upper(text: str) -> str:
    return fold(text).upper()


def _inherit(ref: SpeakerRef) -> SpeakerRef:
    return replace(ref, mention_start=None, mention_end=None, resolution="continuation")


def _unknown() -> SpeakerRef:
    return SpeakerRef(
        mention="",
        mention_start=None,
        mention_end=None,
        name="",
        kind="unknown",
        resolution="unresolved",
    )
