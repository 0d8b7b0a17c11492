"""Pass 2b: nominal cues. A noun that reports a statement, owned by its speaker:
"Rubio's claim that he is the strongest alternative", "his pledge to remove all troops",
"Trump's call for a ban". The owner is the speaker; the that-clause, the to-infinitive or
(for a call or a demand) the "for" phrase is what was said."""

from __future__ import annotations

from spacy.tokens import Token

from claims.nlp.candidates import Candidate, pass_confidence, tok_end
from claims.nlp.context import ArticleContext
from claims.nlp.cues import Cue
from claims.nlp.syntax import is_speaker_like
from claims.nlp.textspans import tokens_with_lower, trim

# "his claim", "their pledge": a possessive pronoun owns the statement as a name would.
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})


def nominal_pass(ctx: ArticleContext) -> list[Candidate]:
    """Claims reported by a noun its speaker owns, for every such noun outside quotes."""
    found = []
    for i in tokens_with_lower(ctx.doc, set(ctx.cues.nouns)):
        tok = ctx.doc[i]
        if tok.tag_ not in ("NN", "NNS") or ctx.quote_of(tok.idx) is not None:
            continue
        cand = _nominal(ctx, tok, ctx.cues.nouns[tok.lower_])
        if cand is not None:
            found.append(cand)
    return found


def _nominal(ctx: ArticleContext, tok: Token, cue: Cue) -> Candidate | None:
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None or not _may_own(owner):
        return None
    content = _content(tok, cue)
    if content is None:
        return None
    start, end = trim(ctx.body, *content)
    if end <= start:
        return None
    return Candidate(
        start=start,
        end=end,
        cue_i=tok.i,
        cue=tok.text,
        category=cue.category,
        content="clause",
        subj_i=owner.i,
        confidence=pass_confidence("syntactic"),
    )


def _may_own(owner: Token) -> bool:
    if owner.lower_ in POSSESSIVE_PRONOUNS:
        return True
    return owner.pos_ != "PRON" and is_speaker_like(owner)


def _content(tok: Token, cue: Cue) -> tuple[int, int] | None:
    """The that-clause or to-infinitive the noun governs; 'for X' after a call or demand."""
    for child in tok.children:
        if child.i < tok.i or child.dep_ not in ("acl", "relcl", "prep"):
            continue
        if child.dep_ == "prep":
            if cue.content == "both" and child.lower_ == "for":
                return child.idx + len(child.text) + 1, tok_end(child.right_edge)
            continue
        marks = {c.lower_ for c in child.children if c.dep_ in ("mark", "aux") and c.i < child.i}
        if "that" in marks or "to" in marks:
            first = child.left_edge
            if first.lower_ == "that":
                first = first.doc[first.i + 1]
            return first.idx, tok_end(child.right_edge)
    return None
