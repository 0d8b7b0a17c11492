"""The frozen article context every claim pass reads: the parse, the body, the paired quote
marks, paragraph and token lookups and the cue lexicon. Passes are functions of it that
return records; none of them keeps state between articles or writes to it."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claims.nlp.cues import Cue, CueLexicon, cue_for
from claims.nlp.quotes import Quotes, QuoteSpan, find_quotes, paragraphs
from claims.nlp.textspans import Paragraphs, TokenIndex, sentence_end, sentence_start

# What may stand before an opening quote that starts a sentence of its own.
_SENTENCE_BEFORE_QUOTE = ".!?:”\"’'"


@dataclass(frozen=True)
class ArticleContext:
    doc: Doc
    body: str  # doc.text, read once: Doc.text rebuilds the string on every access
    quotes: Quotes
    paras: Paragraphs
    toks: TokenIndex
    cues: CueLexicon

    @classmethod
    def of(cls, doc: Doc, cues: CueLexicon, *, text: str | None = None) -> ArticleContext:
        body = doc.text if text is None else text
        return cls(
            doc=doc,
            body=body,
            quotes=Quotes(find_quotes(body)),
            paras=Paragraphs(paragraphs(body)),
            toks=TokenIndex(doc),
            cues=cues,
        )

    def quote_of(self, pos: int) -> int | None:
        """Index of the quote whose marks hold ``pos``."""
        return self.quotes.index_at(pos)

    def cue(self, tok: Token) -> Cue | None:
        """The reporting cue ``tok`` is, outside quotes (a cue inside a quote is quoted)."""
        if self.quote_of(tok.idx) is not None:
            return None
        return cue_for(tok, self.cues)

    def sent_bounds(self, pos: int) -> tuple[int, int]:
        p_start, p_end = self.paras.bounds(pos)
        s = sentence_start(self.body, pos, p_start, self.quotes)
        return s, sentence_end(self.body, pos, p_end, self.quotes)

    def starts_sentence(self, q: QuoteSpan) -> bool:
        p_start, _ = self.paras.bounds(q.open_at)
        before = self.body[p_start : q.open_at].rstrip()
        return not before or before[-1] in _SENTENCE_BEFORE_QUOTE or before.endswith("--")
