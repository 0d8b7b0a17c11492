"""How much a claim is about each tracked question (0..1), from its words, its sentence and
its speaker — before any stance is judged.

A claim is about a question when it is about an offshore return arrangement at all (the
topic words every question shares: "return hubs", "third countries", "the centres") *and*
about this question's scheme. Scope comes from three places, strongest first:

* the claim itself names the scheme (a keyword no other tracked topic has: "Gjader",
  "the Commission", "Home Office") or the proposing or participating country;
* its sentence does;
* the speaker speaks for the proposer or a participant.

A claim that names no scheme at all counts for the default topic (the first given), the
question the product exists for, unless its sentence names another scheme. So Rama on
"the centres" beside "Italy" and "Albania" is about the Italy–Albania centres, and not
evidence about UK hubs unless he speaks of them.

What an article is about is decided from the whole article (:func:`article_topics`): the
schemes it names, counting their own words, their proposer and their participants (a
participant that proposes another tracked scheme counts for that one only). A
participant is evidence of a scheme only in a story about it: Albania in a story about UK
hubs is a country asked to host them. The EU regulation's participants are the member
states, so a Dutch plan to send people to Uganda is a story about it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from claims.nlp.countries import find_countries
from claims.nlp.types import TopicLexicon

# Scope evidence, by where it is found.
IN_TEXT, IN_CONTEXT, IN_ARTICLE, BY_SPEAKER = 1.0, 0.7, 0.5, 0.45
# An article is about a scheme when it names it this often, and at least half as often as
# the scheme it names most; participants count half a mention of the proposer.
ARTICLE_MIN_MENTIONS = 2.0
ARTICLE_SHARE = 0.5
# A claim naming no scheme is taken to be about the default question, with this scope.
DEFAULT_SCOPE = 0.6
# Below this a topic is not linked to the claim.
MIN_RELEVANCE = 0.3


@dataclass(frozen=True)
class ClaimView:
    """What the stance judge sees of a claim: its words, its sentence and who speaks."""

    text: str
    context: str = ""
    cue_category: str = "neutral"
    speaker_country: str | None = None
    speaker_kind: str = "other"
    countries: tuple[str, ...] = ()
    # The topics whose scheme the whole article names most (see :func:`article_topics`).
    article_topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    """One topic's scope, compiled: its own scheme words and countries."""

    lexicon: TopicLexicon
    own: re.Pattern[str] | None  # keywords no other tracked topic shares
    countries: frozenset[str]  # proposer and participants


@dataclass(frozen=True)
class Relevance:
    topic: str
    score: float  # 0..1
    topical: float  # how much the claim is about an offshore arrangement at all
    scope: float  # how much it is about this topic's scheme
    why: str  # "text", "context", "speaker", "default" or ""


def _pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    from claims.nlp.stance import phrase_alternation

    return phrase_alternation(tuple(phrases))


# Lexicons hold a dict (unhashable), so compiled scopes are cached by the ids of the set,
# keeping the lexicons referenced so that no id is reused while cached.
_MAX_CACHED_SETS = 32
_SCOPES: dict[tuple[int, ...], tuple[tuple[TopicLexicon, ...], tuple[Scope, ...]]] = {}


def scopes(lexicons: Sequence[TopicLexicon]) -> tuple[Scope, ...]:
    """Compile the scopes of a set of topics, once per set."""
    key = tuple(id(lex) for lex in lexicons)
    cached = _SCOPES.get(key)
    if cached is None:
        if len(_SCOPES) >= _MAX_CACHED_SETS:  # topics re-read from the database per run
            _SCOPES.clear()
        cached = (tuple(lexicons), _compile_scopes(tuple(lexicons)))
        _SCOPES[key] = cached
    return cached[1]


def _compile_scopes(lexicons: tuple[TopicLexicon, ...]) -> tuple[Scope, ...]:
    counts = Counter(k for lex in lexicons for k in set(lex.keywords))
    proposers = {lex.proposer for lex in lexicons} - {None, ""}
    scopes = []
    for lex in lexicons:
        own = [k for k in lex.keywords if counts[k] == 1] if len(lexicons) > 1 else []
        # A participant that proposes another tracked scheme is named for that one: Italy
        # beside Albania's centres is not evidence of the EU regulation.
        countries = ({lex.proposer, *lex.participants} - (proposers - {lex.proposer})) - {None, ""}
        scopes.append(Scope(lexicon=lex, own=_pattern(own), countries=frozenset(countries)))
    return tuple(scopes)


@lru_cache(maxsize=256)  # claims of one sentence share it
def _countries_in(text: str) -> frozenset[str]:
    return frozenset(find_countries(text))


