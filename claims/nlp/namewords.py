"""Name and role words in running text: where a person's name starts and ends inside an
entity ("Rwandan government spokeswoman Yolande Makolo" -> "Yolande Makolo"), whether an
ORG entity is really a person, and the role key of a phrase ("the Albanian prime
minister" -> "prime minister"). Lists of titles and role words only; no names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from claims.nlp.countries import iter_mentions
from claims.nlp.names import TITLES, fold
from claims.nlp.wordlists import ORG_NAME_WORDS, ROLE_WORDS, SPEAKER_NOUNS

MALE_TITLES = frozenset({"mr", "sir", "lord", "mr.", "king", "prince"})
FEMALE_TITLES = frozenset({"ms", "mrs", "miss", "lady", "dame", "ms.", "mrs.", "queen"})
HONORIFICS = MALE_TITLES | FEMALE_TITLES | {"dr", "dr.", "prof", "professor"}
PLACE_HOWS = frozenset({"name", "alias", "demonym", "capital"})
NAME_PARTICLES = frozenset({"von", "der", "de", "van", "den", "di", "da", "al", "bin", "la", "le"})
LEADING_DROP = frozenset({"mr", "ms", "mrs", "sir", "dr", "the", "lady", "dame", "lord"})
_ROLE_STRIP = re.compile(r"^(the|a|an|its|their|his|her|our)\s+", re.I)


def role_key(phrase: str) -> str:
    """'the Albanian prime minister' -> 'prime minister': role words without countries."""
    text = phrase
    for m in sorted(iter_mentions(phrase, skip_place_capitals=False), key=lambda m: -m.start):
        text = text[: m.start] + text[m.end :]
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"\bof\s*$|\bof the\s*$", "", text.strip())
    text = _ROLE_STRIP.sub("", re.sub(r"\s+", " ", text).strip(" ,")).lower()
    text = re.sub(r"\b(of|for)\s*$", "", text).strip()
    return text


def has_role_word(text: str) -> bool:
    return any(w in ROLE_WORDS for w in re.findall(r"[a-z]+", text.lower()))


def is_name_word(tok: Token) -> bool:
    low = tok.lower_
    if low in NAME_PARTICLES:
        return True
    if not tok.text[:1].isupper() or low in ROLE_WORDS or low in SPEAKER_NOUNS:
        return False
    if fold(tok.text) in TITLES:
        return False
    if low.rstrip(".") in HONORIFICS or tok.ent_type_ in ("GPE", "NORP", "DATE"):
        return tok.ent_type_ == "GPE" and tok.pos_ == "PROPN" and _glued(tok)
    return tok.pos_ in ("PROPN", "NOUN", "ADJ", "X") or tok.ent_type_ == "PERSON"


def _glued(tok: Token) -> bool:
    # "von der Leyen": NER may tag the last part of a name as a place.
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and prev.ent_type_ == "PERSON" and prev.whitespace_ != ""


def person_shaped(ent: Span) -> bool:
    """An ORG entity that reads as a person: a title or role word before it, or two or
    three name words with no institution word ("Yolande Makolo", not "Sky News")."""
    doc = ent.doc
    span = name_span(doc, ent.start, ent.end)
    words = [t for t in (span if span is not None else ent) if not t.is_punct]
    if not words or words[0].lower_ == "the" or any(is_org_word(t) for t in words):
        return False
    if any(m.how in PLACE_HOWS for m in iter_mentions(span.text if span else ent.text)):
        return False  # "France Unbowed", "Sky News": a place word makes it no person
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and (prev.lower_.rstrip(".") in HONORIFICS or prev.lower_ in ROLE_WORDS):
        return all(is_name_word(t) for t in words)
    return 2 <= len(words) <= 3 and all(is_name_word(t) for t in words)


def is_org_word(tok: Token) -> bool:
    return tok.lower_ in ORG_NAME_WORDS or tok.lower_ in SPEAKER_NOUNS or tok.is_upper


def _name_hyphen(doc: Doc, i: int) -> bool:
    """The hyphen of "Jean-Luc": glued to name words on both sides."""
    tok = doc[i]
    if tok.text != "-" or tok.whitespace_ or i == 0 or i + 1 >= len(doc):
        return False
    return not doc[i - 1].whitespace_ and is_name_word(doc[i - 1])


def name_span(doc: Doc, start: int, end: int) -> Span | None:
    """The name inside an entity, without role words, titles or nationalities, and
    extended over adjacent name words NER left out ("Kaare" + "Dybvad Bek")."""
    start, end = _widened(doc, start, end)
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    start = _name_start(doc, start, end)
    if end <= start:
        return None
    return Span(doc, start, end, label="PERSON")


def _widened(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Over the name words NER left out on either side."""
    while end < len(doc) and is_name_word(doc[end]) and doc[end - 1].whitespace_:
        end += 1
    if start > 0:
        prev = doc[start - 1]
        if prev.dep_ == "compound" and start <= prev.head.i < end and is_name_word(prev):
            start -= 1
    while start >= 2 and _name_hyphen(doc, start - 1) and is_name_word(doc[start]):
        start -= 2  # "François-Xavier Bellamy" when NER saw only "Xavier Bellamy"
    return start, end


def _name_start(doc: Doc, start: int, end: int) -> int:
    """Where the name words end-anchored in [start, end) begin: after role words, titles,
    a lone particle, or a country running into the name."""
    i = end - 1
    while i >= start and (is_name_word(doc[i]) or _name_hyphen(doc, i)):
        i -= 1
    first = i + 1
    if end - first == 1 and doc[first].lower_ in NAME_PARTICLES:
        return end
    if end - first >= 3 and _place_word(doc[first]):
        return first + 1  # "prime minister of Albania Edi Rama": the country is no part of it
    return first


def _place_word(tok: Token) -> bool:
    """A country, demonym or capital written as one word ("Albania", "Albanian")."""
    return any(
        m.how in PLACE_HOWS and m.start == 0 and m.end == len(tok.text)
        for m in iter_mentions(tok.text, skip_place_capitals=False)
    )


# What markup leaves around a name: '">Sanders', 'Sanders</a>'.
_MARKUP = re.compile(r"^[^\w(]+|[^\w.)]+$")


def clean_name(text: str) -> str:
    text = _MARKUP.sub("", re.sub(r"<[^<>]*>", " ", text.strip()))
    text = re.sub(r"['’]s$", "", text)
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in LEADING_DROP:
        words = words[1:]
    return " ".join(words).strip(" ,.")
