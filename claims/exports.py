"""Rows for exporting claims, shared by the export command and the evaluator."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from claims.models import Appearance, Country, SpeakerAlias

CLAIM_FIELDS = [
    "article",
    "speaker",
    "speaker_aliases",
    "speaker_mention",
    "speaker_country",
    "text",
    "kind",
    "start",
    "end",
    "stance",
    "countries",
    "date",
    "statement_id",
    "review",
]


def claim_rows(appearances=None) -> Iterator[dict]:
    """One dict per appearance of a visible statement; offsets index the raw file's text."""
    qs = appearances if appearances is not None else Appearance.objects.all()
    qs = (
        qs.exclude(statement__review="rejected")
        .select_related("article", "statement__speaker", "statement__speaker_country")
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
            "speaker": st.speaker.name,
            "speaker_aliases": sorted(a.alias for a in st.speaker.aliases.all()),
            "speaker_mention": app.mention,
            "speaker_country": st.speaker_country.name if st.speaker_country else None,
            # A person's correction is what the statement says now.
            "text": st.text if st.review == "corrected" else app.text,
            "kind": st.kind,
            "start": app.raw_start,
            "end": app.raw_end,
            "stance": st.stance,
            "countries": [c.name for c in st.countries.all()],
            "date": st.date_said.isoformat() if st.date_said else None,
            "statement_id": st.pk,
            "review": st.review,
        }
