"""Ingest then extract under bad input: every article ends extracted or failed with its
reason, and one bad file never stops the others. Real spaCy model, real PostgreSQL."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from claims.models import Appearance

pytestmark = pytest.mark.django_db

STORY = (
    "Title: Ministers weigh offshore centres\n"
    "Date: 2025-03-04\n"
    "URL: https://www.theguardian.com/world/2025/mar/04/offshore-centres\n"
    "\n"
    "Ministers are weighing plans to build processing centres abroad, officials said.\n"
    "\n"
    "\u201cWe will not rule anything out,\u201d said Yvette Cooper, the home secretary, "
    "adding that any scheme would respect international law.\n"
)


def run(*args: str) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *args, "--quiet", stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_an_article_over_the_size_budget_fails_with_its_reason_and_the_run_goes_on(
    tmp_path, settings
):
    settings.CLAIMTRACK_EXTRACT_MAX_CHARS = 5_000
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "huge.txt").write_text("Title: Huge\n\n" + "Words and more words. " * 2_000)
    _out, err, error = run(str(tmp_path))
    huge, good = Article.objects.get(name="huge.txt"), Article.objects.get(name="good.txt")
    assert huge.extraction_state == Article.Extraction.FAILED
    assert "over the extraction budget" in huge.extraction_error
    assert "huge.txt" in err and "over the extraction budget" in err
    assert good.extraction_state == Article.Extraction.EXTRACTED
    assert Appearance.objects.filter(article=good).exists()
    assert error is not None  # a failed article is a failure of the run, said at the end


def test_an_article_over_the_time_budget_fails_and_the_others_in_its_batch_are_extracted(
    tmp_path, settings
):
    settings.CLAIMTRACK_EXTRACT_SECONDS = 3
    # One 120,000-character line of reported speech: far over three seconds to parse.
    line = "The minister said the plan would work, and critics said it would not. " * 1_700
    (tmp_path / "a_good.txt").write_text(STORY)
    (tmp_path / "b_slow.txt").write_text("Title: Slow\n\n" + line + "\n")
    (tmp_path / "c_good.txt").write_text(STORY.replace("Cooper", "Smith").replace("04", "05"))
    run(str(tmp_path))
    slow = Article.objects.get(name="b_slow.txt")
    assert slow.extraction_state == Article.Extraction.FAILED
    assert "still running after 3 s" in slow.extraction_error
    states = set(Article.objects.exclude(pk=slow.pk).values_list("extraction_state", flat=True))
    assert states == {Article.Extraction.EXTRACTED}


def test_a_million_character_body_never_reaches_spacy(tmp_path):
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "big.txt").write_text(
        "Title: Big\n\n" + ("A sentence of news. " * 60 + "\n\n") * 1_000
    )
    run(str(tmp_path))
    big = Article.objects.get(name="big.txt")
    assert len(big.body) > 1_000_000
    assert big.extraction_state == Article.Extraction.FAILED
    assert "E088" not in big.extraction_error and "characters" in big.extraction_error
    assert Article.objects.get(name="good.txt").extraction_state == "extracted"


def test_two_same_named_files_in_two_subfolders_are_two_articles(tmp_path):
    for folder, name in (("one", "Cooper"), ("two", "Smith")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(STORY.replace("Cooper", name))
    out, _err, error = run(str(tmp_path), "--no-extract")
    assert error is None
    assert "0 updated" in out  # the second never replaces the first (it is a near-copy here)
    assert set(Article.objects.values_list("name", flat=True)) == {"one/story.txt", "two/story.txt"}


def test_a_fifo_is_skipped_with_a_one_line_reason_and_never_opened(tmp_path):
    (tmp_path / "good.txt").write_text(STORY)
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block for ever
    out, err, error = run(str(tmp_path), "--no-extract")
    assert [line for line in err.splitlines() if "pipe.txt" in line] == [
        f"SKIPPED {tmp_path / 'pipe.txt'}: a FIFO (named pipe), not a regular file"
    ]
    assert "1 new" in out and "1 skipped" in out
    assert error is None


def test_an_unreadable_folder_is_reported_by_name(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.txt").write_text(STORY)
    real_scandir = os.scandir

    def scandir(path=".", *args):
        # Tests run as root, which reads any folder: refuse this one as the kernel would.
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    _out, err, error = run(str(tmp_path), "--no-extract")
    assert f"FAILED {tmp_path / 'locked'}: cannot read the folder: Permission denied" in err
    assert Article.objects.filter(name="good.txt").exists()
    assert error is not None


def test_utf16_and_utf32_files_with_a_byte_order_mark_are_ingested(tmp_path):
    (tmp_path / "wide16.txt").write_bytes(STORY.encode("utf-16"))
    (tmp_path / "wide32.txt").write_bytes(STORY.replace("Cooper", "Smith").encode("utf-32"))
    _out, err, error = run(str(tmp_path), "--no-extract")
    assert error is None, err
    encodings = dict(Article.objects.values_list("name", "encoding"))
    assert encodings == {"wide16.txt": "utf-16-le", "wide32.txt": "utf-32-le"}
    assert Article.objects.get(name="wide32.txt").title == "Ministers weigh offshore centres"


def test_a_javascript_url_in_a_header_is_never_stored(tmp_path):
    story = STORY.replace(
        "https://www.theguardian.com/world/2025/mar/04/offshore-centres",
        "javascript:alert(document.cookie)",
    )
    (tmp_path / "a.txt").write_text(story)
    run(str(tmp_path), "--no-extract")
    assert Article.objects.get().url == ""


def test_the_outlet_comes_from_the_url_domain_and_the_date_from_its_path(tmp_path):
    story = STORY.replace("Date: 2025-03-04\n", "")
    story = story.replace("/2025/mar/04/", "/2025/03/06/")
    (tmp_path / "a.txt").write_text(story)
    (tmp_path / "b.txt").write_text(
        story.replace("www.theguardian.com", "balkanview.com").replace("Cooper", "Smith")
    )
    run(str(tmp_path), "--no-extract")
    a, b = Article.objects.get(name="a.txt"), Article.objects.get(name="b.txt")
    assert (a.outlet, a.outlet_source) == ("The Guardian", Article.Found.URL)
    assert (b.outlet, b.outlet_source) == ("balkanview.com", Article.Found.DOMAIN)
    assert (str(a.date), a.date_source) == ("2025-03-06", Article.Found.URL)


def test_a_locked_url_and_author_survive_re_ingest(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    run(str(tmp_path), "--no-extract")
    Article.objects.update(
        url="https://example.org/fixed", author="A. Person", locked_fields=["author", "url"]
    )
    path.write_text(STORY + "\nOne more paragraph of news.\n")
    out, _err, _error = run(str(tmp_path), "--no-extract")
    assert "1 updated" in out
    article = Article.objects.get()
    assert (article.url, article.author) == ("https://example.org/fixed", "A. Person")


def test_one_file_as_a_queue_task_is_stored_and_extracted_once_however_often_it_runs(tmp_path):
    from articles.ingest import iter_entries
    from claims.pipeline_runs import ingest_one

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(STORY)
    (entry,) = iter_entries([tmp_path])
    first, again = ingest_one(entry), ingest_one(entry)
    assert (first.counts["new"], first.extraction.articles) == (1, 1)
    assert (again.counts["unchanged"], again.extraction.articles) == (1, 0)
    article = Article.objects.get()
    assert (article.name, article.extraction_state) == ("sub/a.txt", "extracted")


def test_extract_failed_retries_the_failed_articles_once_the_budget_allows(tmp_path, settings):
    settings.CLAIMTRACK_EXTRACT_MAX_CHARS = 100
    (tmp_path / "a.txt").write_text(STORY)
    run(str(tmp_path))
    assert Article.objects.get().extraction_state == Article.Extraction.FAILED
    settings.CLAIMTRACK_EXTRACT_MAX_CHARS = 300_000
    call_command("extract", "--failed", "--quiet", stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get()
    assert (article.extraction_state, article.extraction_error) == ("extracted", "")


def test_extract_takes_exactly_one_way_of_choosing_articles():
    with pytest.raises(CommandError, match="one"):
        call_command("extract", "--all", "--pending", stdout=io.StringIO())
