"""The claim-finding passes over one parsed article, in order.

1. quote pass (quotepass.py): paired quote marks with an adjacent attribution;
2. reported-speech pass (reported.py): cue verbs with a clause or object content, and
   "according to X"; nominal cues (nominal.py): "X's claim that ...";
3. overlaps (overlaps.py): one claim per stretch of text, and its kind;
4. leftovers (leftovers.py): a quote after an attributed one continues it (bounded), a
   long quote takes the subject of its sentence's verb, anything else is a scare quote;
5. colons (colons.py): an unquoted paragraph after 'X added:', and transcript turns.

Each pass is a function of the frozen :class:`ArticleContext` that returns candidates;
each candidate records the pass that found it.
"""

from __future__ import annotations

from claims.nlp.candidates import Candidate
from claims.nlp.colons import colon_pass
from claims.nlp.context import ArticleContext
from claims.nlp.leftovers import leftover_pass
from claims.nlp.nominal import nominal_pass
from claims.nlp.overlaps import resolve_overlaps, set_kind
from claims.nlp.quotepass import quote_pass
from claims.nlp.reported import reported_pass


def find_candidates(ctx: ArticleContext) -> list[Candidate]:
    """Every claim candidate of the article, in text order."""
    quoted = quote_pass(ctx)
    reported = reported_pass(ctx, frozenset(c.cue_i for c in quoted if c.cue_i is not None))
    reported += nominal_pass(ctx)
    cands = [set_kind(ctx, c) for c in resolve_overlaps(ctx, quoted + reported)]
    cands.sort(key=lambda c: c.start)
    # The quotes a pass took stay taken, even where its claim lost to an overlapping one.
    used = frozenset(qi for c in quoted + cands for qi in c.quote_ids)
    cands += leftover_pass(ctx, cands, used)
    cands += colon_pass(ctx, cands)
    cands.sort(key=lambda c: c.start)
    return cands
