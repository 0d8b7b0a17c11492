"""The word lists of data/speaker_words.json (roles, institutions, groups, abbreviations),
loaded once: the one home of these vocabularies. Words about how news names speakers,
not about any article."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "speaker_words.json"


def load_words(path: Path | None = None) -> dict[str, frozenset[str]]:
    """The word lists of data/speaker_words.json, as frozensets."""
    raw = json.loads((path or DATA).read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


WORDS = load_words()
# Nouns that can head a speaker phrase: roles, institutions, groups. Any other common
# noun as the subject of "said" is a document or a thing ("the report said").
SPEAKER_NOUNS = WORDS["speaker_nouns"]
ROLE_WORDS = WORDS["role_words"]
ORG_WORDS = WORDS["org_words"]
ORG_NAME_WORDS = WORDS["org_name_words"]
# Nouns that name an outlet ("the paper", "The Times newspaper").
OUTLET_NOUNS = WORDS["outlet_nouns"]
# Last words that make a name a place ("Western Balkans", "Manston Airfield").
PLACE_WORDS = WORDS["place_words"]
# Endings of agent nouns ("heckler", "lobbyist", "businessman"): a description headed by
# one names someone who can speak, though the noun is in no list; minus the things.
AGENT_SUFFIXES = tuple(sorted(WORDS["agent_suffixes"], key=len, reverse=True))
NOT_AGENT_NOUNS = WORDS["not_agent_nouns"]
# Nouns for a person, or a body of people, that no agent suffix shows ("the actress").
PERSON_NOUNS = WORDS["person_nouns"]
BODY_NOUNS = WORDS["body_nouns"]


def is_agent_noun(word: str) -> bool:
    """'heckler', 'strategists', 'congresswoman': a noun naming who does something."""
    low = word.lower()
    if low in NOT_AGENT_NOUNS or low in ORG_WORDS or low in OUTLET_NOUNS:
        return False  # "newspaper", "carrier", "regulator": bodies, not people
    if not low.isalpha() or len(low) < 5:
        return False
    return low.endswith(AGENT_SUFFIXES)


def is_person_noun(word: str) -> bool:
    """'heckler', 'actress', 'person': a noun naming one person (or several)."""
    return word.lower() in PERSON_NOUNS or is_agent_noun(word)
