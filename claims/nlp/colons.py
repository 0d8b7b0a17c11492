"""Unquoted speech set off by a colon, read after the other passes.

1. A lead-in: 'Sanders added:' ending a paragraph, then a paragraph with no quote marks:
   that paragraph is what the lead-in's speaker said.
2. Transcript turns: 'TRUMP: We will build the wall.' A paragraph opened by a speaker's
   label is that speaker's, in an article where some label opens two paragraphs (a
   transcript repeats its speakers; a one-off 'Note:' or 'Update:' is furniture).
"""

from __future__ import annotations

import re
from collections import Counter

from claims.nlp.candidates import Candidate, pass_confidence, touches
from claims.nlp.context import ArticleContext
from claims.nlp.quotes import QUOTE_MARKS
from claims.nlp.syntax import is_negated, speaker_for
from claims.nlp.textspans import trim

MAX_LEAD_WORDS_AFTER_CUE = 5
# 'TRUMP:', 'Hillary Clinton:', 'SEN. SANDERS:': one to four capitalised words and a colon.
TURN_LABEL = re.compile(r"((?:[A-Z][A-Za-z.'’-]+ ){0,3}[A-Z][A-Za-z.'’-]+):\s+(?=\S)")
NOT_SPEAKERS = frozenset({"note", "update", "related", "source", "photo", "watch", "read"})


def colon_pass(ctx: ArticleContext, cands: list[Candidate]) -> list[Candidate]:
    """Claims for unquoted paragraphs after a lead-in or a transcript label that no
    candidate in ``cands`` touches."""
    claimed = sorted((c.start, c.end) for c in cands)
    found = [c for c in _lead_ins(ctx) + _turns(ctx) if not touches(claimed, c.start, c.end)]
    return sorted(found, key=lambda c: c.start)


def _lead_ins(ctx: ArticleContext) -> list[Candidate]:
    found = []
    spans = ctx.paras.spans
    for (p_start, p_end), (n_start, n_end) in zip(spans, spans[1:], strict=False):
        lead = ctx.body[p_start:p_end].rstrip()
        nxt = ctx.body[n_start:n_end].strip()
        if not lead.endswith(":") or not nxt or nxt[0] in QUOTE_MARKS:
            continue
        cand = _lead_in(ctx, p_start + len(lead) - 1, (n_start, n_end))
        if cand is not None:
            found.append(cand)
    return found


def _lead_in(ctx: ArticleContext, colon: int, content: tuple[int, int]) -> Candidate | None:
    """The cue closing the lead-in, a few words before its colon, and its speaker."""
    window = ctx.toks.between(ctx.sent_bounds(colon)[0], colon)
    words = [ctx.doc[i] for i in window if not ctx.doc[i].is_punct]
    for tok in reversed(words[-(MAX_LEAD_WORDS_AFTER_CUE + 1) :]):
        cue = ctx.cue(tok)
        if cue is None or cue.content == "object" or is_negated(tok):
            continue
        subj, how = speaker_for(tok, ctx.cues)
        if subj is None:
            return None
        start, end = trim(ctx.body, *content)
        return Candidate(
            start=start,
            end=end,
            kind="direct",
            cue_i=tok.i,
            cue=tok.text,
            category=cue.category,
            subj_i=subj.i,
            subj_how=how,
            confidence=pass_confidence("syntactic"),
        )
    return None


def _turns(ctx: ArticleContext) -> list[Candidate]:
    labels = []
    for p_start, p_end in ctx.paras.spans:
        m = TURN_LABEL.match(ctx.body, p_start, p_end)
        if m and m.group(1).lower().rstrip(".") not in NOT_SPEAKERS and len(m.group(1)) > 1:
            labels.append((m, p_end))
    repeated = Counter(m.group(1).lower() for m, _ in labels)
    if not any(n >= 2 for n in repeated.values()):
        return []  # no speaker takes a second turn: not a transcript
    found = []
    for m, p_end in labels:
        start, end = trim(ctx.body, m.end(), p_end)
        head = ctx.doc[ctx.toks.at(m.end(1) - 1)]
        if end > start and ctx.quote_of(start) is None:
            found.append(
                Candidate(
                    start=start,
                    end=end,
                    kind="direct",
                    subj_i=head.i,
                    confidence=pass_confidence("syntactic", explicit_subject=False),
                    explicit_subject=False,
                )
            )
    return found
