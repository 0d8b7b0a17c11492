"""Cross-article speaker resolution, as pure functions over what articles said.

A claim whose speaker is a role ("the Albanian prime minister", name "") takes the person
other articles name with that role for that country: the one seen nearest before the
claim's date, or, without a date, the only one. The storage registry
(``claims.registry.role_holder``) feeds it the roles it has stored; the dev scorer feeds
it the people of the articles it scores. One rule, so what is measured is what runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from claims.nlp.kinds import STATELESS_KINDS
from claims.nlp.names import fold
from claims.nlp.namewords import role_key
from claims.nlp.types import ArticleExtraction, ExtractedClaim, SpeakerRef

H = TypeVar("H")  # who holds a role: a name here, a Speaker row in the registry
C = TypeVar("C")  # a country: its name here, a Country row in the registry


@dataclass(frozen=True)
class RoleSighting(Generic[H, C]):
    """An article said ``holder`` held ``role`` for ``country`` (on ``seen_on``)."""

    holder: H
    role: str
    country: C | None
    seen_on: dt.date | None = None


def _key(role: str) -> str:
    return fold(role_key(role))


# Words before an office that make it another office: "deputy prime minister" is not the
# prime minister, "former president" not the president.
_OTHER_OFFICE = frozenset(
    ["deputy", "vice", "former", "ex", "shadow", "assistant", "junior", "under"]
)


def roles_match(a: str, b: str) -> bool:
    """The same office named more or less fully: 'prime minister' ~ 'the prime minister'.

    English puts an office's head noun last, so the shorter name must end the longer one
    ('foreign minister' ~ 'federal foreign minister'); 'prime minister spokesman' (the
    prime minister's spokesman) names someone else, as 'deputy prime minister' does."""
    wa, wb = _key(a).split(), _key(b).split()
    if not wa or not wb:
        return False
    short, long = sorted((wa, wb), key=len)
    if long[len(long) - len(short) :] != short:
        return False
    return not _OTHER_OFFICE.intersection(long[: len(long) - len(short)])


def role_holder(
    role: str, country: C | None, on: dt.date | None, sightings: Iterable[RoleSighting[H, C]]
) -> H | None:
    """Who the articles said held ``role`` for ``country``: the latest seen on or before
    ``on``; without such a sighting, the one holder when there is exactly one (two people
    who held the role at different times: neither)."""
    fits = [s for s in sightings if s.country == country and roles_match(role, s.role)]
    if on is not None:
        dated = [s for s in fits if s.seen_on is not None and s.seen_on <= on]
        if dated:
            return max(dated, key=lambda s: s.seen_on).holder
    holders = list(dict.fromkeys(s.holder for s in fits))
    return holders[0] if len(holders) == 1 else None


# ---------------------------------------------------------------------- over extractions
def sightings_of(
    extractions: Iterable[tuple[ArticleExtraction, dt.date | None]],
) -> list[RoleSighting[str, str]]:
    """The roles a batch of articles gives the people it names."""
    return [
        RoleSighting(holder=fact.name, role=fact.role, country=fact.country, seen_on=date)
        for ext, date in extractions
        for fact in ext.people
        if fact.kind == "person" and fact.role
    ]


def countries_of(extractions: Iterable[ArticleExtraction]) -> dict[str, set[str]]:
    """Person name -> the countries the articles say they speak for."""
    table: dict[str, set[str]] = {}
    for ext in extractions:
        for fact in ext.people:
            if fact.country:
                table.setdefault(fact.name, set()).add(fact.country)
    return table


def resolve_across(
    extractions: list[ArticleExtraction], dates: list[dt.date | None] | None = None
) -> list[ArticleExtraction]:
    """Fill role-only speakers from the people other articles name with that role, and
    speakers' countries from what other articles say about the same person."""
    dates = dates or [None] * len(extractions)
    sightings = sightings_of(zip(extractions, dates, strict=True))
    countries = countries_of(extractions)
    return [
        replace(ext, claims=tuple(_fill(c, date, sightings, countries) for c in ext.claims))
        for ext, date in zip(extractions, dates, strict=True)
    ]


def _fill(
    claim: ExtractedClaim,
    on: dt.date | None,
    sightings: list[RoleSighting[str, str]],
    countries: dict[str, set[str]],
) -> ExtractedClaim:
    sp = fill_speaker(claim.speaker, on, sightings, countries)
    return claim if sp is claim.speaker else replace(claim, speaker=sp)


def fill_speaker(
    sp: SpeakerRef,
    on: dt.date | None,
    sightings: list[RoleSighting[str, str]],
    countries: dict[str, set[str]],
) -> SpeakerRef:
    if not sp.name and sp.resolution == "role" and sp.role:
        name = role_holder(sp.role, sp.country, on, sightings)
        if name:
            sp = replace(sp, name=name, resolution="registry")
    speaks_for_one = sp.speaker_kind not in STATELESS_KINDS
    if speaks_for_one and sp.name and not sp.country and len(countries.get(sp.name, ())) == 1:
        sp = replace(sp, country=next(iter(countries[sp.name])))
    return sp
