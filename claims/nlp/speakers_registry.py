"""Cross-article resolution of role-only speakers, over a batch of extractions.

What the storage layer's speaker registry does with its database, in plain Python: a
claim whose speaker is a role ("the Albanian prime minister", name "") takes the person
other articles name with that role and country, when exactly one person fits. Used by
the dev harness; the storage layer may call it too.
"""

from __future__ import annotations

from dataclasses import replace

from claims.nlp.namewords import role_key
from claims.nlp.types import ArticleExtraction, PersonFact


def role_table(extractions: list[ArticleExtraction]) -> dict[tuple[str, str | None], set[str]]:
    """(role, country) -> names of the people the articles gave that role."""
    table: dict[tuple[str, str | None], set[str]] = {}
    for ext in extractions:
        for fact in ext.people:
            if fact.kind == "person" and fact.role:
                table.setdefault((fact.role, fact.country), set()).add(fact.name)
    return table


def _lookup(table, role: str, country: str | None) -> str | None:
    key = role_key(role)
    names: set[str] = set()
    for (r, c), people in table.items():
        if (key == r or key in r or r in key) and c == country:
            names |= people
    return next(iter(names)) if len(names) == 1 else None


def country_table(extractions: list[ArticleExtraction]) -> dict[str, set[str]]:
    """Person name -> the countries the articles say they speak for."""
    table: dict[str, set[str]] = {}
    for ext in extractions:
        for fact in ext.people:
            if fact.country:
                table.setdefault(fact.name, set()).add(fact.country)
    return table


def resolve_across(extractions: list[ArticleExtraction]) -> list[ArticleExtraction]:
    """Fill role-only speakers from people named with that role in other articles, and
    speakers' countries from what other articles say about the same person."""
    table = role_table(extractions)
    countries = country_table(extractions)
    out = []
    for ext in extractions:
        claims = []
        for c in ext.claims:
            sp = c.speaker
            if not sp.name and sp.resolution == "role" and sp.role:
                name = _lookup(table, sp.role, sp.country)
                if name:
                    sp = replace(sp, name=name, resolution="registry")
            if sp.name and not sp.country and len(countries.get(sp.name, ())) == 1:
                sp = replace(sp, country=next(iter(countries[sp.name])))
            if sp is not c.speaker:
                c = replace(c, speaker=sp)
            claims.append(c)
        out.append(replace(ext, claims=tuple(claims)))
    return out


__all__ = ["resolve_across", "role_table", "PersonFact"]
