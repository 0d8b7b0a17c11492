"""Pass 1: paired quote marks with an adjacent attribution.

'"...," she said' / 'X said: "..."' / '"...," he said, "..."' / a colon and the quote in
the next paragraph. A quote may take its attribution from after it (a rule per layout
below) or from the sentence that leads into it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Token

from claims.nlp.candidates import Candidate, pass_confidence
from claims.nlp.context import ArticleContext
from claims.nlp.cues import Cue, cue_for, cue_text
from claims.nlp.quotes import SURE_QUOTE_MARKS, QuoteSpan
from claims.nlp.syntax import is_negated, is_speaker_like, speaker_for
from claims.nlp.textspans import is_abbreviation, sentence_start, trim
from claims.nlp.types import Resolution

# '"...," the group's head of operations, Johanna Reiss, told ...': appositive speakers
# put the cue a dozen words after the quote.
MAX_ATTRIBUTION_WORDS = 12
ATTRIBUTION_AFTER_CHARS = 120
FOR_CUE = Cue(lemma="for", category="neutral", content="clause")


class Attribution(NamedTuple):
    cue_tok: Token
    cue: Cue
    subj: Token
    how: Resolution


def quote_pass(ctx: ArticleContext) -> list[Candidate]:
    """Direct quotes with their attribution, in text order."""
    found: list[Candidate] = []
    used: set[int] = set()
    for qi, q in enumerate(ctx.quotes):
        if qi in used:
            continue
        att = attribution_after(ctx, qi) or attribution_before(ctx, qi)
        if att is None:
            continue
        end_q = merge_following(ctx, qi, att.cue_tok)
        start, end = trim(ctx.body, q.start, ctx.quotes[end_q].end)
        used.update(range(qi, end_q + 1))
        found.append(
            Candidate(
                start=start,
                end=end,
                kind="direct",
                cue_i=att.cue_tok.i,
                cue=cue_text(att.cue_tok, att.cue),
                category=att.cue.category,
                content=att.cue.content,
                subj_i=att.subj.i,
                subj_how=att.how,
                method="quote",
                confidence=pass_confidence("quote", explicit_subject=att.how == "cue_subject"),
                quote_ids=tuple(range(qi, end_q + 1)),
            )
        )
    return found


# ---------------------------------------------------------------------- after the quote
def attribution_after(ctx: ArticleContext, qi: int) -> Attribution | None:
    """'"...," she said': a cue within a few words after a quote that starts a sentence."""
    q = ctx.quotes[qi]
    if not ctx.starts_sentence(q):
        return None
    _, p_end = ctx.paras.bounds(q.open_at)
    if ctx.body[q.close_end : p_end][:1].isalnum():
        return None
    count = 0
    for ti in ctx.toks.between(q.close_end, _after_window_end(ctx, qi, p_end)):
        tok = ctx.doc[ti]
        if tok.is_space or tok.is_punct:
            if tok.text in ".!?" and count:
                break
            continue
        count += 1
        if count > MAX_ATTRIBUTION_WORDS:
            break
        att = _attribution_at(ctx, tok, q)
        if att is not None:
            return att
    return None


def _after_window_end(ctx: ArticleContext, qi: int, p_end: int) -> int:
    end = min(p_end, ctx.quotes[qi].close_end + ATTRIBUTION_AFTER_CHARS)
    if qi + 1 < len(ctx.quotes) and ctx.quotes[qi + 1].open_at < p_end:
        end = min(end, ctx.quotes[qi + 1].open_at)  # the next quote starts its own claim
    return end


def _attribution_at(ctx: ArticleContext, tok: Token, q: QuoteSpan) -> Attribution | None:
    cue = _clause_cue(ctx, tok)
    if cue is None:
        return None
    subj, how = speaker_for(tok, ctx.cues)
    if subj is None:
        subj, how = inverted_subject(tok), "cue_subject"
    if subj is not None and subj.idx > q.open_at:
        return Attribution(tok, cue, subj, how)
    return None


def _clause_cue(ctx: ArticleContext, tok: Token) -> Cue | None:
    """A cue that can introduce a quote: it takes a clause and is not negated."""
    cue = ctx.cue(tok)
    if cue is None or cue.content == "object" or is_negated(tok):
        return None
    return cue


def inverted_subject(tok: Token) -> Token | None:
    """'"...," tweeted opposition leader X': the parser may take X for an object."""
    for child in tok.children:
        after = child.i > tok.i and child.dep_ in ("dobj", "attr", "npadvmod", "oprd")
        if after and child.pos_ == "PROPN" and is_speaker_like(child):
            return child
    head = tok.head
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    if tok.dep_ in ("amod", "compound") and head.i > tok.i and head.pos_ == "PROPN":
        return head  # "tweeted opposition leader X" read as a modifier of X
    return None


# ---------------------------------------------------------------------- before the quote
def attribution_before(ctx: ArticleContext, qi: int) -> Attribution | None:
    """'X said: "..."', 'X said, "..."', or a lead paragraph ending in a colon."""
    q = ctx.quotes[qi]
    lead = _lead_in(ctx, q)
    if lead is None:
        return None
    p_start, anchor = lead
    s_start = sentence_start(ctx.body, anchor, p_start, ctx.quotes)
    window = ctx.toks.between(s_start, anchor + 1)
    framed = for_speaker(ctx, window)
    if framed is not None:
        return framed
    for ti in reversed(window):
        tok = ctx.doc[ti]
        if ctx.quote_of(tok.idx) is not None:
            continue
        cue = _clause_cue(ctx, tok)
        if cue is None or _content_is_another_clause(tok, q):
            continue
        subj, how = speaker_for(tok, ctx.cues)
        return Attribution(tok, cue, subj, how) if subj is not None else None
    return None


def _lead_in(ctx: ArticleContext, q: QuoteSpan) -> tuple[int, int] | None:
    """(paragraph start, offset of the ':' or ',') of the words leading into the quote:
    in its own paragraph, or the previous one when that ends with a colon."""
    p_start, _ = ctx.paras.bounds(q.open_at)
    lead = ctx.body[p_start : q.open_at].rstrip()
    if lead or q.paragraphs < 1:
        if not lead or lead[-1] not in ":,":
            return None
        return p_start, p_start + len(lead) - 1
    prev = ctx.paras.index(q.open_at) - 1
    if prev < 0:
        return None
    p_start, p_end = ctx.paras.spans[prev]
    lead = ctx.body[p_start:p_end].rstrip()
    if not lead.endswith(":"):
        return None
    return p_start, p_start + len(lead) - 1


def _content_is_another_clause(tok: Token, q: QuoteSpan) -> bool:
    """The cue's clause stands between it and the quote: 'X said A, and: "..."'."""
    return any(c.dep_ == "ccomp" and c.i > tok.i and c.idx < q.open_at for c in tok.children)


