"""ClaimTrack's spaCy components: registered factories, keyword-only config.

``claimtrack_paragraphs`` (before the parser) makes every paragraph start a sentence, so
the parser never joins two paragraphs. ``claimtrack_claims`` (last) pairs the quote
marks, runs the claim passes and resolves speakers, leaving a plain
:class:`ArticleAnalysis` on ``doc._.claimtrack``; ``claims.nlp.extract`` turns that into
the frozen dataclasses of ``claims.nlp.types``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from claims.nlp.candidates import Candidate
from claims.nlp.context import ArticleContext
from claims.nlp.cues import CueLexicon, load_cues
from claims.nlp.passes import find_candidates
from claims.nlp.people import PeopleIndex
from claims.nlp.quotes import QuoteSpan
from claims.nlp.speakers import SpeakerResolver, index_people
from claims.nlp.textspans import Paragraphs, token_starts
from claims.nlp.types import SpeakerRef

MAX_HEADLINE_WORDS = 25
MAX_CAPTION_WORDS = 14

# Declared once, at import of the module that owns it.
if not Doc.has_extension("claimtrack"):
    Doc.set_extension("claimtrack", default=None)


@dataclass(frozen=True)
class ArticleAnalysis:
    quotes: tuple[QuoteSpan, ...]
    paragraphs: Paragraphs
    candidates: list[Candidate]
    speakers: list[SpeakerRef]
    people: PeopleIndex


class ParagraphBoundaries:
    """Mark the first token after a line break as a sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        # Only the few tokens after a line break are touched: no loop over every token.
        text = doc.text
        starts = token_starts(doc)
        pos = text.find("\n")
        while pos != -1:
            end = pos
            while end < len(text) and text[end].isspace():
                end += 1
            i = bisect.bisect_left(starts, end)
            if 0 < i < len(doc) and starts[i] == end:
                doc[i].is_sent_start = True
            pos = text.find("\n", end)
        return doc


class ClaimFinder:
    """Find attributed claims and their speakers in a parsed article."""

    def __init__(self, *, cues: CueLexicon, skip_titles: bool = True):
        self.cues = cues
        self.skip_titles = skip_titles

    def __call__(self, doc: Doc) -> Doc:
        ctx = ArticleContext.of(doc, self.cues)
        cands = find_candidates(ctx)
        if self.skip_titles:
            cands = [c for c in cands if not _in_title(ctx.body, ctx.paras, c.start)]
        people = index_people(doc, ctx.quotes, text=ctx.body)
        refs = SpeakerResolver(doc, people, ctx.paras, cands).resolve(cands)
        doc._.claimtrack = ArticleAnalysis(
            quotes=ctx.quotes, paragraphs=ctx.paras, candidates=cands, speakers=refs, people=people
        )
        return doc


def _in_title(body: str, paras: Paragraphs, pos: int) -> bool:
    """Headlines and captions: a first paragraph or a short line with no final stop."""
    idx = paras.index(pos)
    start, end = paras.spans[idx]
    text = body[start:end].rstrip()
    if not text or text[-1] in ".!?\"”’'…:":
        return False
    words = len(text.split())
    if idx == 0 and words <= MAX_HEADLINE_WORDS:
        return True
    if idx == len(paras.spans) - 1:
        return False  # a truncated last paragraph is still story text
    return words <= MAX_CAPTION_WORDS


@Language.factory("claimtrack_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> ParagraphBoundaries:
    return ParagraphBoundaries()


@Language.factory(
    "claimtrack_claims",
    default_config={"cues_path": "", "skip_titles": True},
)
def make_claim_finder(
    nlp: Language, name: str, *, cues_path: str, skip_titles: bool
) -> ClaimFinder:
    return ClaimFinder(cues=load_cues(cues_path or None), skip_titles=skip_titles)
