import pytest
from django.core.management import call_command

from articles.models import Article
from claims.models import Appearance, Speaker, Statement
from tests import factories

pytestmark = pytest.mark.django_db


def seed(n: int, *args: str) -> None:
    call_command("seed_synthetic", "--statements", str(n), "--speakers", "50", *args)


def test_seeding_creates_exactly_n_synthetic_statements_with_their_articles():
    seed(120, "--seed", "1")
    statements = Statement.objects.all()
    assert statements.count() == 120
    assert not statements.filter(is_synthetic=False).exists()
    assert Appearance.objects.count() == 120
    articles = Article.objects.filter(is_synthetic=True)
    assert 4 <= articles.count() <= 12  # about 20 statements each
    assert Speaker.objects.filter(is_synthetic=True).count() == 50


def test_synthetic_rows_are_complete_and_searchable():
    seed(60, "--seed", "2")
    statement = Statement.objects.select_related("first_article").first()
    appearance = statement.appearances.get()
    article = appearance.article
    assert article.body[appearance.start : appearance.end] == statement.text
    assert len(statement.key) == 64 and statement.topic_id
    assert Statement.objects.exclude(stance="neutral").exists()
    assert Statement.objects.filter(countries__isnull=False).exists()
    assert Statement.objects.search("asylum").exists() or Statement.objects.search("hub").exists()


def test_seeding_twice_adds_to_the_corpus_and_reuses_the_speakers():
    seed(30)
    seed(30)
    assert Statement.objects.count() == 60
    assert Speaker.objects.filter(is_synthetic=True).count() == 50


def test_clear_removes_only_synthetic_rows():
    real_speaker = factories.speaker("Vjosa Osmani")
    real_article = factories.article("Osmani said Kosovo wants to help.")
    real = factories.statement(
        speaker=real_speaker, text="Kosovo wants to help", article=real_article
    )
    seed(80)

    call_command("seed_synthetic", "--clear")

    assert list(Statement.objects.all()) == [real]
    assert list(Article.objects.all()) == [real_article]
    assert list(Speaker.objects.all()) == [real_speaker]
    assert Appearance.objects.filter(statement=real).count() == 1


def test_clear_keeps_a_synthetic_speaker_a_real_statement_points_at():
    seed(20)
    adopted = Speaker.objects.filter(is_synthetic=True).first()
    real = factories.statement(speaker=adopted)
    call_command("seed_synthetic", "--clear")
    assert Statement.objects.get() == real
    assert Speaker.objects.get() == adopted
