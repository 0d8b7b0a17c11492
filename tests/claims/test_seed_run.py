"""End to end on the seed articles: ingest runs extraction, the scores meet the targets,
and re-running anything keeps what a person decided. Uses the real spaCy model."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from claims.exports import claim_rows
from claims.models import Appearance, Statement
from claims.scoring import load_gold, score
from claims.services import mark_corrected, reject_statement

pytestmark = pytest.mark.django_db

SEEDS = str(settings.BASE_DIR / "seeds")
GOLD = settings.BASE_DIR.parent / "shared" / "gold" / "seeds.jsonl"


def ingest_seeds() -> str:
    out = StringIO()
    call_command("ingest", SEEDS, "--quiet", stdout=out)
    return out.getvalue()


def snapshot() -> set[tuple]:
    return set(
        Appearance.objects.values_list(
            "article__name", "start", "end", "statement__speaker__name", "statement__stance"
        )
    )


@pytest.mark.skipif(not GOLD.exists(), reason="shared/gold is not beside this checkout")
def test_the_seed_run_meets_the_target_scores():
    ingest_seeds()
    result = score(claim_rows(), load_gold(GOLD))
    assert result["detection"]["f1"] >= 0.90
    assert result["attribution"]["f1"] >= 0.85
    assert result["completeness"] >= 0.80
    assert result["stance_accuracy"] >= 0.80
    assert result["speaker_country_accuracy"] >= 0.90


def test_no_claim_comes_from_site_furniture():
    ingest_seeds()
    texts = " ".join(Appearance.objects.values_list("text", flat=True))
    for furniture in ("Bruno Fernandes", "Musetti", "Your support", "Getty Images", "Tiafoe"):
        assert furniture not in texts


def test_extracting_twice_stores_nothing_new():
    ingest_seeds()
    before, count = snapshot(), Statement.objects.count()
    call_command("extract", "--all", "--quiet", stdout=StringIO())
    assert snapshot() == before
    assert Statement.objects.count() == count


def test_reingest_and_reextract_keep_corrections_and_rejections():
    ingest_seeds()
    kurti = Statement.objects.filter(text__contains="friendly and political duty").get()
    kurti.text, kurti.stance = "We consider this a friendly duty [corrected]", "open"
    kurti.save()
    mark_corrected(statement=kurti)
    rejected = Statement.objects.filter(speaker__name="Vjosa Osmani").first()
    reject_statement(statement=rejected)

    ingest_seeds()
    call_command("extract", "--all", "--quiet", stdout=StringIO())

    kurti.refresh_from_db()
    assert (kurti.text, kurti.stance, kurti.review) == (
        "We consider this a friendly duty [corrected]",
        "open",
        "corrected",
    )
    assert not Statement.objects.visible().filter(key=rejected.key).exists()
    assert Statement.objects.filter(key=kurti.key).count() == 1


def test_every_claim_offset_points_at_its_words_in_the_raw_file():
    ingest_seeds()
    for app in Appearance.objects.select_related("article"):
        assert app.article.body[app.start : app.end] == app.text
        raw = app.article.raw_text[app.raw_start : app.raw_end]
        assert " ".join(raw.split()) == " ".join(app.text.split())


def test_a_correction_survives_ingesting_a_changed_version_of_its_file(tmp_path):
    source = (settings.BASE_DIR / "seeds" / "004_c2861836d207b7fd.txt").read_text()
    path = tmp_path / "kurti.txt"
    path.write_text(source, encoding="utf-8")
    call_command("ingest", str(path), "--quiet", stdout=StringIO())
    kurti = Statement.objects.get(text__contains="friendly and political duty")
    kurti.stance = "open"
    kurti.save()
    mark_corrected(statement=kurti)

    # The outlet re-publishes with a new opening paragraph: every offset moves.
    path.write_text("Editor's note: this story was updated.\n\n" + source, encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(path), "--quiet", stdout=out)
    assert "1 updated" in out.getvalue()

    kurti.refresh_from_db()
    assert (kurti.stance, kurti.review) == ("open", "corrected")
    assert Statement.objects.filter(key=kurti.key).count() == 1
    app = kurti.appearances.get()
    assert app.article.body[app.start : app.end] == app.text
    assert "friendly and political duty" in app.text
