"""Pass 2: reported speech. A cue verb with a clause or object content ("said that ...",
"ruled out ..."), and "according to X"; quotes inside that content make the claim
``mixed`` (overlaps.set_kinds)."""

from __future__ import annotations

from spacy.tokens import Token

from claims.nlp.candidates import Candidate, pass_confidence, tok_end
from claims.nlp.context import ArticleContext
from claims.nlp.cues import Cue, cue_for, cue_text
from claims.nlp.syntax import (
    WH_WORDS,
    described_group,
    is_negated,
    is_speaker_like,
    speaker_for,
)
from claims.nlp.textspans import tokens_with_lower, trim
from claims.nlp.wordlists import SPEAKER_NOUNS

OBJECT_DEPS = frozenset({"dobj", "prep", "xcomp", "oprd", "ccomp", "attr", "dative", "acomp"})
TRAILING_DEPS = frozenset({"advcl", "npadvmod", "advmod"})
COMPLEMENT_DEPS = frozenset({"oprd", "xcomp", "ccomp", "attr"})
MIN_ACCORDING_TO_CHARS = 8
TOPIC_PREPS = frozenset({"about", "on", "of", "over"})
Span = tuple[int, int]


def reported_pass(ctx: ArticleContext, taken_cues: frozenset[int]) -> list[Candidate]:
    """Reported-speech claims for every cue the quote pass did not take."""
    found: list[Candidate] = []
    for i in tokens_with_lower(ctx.doc, set(ctx.cues.by_form) | {"according"}):
        if i in taken_cues:
            continue
        tok = ctx.doc[i]
        if tok.lower_ == "according" and tok.i + 1 < len(ctx.doc):
            cand = according_to(ctx, tok)
        else:
            cand = _reported(ctx, tok)
        if cand is not None:
            found.append(cand)
    return found


def _reported(ctx: ArticleContext, tok: Token) -> Candidate | None:
    cue = ctx.cue(tok)
    if cue is None or is_negated(tok) or _reduced_passive(tok):
        return None
    span = content_span(ctx, tok, cue)
    if span is None:
        return None
    subj, how = speaker_for(tok, ctx.cues)
    if subj is None:
        return None
    explicit = how == "cue_subject"
    return Candidate(
        start=span[0],
        end=span[1],
        cue_i=tok.i,
        cue=cue_text(tok, cue),
        category=cue.category,
        content=cue.content if span[0] != tok.idx else "object",
        subj_i=subj.i,
        subj_how=how,
        explicit_subject=explicit,
        confidence=pass_confidence("syntactic", explicit_subject=explicit),
    )


def _reduced_passive(tok: Token) -> bool:
    """'Asked about the wall, Trump said ...': a bare past participle reports what was
    said to its subject, who is not the one speaking."""
    if tok.tag_ != "VBN" or tok.dep_ not in ("advcl", "ROOT"):
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children)


# ---------------------------------------------------------------------- content
def content_span(ctx: ArticleContext, tok: Token, cue: Cue) -> Span | None:
    """What the cue reports: its clause, the clause it interrupts, or its object."""
    if cue.content in ("clause", "both"):
        ccomp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if ccomp is None:
            ccomp = that_clause_after_prep(tok) or clause_read_as_object(tok)
        if ccomp is not None:
            return _clause_span(ctx, tok, cue, ccomp)
        if _as_marked(tok):
            return _as_content(ctx, tok)
        if cue.content == "clause":
            return _parenthetical(ctx, tok) or _after_comma(ctx, tok)
    return object_span(ctx, tok, cue)


def _clause_span(ctx: ArticleContext, tok: Token, cue: Cue, ccomp: Token) -> Span | None:
    left = ccomp.left_edge
    if left.lower_ in WH_WORDS and cue.lemma in ctx.cues.no_wh_content:
        return None
    if left.lower_ == "that" and left.dep_ == "mark":
        left = ctx.doc[left.i + 1] if left.i + 1 < len(ctx.doc) else left
    if ccomp.i > tok.i:
        _, s_end = ctx.sent_bounds(left.idx)
        end = max(s_end, tok_end(ccomp.right_edge))
        return trim(ctx.body, left.idx, min(end, _outer_report_start(ctx, tok)))
    # The parser sometimes runs a clause into the previous sentence: clamp to ours.
    s_start, _ = ctx.sent_bounds(tok.idx)
    return trim(ctx.body, max(left.idx, s_start), tok_end(ccomp.right_edge))


