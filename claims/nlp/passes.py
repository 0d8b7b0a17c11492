"""The claim-finding passes over one parsed article.

1. quote pass: paired quote marks with an adjacent attribution ("...," she said /
   X said: "..." / "...," he said, "..." / a colon and the quote in the next paragraph);
2. reported-speech pass: cue verbs with a clause or object content, "according to X";
   quotes inside that content make the claim ``mixed``;
3. leftovers (leftovers.py): a quote after an attributed one continues it (bounded), a
   long quote takes the subject of its sentence's verb, anything else is a scare quote.
Each candidate records the pass that found it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claims.nlp.candidates import Candidate, overlaps, tok_end, words
from claims.nlp.cues import Cue, CueLexicon, cue_for, cue_text
from claims.nlp.leftovers import leftover_pass
from claims.nlp.quotes import QuoteSpan
from claims.nlp.syntax import (
    SPEAKER_NOUNS,
    WH_WORDS,
    inherited_subject,
    is_negated,
    is_speaker_like,
    subject_of,
)
from claims.nlp.textspans import (
    Paragraphs,
    TokenIndex,
    sentence_end,
    sentence_start,
    tokens_with_lower,
    trim,
)

OBJECT_DEPS = frozenset({"dobj", "prep", "xcomp", "oprd", "ccomp", "attr", "dative", "acomp"})
TRAILING_DEPS = frozenset({"advcl", "npadvmod", "advmod"})
COMPLEMENT_DEPS = frozenset({"oprd", "xcomp", "ccomp", "attr"})
# '"...," the group's head of operations, Johanna Reiss, told ...': appositive speakers
# put the cue a dozen words after the quote.
MAX_ATTRIBUTION_WORDS = 12
FOR_CUE = Cue(lemma="for", category="neutral", content="clause")


class ArticlePasses:
    """Runs the passes over one Doc; ``run()`` returns candidates in text order."""

    def __init__(
        self,
        doc: Doc,
        quotes: list[QuoteSpan],
        paras: Paragraphs,
        cues: CueLexicon,
        *,
        text: str | None = None,
    ):
        self.doc, self.quotes, self.paras = doc, quotes, paras
        self.body = doc.text if text is None else text
        self.cues = cues
        self.toks = TokenIndex(doc)
        self.used_cues: set[int] = set()
        self.used_quotes: set[int] = set()
        self.cands: list[Candidate] = []

    # ------------------------------------------------------------------ helpers
    def _cue(self, tok: Token) -> Cue | None:
        if self.quote_of(tok.idx) is not None:
            return None
        return cue_for(tok, self.cues)

    def quote_of(self, pos: int) -> int | None:
        for qi, q in enumerate(self.quotes):
            if q.open_at <= pos < q.close_end:
                return qi
            if q.open_at > pos:
                break
        return None

    def _speaker_for(self, tok: Token) -> tuple[Token | None, str]:
        if _requested_of_another(tok):
            return None, ""
        subj = subject_of(tok)
        if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == tok.i:
            # "X was criticised by Y": the one spoken of is no speaker; the agent is.
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if pobj is not None and is_speaker_like(pobj):
                return pobj, "cue_subject"
            return None, ""
        if subj is not None:
            return (subj, "cue_subject") if is_speaker_like(subj) else (None, "")
        inh = inherited_subject(tok)
        if inh is None:
            return None, ""
        verb = inh.head
        outer = cue_for(verb.head, self.cues) if verb.dep_ == "ccomp" else None
        if outer is not None and verb.i < tok.i:
            # The participle hangs on a verb inside what someone else reported ("X said
            # Warsaw would seek an exemption, citing ..."): a reason given ("citing",
            # "describing") is part of that report; a new statement ("adding", "saying")
            # is the reporter's.
            own = cue_for(tok, self.cues)
            if own is None or own.content == "object":
                return None, ""
            reporter = subject_of(verb.head)
            if reporter is None or not is_speaker_like(reporter):
                return None, ""
            return reporter, "participle"
        return inh, "participle"

    def sent_bounds(self, pos: int) -> tuple[int, int]:
        p_start, p_end = self.paras.bounds(pos)
        s = sentence_start(self.body, pos, p_start, self.quotes)
        return s, sentence_end(self.body, pos, p_end, self.quotes)

    # ------------------------------------------------------------------ pass 1
    def quote_pass(self) -> None:
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes:
                continue
            found = self._attribution_after(qi) or self._attribution_before(qi)
            if found is None:
                continue
            cue_tok, cue, subj, how = found
            end_q = self._merge_following(qi, cue_tok)
            start, end = trim(self.body, q.start, self.quotes[end_q].end)
            self.used_cues.add(cue_tok.i)
            self.used_quotes.update(range(qi, end_q + 1))
            self.cands.append(
                Candidate(
                    start,
                    end,
                    "direct",
                    cue_tok.i,
                    cue_text(cue_tok, cue),
                    cue.category,
                    cue.content,
                    subj.i,
                    how,
                    "quote",
                    0.9 if how == "cue_subject" else 0.8,
                )
            )

    def starts_sentence(self, q: QuoteSpan) -> bool:
        p_start, _ = self.paras.bounds(q.open_at)
        before = self.body[p_start : q.open_at].rstrip()
        return not before or before[-1] in ".!?:”\"’'" or before.endswith("--")

    def _attribution_after(self, qi: int):
        q = self.quotes[qi]
        if not self.starts_sentence(q):
            return None
        _, p_end = self.paras.bounds(q.open_at)
        tail = self.body[q.close_end : p_end]
        if tail[:1].isalnum():
            return None
        window_end = min(p_end, q.close_end + 120)
        nxt = self._next_quote_open(qi, p_end)
        if nxt is not None:
            window_end = min(window_end, nxt)
        count = 0
        for ti in self.toks.between(q.close_end, window_end):
            tok = self.doc[ti]
            if tok.is_space or tok.is_punct:
                if tok.text in ".!?" and count:
                    break
                continue
            count += 1
            if count > MAX_ATTRIBUTION_WORDS:
                break
            cue = self._cue(tok)
            if cue is None or cue.content == "object" or is_negated(tok):
                continue
            subj, how = self._speaker_for(tok)
            if subj is None:
                subj, how = _inverted_subject(tok), "cue_subject"
            if subj is not None and subj.idx > q.open_at:
                return tok, cue, subj, how
        return None

    def _next_quote_open(self, qi: int, limit: int) -> int | None:
        if qi + 1 < len(self.quotes) and self.quotes[qi + 1].open_at < limit:
            return self.quotes[qi + 1].open_at
        return None

    def _attribution_before(self, qi: int):
        q = self.quotes[qi]
        p_start, _ = self.paras.bounds(q.open_at)
        lead = self.body[p_start : q.open_at].rstrip()
        if not lead and q.paragraphs >= 1:
            prev = self.paras.index(q.open_at) - 1
            if prev < 0:
                return None
            p_start, p_end = self.paras.spans[prev]
            lead = self.body[p_start:p_end].rstrip()
            if not lead.endswith(":"):
                return None
            anchor = p_start + len(lead) - 1
        else:
            if not lead or lead[-1] not in ":,":
                return None
            anchor = p_start + len(lead) - 1
        s_start = sentence_start(self.body, anchor, p_start, self.quotes)
        window = self.toks.between(s_start, anchor + 1)
        for_x = self._for_speaker(window)
        if for_x is not None:
            return for_x
        for ti in reversed(window):
            tok = self.doc[ti]
            if self.quote_of(tok.idx) is not None:
                continue
            cue = self._cue(tok)
            if cue is None or cue.content == "object" or is_negated(tok):
                continue
            clause_first = any(
                c.dep_ == "ccomp" and c.idx < q.open_at and c.i > tok.i for c in tok.children
            )
            if clause_first and not self._ccomp_is_quote(tok, q):
                continue
            subj, how = self._speaker_for(tok)
            if subj is not None:
                return tok, cue, subj, how
            return None
        return None

    def _for_speaker(self, window: range):
        """'For Prime Minister X, on the contrary, "..."': a view framed as X's."""
        if not window:
            return None
        first = self.doc[window[0]]
        if first.lower_ not in ("for", "to") or first.dep_ != "prep":
            return None
        pobj = next((c for c in first.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ != "PERSON" or not is_speaker_like(pobj):
            return None
        if any(cue_for(self.doc[t], self.cues) for t in window):
            return None
        return first, FOR_CUE, pobj, "for"

    def _ccomp_is_quote(self, tok: Token, q: QuoteSpan) -> bool:
        return all(c.idx >= q.open_at for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i)

    def _merge_following(self, qi: int, cue_tok: Token) -> int:
        """'"...," he said, "..."': one claim across both parts of an interrupted quote."""
        q = self.quotes[qi]
        if qi + 1 >= len(self.quotes) or cue_tok.idx < q.close_end:
            return qi
        nxt = self.quotes[qi + 1]
        _, p_end = self.paras.bounds(q.open_at)
        if nxt.open_at >= p_end:
            return qi
        between = self.body[q.close_end : nxt.open_at]
        if any(m in between for m in '"“”‘’'):
            return qi
        comma = between.rstrip().endswith(",") and len(between) <= 80
        if not comma and not (len(between) <= 160 and self._split_sentence(q, between)):
            return qi
        others = [
            t
            for t in self.toks.between(q.close_end, nxt.open_at)
            if t != cue_tok.i and cue_for(self.doc[t], self.cues)
        ]
        return qi if others else qi + 1

    def _split_sentence(self, q: QuoteSpan, between: str) -> bool:
        """'"A," she said. "B."': the wire's split quote, one speaker and one statement.
        The attribution between is a sentence of its own, the quote before it ends with a
        comma (or ? !) inside the marks, and nothing else is said in between."""
        inner = self.body[q.start : q.end].rstrip()
        if not inner or inner[-1] not in ",?!":
            return False
        text = between.strip()
        return text.endswith(".") and not re.search(r"[.!?;:]", text[:-1])

    # ------------------------------------------------------------------ pass 2
    def reported_pass(self) -> None:
        words = set(self.cues.by_form) | {"according"}
        for i in tokens_with_lower(self.doc, words):
            tok = self.doc[i]
            if tok.i in self.used_cues:
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(self.doc):
                self._according_to(tok)
                continue
            cue = self._cue(tok)
            if cue is None or is_negated(tok):
                continue
            span = self._content(tok, cue)
            if span is None:
                continue
            subj, how = self._speaker_for(tok)
            if subj is None:
                continue
            start, end = span
            self.cands.append(
                Candidate(
                    start,
                    end,
                    cue_i=tok.i,
                    cue=cue_text(tok, cue),
                    category=cue.category,
                    content=cue.content if span[0] != tok.idx else "object",
                    subj_i=subj.i,
                    subj_how=how,
                    explicit_subject=how == "cue_subject",
                    confidence=0.75 if how == "cue_subject" else 0.6,
                )
            )

    def _content(self, tok: Token, cue: Cue) -> tuple[int, int] | None:
        if cue.content in ("clause", "both"):
            ccomp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if ccomp is None:
                ccomp = _that_clause_after_prep(tok) or _clause_read_as_object(tok)
            if ccomp is not None:
                return self._clause_span(tok, cue, ccomp)
            if cue.content == "clause":
                return self._parenthetical(tok)
        return self._object_span(tok, cue)

    def _clause_span(self, tok: Token, cue: Cue, ccomp: Token) -> tuple[int, int] | None:
        left = ccomp.left_edge
        if left.lower_ in WH_WORDS and cue.lemma in self.cues.no_wh_content:
            return None
        if left.lower_ == "that" and left.dep_ == "mark":
            left = self.doc[left.i + 1] if left.i + 1 < len(self.doc) else left
        if ccomp.i > tok.i:
            _, s_end = self.sent_bounds(left.idx)
            return trim(self.body, left.idx, max(s_end, tok_end(ccomp.right_edge)))
        # The parser sometimes runs a clause into the previous sentence: clamp to ours.
        s_start, _ = self.sent_bounds(tok.idx)
        return trim(self.body, max(left.idx, s_start), tok_end(ccomp.right_edge))

    def _parenthetical(self, tok: Token) -> tuple[int, int] | None:
        """'It is possible, he said, that ...': the cue interrupts its content."""
        if tok.dep_ not in ("parataxis",) or tok.head.i == tok.i:
            return None
        head = tok.head
        s_start, s_end = self.sent_bounds(head.idx)
        return trim(self.body, max(s_start, head.left_edge.idx), s_end)

    def _object_span(self, tok: Token, cue: Cue) -> tuple[int, int] | None:
        kids = [c for c in tok.children if c.i > tok.i and c.dep_ in OBJECT_DEPS]
        # "called for the number of arrivals to be capped": "for ... to" read as a clause.
        for_to = [c for c in tok.children if c.i > tok.i and c.dep_ == "advcl" and _for_mark(c)]
        kids += for_to
        if not kids:
            return None
        deps = {c.dep_ for c in kids}
        words = {t.lower_ for c in kids for t in c.subtree}
        # Purpose and manner clauses belong to what was said; another cue does not.
        kids += [
            c
            for c in tok.children
            if c.i > tok.i and c.dep_ in TRAILING_DEPS and cue_for(c, self.cues) is None
        ]
        if cue.needs == "as" and "as" not in words:
            return None
        call_for = bool(for_to) or any(c.dep_ == "prep" and c.lower_ == "for" for c in kids)
        if cue.needs == "complement" and not (deps & COMPLEMENT_DEPS) and not call_for:
            return None
        end = max(tok_end(c.right_edge) for c in kids)
        return trim(self.body, _verb_phrase_start(tok), end)

    def _according_to(self, tok: Token) -> None:
        to = self.doc[tok.i + 1]
        if to.lower_ != "to" or self.quote_of(tok.idx) is not None:
            return
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return
        # "according to the ministry / the president's office": an institution speaks;
        # "according to the report / the plan" is a document, left to the source rule.
        institution = pobj.lower_ in SPEAKER_NOUNS and pobj.tag_ == "NN"
        if not institution and not any(t.pos_ == "PROPN" for t in pobj.subtree):
            return
        if not is_speaker_like(pobj):
            pobj = _source_of(pobj)  # "according to a statement from the Home Office"
            if pobj is None:
                return
        phrase_start = tok.idx
        phrase_end = tok_end(pobj.right_edge)
        comma = self.body.find(",", tok_end(pobj), phrase_end)
        if comma != -1:
            phrase_end = comma  # "According to X, A, B and C are ...": the list is content
        s_start, s_end = self.sent_bounds(tok.idx)
        if phrase_start <= s_start + 1:
            start, end = trim(self.body, phrase_end, s_end)
        elif phrase_end >= s_end - 2 or self.body[phrase_end:s_end].strip() in (".", ""):
            start, end = trim(self.body, s_start, phrase_start)
        else:
            start, end = trim(self.body, s_start, s_end)
        if end - start < 8:
            return
        self.cands.append(
            Candidate(
                start,
                end,
                cue_i=tok.i,
                cue="according to",
                category="neutral",
                subj_i=pobj.i,
                subj_how="according_to",
                method="according_to",
                confidence=0.75,
            )
        )

    # ------------------------------------------------------------------ pass 3
    # ------------------------------------------------------------------ assembly
    def run(self) -> list[Candidate]:
        self.quote_pass()
        self.reported_pass()
        self._resolveoverlaps()
        self._set_kinds()
        self.cands.sort(key=lambda c: c.start)
        leftover_pass(self)
        self.cands.sort(key=lambda c: c.start)
        return self.cands

    def _resolveoverlaps(self) -> None:
        direct = [c for c in self.cands if c.method == "quote"]
        # The quote pass already has these words with their attribution.
        cands = [
            c for c in self.cands if c.method == "quote" or not any(overlaps(c, d) for d in direct)
        ]
        self._cut_at_following_cues(cands)
        drop: set[int] = set()
        for a in cands:
            for b in cands:
                if a is b or b.cue_i is None or id(a) in drop or id(b) in drop:
                    continue
                if not a.start <= self.doc[b.cue_i].idx < a.end:
                    continue
                reporter_last = a.cue_i is not None and self.doc[a.cue_i].idx >= a.end
                if reporter_last and a.explicit_subject and b.method != "quote":
                    drop.add(id(b))  # "A urged B to ..., X said": X's sentence, X's claim
                elif b.explicit_subject and b.subj_i is not None:
                    drop.add(id(a))  # nested: the inner speaker is the one quoted
                else:
                    drop.add(id(b))  # a participle inside a claim belongs to it
        cands = [c for c in cands if id(c) not in drop]
        self._merge_participles(cands)
        for c in cands:
            self._snap_to_quotes(c)
        self.cands = [c for c in cands if c.method != "syntactic" or words(self.body, c) >= 3]

    def _snap_to_quotes(self, c: Candidate) -> None:
        """A claim never starts or ends inside a quote: it takes the whole quote."""
        for q in self.quotes:
            if q.open_at < c.end < q.close_end - 1:
                c.end = max(c.end, q.end)
            if q.open_at < c.start < q.close_end - 1:
                c.start = min(c.start, q.start)
        c.start, c.end = trim(self.body, c.start, c.end)

    def _cut_at_following_cues(self, cands: list[Candidate]) -> None:
        """A clause claim runs to the end of its sentence unless another cue starts first."""
        for c in cands:
            for other in cands:
                if other is c or other.cue_i is None:
                    continue
                first = min(self.doc[other.cue_i].idx, self._subject_start(other))
                if c.start < first < c.end:
                    c.end = trim(self.body, c.start, first)[1]
                    c.end = _strip_conjunction(self.body, c.start, c.end)

    def _subject_start(self, c: Candidate) -> int:
        if c.subj_i is None or not c.explicit_subject:
            return 10**9
        return self.doc[c.subj_i].left_edge.idx

    def _merge_participles(self, cands: list[Candidate]) -> None:
        """'ruled out X, saying Y': one claim when the head cue's content is an object."""
        for p in list(cands):
            if p.explicit_subject or p.cue_i is None:
                continue
            head = self.doc[p.cue_i].head
            host = next((c for c in cands if c.cue_i == head.i and c is not p), None)
            if host is None or host.content != "object":
                continue
            gap = self.body[host.end : self.doc[p.cue_i].idx]
            if 0 <= len(gap) <= 8 and _JOINER.fullmatch(gap):
                host.end = max(host.end, p.end)
                cands.remove(p)

    def _set_kinds(self) -> None:
        for c in self.cands:
            if c.method == "quote":
                continue
            inner = [
                (qi, q)
                for qi, q in enumerate(self.quotes)
                if c.start - 1 <= q.open_at and q.end <= c.end + 1
            ]
            if not inner:
                c.kind = "indirect"
                continue
            self.used_quotes.update(qi for qi, _ in inner)
            quoted = sum(q.end - q.start for _, q in inner)
            c.kind = "direct" if quoted >= 0.85 * (c.end - c.start) - 2 else "mixed"


def _for_mark(tok: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "for" and c.i < tok.i for c in tok.children)


def _clause_read_as_object(tok: Token) -> Token | None:
    """'told Reuters the proposal would "outsource responsibility"': the parser took the
    clause's subject for a second object and its verb for a modifier of it. The noun is
    the clause when its verb has a modal or a tense and no relative pronoun."""
    objects = [c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "dative")]
    if len(objects) < 2:
        return None
    noun = objects[-1]
    for verb in noun.children:
        if verb.dep_ not in ("acl", "relcl") or verb.i < noun.i:
            continue
        if any(c.tag_ in ("WDT", "WP", "IN") and c.i < verb.i for c in verb.children):
            return None  # "the plan that would ...": a relative clause, the object stays
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
        if modal or verb.tag_ in ("VBD", "VBZ", "VBP"):
            return noun
    return None


def _requested_of_another(tok: Token) -> bool:
    """'Cyprus asked the EU to declare ...', 'urged ministers to reject ...': the cue is
    what someone was asked to say, by another subject, and nobody has said it yet."""
    if tok.dep_ != "xcomp" or tok.tag_ != "VB":
        return False
    head = tok.head
    return any(c.dep_ in ("dobj", "dative") and c.i < tok.i for c in head.children)


def _that_clause_after_prep(tok: Token) -> Token | None:
    """'said in a statement that ...', 'told reporters on Monday that ...': the parser may
    hang the that-clause on the preceding noun; it is still what was said."""
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.i < tok.i:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            for clause in pobj.children:
                marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
                if clause.dep_ in ("acl", "relcl") and marked:
                    return clause
    return None


def _source_of(noun: Token) -> Token | None:
    """The speaker behind a document: 'a statement from/by/of X'."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and is_speaker_like(pobj):
                    return pobj
    return None


def _inverted_subject(tok: Token) -> Token | None:
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


def _verb_phrase_start(tok: Token) -> int:
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


_JOINER = re.compile(r"[\s,]*(and|but|while)?[\s,]*")
_CONJ_TAIL = re.compile(r"(,?\s*(and|but|while|as|with|adding|saying)?\s*)$")


def _strip_conjunction(body: str, start: int, end: int) -> int:
    m = _CONJ_TAIL.search(body, start, end)
    if m and m.start() > start:
        end = m.start()
    return trim(body, start, end)[1]
