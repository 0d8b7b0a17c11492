"""The last pass: quotes no attribution claimed.

A quote holding its sentence's own verb is its subject's ("The Commission is 'aiming
to ...'"); a sentence-like quote right after an attributed one continues that speaker,
within two paragraphs and with no new person named in between; a long quote takes the
subject of its sentence's verb; anything else is a scare quote and no claim.
"""

from __future__ import annotations

from spacy.tokens import Token

from claims.nlp.candidates import Candidate, pass_confidence, tok_end, touches
from claims.nlp.context import ArticleContext
from claims.nlp.quotes import QuoteSpan
from claims.nlp.syntax import is_speaker_like, subject_of
from claims.nlp.textspans import trim
from claims.nlp.types import ClaimKind, PassName

CONTINUATION_PARAGRAPHS = 2
MIN_CONTINUATION_WORDS = 4
MIN_FLOATING_WORDS = 7


def leftover_pass(
    ctx: ArticleContext, cands: list[Candidate], used: frozenset[int]
) -> list[Candidate]:
    """New claims for the quotes no pass used (``used``: quote indices) and no claim in
    ``cands`` touches: predicate quotes, continuations, long floaters. A continuation may
    continue one found here, so they are read in order."""
    claimed = sorted((c.start, c.end) for c in cands)
    seen = list(cands)
    found: list[Candidate] = []
    for qi, q in enumerate(ctx.quotes):
        if qi in used or touches(claimed, q.start, q.end):
            continue
        cand = _leftover(ctx, qi, q, seen)
        if cand is not None:
            seen.append(cand)
            found.append(cand)
    return found


def _leftover(ctx: ArticleContext, qi: int, q: QuoteSpan, seen: list[Candidate]):
    cand = predicate_quote(ctx, qi, q)
    if cand is not None:
        return cand
    n_words = len(ctx.body[q.start : q.end].split())
    prev = previous_claim(ctx, q, seen)
    if prev is not None and n_words >= MIN_CONTINUATION_WORDS and ctx.starts_sentence(q):
        return _continuation(ctx, qi, q, prev)
    if n_words >= MIN_FLOATING_WORDS:
        return floating(ctx, qi, q)
    return None


def _continuation(ctx: ArticleContext, qi: int, q: QuoteSpan, prev: Candidate) -> Candidate:
    start, end = trim(ctx.body, q.start, q.end)
    return Candidate(
        start=start,
        end=end,
        kind="direct",
        method="continuation",
        subj_how="continuation",
        inherit=prev,
        confidence=pass_confidence("continuation"),
        cue=prev.cue,
        category=prev.category,
        quote_ids=(qi,),
    )


def predicate_quote(ctx: ArticleContext, qi: int, q: QuoteSpan) -> Candidate | None:
    """'The Commission is "aiming to make it possible" for ...': the quote holds the
    sentence's own verb, so its subject is the speaker of the rest of the sentence."""
    tok = ctx.doc[ctx.toks.at(q.start)]
    if tok.sent is None:
        return None
    root = tok.sent.root
    if not (q.start <= root.idx < q.end) or root.pos_ not in ("VERB", "AUX"):
        return None
    subj = subject_of(root)
    if subj is None or ctx.quote_of(subj.idx) is not None or not is_speaker_like(subj):
        return None
    _, s_end = ctx.sent_bounds(q.start)
    return _verb_claim(ctx, qi, (q.start, max(s_end, q.end)), "mixed", root, subj)


def previous_claim(ctx: ArticleContext, q: QuoteSpan, seen: list[Candidate]) -> Candidate | None:
    """The claim a quote may continue: the last one before it, near enough, with no new
    person named in between."""
    before = [c for c in seen if c.end <= q.open_at]
    if not before:
        return None
    prev = before[0]
    for c in before[1:]:
        if c.end > prev.end:
            prev = c  # the first of equals wins, as the claims were found in text order
    if ctx.paras.index(q.open_at) - ctx.paras.index(prev.end) > CONTINUATION_PARAGRAPHS:
        return None
    return None if _new_person_between(ctx, prev, q) else prev


def _new_person_between(ctx: ArticleContext, prev: Candidate, q: QuoteSpan) -> bool:
    """A new named person between the two quotes starts a new thread."""
    gap_start = prev.end
    for i in (prev.cue_i, prev.subj_i):
        if i is not None:  # the previous quote's own attribution is not a new person
            gap_start = max(gap_start, tok_end(ctx.doc[i].right_edge))
    return any(
        ent.label_ == "PERSON"
        and gap_start < ent.start_char < q.open_at
        and ctx.quote_of(ent.start_char) is None
        for ent in ctx.doc.ents
    )


def floating(ctx: ArticleContext, qi: int, q: QuoteSpan) -> Candidate | None:
    """A long quote with no cue nearby takes the subject of its sentence's verb."""
    s_start, _ = ctx.sent_bounds(q.open_at)
    if s_start == q.open_at:
        return None
    tok = ctx.doc[ctx.toks.at(q.open_at)]
    root = tok.sent.root if tok.sent is not None else None
    if root is None or ctx.quote_of(root.idx) is not None:
        return None
    subj = subject_of(root)
    if subj is None or not is_speaker_like(subj) or ctx.quote_of(subj.idx) is not None:
        return None
    return _verb_claim(ctx, qi, (q.start, q.end), "direct", root, subj, "quote_nearest_verb")


def _verb_claim(
    ctx: ArticleContext,
    qi: int,
    span: tuple[int, int],
    kind: ClaimKind,
    root: Token,
    subj: Token,
    method: PassName = "predicate_quote",
) -> Candidate:
    """A claim whose cue is its sentence's verb and whose speaker is that verb's subject."""
    start, end = trim(ctx.body, *span)
    return Candidate(
        start=start,
        end=end,
        kind=kind,
        cue_i=root.i,
        cue=root.text,
        category="unknown",
        subj_i=subj.i,
        method=method,
        confidence=pass_confidence(method),
        quote_ids=(qi,),
    )
