"""Public entry points: article body in, :class:`ArticleExtraction` out.

    extract_article(body, article_date=..., lexicon=...)
    extract_many([(body, date), ...], lexicon=..., batch_size=32, n_process=1)

Offsets are offsets in the body given. Paragraphs that cannot hold a claim (no quote
mark, no reporting cue, and none in the next paragraph) are blanked to spaces before
parsing, which keeps every offset while sparing the parser most of a long article.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Generator, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from claims.nlp.colons import TURN_LABEL
from claims.nlp.components import ArticleAnalysis, ClaimFinder
from claims.nlp.countries import find_countries
from claims.nlp.cues import load_cues
from claims.nlp.pipeline import DEFAULT_MODEL, get_nlp
from claims.nlp.quotes import QUOTE_MARKS
from claims.nlp.relevance import ClaimView, article_topics
from claims.nlp.textspans import batch_bounds, sentence_end, sentence_start
from claims.nlp.topic_stance import judge_claim, topic_set
from claims.nlp.types import (
    UNNAMED_SPEAKER_FACTOR,
    ArticleExtraction,
    ExtractedClaim,
    PersonFact,
    TopicLexicon,
)

PIPELINE_VERSION = "2026.11.23-8"
CONTEXT_PARAGRAPHS = 2
_OWN_COUNTRY = re.compile(r"\b(?:his|her|their|our|my) (?:country|government|nation)\b", re.I)
# Claims by bare unnamed plural groups ("critics have attacked", "officials argue") are
# left out: no timeline can place them. A group cited as the subject of a report ("critics
# say", "according to experts": resolution "cited") or one the text ties to someone
# ("Clinton's aides": "described") is kept (claims.nlp.speakers). True keeps every group.
KEEP_GROUPS = False
# A wire dateline opening a paragraph: "GENEVA, Jan 16 —", "WARSAW (AP) —", "ATHENS,
# March 4 (Reuters) -". Left in, the parser takes the place for the subject of the lede.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]*){0,3}(?:,\s+[A-Z][a-z]{2,}(?:\.?\s+\d{1,2})?)?"
    r"(?:\s*\([A-Za-z .]{2,30}\))?\s*[—–-]{1,2}\s+(?=[A-Z“\"‘'])"
)


def extract_article(
    body: str,
    *,
    article_date: dt.date | None,
    lexicon: TopicLexicon,
    nlp: Language | None = None,
    model_name: str = DEFAULT_MODEL,
) -> ArticleExtraction:
    """Extract the attributed claims and the people of one cleaned article body.

    ``nlp`` is a pipeline from :func:`claims.nlp.pipeline.get_nlp`; without it the model
    ``model_name`` is loaded (once per process).
    """
    items = [(body, article_date)]
    return next(extract_many(items, lexicon=lexicon, nlp=nlp, model_name=model_name))


def extract_many(
    items: Iterable[tuple[str, dt.date | None]],
    *,
    lexicon: TopicLexicon | Sequence[TopicLexicon],
    nlp: Language | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    model_name: str = DEFAULT_MODEL,
) -> Generator[ArticleExtraction, None, None]:
    """Extract many (body, article date) pairs with ``nlp.pipe`` batching, in input order."""
    nlp = nlp or get_nlp(model_name)
    # The claim finder runs here, in this process: its results are Python objects that
    # would not survive the trip back from nlp.pipe's worker processes.
    if "claimtrack_claims" in nlp.pipe_names:
        finder = nlp.get_pipe("claimtrack_claims")
        disable = ["claimtrack_claims"]
    else:
        finder, disable = ClaimFinder(cues=load_cues()), []
    pairs = ((prepare_text(body), (body, date)) for body, date in items)
    for doc, (body, date) in _parse(nlp, pairs, batch_size, n_process, disable):
        yield build_extraction(finder(doc), body, date, lexicon)


def _parse(nlp: Language, pairs, batch_size: int, n_process: int, disable: list[str]):
    """``nlp.pipe`` over (text, context) pairs, a long text parsed in paragraph batches
    (textspans.batch_bounds) and joined into one Doc with the same offsets, so parse time
    and memory grow with the length and no body meets spaCy's max_length."""
    pieces = (
        ((text[s:e], (n, len(bounds), context)))
        for text, context in pairs
        for bounds in [batch_bounds(text)]
        for n, (s, e) in enumerate(bounds)
    )
    parts: list[Doc] = []
    for doc, (n, total, context) in nlp.pipe(
        pieces, as_tuples=True, batch_size=batch_size, n_process=n_process, disable=disable
    ):
        parts.append(doc)
        if n + 1 == total:
            joined = parts[0] if total == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            parts = []
            yield joined, context


