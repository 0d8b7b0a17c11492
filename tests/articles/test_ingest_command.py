"""The ingest and export_articles commands."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from claims import services
from claims.services import ExtractReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_folder(tmp_path, story_text):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(story_text)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    return folder


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
        error = None
    except CommandError as exc:
        error = exc
    return out.getvalue(), err.getvalue(), error


def test_mixed_folder_stores_good_files_and_reports_each_bad_one(mixed_folder):
    out, err, error = run(str(mixed_folder), "--no-extract")
    assert Article.objects.filter(name="good.txt").exists()
    assert Article.objects.count() == 1
    failed_lines = [line for line in err.splitlines() if line.startswith("FAILED")]
    assert len(failed_lines) == 3
    assert any("empty.txt" in line and "empty" in line.split(":", 1)[1] for line in failed_lines)
    assert any("binary.txt" in line and "binary" in line for line in failed_lines)
    assert any("dangling.txt" in line and "cannot read" in line for line in failed_lines)
    assert "1 new, 0 updated, 0 unchanged, 0 duplicates, 3 failed" in out
    assert error is not None  # manage.py turns this into a non-zero exit code


def test_clean_run_prints_a_summary_and_succeeds(tmp_path, story_text):
    (tmp_path / "a.txt").write_text(story_text)
    out, _err, error = run(str(tmp_path), "--no-extract")
    assert error is None
    assert "1 new, 0 updated, 0 unchanged, 0 duplicates, 0 failed" in out


def test_size_limit_option_refuses_bigger_files(tmp_path, story_text):
    (tmp_path / "a.txt").write_text(story_text)
    _out, err, error = run(str(tmp_path), "--max-bytes", "10", "--no-extract")
    assert "over the 10-byte limit" in err
    assert error is not None


@pytest.fixture
def extraction_calls(monkeypatch):
    calls = []

    def record(*, article_ids, **_options):
        calls.append(list(article_ids))
        return ExtractReport()

    monkeypatch.setattr(services, "extract_articles", record)
    return calls


def test_stored_article_ids_are_handed_to_extraction(tmp_path, story_text, extraction_calls):
    (tmp_path / "a.txt").write_text(story_text)
    run(str(tmp_path))
    first = list(extraction_calls)
    assert first == [list(Article.objects.values_list("id", flat=True))]


def test_an_unchanged_article_still_pending_is_extracted_by_the_next_run(
    tmp_path, story_text, extraction_calls
):
    (tmp_path / "a.txt").write_text(story_text)
    run(str(tmp_path), "--no-extract")
    run(str(tmp_path))  # unchanged, but never extracted: this run finishes it
    assert extraction_calls == [list(Article.objects.values_list("id", flat=True))]


def test_an_unchanged_extracted_article_is_not_extracted_again(
    tmp_path, story_text, extraction_calls
):
    (tmp_path / "a.txt").write_text(story_text)
    run(str(tmp_path), "--no-extract")
    Article.objects.update(extraction_state=Article.Extraction.EXTRACTED)
    run(str(tmp_path))
    assert extraction_calls == []


def test_no_extract_skips_extraction(tmp_path, story_text, extraction_calls):
    (tmp_path / "a.txt").write_text(story_text)
    run(str(tmp_path), "--no-extract")
    assert extraction_calls == []
    assert Article.objects.get().extraction_state == Article.Extraction.PENDING


def test_no_progress_bar_when_not_on_a_terminal(tmp_path, story_text):
    (tmp_path / "a.txt").write_text(story_text)
    _out, err, _error = run(str(tmp_path), "--no-extract")
    assert "file/s" not in err and "%|" not in err


def test_export_jsonl_has_one_line_per_article_with_duplicate_names(tmp_path, story_text):
    (tmp_path / "a.txt").write_text(story_text)
    (tmp_path / "b.txt").write_text(story_text.split("\n\n", 1)[1])
    run(str(tmp_path), "--no-extract")
    out = io.StringIO()
    call_command("export_articles", "--format", "jsonl", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["article"] for row in rows] == ["a.txt", "b.txt"]
    assert rows[1]["duplicate_of"] == "a.txt"
    assert rows[0] | {"body": ""} == {
        "article": "a.txt",
        "title": "Ministers weigh offshore centres",
        "outlet": "The Daily Example",
        "date": "2025-03-04",
        "date_source": "header",
        "duplicate_of": None,
        "encoding": "utf-8",
        "body": "",
    }


def test_export_csv_to_a_file_writes_a_header_and_rows(tmp_path, story_text):
    (tmp_path / "a.txt").write_text(story_text)
    run(str(tmp_path), "--no-extract")
    target = tmp_path / "out.csv"
    call_command("export_articles", "--format", "csv", "--output", str(target))
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["body"].startswith("Ministers are weighing plans")
