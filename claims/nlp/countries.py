"""Country registry: names, short forms, demonyms, capitals and government metonyms.

Two questions are answered here, and they are kept apart on purpose:

* ``find_countries(text)`` — which countries a claim is *about*. Names, short forms,
  demonyms and unambiguous government metonyms ("Downing Street", "the Kremlin") count;
  a capital counts only when it stands for a government ("Tirana has refused"), not
  when it is a place ("a summit in Tirana").
* ``country_in(phrase)`` — which country a *speaker* phrase points to ("Albanian prime
  minister Edi Rama", "the Prime Minister of Kosovo", "shadow home secretary"). Here an
  office/party lexicon also counts, and capitals count as governments.

Matching is whole-word, accent-insensitive (the text is folded, offsets are kept) and
case-sensitive on the forms as written in ``data/countries.json``, because case is what
separates "US" from "us" and "Turkey" from "turkey". An all-caps variant of every form of
four letters or more is added for headlines. The data is loaded lazily, once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_PATH = Path(__file__).parent / "data" / "countries.json"

# Words before a capital that make it a place, not a government: "a summit in Tirana".
_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|across|into|via|through|visit(?:ed|ing|s)? to|"
    r"arriv(?:ed|es|ing)? in|based in|held in|flew to|travel(?:l?ed)? to)\s+)$",
    re.IGNORECASE,
)
# "the London summit", "a Rome court": a capital after an article modifies a noun.
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
# A capital directly followed by ", <Country>" is a place ("Tirana, Albania").
_PLACE_AFTER = re.compile(r"^,\s+[A-Z]")
# A capitalised word right after an ambiguous form suggests a person ("Chad Smith").
_CAPITALISED_NEXT = re.compile(r"^\s+([A-Z][a-z]+)")
# Words that may follow a country word and still mean the country ("Georgia Government").
_GOVERNMENT_NOUNS = frozenset(
    {"Government", "President", "Prime", "Minister", "Ministry", "Foreign", "Interior", "Home"}
)


@dataclass(frozen=True)
class Country:
    """A country (or a bloc such as the EU) and the ways news text refers to it."""

    name: str
    slug: str
    iso2: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    kind: str = "country"  # "country" | "bloc"


@dataclass(frozen=True)
class CountryMention:
    """One mention of a country in a text, with offsets into the original (unfolded) text."""

    country: str
    start: int
    end: int
    surface: str
    how: str  # name | alias | demonym | capital | metonym | office | party


def fold_accents(text: str) -> str:
    """Strip diacritics character by character, so offsets survive (len(out) == len(text))."""
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if ch in "\u2018\u2019\u02bc":
            base = "'"  # curly apostrophes: "Kosovo’s" behaves like "Kosovo's"
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def slugify(text: str) -> str:
    """'Bosnia and Herzegovina' -> 'bosnia-and-herzegovina' (accents folded, & spelled out)."""
    folded = fold_accents(text).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@cache
def _data() -> dict:
    with DATA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def get_registry() -> tuple[Country, ...]:
    """All countries and blocs, in the order of the data file."""
    return tuple(
        Country(
            name=row["name"],
            slug=row["slug"],
            iso2=row["iso2"],
            aliases=tuple(row.get("aliases", ())),
            demonyms=tuple(row.get("demonyms", ())),
            capitals=tuple(row.get("capitals", ())),
            metonyms=tuple(row.get("metonyms", ())),
            kind=row.get("kind", "country"),
        )
        for row in _data()["countries"]
    )


@cache
def _by_slug() -> dict[str, Country]:
    return {c.slug: c for c in get_registry()}


@cache
def _by_name() -> dict[str, Country]:
    table: dict[str, Country] = {}
    for c in get_registry():
        for key in (c.name, c.slug, c.iso2, *c.aliases):
            table.setdefault(fold_accents(key).lower(), c)
    return table


def by_slug(slug: str) -> Country | None:
    """The country with this slug ("north-macedonia"), or None."""
    return _by_slug().get(slug)


def by_name(name: str) -> Country | None:
    """The country whose name, alias, slug or ISO code is ``name`` (case/accents ignored)."""
    return _by_name().get(fold_accents(name).strip().lower())


def _plural_ok(demonym: str) -> bool:
    # "Albanians", "Iraqis" — but not "Swisss", "Britishs", "Chineses".
    return not demonym.endswith(("s", "sh", "ch", "ese", "x", "z"))


@cache
def _forms() -> dict[str, tuple[str | None, str]]:
    """surface form (folded) -> (country name or None for blockers, how)."""
    forms: dict[str, tuple[str | None, str]] = {}

    def add(form: str, country: str | None, how: str) -> None:
        folded = fold_accents(form)
        variants = [folded]
        if folded.lower().startswith("the "):
            variants.append("the " + folded[4:])
            if how != "capital":  # "The Gambia" -> "Gambia", but "The Hague" never "Hague"
                variants.append(folded[4:])
        if len(folded) >= 4 and not folded.isupper():
            variants.append(folded.upper())  # headlines
        for v in variants:
            forms.setdefault(v, (country, how))

    for c in get_registry():
        add(c.name, c.name, "name")
        for a in c.aliases:
            add(a, c.name, "alias")
        for d in c.demonyms:
            add(d, c.name, "demonym")
            if _plural_ok(d):
                add(d + "s", c.name, "demonym")
        for cap in c.capitals:
            add(cap, c.name, "capital")
        for m in c.metonyms:
            add(m, c.name, "metonym")
    for blocker in _data().get("not_countries", ()):
        forms[fold_accents(blocker)] = (None, "blocked")
        forms.setdefault(fold_accents(blocker).upper(), (None, "blocked"))
    return forms


def _alternation(forms: list[str]) -> str:
    # Longest first: Python's regex takes the first alternative that matches.
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@cache
def _country_re() -> re.Pattern[str]:
    # (?<![\w.]) / (?![\w]) rather than \b so that "U.S." and "U.K." end cleanly.
    return re.compile(r"(?<![\w])(?:" + _alternation(list(_forms())) + r")(?![\w])")


@cache
def _office_tables() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, str]]:
    """Offices (case-insensitive) and parties (case-sensitive) for speaker phrases."""
    data = _data()
    offices: dict[str, str] = {}
    for country, items in data.get("offices", {}).items():
        for item in items:
            offices[fold_accents(item).lower()] = country
    weak: dict[str, str] = {}
    for country, items in data.get("weak_offices", {}).items():
        for item in items:
            weak[fold_accents(item).lower()] = country
    parties: dict[str, str] = {}
    for country, items in data.get("parties", {}).items():
        for item in items:
            parties[fold_accents(item)] = country
    office_re = re.compile(
        r"(?<![\w])(?:" + _alternation(list(offices) + list(weak)) + r")(?![\w])", re.IGNORECASE
    )
    party_re = re.compile(r"(?<![\w])(?:" + _alternation(list(parties)) + r")(?![\w])")
    return office_re, {**weak, **offices}, party_re, parties


@cache
def _weak_offices() -> frozenset[str]:
    return frozenset(
        fold_accents(i).lower() for items in _data().get("weak_offices", {}).values() for i in items
    )


@cache
def _ambiguous_names() -> frozenset[str]:
    return frozenset(_data().get("ambiguous_first_names", ()))


def _looks_like_person(folded: str, match: re.Match[str]) -> bool:
    """'Chad Smith', 'Jordan Bardella': an ambiguous form followed by a capitalised word."""
    if match.group(0) not in _ambiguous_names():
        return False
    nxt = _CAPITALISED_NEXT.match(folded[match.end() :])
    return bool(nxt) and nxt.group(1) not in _GOVERNMENT_NOUNS


def _capital_is_place(folded: str, match: re.Match[str]) -> bool:
    before = folded[max(0, match.start() - 30) : match.start()]
    if _LOCATIVE_BEFORE.search(before) or _ARTICLE_BEFORE.search(before):
        return True
    if _PLACE_AFTER.match(folded[match.end() :]):
        return True
    # "the Paris Ritz", "a London hotel": a capital used as a modifier of a proper noun.
    nxt = _CAPITALISED_NEXT.match(folded[match.end() :])
    return bool(nxt) and nxt.group(1) not in _GOVERNMENT_NOUNS


def _us_in_caps(folded: str, match: re.Match[str]) -> bool:
    """'HELP US NOW': in an all-caps run "US" is the pronoun."""
    if match.group(0) != "US":
        return False
    around = folded[max(0, match.start() - 12) : match.end() + 12]
    words = re.findall(r"[A-Za-z]{3,}", around)
    return any(w.isupper() and w not in _forms() for w in words)


def iter_mentions(text: str, *, skip_place_capitals: bool = True) -> Iterator[CountryMention]:
    """Every country mention in ``text`` with offsets, in text order.

    Capitals used as places ("in Tirana", "Tirana, Albania") are skipped unless
    ``skip_place_capitals`` is False (then every capital counts, as for speakers)."""
    folded = fold_accents(text)
    forms = _forms()
    for m in _country_re().finditer(folded):
        country, how = forms[m.group(0)]
        if country is None or _looks_like_person(folded, m) or _us_in_caps(folded, m):
            continue
        if how == "capital" and skip_place_capitals and _capital_is_place(folded, m):
            continue
        yield CountryMention(country, m.start(), m.end(), text[m.start() : m.end()], how)


def find_countries(text: str) -> tuple[str, ...]:
    """Canonical names of the countries ``text`` is about, in order of first mention."""
    seen: dict[str, None] = {}
    for mention in iter_mentions(text):
        seen.setdefault(mention.country, None)
    return tuple(seen)


def country_in(phrase: str, *, weak: bool = False) -> str | None:
    """The country a speaker phrase points to, or None.

    "Albanian prime minister Edi Rama" -> Albania; "Kosovo's President" -> Kosovo;
    "shadow home secretary", "Downing Street", "the Tories" -> United Kingdom. The first
    country mentioned wins, since in speaker phrases the speaker's own country leads
    ("the British ambassador to Albania"). Titles several countries use ("foreign
    secretary", "immigration minister") and national charities count only with
    ``weak=True``, and only when the phrase names nothing stronger.
    """
    if not phrase:
        return None
    folded = fold_accents(phrase)
    candidates: list[tuple[int, str]] = []
    first = next(iter_mentions(phrase, skip_place_capitals=False), None)
    if first is not None:
        candidates.append((first.start, first.country))
    office_re, offices, party_re, parties = _office_tables()
    weak_hits: list[tuple[int, str]] = []
    for m in office_re.finditer(folded):
        key = m.group(0).lower()
        if key in _weak_offices():
            weak_hits.append((m.start(), offices[key]))
        else:
            candidates.append((m.start(), offices[key]))
            break
    for m in party_re.finditer(folded):
        if not _looks_like_person(folded, m):
            candidates.append((m.start(), parties[m.group(0)]))
            break
    if not candidates and weak and weak_hits:
        # "foreign secretary", "the Refugee Council": a guess only when nothing better is
        # there ("the Refugee Council of Australia" is Australian, not British).
        candidates = weak_hits[:1]
    return min(candidates)[1] if candidates else None


def __getattr__(name: str) -> tuple[Country, ...]:
    # COUNTRIES is loaded on first use, not at import (the JSON read is not free).
    if name == "COUNTRIES":
        return get_registry()
    raise AttributeError(name)
