"""What kind of speaker a person or body is, and so whose position their words are.

From the role, name and organisation the text gives (types.SPEAKER_KINDS):

- media: an outlet or a journalist ("The Times", "the paper", "BBC correspondent");
- ngo: an NGO, charity or international body ("Refugee Council", "IOM", "European
  Commission"), and the people who head them;
- party: parliament, opposition or party ("MP", "shadow home secretary", "Labour");
- government: a head of state or government, minister, spokesperson, ambassador or
  official, a ministry or a government, and a country speaking as itself;
- other: experts, citizens, and whoever the text does not place.

Tried in the order international body, media, party, government, NGO, because a
Commission president is no government, a shadow secretary sits in opposition, and a
government spokesperson speaks for the government, not for a group.

The country a speaker speaks for follows from the kind: a government's, or for a party
its country; an NGO, an international body and the media speak for none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claims.nlp.countries import iter_mentions
from claims.nlp.types import SpeakerKind, SpeakerRef
from claims.nlp.wordlists import WORDS

MEDIA_WORDS = WORDS["media_words"]
INTERNATIONAL_WORDS = WORDS["international_words"]
PARTY_WORDS = WORDS["party_words"]
GOVERNMENT_WORDS = WORDS["government_words"]
NGO_WORDS = WORDS["ngo_words"]
# The words that name an NGO itself: its staff ("a Refugee Council spokesperson") speak
# for it, not for a government.
NGO_BODY_WORDS = WORDS["ngo_body_words"]
# Kinds whose words are not a country's: they speak for no country.
STATELESS_KINDS: frozenset[SpeakerKind] = frozenset({"ngo", "media"})
_WORD = re.compile(r"[a-z]+")


def _words(*texts: str) -> set[str]:
    return {w for text in texts for w in _WORD.findall(text.lower())}


def speaker_kind(
    *, entity: str, name: str = "", role: str = "", organisation: str = "", mention: str = ""
) -> SpeakerKind:
    """The kind of a speaker from what the text says of them (see the module docstring)."""
    if entity == "organisation":
        registry = _registry_kind(name)
        if registry is not None:
            return registry
    own = _words(role, name if entity == "organisation" else "", mention)
    body = _words(organisation)
    if (own | body) & INTERNATIONAL_WORDS and not own & PARTY_WORDS:
        return "ngo"
    if own & MEDIA_WORDS and not own & GOVERNMENT_WORDS - {"press"}:
        return "media"
    if own & PARTY_WORDS:
        return "party"
    if own & GOVERNMENT_WORDS and not (own | body) & NGO_BODY_WORDS:
        return "government"
    if (own | body) & NGO_WORDS:
        return "ngo"
    return "other"


def _registry_kind(name: str) -> SpeakerKind | None:
    """What the country registry knows a whole name as: a country speaking as itself
    ("Albania has rejected ..."), a government office ("Downing Street"), a party."""
    text = name.strip()
    whole = [m for m in iter_mentions(text) if m.start == 0 and m.end == len(text)]
    if any(m.how in ("name", "alias", "office") for m in whole):
        return "government"
    if any(m.how == "party" for m in whole):
        return "party"
    return None


def with_kind(ref: SpeakerRef, *, organisation: str = "") -> SpeakerRef:
    """``ref`` with its speaker kind, and no country where its kind speaks for none."""
    kind = speaker_kind(
        entity=ref.kind,
        name=ref.name,
        role=ref.role,
        organisation=organisation,
        mention=ref.mention,
    )
    country = None if kind in STATELESS_KINDS else ref.country
    return replace(ref, speaker_kind=kind, country=country)
