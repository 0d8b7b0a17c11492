"""What the text says a person is: the role phrase around a name, read from the parse.

'Rwandan President Paul Kagame' (premodifier), 'Albin Kurti, the Prime Minister of
Kosovo' (appositive), 'Uganda's state minister for foreign affairs, Okello Oryem said'
(a comma role the parse missed), and the 'of ORG' a role names. Pure functions over
tokens; ``people.py`` applies them to the people it clusters.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from claims.nlp.countries import country_in
from claims.nlp.names import TITLES, fold
from claims.nlp.namewords import ROLE_WORDS, has_role_word, is_name_word, role_key
from claims.nlp.wordlists import SPEAKER_NOUNS

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
GENERIC_ROLES = frozenset({"official", "representative"})
_PREMOD_DEPS = frozenset(
    {"compound", "amod", "poss", "case", "det", "nmod", "prep", "pobj", "conj", "cc"}
)
_STOPS = (",", ";", ":")
MAX_ROLE_TOKENS = 10
COMMA_ROLE_WINDOW = 12
STEM_CHARS = 7


class RoleFacts(NamedTuple):
    """A role read from the text: its key ('prime minister'), the phrase as written, the
    country and organisation it names."""

    role: str
    phrase: str
    country: str | None
    organisation: str


def role_facts(phrase: str) -> RoleFacts | None:
    """The role a phrase gives, or None when it holds no role word."""
    if not phrase or not has_role_word(phrase):
        return None
    country = country_in(phrase) or country_in(phrase, weak=True)
    return RoleFacts(role_key(phrase), phrase, country, _of_organisation(phrase))


def _of_organisation(phrase: str) -> str:
    """'chief executive of the Refugee Council' -> 'Refugee Council' (not a country)."""
    m = re.search(r"\bof (the )?([A-Z][\w’' ]+)$", phrase)
    if m and not country_in(m.group(2)):
        return m.group(2).strip()
    return ""


# ---------------------------------------------------------------------- around an entity
def role_phrase(doc: Doc, ent: Span) -> tuple[str, str]:
    """Role text from an appositive, a premodifier or a comma; and an 'of ORG' after the
    name ('Name of the Refugee Council')."""
    return _role_text(doc, ent), _of_after(doc, ent)


def _of_after(doc: Doc, ent: Span) -> str:
    org = ""
    for child in ent.root.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > ent.end - 1:
            org = span_text(doc, list(child.subtree)[1:])
    return org


def _role_text(doc: Doc, ent: Span) -> str:
    root = ent.root
    if root.dep_ == "appos" and root.head.i < ent.start:
        return _appositive_before(doc, ent)
    appos = next((c for c in root.children if c.dep_ == "appos" and c.i >= ent.end), None)
    if appos is not None and root.dep_ not in SUBJECT_DEPS and _followed_by_verb(appos):
        appos = None  # "to Sky's Tamara Cohen, the president of Kosovo said": a subject
    if appos is not None:
        return span_text(doc, strip_punct(_without_clauses(appos)))
    pre = premodifiers(doc, ent)
    if pre:
        return span_text(doc, pre)
    return _comma_role_before(doc, ent) or _comma_role_after(doc, ent)


def _without_clauses(head: Token) -> list[Token]:
    """The phrase up to a relative clause: 'a former basketball player who won a fourth
    term as PM' describes the person; the clause tells a story, not a role."""
    toks = list(head.subtree)
    cut = next((t.left_edge.i for t in toks if t.dep_ == "relcl" and t.head.i >= head.i), None)
    return [t for t in toks if cut is None or t.i < cut]


def _appositive_before(doc: Doc, ent: Span) -> str:
    """'The prime minister of North Macedonia, X': the name hangs off the phrase (or off
    the country inside it)."""
    head = ent.root.head
    while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i < head.i:
        head = head.head.head
    toks = [t for t in head.subtree if head.left_edge.i <= t.i < ent.start]
    return span_text(doc, strip_punct(toks))


def _comma_role_after(doc: Doc, ent: Span) -> str:
    """'Jeje Odongo, Uganda's foreign affairs minister said': a role after a comma."""
    i = ent.end
    if i >= len(doc) - 1 or doc[i].text != ",":
        return ""
    toks: list[Token] = []
    for tok in doc[i + 1 : i + COMMA_ROLE_WINDOW]:
        if tok.text in (*_STOPS, ".") or tok.is_space or tok.pos_ in ("VERB", "AUX"):
            break
        toks.append(tok)
    phrase = span_text(doc, strip_punct(toks))
    return phrase if toks and toks[-1].lower_ in ROLE_WORDS else ""


