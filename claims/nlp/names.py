"""Name normalisation for speaker identity: folding, titles, short forms, fuzzy suggestions.

The rule of thumb (docs/ECOSYSTEM): merge automatically only where it is certain —
the same letters after folding accents and titles, or a short form of a full name in the
same article — and turn everything else into a suggestion a person confirms. A bare
surname never becomes a suggestion when two known full names hold it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from claims.nlp.countries import fold_accents, get_registry

# Letters NFKD does not decompose.
_SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "Ae",
     "œ": "oe", "Œ": "Oe", "ı": "i", "ð": "d", "þ": "th"}
)  # fmt: skip
_POSSESSIVE = re.compile(r"['’ʼ]s\b|(?<=s)['’ʼ](?=\s|$)")
_NON_WORD = re.compile(r"[^\w\s-]+|(?<!\w)-|-(?!\w)|_")
_SPACES = re.compile(r"\s+")

# Titles and role words that precede or follow a name but are not part of it. Kept in
# one set because news writes them in any order: "Shadow Home Secretary Chris Philp",
# "Prime Minister Sir Keir Starmer", "Commission President von der Leyen".
_TITLE_WORDS = (
    "mr mrs ms miss mx dr doctor sir dame lord lady baroness baron rt hon honourable "
    "president vice deputy prime minister ministers pm premier chancellor secretary "
    "shadow home foreign interior defence defense justice finance economy state chairman "
    "chairwoman chair chairperson commissioner governor senator sen rep representative "
    "mp mep king queen prince princess general gen colonel col ambassador envoy "
    "spokesman spokeswoman spokesperson professor prof rev reverend sheikh mayor leader "
    "head chief cabinet migration immigration commission council government official "
    "asylum of the for and former acting outgoing incoming then first "
)
TITLES: frozenset[str] = frozenset(_TITLE_WORDS.split())


def _ascii_fold(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose or drop
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c))


# Every pass folds the same names again and again (about 111,000 calls on PolNeAR dev's
# 84 articles, mostly a few hundred names); bounded, so memory does not grow with a corpus.
@lru_cache(maxsize=8192)
def fold(name: str) -> str:
    """'The Željko Komšić's' -> 'zeljko komsic': accents, case, possessive, punctuation, 'the'."""
    text = _ascii_fold(name)
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub(" ", text).lower()
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def _strip_edges(tokens: list[str], drop: frozenset[str]) -> list[str]:
    start, end = 0, len(tokens)
    while start < end and tokens[start] in drop:
        start += 1
    while end > start and tokens[end - 1] in drop:
        end -= 1
    return tokens[start:end]


def strip_titles(name: str) -> str:
    """'Prime Minister Sir Keir Starmer' -> 'Keir Starmer' (case kept; leading/trailing titles).

    Only the titles at the edges go: a title word inside a name is left alone.
    """
    words = _SPACES.sub(" ", name.replace(",", " ")).strip().split(" ")
    folded = [fold(w) for w in words]
    start, end = 0, len(words)
    while start < end and (folded[start] in TITLES or not folded[start]):
        start += 1
    while end > start and (folded[end - 1] in TITLES or not folded[end - 1]):
        end -= 1
    return " ".join(words[start:end])


@cache
def _nationality_words() -> frozenset[str]:
    """Folded single-word country names, aliases and demonyms ('albanian', 'kosovo', 'uk')."""
    words: set[str] = set()
    for c in get_registry():
        for form in (c.name, *c.aliases, *c.demonyms):
            words.add(fold(form))
    return frozenset(w for w in words if w)


@cache
def _nationality_re() -> re.Pattern[str]:
    multi = sorted((w for w in _nationality_words() if " " in w), key=len, reverse=True)
    return re.compile(r"^(?:(?:" + "|".join(re.escape(w) for w in multi) + r") )+")


def name_key(name: str) -> str:
    """Folded name without titles or nationality words at its edges.

    "Albanian prime minister Edi Rama" -> "edi rama"; "Kosovo's President Vjosa Osmani"
    -> "vjosa osmani"; "Mr Kurti" -> "kurti".
    """
    text = _nationality_re().sub("", fold(name))
    drop = TITLES | _nationality_words()
    tokens = _strip_edges(text.split(), drop)
    if not tokens:  # "the Prime Minister": a role, not a name — keep the folded words
        return fold(name)
    return " ".join(tokens)


def is_short_form(short: str, full: str) -> bool:
    """True when ``short`` is a partial form of ``full``: its name words, in order, are a
    proper part of the full name's ("Kurti" / "Mr Kurti" of "Albin Kurti"), or the same
    words without a title ("Keir Starmer" of "Sir Keir Starmer")."""
    s, f = name_key(short).split(), name_key(full).split()
    if not s or not f or fold(short) == fold(full):
        return False
    if s == f:
        return True  # only titles differ
    it = iter(f)
    return len(s) < len(f) and all(tok in it for tok in s)


def same_person_certain(a: str, b: str) -> bool:
    """Equal after folding accents, case, possessives and titles: safe to merge without asking.

    "Zeljko Komsic" = "Željko Komšić"; "Prime Minister Edi Rama" = "Edi Rama". A lone surname
    is never certain across people: "Kurti" = "Kurti" is, "Kurti" = "Albin Kurti" is not.
    """
    ka, kb = name_key(a), name_key(b)
    return bool(ka) and ka == kb


def similarity(a: str, b: str) -> float:
    """rapidfuzz token_set_ratio of the two name keys, 0..100."""
    return float(fuzz.token_set_ratio(name_key(a), name_key(b)))


def _given_names_clash(a: list[str], b: list[str]) -> bool:
    """'Albin Kurti' vs 'Arben Kurti': two full names sharing a surname but not a first name."""
    if len(a) < 2 or len(b) < 2 or a[0] == b[0]:
        return False
    if a[0] in b or b[0] in a:
        return False  # the same words in another order: "Jeje Odongo" / "Odongo Jeje Abubakhar"
    initials = len(a[0]) == 1 or len(b[0]) == 1
    if initials and a[0][0] == b[0][0]:
        return False
    return fuzz.ratio(a[0], b[0]) < 80


def suggest_matches(
    name: str, candidates: Iterable[str], threshold: float = 85.0, limit: int = 10
) -> list[tuple[str, float]]:
    """Known names that may be the same person as ``name``, best first, for a person to confirm.

    Never proposes a bare surname ("Kurti") when two or more known full names hold it, and
    never pairs two full names whose first names clash.
    """
    pool = list(dict.fromkeys(candidates))
    if not pool:
        return []
    key = name_key(name)
    hits = process.extract(
        key,
        pool,
        scorer=fuzz.token_set_ratio,
        processor=name_key,
        score_cutoff=threshold,
        limit=None,
    )
    tokens = key.split()
    if len(tokens) == 1:
        holders = {name_key(c) for c in pool if tokens[0] in name_key(c).split()}
        if len({h for h in holders if len(h.split()) >= 2}) >= 2:
            hits = [h for h in hits if tokens[0] not in name_key(h[0]).split()]
    out = [
        (cand, float(score))
        for cand, score, _ in hits
        if cand != name and not _given_names_clash(tokens, name_key(cand).split())
    ]
    out.sort(key=lambda pair: -pair[1])
    return out[:limit]


__all__ = [
    "TITLES",
    "fold",
    "fold_accents",
    "is_short_form",
    "name_key",
    "same_person_certain",
    "similarity",
    "strip_titles",
    "suggest_matches",
]