def _outer_report_start(ctx: ArticleContext, tok: Token) -> int:
    """'He said he had not seen it, and when asked, he said, "I hope not."': the parser
    may make the first report the content of a second one later in the sentence; the
    first one's content ends where the second attribution starts."""
    head = tok.head
    if tok.dep_ != "ccomp" or head.i < tok.i or ctx.cue(head) is None:
        return len(ctx.body)
    subjects = [c for c in head.children if c.dep_ == "nsubj" and c.i > tok.i]
    return min((c.left_edge.idx for c in subjects), default=head.idx)


def _as_marked(tok: Token) -> bool:
    """'As X pointed out, ...' / '..., as X noted': the cue hangs on the clause it reports."""
    return tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" and c.i < tok.i for c in tok.children
    )


def _as_content(ctx: ArticleContext, tok: Token) -> Span | None:
    """The rest of the sentence, without the 'as X noted' clause."""
    s_start, s_end = ctx.sent_bounds(tok.idx)
    left, right = tok.left_edge.idx, tok_end(tok.right_edge)
    if tok.i < tok.head.i:
        return trim(ctx.body, max(s_start, right), s_end)
    return trim(ctx.body, s_start, max(s_start, left))


def _parenthetical(ctx: ArticleContext, tok: Token) -> Span | None:
    """'It is possible, he said, that ...': the cue interrupts its content; 'The plant is
    hanging on, the company's chief said': it follows it (the parser may hang such a cue
    on the content's verb as a conjunct or a clause)."""
    if tok.head.i == tok.i:
        return None
    if tok.dep_ != "parataxis" and not _trailing_attribution(tok):
        return None
    head = tok.head
    s_start, s_end = ctx.sent_bounds(head.idx)
    return trim(ctx.body, max(s_start, head.left_edge.idx), s_end)


def _trailing_attribution(tok: Token) -> bool:
    """'..., a spokeswoman said on Saturday': a cue after its content's verb, with a
    subject of its own set off from the content by a comma."""
    if tok.dep_ not in ("conj", "ccomp") or tok.head.i > tok.i:
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if subj is None or subj.left_edge.i == 0:
        return False
    return tok.doc[subj.left_edge.i - 1].text == ","


def _after_comma(ctx: ArticleContext, tok: Token) -> Span | None:
    """Two forms where a comma, not the parse, marks the content. 'In both cases, Eric
    Trump said, those donations paid for ...': a cue with its subject before it and a comma
    after it reports the rest of the sentence, even when the parser read that as an object.
    '..., said the company's chief executive, John Ferriola.': a cue after a comma with its
    subject after it reports what came before the comma."""
    doc = ctx.doc
    if tok.i == 0 or tok.i + 1 >= len(doc):
        return None
    s_start, s_end = ctx.sent_bounds(tok.idx)
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if doc[tok.i - 1].text == "," and subjects and subjects[0].i > tok.i:
        if doc[tok.i - 1].idx - s_start < MIN_ACCORDING_TO_CHARS:
            return None
        return trim(ctx.body, s_start, doc[tok.i - 1].idx)
    if doc[tok.i + 1].text == "," and subjects and subjects[0].i < tok.i and tok.dep_ == "ROOT":
        start = tok_end(doc[tok.i + 1])
        if s_end - start < MIN_ACCORDING_TO_CHARS:
            return None
        return trim(ctx.body, start, s_end)
    return None


