"""The plain data the NLP layer hands to the storage layer. Frozen, Django-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

KINDS = ("direct", "indirect", "mixed")
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
CUE_CATEGORIES = ("neutral", "distancing", "commitment", "denial", "assertion", "unknown")
STANCES = ("supports", "open", "conditional", "no_talks", "opposes", "neutral")


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
    kind: str  # "person" | "organisation"
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
    kind: str  # "person" | "organisation" | "unknown"
    resolution: str  # cue_subject | appositive | pronoun | title | role | continuation |
    #                  according_to | possessive | unresolved
    role: str = ""
    country: str | None = None  # the country the speaker speaks for (see speaker_kind)
    speaker_kind: SpeakerKind = "other"


@dataclass(frozen=True)
class TopicStance:
    """A claim's relevance to one tracked question and its stance on it."""

    topic: str  # Topic slug
    relevance: float  # 0..1: how much the claim is about this question
    stance: str  # one of STANCES
    confidence: float  # calibrated 0..1
    evidence: str  # the deciding phrase, or "model <version>"
    method: str = "lexicon"  # lexicon | model | hybrid


@dataclass(frozen=True)
class ExtractedClaim:
    text: str  # verbatim body[start:end]
    start: int
    end: int
    kind: str  # one of KINDS
    cue: str
    cue_category: str  # one of CUE_CATEGORIES
    speaker: SpeakerRef
    countries: tuple[str, ...]  # canonical names of countries the claim is about
    date_said: dt.date | None
    date_derivation: str  # "article date", "last week", "on Thursday", "undated"
    stance: str  # one of STANCES
    stance_confidence: float
    stance_cue: str
    confidence: float
    method: str  # which pass found it: syntactic | quote | continuation | according_to ...
    cue_start: int | None = None
    cue_end: int | None = None
    # Per tracked question, most relevant first; stance/stance_confidence/stance_cue above
    # stay the primary topic's, for callers that know one topic only.
    topics: tuple[TopicStance, ...] = ()


@dataclass(frozen=True)
class ArticleExtraction:
    claims: tuple[ExtractedClaim, ...]
    people: tuple[PersonFact, ...]
    pipeline_version: str