class _Seen:
    """The claim's words, prepared once for every topic; the sentence's countries only if
    a topic needs them."""

    def __init__(self, view: ClaimView) -> None:
        from claims.nlp.stance import context_without_text, normalise

        self.view = view
        self.text = normalise(view.text)
        self.context = context_without_text(normalise(view.context), self.text)
        # Extraction passes the countries it found in the claim (its sentence's when the
        # claim names none): no second search of the same words.
        self.text_countries = frozenset(view.countries or _countries_in(view.text))

    @cached_property
    def context_countries(self) -> frozenset[str]:
        if not self.view.context:
            return frozenset()
        return _countries_in(self.view.context) - self.text_countries


def _scope_evidence(scope: Scope, view: ClaimView, seen: _Seen) -> tuple[float, str]:
    """Keywords are matched on normalised words; countries on the words as written, where
    case separates "US" from "us"."""
    countries = _scope_countries(scope, view)
    if _has(scope.own, seen.text) or countries & seen.text_countries:
        return IN_TEXT, "text"
    if _has(scope.own, seen.context) or (countries and countries & seen.context_countries):
        return IN_CONTEXT, "context"
    if scope.lexicon.slug in view.article_topics:
        return IN_ARTICLE, "article"
    if view.speaker_country and view.speaker_country in countries:
        return BY_SPEAKER, "speaker"
    return 0.0, ""


def _scope_countries(scope: Scope, view: ClaimView) -> frozenset[str]:
    """The countries that place a claim in this scope. A participant is evidence of the
    scheme only in a story about it: Albania named in a story about UK hubs is a country
    asked to host UK hubs, not Italy's partner. The proposer always counts, and so does
    every country when the story's schemes are unknown (a claim judged on its own)."""
    if not view.article_topics or scope.lexicon.slug in view.article_topics:
        return scope.countries
    proposer = scope.lexicon.proposer
    return frozenset((proposer,)) if proposer else frozenset()


def _has(pattern: re.Pattern[str] | None, plain: str) -> bool:
    return pattern is not None and bool(plain) and pattern.search(plain) is not None


def relevances(view: ClaimView, lexicons: Sequence[TopicLexicon]) -> tuple[Relevance, ...]:
    """The claim's relevance to every topic, in the order given (the default topic first)."""
    from claims.nlp.stance import plain_topic_strength

    seen = _Seen(view)
    found = [(scope, *_scope_evidence(scope, view, seen)) for scope in scopes(lexicons)]
    named = {s.lexicon.slug for s, evidence, _ in found if evidence >= IN_CONTEXT}
    out = []
    for i, (scope, evidence, why) in enumerate(found):
        if i == 0 and evidence < DEFAULT_SCOPE and _default_applies(scope, named, view):
            evidence, why = DEFAULT_SCOPE, "default"
        topical = plain_topic_strength(seen.text, seen.context, scope.lexicon) if evidence else 0.0
        out.append(
            Relevance(scope.lexicon.slug, round(topical * evidence, 3), topical, evidence, why)
        )
    return tuple(out)


def _default_applies(scope: Scope, named: set[str], view: ClaimView) -> bool:
    """A claim naming no scheme is about the default question, unless its sentence names
    another scheme or its article is about another one."""
    if named - {scope.lexicon.slug}:
        return False
    return not view.article_topics or scope.lexicon.slug in view.article_topics


_ARTICLES: dict[tuple[str, tuple[int, ...]], tuple[str, ...]] = {}


def article_topics(body: str, lexicons: Sequence[TopicLexicon]) -> tuple[str, ...]:
    """The topics whose scheme an article names most: its own words ("Gjader", "the
    Commission") and its proposer and participants. Computed once per article."""
    key = (body, tuple(id(lex) for lex in lexicons))
    found = _ARTICLES.get(key)
    if found is None:
        if len(_ARTICLES) >= _MAX_CACHED_SETS:
            _ARTICLES.clear()
        found = _ARTICLES[key] = _article_topics(body, scopes(lexicons))
    return found


def _article_topics(body: str, compiled: tuple[Scope, ...]) -> tuple[str, ...]:
    from claims.nlp.countries import iter_mentions
    from claims.nlp.stance import normalise

    plain = normalise.__wrapped__(body)  # not kept in the per-claim cache
    mentioned = Counter(m.country for m in iter_mentions(body))
    counts = {}
    for scope in compiled:
        lex = scope.lexicon
        n = len(scope.own.findall(plain)) if scope.own is not None else 0
        n += mentioned[lex.proposer] if lex.proposer else 0
        # scope.countries leaves out a participant that proposes another tracked scheme.
        n += 0.5 * sum(mentioned[c] for c in scope.countries if c != lex.proposer)
        counts[lex.slug] = n
    top = max(counts.values(), default=0.0)
    ranked = sorted(counts, key=lambda slug: -counts[slug])
    named = [slug for slug in ranked if counts[slug] > 0]
    if top < ARTICLE_MIN_MENTIONS and len(named) == 1:
        # A short story naming one scheme's countries, and no other's, is about that one.
        return tuple(named)
    return tuple(
        slug
        for slug in ranked
        if counts[slug] >= ARTICLE_MIN_MENTIONS and counts[slug] >= ARTICLE_SHARE * top
    )