def object_span(ctx: ArticleContext, tok: Token, cue: Cue) -> Span | None:
    """'ruled out X', 'described X as Y', 'called for X to ...': the cue's object."""
    if not _said_already(tok) or _no_object(tok) or _inside_report(ctx, tok):
        return None
    after = [c for c in tok.children if c.i > tok.i]
    # "called for the number of arrivals to be capped": "for ... to" read as a clause.
    for_to = [c for c in after if c.dep_ == "advcl" and _for_mark(c)]
    kids = [c for c in after if c.dep_ in OBJECT_DEPS] + for_to
    if not kids or not _object_fits(cue, kids, call_for=bool(for_to)):
        return None
    # Purpose and manner clauses belong to what was said; another cue does not.
    kids += [c for c in after if c.dep_ in TRAILING_DEPS and cue_for(c, ctx.cues) is None]
    # "expressed no willingness, with X clarifying that ...": X's report is not this one's.
    kids = [c for c in kids if c.dep_ != "prep" or not _holds_cue(ctx, c)]
    if not kids:
        return None
    end = max(tok_end(c.right_edge) for c in kids)
    return trim(ctx.body, verb_phrase_start(tok), end)


def _inside_report(ctx: ArticleContext, tok: Token) -> bool:
    """'X said she had discussed several options': the discussing is part of what X said,
    one claim, not a second one inside it."""
    return tok.dep_ == "ccomp" and ctx.cue(tok.head) is not None


def _no_object(tok: Token) -> bool:
    """'expressed no willingness': the object says nothing was said; 'what he called
    homegrown terrorism': the writer's phrase, named after someone, is no claim of theirs."""
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if any(o.tag_ in ("WP", "WDT") for o in objects) or _fronted_relative(tok):
        return True
    return any(d.dep_ == "det" and d.lower_ == "no" for o in objects for d in o.children)


def _fronted_relative(tok: Token) -> bool:
    """'the hotels, which the government has promised to close': what was promised is the
    noun the relative clause hangs on, not anything the clause says."""
    if tok.dep_ != "relcl":
        return False
    return any(t.tag_ in ("WP", "WDT") and t.dep_ == "dobj" and t.i < tok.i for t in tok.subtree)


def _holds_cue(ctx: ArticleContext, phrase: Token) -> bool:
    return any(t.i != phrase.i and ctx.cue(t) is not None for t in phrase.subtree)


def _said_already(tok: Token) -> bool:
    """'demanded safeguards', 'has expressed concern', ', urging ...' report a statement;
    'plans to ask', 'would be speaking about', 'a plan proposed in May' an intention or a
    thing, not what someone said."""
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.lower_ == "to" for a in aux):
        return False
    if tok.tag_ == "VB":
        return False
    return tok.tag_ != "VBN" or bool(aux)


def _object_fits(cue: Cue, kids: list[Token], *, call_for: bool) -> bool:
    """'described X as Y' needs its 'as'; 'called X a Y' its complement (or 'for');
    'spoke about X' its topic."""
    if cue.needs == "as":
        return "as" in {t.lower_ for c in kids for t in c.subtree}
    if cue.needs == "topic":
        # "spoke about the wall", "talked of a deal": "spoke to reporters" says nothing yet.
        return any(_topic(c) for c in kids)
    if cue.needs == "complement":
        deps = {c.dep_ for c in kids}
        call_for = call_for or any(c.dep_ == "prep" and c.lower_ == "for" for c in kids)
        return bool(deps & COMPLEMENT_DEPS) or call_for
    return True


def _topic(prep: Token) -> bool:
    """'about the wall', 'on immigration' (not 'on Monday'): what the talk was about."""
    if prep.dep_ != "prep" or prep.lower_ not in TOPIC_PREPS:
        return False
    return not any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _for_mark(tok: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "for" and c.i < tok.i for c in tok.children)


def clause_read_as_object(tok: Token) -> Token | None:
    """'told Reuters the proposal would "outsource responsibility"': the parser took the
    clause's subject for a second object and its verb for a modifier of it. The noun is
    the clause when its verb has a modal or a tense and no relative pronoun."""
    objects = [c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "dative")]
    if len(objects) < 2:
        return None
    noun = objects[-1]
    verbs = [v for v in noun.children if v.dep_ in ("acl", "relcl") and v.i > noun.i]
    for verb in verbs:
        if _relative(verb):
            return None  # "the plan that would ...": a relative clause, the object stays
        if _finite(verb):
            return noun
    return None