def for_speaker(ctx: ArticleContext, window: range) -> Attribution | None:
    """'For Prime Minister X, on the contrary, "..."': a view framed as X's."""
    if not window:
        return None
    first = ctx.doc[window[0]]
    if first.lower_ not in ("for", "to") or first.dep_ != "prep":
        return None
    pobj = next((c for c in first.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.ent_type_ != "PERSON" or not is_speaker_like(pobj):
        return None
    if any(cue_for(ctx.doc[t], ctx.cues) for t in window):
        return None
    return Attribution(first, FOR_CUE, pobj, "for")


# ---------------------------------------------------------------------- interrupted quotes
def merge_following(ctx: ArticleContext, qi: int, cue_tok: Token) -> int:
    """'"...," he said, "..."': one claim across both parts of an interrupted quote.
    Returns the index of the last quote the claim takes."""
    q = ctx.quotes[qi]
    if qi + 1 >= len(ctx.quotes) or cue_tok.idx < q.close_end:
        return qi
    nxt = ctx.quotes[qi + 1]
    _, p_end = ctx.paras.bounds(q.open_at)
    if nxt.open_at >= p_end:
        return qi
    between = ctx.body[q.close_end : nxt.open_at]
    if any(m in between for m in SURE_QUOTE_MARKS) or not _joins(ctx, q, between):
        return qi
    others = [
        t
        for t in ctx.toks.between(q.close_end, nxt.open_at)
        if t != cue_tok.i and cue_for(ctx.doc[t], ctx.cues)
    ]
    return qi if others else qi + 1


def _joins(ctx: ArticleContext, q: QuoteSpan, between: str) -> bool:
    comma = between.rstrip().endswith(",") and len(between) <= 80
    return comma or (len(between) <= 160 and split_sentence(ctx, q, between))


def split_sentence(ctx: ArticleContext, q: QuoteSpan, between: str) -> bool:
    """'"A," she said. "B."': the wire's split quote, one speaker and one statement.
    The attribution between is a sentence of its own, the quote before it ends with a
    comma (or ? !) inside the marks, and nothing else is said in between."""
    inner = ctx.body[q.start : q.end].rstrip()
    if not inner or inner[-1] not in ",?!":
        return False
    text = between.strip()
    if not text.endswith("."):
        return False
    # "Ms. Boxer said.": the period of a title or an initial ends no sentence.
    stops = [m.start() for m in re.finditer(r"[.!?;:]", text[:-1])]
    return all(text[i] == "." and is_abbreviation(text, i) for i in stops)