# ---------------------------------------------------------------------- preparation
@functools.cache
def _cue_re() -> re.Pattern[str]:
    words = sorted(load_cues().words(), key=len, reverse=True)
    return re.compile(r"\b(?:according to|" + "|".join(map(re.escape, words)) + r")\b", re.I)


# "Q: ..." / "A: ..." labels of an interview transcript: no one of that name speaks.
_QA_LABEL = re.compile(r"^(?:Q|A)\s*:\s+(?=\S)")


def prepare_text(body: str) -> str:
    """Blank (to spaces) the paragraphs no claim can come from; offsets stay the same."""
    cue_re = _cue_re()
    lines = body.split("\n")
    texty = [i for i, line in enumerate(lines) if line.strip()]
    useful = {
        i
        for i in texty
        if cue_re.search(lines[i])
        or any(q in lines[i] for q in QUOTE_MARKS)
        or TURN_LABEL.match(lines[i])
    }
    # "He added:" then an unquoted paragraph: that paragraph is what he said.
    useful |= {j for i, j in zip(texty, texty[1:], strict=False) if lines[i].rstrip().endswith(":")}
    keep = set(useful)
    # Keep the paragraphs just before a useful one too: they name who "he" or "she" is.
    for pos, i in enumerate(texty):
        if any(j in useful for j in texty[pos + 1 : pos + 1 + CONTEXT_PARAGRAPHS]):
            keep.add(i)
    return "\n".join(
        _blank_dateline(line) if i in keep or not line.strip() else " " * len(line)
        for i, line in enumerate(lines)
    )


def _blank_dateline(line: str) -> str:
    m = _DATELINE.match(line) or _QA_LABEL.match(line)
    line = " " * m.end() + line[m.end() :] if m else line
    return _MARKUP.sub(lambda t: " " * len(t.group()), line)


# Markup a cleaner left behind ('<a href="...">', '">Sanders'): blanked, so no name or
# quote is read out of it; offsets stay.
_MARKUP = re.compile(r"</?[a-zA-Z][^<>\n]{0,300}>|(?<![\w\s])[\"']?>(?=\w)|(?<=\s)\">(?=\w)")


# ---------------------------------------------------------------------- assembly
def build_extraction(
    doc: Doc, body: str, article_date: dt.date | None, lexicon: TopicLexicon
) -> ArticleExtraction:
    """Turn the component's analysis of ``doc`` into frozen dataclasses."""
    analysis: ArticleAnalysis | None = doc._.claimtrack
    if analysis is None:
        return ArticleExtraction((), (), PIPELINE_VERSION)
    claims = []
    for cand, speaker in zip(analysis.candidates, analysis.speakers, strict=True):
        claim = _claim(doc, body, analysis, cand, speaker, article_date, lexicon)
        if claim is not None:
            claims.append(claim)
    return ArticleExtraction(tuple(claims), _facts(analysis), PIPELINE_VERSION)


