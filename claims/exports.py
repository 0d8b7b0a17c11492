"""Rows for exporting claims, shared by the export command and the evaluator."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import FilteredRelation, Prefetch, Q, QuerySet

from claims.models import (
    Appearance,
    Country,
    SpeakerAlias,
    Statement,
    StatementTopic,
    Topic,
    stance_on_topic,
)

CLAIM_FIELDS = [
    "article",
    "outlet",
    "speaker",
    "speaker_aliases",
    "speaker_mention",
    "speaker_kind",
    "speaker_country",
    "text",
    "kind",
    "start",
    "end",
    "topic",
    "stance",
    "countries",
    "date",
    "date_found_by",
    "statement_id",
    "review",
]


def claim_rows(
    appearances: QuerySet[Appearance] | None = None, *, topic: Topic | None = None
) -> Iterator[dict]:
    """One dict per appearance of a visible statement; offsets index the raw file's text.

    With ``topic``: only statements about that topic, each with its stance on it. Without:
    every statement, with its most relevant topic and its stance on that one.
    """
    qs = appearances if appearances is not None else Appearance.objects.all()
    qs = (
        _on_topic(qs, topic)
        .exclude(statement__review=Statement.Review.REJECTED)
        .select_related(
            "article", "statement__speaker", "statement__speaker_country", "statement__topic"
        )
        .prefetch_related(
            Prefetch("statement__countries", queryset=Country.objects.only("name")),
            Prefetch("statement__speaker__aliases", queryset=SpeakerAlias.objects.only("alias")),
        )
        .order_by("article__name", "start")
    )
    for app in qs.iterator(chunk_size=2000):
        st = app.statement
        yield {
            "article": app.article.name,
            "outlet": app.article.outlet,
            "speaker": st.speaker.name,
            "speaker_aliases": sorted(a.alias for a in st.speaker.aliases.all()),
            "speaker_mention": app.mention,
            # The statement's: a person's correction of whose voice it is lives there.
            "speaker_kind": st.speaker_kind,
            "speaker_country": st.speaker_country.name if st.speaker_country else None,
            # A person's correction is what the statement says now.
            "text": st.text if st.review == "corrected" else app.text,
            "kind": st.kind,
            "start": app.raw_start,
            "end": app.raw_end,
            "topic": topic.slug if topic else st.topic.slug,
            "stance": app.topic_stance if topic else st.stance,  # type: ignore[attr-defined]  # set by _on_topic
            "countries": [c.name for c in st.countries.all()],
            "date": st.date_said.isoformat() if st.date_said else None,
            "date_found_by": app.date_derivation if st.date_said else "undated",
            "statement_id": st.pk,
            "review": st.review,
        }


def _on_topic(qs: QuerySet[Appearance], topic: Topic | None) -> QuerySet[Appearance]:
    """Appearances of statements about ``topic``, with ``topic_stance``; all without one.
    One join through the (statement, topic) unique index: rows never repeat."""
    if topic is None:
        return qs
    return (
        qs.annotate(
            link=FilteredRelation(
                "statement__topic_links", condition=Q(statement__topic_links__topic=topic)
            )
        )
        .filter(link__relevance__gte=StatementTopic.ABOUT)
        .annotate(topic_stance=stance_on_topic(topic, "statement__", "link__"))
    )


def csv_safe(value: object) -> object:
    """Quotes come from untrusted articles: a cell starting with = + - @ would run as a
    formula in a spreadsheet, so it is prefixed with an apostrophe (OWASP's advice). One
    rule for the web export and `export_claims`."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
