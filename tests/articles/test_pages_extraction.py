"""End to end with the real spaCy model: a folder of saved pages gives the same claims, by the
same speakers, as the plain-text copies of the same articles, and none from the page chrome."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from claims.models import Appearance
from tests.articles.conftest import DATA

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def claims_of(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Ingest `folder` in a transaction rolled back afterwards, so each run starts from an
    empty registry: {article file stem: sorted [(claim text, speaker)]}."""
    found: dict[str, list[tuple[str, str]]] = {}
    with transaction.atomic():
        call_command("ingest", str(folder), "--quiet", stdout=StringIO())
        for text, speaker, name in Appearance.objects.values_list(
            "text", "statement__speaker__name", "article__name"
        ):
            # A page shows runs of spaces as one; the text file keeps them.
            found.setdefault(Path(name).stem, []).append((" ".join(text.split()), speaker))
        transaction.set_rollback(True)
    return {stem: sorted(claims) for stem, claims in found.items()}


def test_saved_pages_give_the_same_claims_and_speakers_as_their_text_copies():
    pages, texts = claims_of(DATA / "pages"), claims_of(DATA / "texts")
    assert set(pages) == {path.stem for path in (DATA / "pages").glob("*.html")}
    assert pages == texts
    assert all(pages.values()), "every article has claims to compare"
    speakers = {speaker for claims in pages.values() for _, speaker in claims}
    assert {"Rishi Sunak", "Yvette Cooper", "Paul Kagame"} <= speakers
    # The related links quote made-up people; none of it is the article's.
    assert not speakers & {"Anna Kovacs", "Tom Brandt", "Lena Morel", "Kovacs", "Brandt", "Morel"}
    texts = " ".join(text for claims in pages.values() for text, _ in claims)
    for teaser in ("intimidated", "strike goes ahead", "Prices will fall", "cookies"):
        assert teaser not in texts


def test_a_queued_page_is_extracted_and_its_claims_point_into_the_stored_text():
    from articles.ingest import Entry
    from articles.models import Article
    from claims.pipeline_runs import ingest_one

    path = DATA / "pages" / "03_skynews_sunak-rwanda-flights.html"
    report = ingest_one(Entry(path, path.name))  # what a queue worker runs for one file
    assert report.counts["new"] == 1
    article = Article.objects.get(name=path.name)
    assert article.extraction_state == Article.Extraction.EXTRACTED
    appearances = list(Appearance.objects.filter(article=article))
    assert {a.statement.speaker.name for a in appearances} >= {"Rishi Sunak"}
    for a in appearances:
        assert article.body[a.start : a.end] == a.text
        # Stored raw offsets point into the extracted text kept as raw_text (a claim across
        # two paragraphs differs there only in the line breaks between them).
        assert " ".join(article.raw_text[a.raw_start : a.raw_end].split()) == " ".join(
            a.text.split()
        )
