"""End-to-end on seeds/: dates, titles, duplicate links and clean bodies per the gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.ingest import ingest_paths
from articles.models import Article
from tests.articles.conftest import SEEDS

GOLD = Path("/work/shared/gold/seeds_articles.jsonl")
GOLD_ROWS = (
    [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    if GOLD.exists()
    else [
        {"article": "000_8c236e27fb67b832.txt", "date": "2025-05-26", "duplicate_of": None},
        {"article": "001_4d190f663ee0d902.txt", "duplicate_of": "000_8c236e27fb67b832.txt"},
        {"article": "004_c2861836d207b7fd.txt", "date": "2025-10-22", "duplicate_of": None},
    ]
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds():
    results = list(ingest_paths([SEEDS]))
    assert [r.status for r in results] == ["new", "duplicate", "new", "new", "new"]
    return {a.name: a for a in Article.objects.select_related("duplicate_of")}


@pytest.mark.parametrize("gold", GOLD_ROWS, ids=lambda g: g["article"][:3])
def test_seed_matches_the_gold_date_title_and_duplicate_link(seeds, gold):
    article = seeds[gold["article"]]
    duplicate_of = article.duplicate_of.name if article.duplicate_of else None
    assert duplicate_of == gold["duplicate_of"]
    if gold.get("date"):
        assert article.date.isoformat() == gold["date"]
    if "title_contains" in gold:
        assert gold["title_contains"] in article.title


def test_seed_001_inherits_the_date_of_000_it_duplicates(seeds):
    copy = seeds["001_4d190f663ee0d902.txt"]
    assert copy.date.isoformat() == "2025-05-26"
    assert copy.date_source == Article.Found.INHERITED


def test_seed_004_date_and_outlet_come_from_its_dateline(seeds):
    article = seeds["004_c2861836d207b7fd.txt"]
    assert (article.date.isoformat(), article.date_source) == ("2025-10-22", "prose")
    assert article.outlet == "The English Chronicle"


def test_seed_002_title_is_its_headline_and_its_body_has_no_other_stories(seeds):
    article = seeds["002_371d184b40ccc70a.txt"]
    assert (
        article.title
        == "UK to open talks with Kosovo about hosting 'return hub' for failed asylum seekers"
    )
    for furniture in ("Bruno Fernandes", "Musetti", "Hashtags", "Related Articles", "1:30"):
        assert furniture not in article.body
    assert article.body.rstrip().endswith('under the return hubs plan."')


def test_seed_000_keeps_every_story_paragraph_and_no_donation_appeal(seeds):
    body = seeds["000_8c236e27fb67b832.txt"].body
    for kept in (
        "There\u2019s been no formal talks with the UK",
        "Hristijan Mickoski",
        "David Lammy",
        "Sir Keir Starmer raised the idea",
        "Edi Rama ruled out being a host",
    ):
        assert kept in body
    for appeal in ("Your support", "donation", "Support Now", "paywalls", "date 2025"):
        assert appeal not in body
    assert "open image in gallery" not in body
    assert seeds["000_8c236e27fb67b832.txt"].outlet == "The Independent"


def test_seed_001_drops_its_trailing_headline_list(seeds):
    body = seeds["001_4d190f663ee0d902.txt"].body
    assert "Lucy Connolly" not in body
    assert body.endswith("was a one-off.")


def test_rewrites_by_different_outlets_are_separate_articles(seeds):
    assert seeds["002_371d184b40ccc70a.txt"].duplicate_of is None
    assert seeds["003_7ab6e8c8943981ec.txt"].duplicate_of is None


def test_raw_span_of_a_quote_is_the_quote_in_the_original_file(seeds):
    article = seeds["000_8c236e27fb67b832.txt"]
    quote = "I cannot give an answer on a request that hasn\u2019t been made so far"
    start = article.body.index(quote)
    raw_start, raw_end = article.raw_span(start, start + len(quote))
    assert article.raw_text[raw_start:raw_end] == quote


def test_reingesting_the_seeds_changes_nothing(seeds):
    stamps = dict(Article.objects.values_list("name", "updated_at"))
    assert {r.status for r in ingest_paths([SEEDS])} == {"unchanged"}
    assert dict(Article.objects.values_list("name", "updated_at")) == stamps
