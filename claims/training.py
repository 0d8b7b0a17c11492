"""What people taught the stance model: every statement they verified or corrected, as a
training example on its topic (read by ``manage.py train_stance``)."""

from __future__ import annotations

import re

from claims.models import Appearance, Statement, Topic
from claims.nlp.relevance import ClaimView, article_topics
from claims.nlp.stance import shipped_lexicons
from claims.nlp.stance_model import Example
from claims.nlp.topic_stance import labelled_example, topic_set
from claims.nlp.types import TopicLexicon

# A statement a person checked counts this many times a gold line: it is this newsroom's
# own text and its own reading of the question, and there are few of them at first.
REVIEW_WEIGHT = 3.0
TAUGHT = (Statement.Review.VERIFIED, Statement.Review.CORRECTED)
_SENTENCE_END = re.compile(r"[.!?][\"'”’]*\s")
_CONTEXT_REACH = 400


def topic_lexicons() -> list[TopicLexicon]:
    """The tracked questions as stored (the default first), then any shipped one not stored."""
    stored = [t.lexicon() for t in Topic.objects.order_by("-is_primary", "slug")]
    slugs = {lex.slug for lex in stored}
    return list(topic_set(stored + [lex for lex in shipped_lexicons() if lex.slug not in slugs]))


def reviewed_examples(lexicons: list[TopicLexicon]) -> list[Example]:
    """One example per statement a person verified or corrected, labelled with its stance."""
    known = {lex.slug for lex in lexicons}
    statements = (
        Statement.objects.filter(review__in=TAUGHT, topic__slug__in=known)
        .select_related("topic", "speaker_country")
        .prefetch_related("countries")
        .order_by("id")
    )
    examples = []
    for st in statements.iterator(chunk_size=500):
        examples.append(
            labelled_example(
                _view(st, lexicons),
                topic=st.topic.slug,
                labels=(st.stance,),
                group=f"article/{st.first_article_id or f'statement-{st.pk}'}",
                lexicons=lexicons,
                weight=REVIEW_WEIGHT,
            )
        )
    return examples


def _view(st: Statement, lexicons: list[TopicLexicon]) -> ClaimView:
    app = Appearance.objects.filter(statement=st).select_related("article").order_by("id").first()
    context = sentence_around(app.article.body, app.start, app.end) if app else st.text
    return ClaimView(
        text=st.text,
        context=context,
        cue_category=(app.cue_category if app else "") or "neutral",
        speaker_country=st.speaker_country.name if st.speaker_country else None,
        # Speaker kinds come with the "speakers" work; statements before it have none.
        speaker_kind=getattr(st, "speaker_kind", "") or "other",
        countries=tuple(c.name for c in st.countries.all()),
        article_topics=article_topics(app.article.body, lexicons) if app else (),
    )


def sentence_around(body: str, start: int, end: int) -> str:
    """The claim's sentence(s) within its paragraph, as extraction gives the judge."""
    p_start = body.rfind("\n", 0, start) + 1
    p_end = body.find("\n", end)
    p_end = len(body) if p_end < 0 else p_end
    before = body[max(p_start, start - _CONTEXT_REACH) : start]
    ends = list(_SENTENCE_END.finditer(before))
    s_start = start - len(before) + (ends[-1].end() if ends else 0)
    after = _SENTENCE_END.search(body, end, p_end)
    return body[s_start : after.end() if after else p_end].strip()
