"""ingest_text / ingest_file: one article per call, one transaction, nothing ever lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError

from articles import ingest
from articles.ingest import ingest_file, ingest_paths, ingest_text
from articles.models import Article, ArticleBand

pytestmark = pytest.mark.django_db

OTHER = (
    "Date: 2025-01-02\n\n"
    "Farmers blocked roads in three cities on Monday in protest at new tax rules that they "
    "say will force family farms to close within a generation.\n"
)


def test_new_text_is_stored_with_body_metadata_and_bands(story_text):
    result = ingest_text("story.txt", story_text.encode())
    article = Article.objects.get(id=result.article_id)
    assert result.status == "new"
    assert article.raw_text == story_text
    assert article.body.startswith("Ministers are weighing plans")
    assert (article.date, article.date_source) == (dt.date(2025, 3, 4), "header")
    assert (article.title, article.outlet) == (
        "Ministers weigh offshore centres",
        "The Daily Example",
    )
    assert article.encoding == "utf-8"
    assert ArticleBand.objects.filter(article=article).count() == 32


def test_reingesting_the_same_content_is_unchanged_and_writes_nothing(
    story_text, django_assert_max_num_queries
):
    first = ingest_text("story.txt", story_text.encode())
    stamp = Article.objects.get(id=first.article_id).updated_at
    with django_assert_max_num_queries(1):
        again = ingest_text("story.txt", story_text.encode())
    assert (again.status, again.article_id) == ("unchanged", first.article_id)
    assert Article.objects.get(id=first.article_id).updated_at == stamp
    assert Article.history.filter(id=first.article_id).count() == 1


def test_changed_file_with_the_same_name_updates_its_article(story_text):
    first = ingest_text("story.txt", story_text.encode())
    changed = story_text.replace("unworkable", "unworkable and cruel")
    result = ingest_text("story.txt", changed.encode())
    assert (result.status, result.article_id) == ("updated", first.article_id)
    assert "unworkable and cruel" in Article.objects.get(id=first.article_id).body
    assert Article.objects.count() == 1
    assert ArticleBand.objects.count() == 32


def test_update_keeps_fields_a_person_corrected(story_text):
    first = ingest_text("story.txt", story_text.encode())
    Article.objects.filter(id=first.article_id).update(
        title="Corrected title", date=dt.date(2024, 12, 31), locked_fields=["title", "date"]
    )
    ingest_text("story.txt", story_text.replace("Date: 2025-03-04", "Date: 2025-03-05").encode())
    article = Article.objects.get(id=first.article_id)
    assert (article.title, article.date) == ("Corrected title", dt.date(2024, 12, 31))
    assert article.outlet == "The Daily Example"


def test_bad_new_version_never_replaces_the_stored_article(story_text):
    first = ingest_text("story.txt", story_text.encode())
    result = ingest_text("story.txt", b"\x00\x01binary")
    assert result.status == "failed"
    assert Article.objects.get(id=first.article_id).raw_text == story_text


def test_database_failure_mid_write_leaves_no_half_written_article(story_text, monkeypatch):
    def broken_bulk_create(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(ArticleBand.objects, "bulk_create", broken_bulk_create)
    result = ingest_text("story.txt", story_text.encode())
    assert (result.status, result.message) == ("failed", "database error: disk full")
    assert not Article.objects.exists()


def test_near_copy_links_to_the_first_and_inherits_its_date(story_text):
    original = ingest_text("a.txt", story_text.encode())
    # Same story: no header, plain quote marks, two teaser headlines appended.
    body = story_text.split("\n\n", 1)[1].replace("\u201c", '"').replace("\u201d", '"')
    copy = body + "Farmers block roads in three cities\nStriker stays at his club\n"
    result = ingest_text("b.txt", copy.encode())
    article = Article.objects.get(id=result.article_id)
    assert result.status == "duplicate"
    assert article.duplicate_of_id == original.article_id
    assert (article.date, article.date_source) == (dt.date(2025, 3, 4), "inherited")
    assert article.duplicate_score > 0.9


def test_copy_of_a_copy_points_at_the_first_original(story_text):
    body_only = story_text.split("\n\n", 1)[1]
    first = ingest_text("a.txt", story_text.encode())
    ingest_text("b.txt", body_only.encode())
    third = ingest_text("c.txt", ("\n" + body_only).encode())
    assert Article.objects.get(id=third.article_id).duplicate_of_id == first.article_id


def test_different_story_is_not_a_duplicate(story_text):
    ingest_text("a.txt", story_text.encode())
    result = ingest_text("b.txt", OTHER.encode())
    assert result.status == "new"
    assert Article.objects.get(id=result.article_id).duplicate_of is None


def test_text_given_as_str_is_stored(story_text):
    result = ingest_text("story.txt", story_text)
    assert Article.objects.get(id=result.article_id).raw_text == story_text


def test_cp1252_file_is_decoded_and_its_encoding_recorded(tmp_path, story_text):
    path = tmp_path / "legacy.txt"
    path.write_bytes(story_text.replace("Ministers", "Ministers\u2019 caf\u00e9").encode("cp1252"))
    result = ingest_file(path)
    article = Article.objects.get(id=result.article_id)
    assert article.encoding == "cp1252"
    assert "Ministers\u2019 caf\u00e9" in article.body


def test_file_with_only_furniture_is_refused():
    result = ingest_text("widgets.txt", b"Hashtags\nComments\nNo comments yet...\n")
    assert result.status == "failed"
    assert "no article text" in result.message


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\n \n", "empty"), (b"PK\x03\x04\x00\x00", "binary")],
)
def test_bad_file_fails_with_its_reason_and_stores_nothing(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = ingest_file(path)
    assert (result.status, result.name) == ("failed", "bad.txt")
    assert reason in result.message
    assert not Article.objects.exists()


def test_file_over_the_size_limit_fails(tmp_path, story_text, settings):
    settings.CLAIMTRACK_MAX_FILE_BYTES = 50
    path = tmp_path / "big.txt"
    path.write_text(story_text)
    result = ingest_file(path)
    assert result.status == "failed"
    assert "limit" in result.message


def test_unreadable_paths_fail_instead_of_raising(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    for path in (tmp_path / "dir.txt", tmp_path / "link.txt", tmp_path / "missing.txt"):
        result = ingest_file(path)
        assert result.status == "failed"
        assert "cannot read" in result.message


def test_unsupported_file_type_named_explicitly_fails(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF")
    assert "unsupported" in ingest_file(path).message


def test_folders_are_walked_recursively_in_name_order_skipping_other_types(tmp_path, story_text):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(OTHER)
    (tmp_path / "a.txt").write_text(story_text)
    (tmp_path / "README.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text(story_text)
    results = list(ingest_paths([tmp_path]))
    assert [(r.name, r.status) for r in results] == [("a.txt", "new"), ("sub/b.txt", "new")]


def test_readers_are_keyed_by_suffix_text_files_and_saved_web_pages():
    assert set(ingest.READERS) == {".txt", ".html", ".htm"}


def test_hand_set_duplicate_link_survives_reingest_and_still_shares_the_date(story_text):
    original = ingest_text("a.txt", story_text.encode())
    other = ingest_text("b.txt", OTHER.replace("Date: 2025-01-02\n\n", "").encode())
    Article.objects.filter(id=other.article_id).update(
        duplicate_of_id=original.article_id, locked_fields=["duplicate_of"]
    )
    ingest_text("b.txt", (OTHER.replace("Date: 2025-01-02\n\n", "") + "More.\n").encode())
    article = Article.objects.get(id=other.article_id)
    assert article.duplicate_of_id == original.article_id
    assert (article.date, article.date_source) == (dt.date(2025, 3, 4), "inherited")
