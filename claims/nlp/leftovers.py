"""The last pass: quotes no attribution claimed.

A quote holding its sentence's own verb is its subject's ("The Commission is 'aiming
to ...'"); a sentence-like quote right after an attributed one continues that speaker,
within two paragraphs and with no new person named in between; a long quote takes the
subject of its sentence's verb; anything else is a scare quote and no claim.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.nlp.candidates import Candidate, tok_end, touches
from claims.nlp.quotes import QuoteSpan
from claims.nlp.syntax import is_speaker_like, subject_of
from claims.nlp.textspans import trim

if TYPE_CHECKING:
    from claims.nlp.passes import ArticlePasses

CONTINUATION_PARAGRAPHS = 2
MIN_CONTINUATION_WORDS = 4
MIN_FLOATING_WORDS = 7
CONFIDENCE = {"predicate_quote": 0.5, "quote_nearest_verb": 0.4}


def leftover_pass(ap: ArticlePasses) -> None:
    """Quotes no attribution claimed: predicate quotes, continuations, long floaters."""
    claimed = sorted((c.start, c.end) for c in ap.cands)
    for qi, q in enumerate(ap.quotes):
        if qi in ap.used_quotes or touches(claimed, q.start, q.end):
            continue
        if _predicate_quote(ap, qi, q):
            continue
        words = len(ap.body[q.start : q.end].split())
        prev = _previous_claim(ap, q)
        if prev is not None and words >= MIN_CONTINUATION_WORDS and ap.starts_sentence(q):
            start, end = trim(ap.body, q.start, q.end)
            ap.cands.append(
                Candidate(
                    start,
                    end,
                    "direct",
                    method="continuation",
                    subj_how="continuation",
                    inherit=ap.cands[prev],
                    confidence=0.6,
                    cue=ap.cands[prev].cue,
                    category=ap.cands[prev].category,
                )
            )
            ap.used_quotes.add(qi)
        elif words >= MIN_FLOATING_WORDS:
            _floating(ap, qi, q)


def _predicate_quote(ap: ArticlePasses, qi: int, q: QuoteSpan) -> bool:
    """'The Commission is "aiming to make it possible" for ...': the quote holds the
    sentence's own verb, so its subject is the speaker of the rest of the sentence."""
    tok = ap.doc[ap.toks.at(q.start)]
    if tok.sent is None:
        return False
    root = tok.sent.root
    if not (q.start <= root.idx < q.end) or root.pos_ not in ("VERB", "AUX"):
        return False
    subj = subject_of(root)
    if subj is None or ap.quote_of(subj.idx) is not None or not is_speaker_like(subj):
        return False
    _, s_end = ap.sent_bounds(q.start)
    _add_verb_claim(ap, qi, (q.start, max(s_end, q.end)), "mixed", root, subj, "predicate_quote")
    return True


def _previous_claim(ap: ArticlePasses, q: QuoteSpan) -> int | None:
    p_here = ap.paras.index(q.open_at)
    best = None
    for ci, c in enumerate(ap.cands):
        if c.end <= q.open_at and (best is None or c.end > ap.cands[best].end):
            best = ci
    if best is None:
        return None
    if p_here - ap.paras.index(ap.cands[best].end) > CONTINUATION_PARAGRAPHS:
        return None
    # A new named person between the two quotes starts a new thread.
    prev = ap.cands[best]
    gap_start = prev.end
    for i in (prev.cue_i, prev.subj_i):
        if i is not None:  # the previous quote's own attribution is not a new person
            gap_start = max(gap_start, tok_end(ap.doc[i].right_edge))
    for ent in ap.doc.ents:
        new_person = gap_start < ent.start_char < q.open_at and ent.label_ == "PERSON"
        if new_person and ap.quote_of(ent.start_char) is None:
            return None
    return best


def _floating(ap: ArticlePasses, qi: int, q: QuoteSpan) -> None:
    """A long quote with no cue nearby takes the subject of its sentence's verb."""
    s_start, _ = ap.sent_bounds(q.open_at)
    if s_start == q.open_at:
        return
    tok = ap.doc[ap.toks.at(q.open_at)]
    root = tok.sent.root if tok.sent is not None else None
    if root is None or ap.quote_of(root.idx) is not None:
        return
    subj = subject_of(root)
    if subj is None or not is_speaker_like(subj) or ap.quote_of(subj.idx) is not None:
        return
    _add_verb_claim(ap, qi, (q.start, q.end), "direct", root, subj, "quote_nearest_verb")


def _add_verb_claim(ap: ArticlePasses, qi: int, span, kind, root, subj, method) -> None:
    """A claim whose cue is its sentence's verb and whose speaker is that verb's subject."""
    start, end = trim(ap.body, *span)
    ap.cands.append(
        Candidate(
            start,
            end,
            kind,
            cue_i=root.i,
            cue=root.text,
            category="unknown",
            subj_i=subj.i,
            method=method,
            confidence=CONFIDENCE[method],
        )
    )
    ap.used_quotes.add(qi)
