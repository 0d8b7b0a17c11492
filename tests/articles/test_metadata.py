"""Title, date and outlet come from how news files write them, with their provenance."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.cleaning import clean_body
from articles.dates import date_at_start, date_in_url
from articles.metadata import extract_metadata

BODY = "Ministers met on Tuesday to discuss the plan, which has divided the cabinet.\n"


def meta(raw: str):
    return extract_metadata(clean_body(raw))


def test_header_block_gives_title_date_outlet_url_and_author(story_text):
    m = meta(story_text.replace("Source:", "Author: Jo Bloggs\nURL: https://x.test/a\nSource:"))
    assert (m.title, m.title_source) == ("Ministers weigh offshore centres", "header")
    assert (m.date, m.date_source) == (dt.date(2025, 3, 4), "header")
    assert (m.outlet, m.outlet_source) == ("The Daily Example", "header")
    assert (m.url, m.author) == ("https://x.test/a", "Jo Bloggs")


def test_header_keys_are_case_insensitive():
    assert meta("DATE: 2023-11-06\n" + BODY).date == dt.date(2023, 11, 6)


def test_prose_dateline_with_desk_byline_gives_date_and_outlet():
    m = meta("Published: 22 October 2025. The Example Chronicle Desk. Online.\n" + BODY)
    assert (m.date, m.date_source) == (dt.date(2025, 10, 22), "prose")
    assert (m.outlet, m.outlet_source) == ("The Example Chronicle", "prose")


def test_outlet_named_in_a_removed_appeal_is_found_in_the_text():
    appeal = (
        "date 2025-05-26 Your support helps us. The Example Post is on the ground when news "
        "breaks. Your donation matters. Read more"
    )
    m = meta(appeal + "\n\n" + BODY)
    assert (m.outlet, m.outlet_source) == ("The Example Post", "text")


def test_foreign_language_date_header_is_read():
    assert meta("Erscheinungsdatum: 23. Juli 2025\n\n" + BODY).date == dt.date(2025, 7, 23)


def test_date_in_the_url_path_is_used_when_no_dateline_exists():
    m = meta("URL: https://news.test/2024/10/19/story-slug/\n" + BODY)
    assert (m.date, m.date_source) == (dt.date(2024, 10, 19), "url")


def test_file_without_a_date_is_undated_never_today():
    m = meta(BODY)
    assert (m.date, m.date_source) == (None, "")


def test_dates_in_the_story_text_are_not_publication_dates():
    assert meta(BODY + "On 4 July 2024 Labour won the election.\n").date is None


def test_standalone_headline_becomes_the_title():
    m = meta("\nCentres abroad plan splits cabinet\n" + BODY)
    assert (m.title, m.title_source) == ("Centres abroad plan splits cabinet", "headline")


def test_without_a_headline_the_first_sentence_is_the_title():
    m = meta(BODY + "More text follows here.\n")
    assert m.title_source == "lead"
    assert m.title.startswith("Ministers met on Tuesday") and m.title.endswith("cabinet.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-05-26 rest", dt.date(2025, 5, 26)),
        ("22 October 2025. rest", dt.date(2025, 10, 22)),
        ("May 26, 2025 rest", dt.date(2025, 5, 26)),
        ("Monday, 3rd March 2025", dt.date(2025, 3, 3)),
        ("2024-02-30", None),
        ("Kosovo 2025", None),
    ],
)
def test_date_forms_news_files_use_are_parsed(text, expected):
    found = date_at_start(text)
    assert (found[0] if found else None) == expected


def test_url_without_a_date_path_has_no_date():
    assert date_in_url("https://kyivpost.com./post/48674") is None


def test_only_web_urls_are_kept_from_a_header():
    from articles.metadata import web_url

    assert web_url("https://example.org/a") == "https://example.org/a"
    assert web_url("HTTP://example.org/a") == "HTTP://example.org/a"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "//x.org",
        "https://exa mple.org",
        "http://",
        "ftp://example.org/a",
    ):
        assert web_url(bad) == "", bad


def test_the_outlet_of_a_url_is_a_known_name_or_its_domain():
    from articles.outlets import outlet_from_url

    assert outlet_from_url("https://uk.news.yahoo.com/x.html") == ("Yahoo News", "url")
    assert outlet_from_url("https://www.bbc.co.uk/news/1") == ("BBC", "url")
    assert outlet_from_url("https://kyivpost.com./post/1") == ("Kyiv Post", "url")
    assert outlet_from_url("https://www.smurbo.net/news/1") == ("smurbo.net", "domain")
    assert outlet_from_url("javascript:alert(1)") == ("", "")
