"""Where the passes' candidates overlap: one claim per stretch of text.

Each step takes the candidates and returns new ones: direct quotes win over reported
speech on the same words; a clause claim stops where another cue's speaker starts; nested
claims go to the inner speaker, or to the reporter when the report comes last; a
participle continuing an object claim joins it; claims snap to whole quotes; and a claim
holding quotes is ``direct`` or ``mixed``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from claims.nlp.candidates import Candidate, overlaps, words
from claims.nlp.context import ArticleContext
from claims.nlp.textspans import trim

_JOINER = re.compile(r"[\s,]*(and|but|while)?[\s,]*")
_CONJ_TAIL = re.compile(r"(,?\s*(and|but|while|as|with|adding|saying)?\s*)$")
MAX_PARTICIPLE_GAP = 8
MIN_SYNTACTIC_WORDS = 3
DIRECT_SHARE = 0.85  # a claim this much inside quote marks is a direct quote
NO_SUBJECT = 10**9


def resolve_overlaps(ctx: ArticleContext, cands: list[Candidate]) -> list[Candidate]:
    kept = _outside_direct_quotes(cands)
    kept = [cut_at_following_cues(ctx, c, kept) for c in kept]
    drop = _nested_drops(ctx, kept)
    kept = merge_participles(ctx, [c for c in kept if id(c) not in drop])
    kept = [snap_to_quotes(ctx, c) for c in kept]
    return [c for c in kept if _long_enough(ctx, c)]


def _outside_direct_quotes(cands: list[Candidate]) -> list[Candidate]:
    """The quote pass already has these words with their attribution."""
    direct = [c for c in cands if c.method == "quote"]
    return [c for c in cands if c.method == "quote" or not any(overlaps(c, d) for d in direct)]


def _long_enough(ctx: ArticleContext, c: Candidate) -> bool:
    return c.method != "syntactic" or words(ctx.body, c) >= MIN_SYNTACTIC_WORDS


def cut_at_following_cues(ctx: ArticleContext, c: Candidate, cands: list[Candidate]) -> Candidate:
    """A clause claim runs to the end of its sentence unless another cue starts first."""
    end = c.end
    for other in cands:
        if other is c or other.cue_i is None:
            continue
        first = min(ctx.doc[other.cue_i].idx, _subject_start(ctx, other))
        if c.start < first < end:
            end = trim(ctx.body, c.start, first)[1]
            end = _strip_conjunction(ctx.body, c.start, end)
    return c if end == c.end else replace(c, end=end)


def _subject_start(ctx: ArticleContext, c: Candidate) -> int:
    if c.subj_i is None or not c.explicit_subject:
        return NO_SUBJECT
    return ctx.doc[c.subj_i].left_edge.idx


def _strip_conjunction(body: str, start: int, end: int) -> int:
    m = _CONJ_TAIL.search(body, start, end)
    if m and m.start() > start:
        end = m.start()
    return trim(body, start, end)[1]


def _nested_drops(ctx: ArticleContext, cands: list[Candidate]) -> set[int]:
    """ids of the candidates that lose to a claim nested in or around them."""
    drop: set[int] = set()
    for a in cands:
        for b in cands:
            if a is b or b.cue_i is None or id(a) in drop or id(b) in drop:
                continue
            if a.start <= ctx.doc[b.cue_i].idx < a.end:
                drop.add(id(a) if _nested_loser(ctx, a, b) == "outer" else id(b))
    return drop


def _nested_loser(ctx: ArticleContext, a: Candidate, b: Candidate) -> Literal["outer", "inner"]:
    """Claim ``b``'s cue lies inside claim ``a``: which of the two goes."""
    reporter_last = a.cue_i is not None and ctx.doc[a.cue_i].idx >= a.end
    if reporter_last and a.explicit_subject and b.method != "quote":
        return "inner"  # "A urged B to ..., X said": X's sentence, X's claim
    if b.explicit_subject and b.subj_i is not None:
        return "outer"  # nested: the inner speaker is the one quoted
    return "inner"  # a participle inside a claim belongs to it


def merge_participles(ctx: ArticleContext, cands: list[Candidate]) -> list[Candidate]:
    """'ruled out X, saying Y': one claim when the head cue's content is an object."""
    ends = [c.end for c in cands]
    gone: set[int] = set()
    for pi, p in enumerate(cands):
        hi = _object_host(ctx, cands, pi, gone)
        if hi is None:
            continue
        gap = ctx.body[ends[hi] : ctx.doc[p.cue_i].idx]
        if len(gap) <= MAX_PARTICIPLE_GAP and _JOINER.fullmatch(gap):
            ends[hi] = max(ends[hi], ends[pi])
            gone.add(pi)
    kept = [(c, ends[i]) for i, c in enumerate(cands) if i not in gone]
    return [c if end == c.end else replace(c, end=end) for c, end in kept]


def _object_host(
    ctx: ArticleContext, cands: list[Candidate], pi: int, gone: set[int]
) -> int | None:
    """Index of the object claim whose cue participle ``cands[pi]`` hangs from."""
    p = cands[pi]
    if p.explicit_subject or p.cue_i is None:
        return None
    head_i = ctx.doc[p.cue_i].head.i
    hosts = (i for i, c in enumerate(cands) if i not in gone and i != pi and c.cue_i == head_i)
    hi = next(hosts, None)
    return hi if hi is not None and cands[hi].content == "object" else None


def snap_to_quotes(ctx: ArticleContext, c: Candidate) -> Candidate:
    """A claim never starts or ends inside a quote: it takes the whole quote."""
    start, end = c.start, c.end
    for q in ctx.quotes:
        if q.open_at < end < q.close_end - 1:
            end = max(end, q.end)
        if q.open_at < start < q.close_end - 1:
            start = min(start, q.start)
    start, end = trim(ctx.body, start, end)
    return c if (start, end) == (c.start, c.end) else replace(c, start=start, end=end)


def set_kind(ctx: ArticleContext, c: Candidate) -> Candidate:
    """A reported claim holding quotes is direct (almost all quoted) or mixed; it takes
    those quotes, so no later pass reads them again."""
    if c.method == "quote":
        return c
    inner = [
        qi for qi, q in enumerate(ctx.quotes) if c.start - 1 <= q.open_at and q.end <= c.end + 1
    ]
    if not inner:
        return replace(c, kind="indirect")
    quoted = sum(ctx.quotes[qi].end - ctx.quotes[qi].start for qi in inner)
    kind = "direct" if quoted >= DIRECT_SHARE * (c.end - c.start) - 2 else "mixed"
    return replace(c, kind=kind, quote_ids=tuple(inner))