def _relative(verb: Token) -> bool:
    return any(c.tag_ in ("WDT", "WP", "IN") and c.i < verb.i for c in verb.children)


def _finite(verb: Token) -> bool:
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    return modal or verb.tag_ in ("VBD", "VBZ", "VBP")


def that_clause_after_prep(tok: Token) -> Token | None:
    """'said in a statement that ...', 'told reporters on Monday that ...': the parser may
    hang the that-clause on the preceding noun; it is still what was said."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.i > tok.i]
    pobjs = [p for prep in preps for p in prep.children if p.dep_ == "pobj"]
    clauses = [c for pobj in pobjs for c in pobj.children if c.dep_ in ("acl", "relcl")]
    return next((c for c in clauses if _marked_that(c)), None)


def _marked_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def verb_phrase_start(tok: Token) -> int:
    """'has publicly rejected ...': the verb with its auxiliaries and adverbs, no subject."""
    subject_end = max(
        (c.right_edge.i for c in tok.children if c.dep_.startswith("nsubj")), default=-1
    )
    first = tok
    for child in tok.children:
        before = subject_end < child.i < first.i
        if before and child.dep_ in ("aux", "auxpass", "neg", "advmod"):
            first = child
    return first.idx


# ---------------------------------------------------------------------- according to
def according_to(ctx: ArticleContext, tok: Token) -> Candidate | None:
    """'According to X, ...' / '..., according to X.': the rest of the sentence is X's."""
    if ctx.doc[tok.i + 1].lower_ != "to" or ctx.quote_of(tok.idx) is not None:
        return None
    source = _according_source(ctx, tok)
    if source is None:
        return None
    start, end = _according_content(ctx, tok, source)
    if end - start < MIN_ACCORDING_TO_CHARS:
        return None
    return Candidate(
        start=start,
        end=end,
        cue_i=tok.i,
        cue="according to",
        category="neutral",
        subj_i=source.i,
        subj_how="according_to",
        method="according_to",
        confidence=pass_confidence("according_to"),
    )


def _according_source(ctx: ArticleContext, tok: Token) -> Token | None:
    pobj = _pobj(ctx.doc[tok.i + 1]) or _pobj(tok)
    if pobj is None:
        return None
    # "according to the ministry / the president's office": an institution speaks;
    # "according to the report / the plan" is a document, left to the source rule;
    # "according to American military officials": a group the text places.
    institution = pobj.lower_ in SPEAKER_NOUNS and pobj.tag_ == "NN"
    group = pobj.tag_ == "NNS" and is_speaker_like(pobj) and described_group(pobj)
    if not (institution or group) and not any(t.pos_ == "PROPN" for t in pobj.subtree):
        return None
    if is_speaker_like(pobj):
        return pobj
    # "according to a statement from the Home Office"; "according to a new Quinnipiac
    # poll", "according to FEC filings": a document its maker's name is part of.
    return source_of(pobj) or _named_document(pobj)


def _named_document(noun: Token) -> Token | None:
    makers = [c for c in noun.children if c.i < noun.i and c.dep_ in ("compound", "poss", "nmod")]
    return noun if any(t.pos_ == "PROPN" for m in makers for t in m.subtree) else None


def _pobj(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "pobj"), None)


def _according_content(ctx: ArticleContext, tok: Token, source: Token) -> Span:
    phrase_start = tok.idx
    phrase_end = tok_end(source.right_edge)
    comma = ctx.body.find(",", tok_end(source), phrase_end)
    if comma != -1:
        phrase_end = comma  # "According to X, A, B and C are ...": the list is content
    s_start, s_end = ctx.sent_bounds(tok.idx)
    if phrase_start <= s_start + 1:
        return trim(ctx.body, phrase_end, s_end)
    if phrase_end >= s_end - 2 or ctx.body[phrase_end:s_end].strip() in (".", ""):
        return trim(ctx.body, s_start, phrase_start)
    return trim(ctx.body, s_start, s_end)


def source_of(noun: Token) -> Token | None:
    """The speaker behind a document: 'a statement from/by/of X'."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and is_speaker_like(pobj):
                    return pobj
    return None
