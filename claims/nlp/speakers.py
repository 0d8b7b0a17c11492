"""Within-article speaker resolution: a careful reader's rules, no coreference model.

A mention is resolved, in order: a name in the phrase (appositive or premodified name) ->
the longest form of that name in the article; a title + surname or bare surname -> the
full name; a pronoun -> the nearest earlier compatible person (gender from titles and
earlier pronouns; "they" -> organisations and groups); a role ("the Albanian prime
minister") -> the person the article gave that role, else a role-only SpeakerRef the
storage layer resolves across articles; organisations and groups as written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from claims.nlp.candidates import Candidate
from claims.nlp.countries import country_in, iter_mentions
from claims.nlp.names import fold
from claims.nlp.namewords import (
    HONORIFICS,
    ROLE_WORDS,
    has_role_word,
    is_name_word,
    is_org_word,
    role_key,
)
from claims.nlp.people import PeopleIndex, Person
from claims.nlp.syntax import WORDS, phrase_tokens
from claims.nlp.textspans import Paragraphs
from claims.nlp.types import SpeakerRef

ORG_WORDS = WORDS["org_words"]
_PRONOUN_GENDER = {"he": "m", "she": "f"}
LEDE_WINDOW_PARAGRAPHS = 2
LEDE_PARAGRAPHS = 3
_NAME_JOINERS = frozenset({"of", "for", "and", "on", "de", "des", "du", "la", "le", "sans"})
# Institution nouns that, with "the", refer back to an organisation already named.
ANAPHOR_ORG_NOUNS = frozenset(
    {"agency", "organisation", "organization", "company", "firm", "airline", "charity",
     "ministry", "department", "body", "watchdog", "regulator", "bank", "carrier", "union",
     "association", "federation", "institute", "foundation", "commission", "council"}
)  # fmt: skip  # a role-only speaker this early is named in the next paragraphs


class SpeakerResolver:
    def __init__(
        self, doc: Doc, people: PeopleIndex, paras: Paragraphs, cands: list[Candidate] = ()
    ):
        self.doc, self.people, self.paras = doc, people, paras
        # Where cue subjects stand: a lede's role-only speaker is named as one of them.
        self.subject_spans = [
            (doc[c.subj_i].left_edge.idx, _tok_end(doc[c.subj_i].right_edge))
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
                refs.append(_inherit(ref) if ref is not None else _unknown())
                done[id(c)] = refs[-1]
                continue
            if c.subj_i is None:
                refs.append(_unknown())
                continue
            ref = self._resolve_token(self.doc[c.subj_i], c)
            refs.append(ref)
            done[id(c)] = ref
        return [self._refresh(r) for r in refs]

    def _refresh(self, ref: SpeakerRef) -> SpeakerRef:
        """Later sentences may have taught a person's role or country: apply it to all."""
        if not ref.name or ref.kind != "person" or (ref.country and ref.role):
            return ref
        person = self.people.match_name(ref.name)
        if person is None or person.name != ref.name:
            return ref
        self.people.fill_country(person)
        return replace(ref, role=ref.role or person.role, country=ref.country or person.country)

    # ------------------------------------------------------------------ per mention
    def _resolve_token(self, head: Token, c: Candidate) -> SpeakerRef:
        toks = phrase_tokens(head) if head.pos_ != "PRON" else [head]
        toks = [t for t in toks if t.i != c.cue_i] or toks  # '"...", tweeted leader X'
        if c.subj_how == "according_to":
            cut = next((t.i for t in toks if t.i > head.i and t.text == ","), None)
            toks = [t for t in toks if cut is None or t.i < cut]
        if len(toks) > 14:
            toks = [t for t in toks if t.i >= head.i - 6 and t.i <= head.i + 6]
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        mention = self.body[start:end]
        how = "according_to" if c.subj_how == "according_to" else c.subj_how
        if head.pos_ == "PRON":
            return self._pronoun(head, mention, start, end)
        acronym = self._acronym_org(toks, mention, start, end, how)
        if acronym is not None:
            return acronym
        person = self._named_person(toks, start)
        if person is not None:
            self._seen(start, person)
            return self._ref_for(
                person, mention, start, end, how if how != "cue_subject" else self._name_how(toks)
            )
        if has_role_word(mention) and not self._org_like(toks):
            return self._role(mention, start, end)
        return self._organisation(toks, mention, start, end, how)

    def _acronym_org(self, toks, mention, start, end, how) -> SpeakerRef | None:
        """'Medecins Sans Frontieres (MSF) said', 'The International Organization for
        Migration (IOM) warned': a name followed by its initials in brackets is an
        organisation, however the parser cut the name."""
        doc = self.doc
        for t in toks:
            if t.text != "(" or t.i + 1 >= len(doc):
                continue
            abbr = doc[t.i + 1]
            if not (abbr.text.isupper() and abbr.text.isalpha() and len(abbr.text) >= 2):
                continue
            i, words = t.i - 1, []
            p_start = self.paras.bounds(t.idx)[0]
            while i >= 0 and doc[i].idx >= p_start and not doc[i].is_space:
                w = doc[i]
                if not (w.text[:1].isupper() or w.lower_ in _NAME_JOINERS):
                    break
                words.insert(0, w)
                i -= 1
            while words and (words[0].lower_ in _NAME_JOINERS or words[0].lower_ == "the"):
                words.pop(0)
            initials = "".join(w.text[0] for w in words if w.text[:1].isupper())
            if not words or fold(initials).upper() != abbr.text:
                continue
            name = self.body[words[0].idx : t.idx].strip()
            org = self.people.add_org(name, start, proper=True)
            org.aliases.add(abbr.text)
            for other in self.people.people:  # "MSF" on its own elsewhere is the same body
                if other is not org and other.kind == "organisation" and other.name == abbr.text:
                    org.mentions.extend(other.mentions)
            self._seen(start, org)
            country = org.country or country_in(name)
            return SpeakerRef(mention, start, end, org.name, "organisation", how, "", country)
        return None

    def _name_how(self, toks: list[Token]) -> str:
        if any(t.dep_ == "appos" for t in toks):
            return "appositive"
        if any(t.lower_ in HONORIFICS for t in toks):
            return "title"
        return "cue_subject"

    def _named_person(self, toks: list[Token], pos: int) -> Person | None:
        """A name in the phrase: a known person's (full or partial) name, or a new one."""
        runs: list[list[Token]] = []
        # "Meloni's spokesperson", "Klever's ministry": the possessor is not the speaker.
        toks = [t for t in toks if not _in_possessor(t)]
        for t in toks:
            if t.pos_ == "PROPN" and (
                (t.ent_type_ not in ("GPE", "NORP") and is_name_word(t)) or self._known_surname(t)
            ):
                if runs and _joined(runs[-1][-1], t):
                    runs[-1].append(t)
                else:
                    runs.append([t])
        # The run holding the phrase head first: "X, the leader of Y" is X, not Y.
        head_i = toks[0].head.i if len(toks) == 1 else _phrase_head(toks).i
        runs.sort(key=lambda r: (not any(t.i == head_i for t in r), abs(r[-1].i - head_i)))
        for run in runs:
            text = _run_text(self.body, run)
            person = self.people.match_name(text, pos)
            if person is not None:
                if text != person.name:
                    person.aliases.add(text)  # "Kurti" for "Albin Kurti": the registry keeps it
                if not person.role:
                    _learn_appositive_role(person, run)
                return person
        person_runs = [r for r in runs if any(t.ent_type_ == "PERSON" for t in r)]
        titled = any(t.lower_.rstrip(".") in HONORIFICS for t in toks)
        # "Ana Brnabic, the speaker of parliament," as subject: two or three name words
        # heading an appositive phrase read as a person even when NER missed them.
        appositive = [
            r
            for r in runs
            if 2 <= len(r) <= 3
            and any(c.dep_ == "appos" for c in r[-1].children)
            and not any(is_org_word(t) for t in r)
        ]
        person_runs = person_runs or appositive
        if not person_runs and not (titled and runs):
            return None
        run = (person_runs or runs)[0]
        person = Person(name=_run_text(self.body, run))
        person.mentions.append(pos)
        _learn_appositive_role(person, run)
        self.people.people.append(person)
        return person

    def _known_surname(self, tok: Token) -> bool:
        """'Sciarrino said', tagged GPE: the surname of a person the article named, and
        no country or capital."""
        if tok.ent_type_ not in ("GPE", "NORP") or country_in(tok.text):
            return False
        person = self.people.match_name(tok.text, tok.idx)
        return person is not None and len(person.name.split()) > 1

    def _org_like(self, toks: list[Token]) -> bool:
        if _phrase_head(toks).lower_ in ROLE_WORDS:
            return False  # "the IOM official": a person of an organisation
        head_words = {
            t.lower_ for t in toks if t.dep_ in ("nsubj", "pobj", "ROOT") or t is toks[-1]
        }
        return bool(head_words & ORG_WORDS) or any(t.ent_type_ == "ORG" for t in toks)

    def _pronoun(self, tok: Token, mention: str, start: int, end: int) -> SpeakerRef:
        gender = _PRONOUN_GENDER.get(tok.lower_)
        if gender is None:  # they/it: the nearest organisation or group speaker, if recent
            floor = self.paras.spans[max(0, self.paras.index(start) - 2)][0]
            recent = [p for pos, p in self.history if floor <= pos < start]
            if tok.lower_ == "it":
                # "it" is a named organisation only when one was the last speaker.
                recent = recent[-1:] if recent and recent[-1].proper else []
            for p in reversed(recent):
                if p.kind != "person" and not p.proper:
                    return SpeakerRef(mention, start, end, "", "unknown", "group")
                if p.kind != "person":
                    return self._ref_for(p, mention, start, end, "pronoun")
            return SpeakerRef(mention, start, end, "", "unknown", "unresolved")
        person = self._nearest_person(start, gender)
        if person is None:
            return SpeakerRef(mention, start, end, "", "person", "unresolved")
        if not person.gender:
            person.gender = gender
        self._seen(start, person)
        return self._ref_for(person, mention, start, end, "pronoun")

    def _nearest_person(self, pos: int, gender: str) -> Person | None:
        """The antecedent of he/she: among recent people of a compatible gender, one known
        to have that gender first, then the subject of a clause, then the nearest."""
        events = [(m, p) for p in self.people.people if p.kind == "person" for m in p.mentions]
        events += [(m, p) for m, p in self.history if p.kind == "person"]
        events = [
            (m, p)
            for m, p in events
            if m < pos and p.gender in ("", gender) and not self.people._quoted(m)
        ]
        if not events:
            return None
        floor = self.paras.spans[max(0, self.paras.index(pos) - 2)][0] if self.paras.spans else 0
        recent = [(m, p) for m, p in events if m >= floor] or events
        # The subject of the sentence just before is the antecedent even when only an
        # earlier person's gender is known ("Mr A ... MP B warned ... He said: ...").
        subjects = [(m, p) for m, p in recent if self._is_subject_at(m)]
        if subjects and self._same_or_previous_sentence(subjects, pos):
            latest = max(subjects, key=lambda e: e[0])
            if not any(latest[0] < m for m, _ in recent):
                return latest[1]
        if any(p.gender == gender for _, p in recent):
            recent = [(m, p) for m, p in recent if p.gender == gender]
        subjects = [(m, p) for m, p in recent if self._is_subject_at(m)]
        pool = subjects if subjects and self._same_or_previous_sentence(subjects, pos) else recent
        return max(pool, key=lambda e: e[0])[1]

    def _is_subject_at(self, pos: int) -> bool:
        tok = self.doc[self.people.tokens.at(pos)]
        head = tok
        while head.dep_ in ("compound", "flat") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "appos":
            head = head.head
        return head.dep_ in ("nsubj", "nsubjpass")

    def _same_or_previous_sentence(self, events: list[tuple[int, Person]], pos: int) -> bool:
        latest = max(m for m, _ in events)
        between = self.body[latest:pos]
        return between.count(". ") + between.count(".\n") <= 1

    def _role(self, mention: str, start: int, end: int) -> SpeakerRef:
        country = country_in(mention) or country_in(mention, weak=True)
        person = self.people.by_role(mention, country, start)
        if person is None:
            person = self._lede_person(start, country, role_key(mention))
        role = role_key(mention)
        if person is None:
            return SpeakerRef(mention, start, end, "", "person", "role", role, country)
        if not person.role:
            person.role, person.role_phrase = role, mention
        if country and not person.country:
            person.country = country
        self.people.fill_country(person)
        self._seen(start, person)
        return self._ref_for(person, mention, start, end, "role")

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
            named_before = any(m < pos and not self._titled(m) for m in p.mentions)
            if p.kind != "person" or named_before or (p.role and not _both_lead(role, p.role)):
                continue
            if country and p.country not in (None, country):
                continue
            if any(s <= m < e for m in p.mentions for s, e in self.subject_spans):
                return p
        return None

    def _organisation(
        self, toks: list[Token], mention: str, start: int, end: int, how: str
    ) -> SpeakerRef:
        name = re.sub(r"['’]s$", "", mention).strip()
        # "The International Organization for Migration (IOM)": the name, not the acronym.
        name = re.sub(r"\s*\([^()]*\)?$", "", name).strip() or name
        proper = any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE", "NORP") for t in toks)
        named = None if proper else self._antecedent_org(toks, start)
        if named is not None:
            self._seen(start, named)
            return self._ref_for(named, mention, start, end, "anaphor")
        org = self.people.add_org(name, start, proper=proper)
        self._seen(start, org)
        if not proper and _phrase_head(toks).tag_ == "NNS":
            # "Critics", "officials", "observers": an unnamed group, not a speaker a
            # timeline can place; kept out of the claims (see extract.KEEP_GROUPS).
            return SpeakerRef(mention, start, end, "", "unknown", "group")
        country = (
            org.country
            or country_in(mention)
            or self._gpe_country(toks)
            or self._possessor_country(toks, start)
        )
        if country and not org.country:
            org.country = country
        return SpeakerRef(mention, start, end, org.name, "organisation", how, "", country)

    def _antecedent_org(self, toks: list[Token], pos: int) -> Person | None:
        """'The International Organization for Migration warned ... the agency said': a
        definite institution noun names the organisation that spoke just before, or the
        one named recently whose name holds that noun ("the ministry" after "the Greek
        Migration Ministry")."""
        head = _phrase_head(toks)
        if len(toks) > 3 or toks[0].lower_ != "the" or head.tag_ != "NN":
            return None
        if head.lower_ not in ANAPHOR_ORG_NOUNS:
            return None
        floor = self.paras.spans[max(0, self.paras.index(pos) - 2)][0]
        named = [
            (m, p)
            for p in self.people.people
            if p.kind == "organisation" and p.proper
            for m in p.mentions
            if floor <= m < pos and head.lower_ in fold_words(p.name)
        ]
        if named:
            return max(named, key=lambda e: e[0])[1]
        spoke = [p for m, p in self.history if floor <= m < pos]
        if spoke and spoke[-1].kind == "organisation" and spoke[-1].proper:
            return spoke[-1]
        return None

    def _possessor_country(self, toks: list[Token], pos: int) -> str | None:
        """ "Klever's ministry" speaks for the country its minister does."""
        owners = [t for t in toks if _in_possessor(t) and t.pos_ == "PROPN"]
        person = self.people.match_name(" ".join(t.text for t in owners), pos) if owners else None
        if person is not None:
            self.people.fill_country(person)
            return person.country
        return None

    def _gpe_country(self, toks: list[Token]) -> str | None:
        for t in toks:
            if t.ent_type_ in ("GPE", "NORP"):
                hit = next(iter_mentions(t.text, skip_place_capitals=False), None)
                if hit is not None:
                    return hit.country
        return None

    def _ref_for(self, p: Person, mention: str, start: int | None, end: int | None, how: str):
        return SpeakerRef(
            mention, start, end, p.name, p.kind, how, p.role, p.country or self._country(p)
        )

    def _country(self, p: Person) -> str | None:
        if p.organisation:
            found = country_in(p.organisation)
            if found:
                return found
        return None

    def _titled(self, pos: int) -> bool:
        """A mention in a headline (a first line with no final stop) names before the lede."""
        idx = self.paras.index(pos)
        start, end = self.paras.spans[idx] if self.paras.spans else (0, 0)
        line = self.body[start:end].rstrip()
        return idx == 0 and bool(line) and line[-1] not in ".!?\"”’'"

    def _seen(self, pos: int, person: Person) -> None:
        self.history.append((pos, person))