def _claim(doc, body, analysis, cand, speaker, article_date, lexicon) -> ExtractedClaim | None:
    text = body[cand.start : cand.end]
    if not text.strip():
        return None
    if speaker.mention.lower() == "it" and not speaker.name:
        return None  # "it said" with no organisation before it: a report, not a speaker
    if speaker.resolution == "group" and not KEEP_GROUPS:
        return None
    if speaker.resolution == "place":
        return None  # a region as the subject of a cue: no one speaks
    context = _context(body, analysis, cand)
    countries = find_countries(text) or _context_countries(context, speaker)
    if speaker.country and _OWN_COUNTRY.search(text) and speaker.country not in countries:
        countries = (speaker.country, *countries)  # "his country would not participate"
    date_said, derivation = _date_said(doc, body, analysis, cand, article_date)
    topics = topic_set(lexicon)
    view = ClaimView(
        text=text,
        context=context,
        cue_category=cand.category,
        speaker_country=speaker.country,
        speaker_kind=speaker.speaker_kind,
        countries=countries,
        article_topics=article_topics(body, topics),
    )
    judged = judge_claim(view, topics)
    confidence = cand.confidence * (1.0 if speaker.name else UNNAMED_SPEAKER_FACTOR)
    cue_start = cue_end = None
    if cand.cue_i is not None:
        tok = doc[cand.cue_i]
        cue_start, cue_end = tok.idx, tok.idx + len(cand.cue)
    return ExtractedClaim(
        text=text,
        start=cand.start,
        end=cand.end,
        kind=cand.kind,
        cue=cand.cue,
        cue_category=cand.category,
        speaker=speaker,
        countries=countries,
        date_said=date_said,
        date_derivation=derivation,
        stance=judged.primary.stance,
        stance_confidence=judged.primary.confidence,
        stance_cue=judged.primary.evidence,
        confidence=round(confidence, 3),
        method=cand.method,
        cue_start=cue_start,
        cue_end=cue_end,
        topics=judged.topics,
        context=context,  # the sentence judged, for judging again with a stored country
    )


def _context(body: str, analysis: ArticleAnalysis, cand) -> str:
    """The sentence(s) around the claim: cue, speaker and what the claim is about."""
    p_start, p_end = analysis.paragraphs.bounds(cand.start)
    start = sentence_start(body, cand.start, p_start, analysis.quotes)
    end = sentence_end(body, max(cand.start, cand.end - 1), max(p_end, cand.end), analysis.quotes)
    return body[min(start, cand.start) : max(end, cand.end)]


def _context_countries(context: str, speaker) -> tuple[str, ...]:
    """Countries of the claim's sentence when its own words name none, leaving out the
    speaker's phrase: that is who speaks, not what the claim is about."""
    if speaker.mention:
        context = context.replace(speaker.mention, " ")
    return tuple(find_countries(context))


def _date_said(doc, body, analysis, cand, article_date):
    if article_date is None:
        return None, "undated"
    anchor = doc[cand.cue_i].idx if cand.cue_i is not None else cand.start
    p_start, p_end = analysis.paragraphs.bounds(anchor)
    s_start = sentence_start(body, anchor, p_start, analysis.quotes)
    s_end = sentence_end(body, anchor, p_end, analysis.quotes)
    # Only the attribution dates the statement: "said last week that ...", "criticised
    # judges on Friday", never "last year" inside what was said or quoted.
    keep = _cue_dates(doc, cand)
    hidden = [(q.open_at, q.close_end) for q in analysis.quotes] + [(cand.start, cand.end)]
    outside = "".join(
        ch if any(a <= i < b for a, b in keep) or not any(a <= i < b for a, b in hidden) else " "
        for i, ch in enumerate(body[s_start:s_end], start=s_start)
    )
    return resolve_said_date(outside, article_date)


def _cue_dates(doc: Doc, cand) -> list[tuple[int, int]]:
    """DATE phrases that modify the cue verb itself (directly or through a preposition)."""
    if cand.cue_i is None:
        return []
    cue = doc[cand.cue_i]
    spans = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        if head == cue or (head.dep_ == "prep" and head.head == cue):
            spans.append((ent.start_char, ent.end_char))
    return spans


def _facts(analysis: ArticleAnalysis) -> tuple[PersonFact, ...]:
    """Every person named, and the organisations that speak: an ORG entity that never
    speaks ("the Channel", "Western Balkans") would only teach the registry noise."""
    speaking = {ref.name for ref in analysis.speakers if ref.name}
    facts = []
    for p in analysis.people.people:
        if p.kind == "organisation" and p.name not in speaking:
            continue
        facts.append(
            PersonFact(
                name=p.name,
                kind=p.kind,
                role=p.role,
                country=p.country,
                organisation=p.organisation,
                aliases=tuple(sorted(p.aliases)),
                evidence=p.evidence,
            )
        )
    return tuple(facts)


# ---------------------------------------------------------------------- collaborators
def resolve_said_date(context: str, article_date: dt.date | None) -> tuple[dt.date | None, str]:
    try:
        from claims.nlp.dates import resolve_said_date as resolve
    except ImportError:  # dates.py not there yet: the article date, unmoved
        return article_date, "article date" if article_date else "undated"
    return resolve(context, article_date)
