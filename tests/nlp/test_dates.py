"""The date a claim was said: the article date moved by a phrase governing the speech act."""

import datetime as dt

import pytest

from claims.nlp.dates import resolve_said_date

WEDNESDAY = dt.date(2025, 5, 28)


def test_an_undated_article_gives_an_undated_claim():
    assert resolve_said_date("she said last week", None) == (None, "undated")


def test_no_time_phrase_keeps_the_article_date():
    assert resolve_said_date("the minister said", WEDNESDAY) == (WEDNESDAY, "article date")


def test_a_datetime_article_date_is_reduced_to_its_day():
    published = dt.datetime(2025, 5, 28, 23, 10)
    assert resolve_said_date("he said", published) == (WEDNESDAY, "article date")


@pytest.mark.parametrize(
    ("clause", "expected", "derivation"),
    [
        ("She said last week:", dt.date(2025, 5, 21), "last week"),
        ("he told reporters yesterday", dt.date(2025, 5, 27), "yesterday"),
        ("the envoy said on Monday that", dt.date(2025, 5, 26), "on monday"),
        ("told the Senate last month", dt.date(2025, 4, 28), "last month"),
        ("said two days ago", dt.date(2025, 5, 26), "two days ago"),
        ("said in a statement on 3 May", dt.date(2025, 5, 3), "on 3 may"),
        ("said at Friday's briefing", dt.date(2025, 5, 23), "friday's"),
    ],
)
def test_relative_phrases_move_the_date_back(clause, expected, derivation):
    assert resolve_said_date(clause, WEDNESDAY) == (expected, derivation)


def test_the_articles_own_weekday_is_that_day_not_a_week_earlier():
    assert resolve_said_date("the mayor said on Wednesday", WEDNESDAY)[0] == WEDNESDAY


def test_last_with_the_articles_own_weekday_is_a_week_earlier():
    assert resolve_said_date("said last Wednesday", WEDNESDAY)[0] == dt.date(2025, 5, 21)


def test_a_day_and_month_after_the_article_date_belongs_to_the_year_before():
    assert resolve_said_date("said on 30 December", dt.date(2025, 1, 5))[0] == dt.date(2024, 12, 30)


def test_a_phrase_before_the_speech_verb_counts():
    clause = "On Thursday, the country's deputy foreign minister said"
    assert resolve_said_date(clause, WEDNESDAY) == (dt.date(2025, 5, 22), "on thursday")


def test_vague_phrases_keep_the_article_date_and_say_so():
    date, how = resolve_said_date("the ministry said earlier this year", WEDNESDAY)
    assert date == WEDNESDAY and how == "earlier this year (article date kept)"
    assert resolve_said_date("has recently said", WEDNESDAY)[1].startswith("recently")


def test_a_month_alone_gives_the_start_of_that_month():
    assert resolve_said_date("said in early April", WEDNESDAY) == (
        dt.date(2025, 4, 1),
        "in early april (month only)",
    )


@pytest.mark.parametrize(
    "clause",
    [
        "ahead of a summit in Rome on Friday, the minister said",
        "a cabinet meeting would be held on Monday, she said",
        "The president will speak on Friday",
        "he said the vote is due next week",
    ],
)
def test_phrases_pointing_ahead_do_not_move_the_date(clause):
    assert resolve_said_date(clause, WEDNESDAY) == (WEDNESDAY, "article date")


def test_a_date_attached_to_another_event_far_from_the_speech_verb_is_ignored():
    clause = "The party confirmed it was ending the scheme soon after it won the vote on 4 May."
    assert resolve_said_date(clause, WEDNESDAY) == (WEDNESDAY, "article date")


def test_the_phrase_nearest_the_speech_verb_wins():
    clause = "She said on Tuesday that the deal signed last month was a mistake"
    assert resolve_said_date(clause, WEDNESDAY) == (dt.date(2025, 5, 27), "on tuesday")


def test_a_deadline_is_not_the_day_of_speaking_but_a_phone_call_is():
    assert resolve_said_date("he said talks must end by Friday", WEDNESDAY)[1] == "article date"
    assert resolve_said_date("she told the paper by phone on Monday", WEDNESDAY)[1] == "on monday"