def _comma_role_before(doc: Doc, ent: Span) -> str:
    """'Uganda's state minister for foreign affairs, Okello Oryem said'."""
    i = ent.start - 1
    if i < 1 or doc[i].text != ",":
        return ""
    toks: list[Token] = []
    for tok in reversed(doc[:i]):
        if tok.text in _STOPS or tok.is_space or tok.pos_ in ("VERB", "AUX"):
            break
        toks.insert(0, tok)
        if tok.is_sent_start:
            break
    phrase = span_text(doc, strip_punct(toks))
    return phrase if has_role_word(phrase) and len(toks) <= MAX_ROLE_TOKENS else ""


def premodifiers(doc: Doc, ent: Span) -> list[Token]:
    """'Rwandan government spokeswoman' before 'Yolande Makolo'."""
    toks: list[Token] = []
    for tok in reversed(doc[: ent.start]):
        if not _premodifier(tok):
            break
        toks.insert(0, tok)
    return toks if any(t.lower_ in ROLE_WORDS or t.lower_ in SPEAKER_NOUNS for t in toks) else []


def _premodifier(tok: Token) -> bool:
    if tok.is_space or tok.text in _STOPS or tok.pos_ in ("VERB", "AUX"):
        return False
    if tok.pos_ == "ADP" and tok.lower_ not in ("of", "for"):
        return False
    if tok.dep_ not in _PREMOD_DEPS and tok.lower_ not in ROLE_WORDS:
        return False
    # Another person's name ends the role.
    return not (tok.ent_type_ == "PERSON" and fold(tok.text) not in TITLES and is_name_word(tok))


def appositive_role(run: list[Token]) -> str:
    """'Rasmus Holt-Sorensen, the immigration minister, told ...': the role phrase in
    apposition to a name NER missed."""
    appos = next((c for t in run for c in t.children if c.dep_ == "appos"), None)
    if appos is None:
        return ""
    toks = [t for t in appos.subtree if not (t.is_punct or t.is_space)]
    if not toks or len(toks) > MAX_ROLE_TOKENS:
        return ""
    return appos.doc[toks[0].i : toks[-1].i + 1].text


# ---------------------------------------------------------------------- comparing roles
# Offices that lead a country: "the leader", "the Kosovan leader" names one of them.
HEAD_OF_STATE_OR_GOVERNMENT = frozenset(
    {"prime minister", "president", "premier", "chancellor", "pm", "king", "queen", "taoiseach"}
)
# A leader of something other than a country: "the opposition leader", "the party leader".
_NOT_A_COUNTRY_LEADER = frozenset(
    {"opposition", "party", "group", "union", "team", "majority", "minority", "rebel",
     "church", "community", "business", "house", "council", "campaign", "movement"}
)  # fmt: skip


def leads_country(role: str) -> bool:
    words = role.split()
    return any(
        " ".join(words[i : i + n]) in HEAD_OF_STATE_OR_GOVERNMENT
        for n in (1, 2)
        for i in range(len(words) - n + 1)
    ) and not any(w in ("deputy", "vice", "former") for w in words)


def generic_leader(key: str) -> bool:
    """'the leader', 'the white-trainer-wearing leader': a country's leader, unnamed."""
    words = key.split()
    return bool(words) and words[-1] == "leader" and not _NOT_A_COUNTRY_LEADER & set(words)


def role_compatible(key: str, role: str, role_phrase: str, organisation: str) -> bool:
    """Whether a role mention (its key) may name the holder of ``role``."""
    if key == role or key in role or role in key:
        return True
    if generic_leader(key) and leads_country(role):
        return True
    context = f"{role_phrase} {organisation}".lower()
    # "the IOM official" ~ "IOM's regional director": an official of the body they head.
    words = key.split()
    if words and words[-1] in GENERIC_ROLES and len(words) > 1:
        text = set(re.findall(r"[a-z0-9]+", context))
        if all(w in text for w in words[:-1]):
            return True
    # "the Commissioner" ~ "EU Commission chief": same stem in the role or organisation.
    stems = {w[:STEM_CHARS] for w in words if len(w) >= STEM_CHARS}
    return bool(stems) and any(s in context for s in stems)


# ---------------------------------------------------------------------- token helpers
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


def strip_punct(toks: list[Token]) -> list[Token]:
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def span_text(doc: Doc, toks: list[Token]) -> str:
    if not toks:
        return ""
    return doc[toks[0].i : toks[-1].i + 1].text