_LEAD_WORDS = frozenset({"head", "chief", "leader", "director", "chair", "boss", "executive"})


def _both_lead(mention_role: str, their_role: str) -> bool:
    """'the head of a leading charity' ... 'Name, chief executive of the Trust': both
    name the one who leads a body."""
    return bool(_LEAD_WORDS & set(mention_role.split())) and bool(
        _LEAD_WORDS & set(their_role.split())
    )


def _learn_appositive_role(person: Person, run: list[Token]) -> None:
    """'Rasmus Holt-Sorensen, the immigration minister, told ...': the role in apposition
    to a name NER missed, as PeopleIndex learns it for the names NER found."""
    appos = next((c for t in run for c in t.children if c.dep_ == "appos"), None)
    if appos is None:
        return
    toks = [t for t in appos.subtree if not (t.is_punct or t.is_space)]
    phrase = appos.doc[toks[0].i : toks[-1].i + 1].text if toks else ""
    if not phrase or not has_role_word(phrase) or len(toks) > 10:
        return
    person.role, person.role_phrase = role_key(phrase), phrase
    person.country = person.country or country_in(phrase)


def fold_words(name: str) -> set[str]:
    return set(re.findall(r"[a-z]+", name.lower()))


def _in_possessor(tok: Token) -> bool:
    head = tok
    while head.dep_ in ("compound", "flat"):
        head = head.head
    return head.dep_ == "poss" and head.tag_ != "PRP$"


def _joined(prev: Token, tok: Token) -> bool:
    """Adjacent name words, or parts of a hyphenated name ("Jean-Luc")."""
    if prev.i == tok.i - 1:
        return True
    gap = prev.doc[prev.i + 1 : tok.i]
    return len(gap) == 1 and gap[0].text == "-" and not prev.whitespace_ and not gap[0].whitespace_


def _phrase_head(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])


def _run_text(body: str, run: list[Token]) -> str:
    text = body[run[0].idx : run[-1].idx + len(run[-1].text)]
    return re.sub(r"['’]s$", "", text)


def _tok_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _inherit(ref: SpeakerRef) -> SpeakerRef:
    return SpeakerRef(
        ref.mention, None, None, ref.name, ref.kind, "continuation", ref.role, ref.country
    )


def _unknown() -> SpeakerRef:
    return SpeakerRef("", None, None, "", "unknown", "unresolved")
