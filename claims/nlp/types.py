"""The plain data the NLP layer hands to the storage layer. Frozen, Django-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

# The fixed vocabularies of the NLP layer, one home each (issue 7): a Literal for the type
# checker and a tuple of its values for code that iterates or validates.
ClaimKind = Literal["direct", "indirect", "mixed"]
KINDS: tuple[ClaimKind, ...] = get_args(ClaimKind)
# How a reporting cue frames what was said (data/cues.json), and what it takes as content.
CueCategory = Literal["neutral", "distancing", "commitment", "denial", "assertion", "unknown"]
CUE_CATEGORIES: tuple[CueCategory, ...] = get_args(CueCategory)
CueContent = Literal["clause", "object", "both"]
# Which pass found a claim (ExtractedClaim.method).
PassName = Literal[
    "quote", "syntactic", "according_to", "continuation", "predicate_quote", "quote_nearest_verb"
]
PASS_NAMES: tuple[PassName, ...] = get_args(PassName)
# What a speaker mention is: a named person, an organisation or body, or not known.
EntityKind = Literal["person", "organisation", "unknown"]
# How a speaker mention was resolved. The first five are how the passes found the speaker
# phrase; the rest how the in-article resolver turned it into a person or body ("group":
# an unnamed plural such as "critics", left out; "cited": such a plural as the subject of
# a reported clause, "critics say ..."; "described": a plural the text ties to someone,
# "Clinton's aides"; "place": a region, which says nothing), and
# "registry" how the cross-article resolver (claims.nlp.across) filled a role-only speaker.
Resolution = Literal[
    "cue_subject", "participle", "according_to", "for", "continuation",
    "appositive", "title", "pronoun", "role", "anaphor", "group", "cited", "described", "place",
    "unresolved",
    "registry",
]  # fmt: skip
RESOLUTIONS: tuple[Resolution, ...] = get_args(Resolution)
# Who a speaker is, which decides whose words are a country's position (issue "speakers"):
# government = head of state or government, minister, spokesperson, ambassador, official;
# party = parliament, opposition or party; ngo = NGO or international body; media = an
# outlet or journalist; other = expert, citizen or not known. The one home of this vocabulary:
# models and forms build their choices from SPEAKER_KINDS.
SpeakerKind = Literal["government", "party", "ngo", "media", "other"]
SPEAKER_KINDS: dict[str, str] = {
    "government": "Government",
    "party": "Parliament, opposition or party",
    "ngo": "NGO or international body",
    "media": "Media",
    "other": "Expert or other",
}
Stance = Literal["supports", "open", "conditional", "no_talks", "opposes", "neutral"]
STANCES: tuple[Stance, ...] = get_args(Stance)

# How sure each pass is of a claim, with the speaker phrase found as the cue's own subject;
# a speaker inherited by a participle or conjoined verb is less sure. A claim whose speaker
# stays unnamed (a role, a pronoun with no antecedent) is scaled by UNNAMED_SPEAKER_FACTOR.
CONFIDENCE: dict[PassName, float] = {
    "quote": 0.9,
    "syntactic": 0.75,
    "according_to": 0.75,
    "continuation": 0.6,
    "predicate_quote": 0.5,
    "quote_nearest_verb": 0.4,
}
INFERRED_SUBJECT_CONFIDENCE: dict[PassName, float] = {"quote": 0.8, "syntactic": 0.6}
UNNAMED_SPEAKER_FACTOR = 0.6


@dataclass(frozen=True)
class TopicLexicon:
    """A tracked question as data: the words that make a claim about it and the cues per stance.

    ``cues`` maps a stance label to phrases (lower-case, matched on token boundaries; a
    phrase may hold ``*`` for "any few words"). ``negative_cue_categories`` lists cue
    categories (e.g. "denial") whose presence flips a supportive phrase.
    """

    slug: str
    keywords: tuple[str, ...]
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_stance: str = "neutral"
    # Optional, all defaulted (read by stance.py): back-references to the topic ("the scheme",
    # "it"), weaker evidence than keywords; topic phrases never read as cues ("failed asylum
    # seekers"); negation words; contrast markers ("different from", "rather than") after
    # which cues describe the other thing; a display name and the question in words.
    weak_keywords: tuple[str, ...] = ()
    mask: tuple[str, ...] = ()
    negators: tuple[str, ...] = ()
    contrast: tuple[str, ...] = ()
    name: str = ""
    question: str = ""
    # The question's scope (issue "stance"): the scheme it is about, the country proposing it
    # (shown as the proposer, never as a host with a stance) and the countries asked to take
    # part (empty: any country). Canonical country names from data/countries.json.
    scheme: str = ""
    proposer: str | None = None
    participants: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonFact:
    """What the article says about a person or organisation: 'X, the Prime Minister of Y'."""

    name: str  # longest form seen in the article, e.g. "Vjosa Osmani"
    kind: EntityKind
    role: str = ""  # e.g. "President", "Prime Minister", "Shadow Home Secretary"
    country: str | None = None  # canonical country name the person speaks for
    organisation: str = ""  # e.g. "Refugee Council"
    aliases: tuple[str, ...] = ()  # other forms seen: "Osmani", "Ms Osmani"
    evidence: str = ""  # the text the role/country came from


@dataclass(frozen=True)
class SpeakerRef:
    mention: str  # as written at the claim: "She", "Mr Kurti", "the Albanian prime minister"
    mention_start: int | None  # body offsets of the mention (None when inherited)
    mention_end: int | None
    name: str  # resolved within the article ("" when unresolved: role-only mentions)
    kind: EntityKind
    resolution: Resolution
    role: str = ""
    country: str | None = None  # the country the speaker speaks for (see speaker_kind)
    speaker_kind: SpeakerKind = "other"


@dataclass(frozen=True)
class TopicStance:
    """A claim's relevance to one tracked question and its stance on it."""

    topic: str  # Topic slug
    relevance: float  # 0..1: how much the claim is about this question
    stance: Stance
    confidence: float  # calibrated 0..1
    evidence: str  # the deciding phrase, or "model <version>"
    method: str = "lexicon"  # lexicon | model | hybrid


@dataclass(frozen=True)
class ExtractedClaim:
    text: str  # verbatim body[start:end]
    start: int
    end: int
    kind: ClaimKind
    cue: str
    cue_category: CueCategory
    speaker: SpeakerRef
    countries: tuple[str, ...]  # canonical names of countries the claim is about
    date_said: dt.date | None
    date_derivation: str  # "article date", "last week", "on Thursday", "undated"
    stance: Stance
    stance_confidence: float
    stance_cue: str
    confidence: float
    method: PassName
    cue_start: int | None = None
    cue_end: int | None = None
    # Per tracked question, most relevant first; stance/stance_confidence/stance_cue above
    # stay the primary topic's, for callers that know one topic only.
    topics: tuple[TopicStance, ...] = ()
    # The claim's sentence(s) as the stance judge read them, so that storage can judge the
    # claim again when the registry knows the speaker's country better than the article
    # did; "" from an extractor that does not say (storage then reads the sentence itself).
    context: str = ""


@dataclass(frozen=True)
class ArticleExtraction:
    claims: tuple[ExtractedClaim, ...]
    people: tuple[PersonFact, ...]
    pipeline_version: str
