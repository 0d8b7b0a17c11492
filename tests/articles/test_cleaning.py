"""The cleaner keeps story paragraphs and drops metadata lines and site furniture."""

from __future__ import annotations

import pytest

from articles.cleaning import clean_body, is_headline_like

STORY = (
    "Ministers met on Tuesday to discuss the plan, which has divided the cabinet for months.\n"
    "The home secretary said the scheme would be lawful and would start next year.\n"
)


def test_header_block_lines_do_not_reach_the_body(story_text):
    result = clean_body(story_text)
    assert "Title:" not in result.body
    assert "Date:" not in result.body
    assert result.body.startswith("Ministers are weighing plans")
    assert ("date", "2025-03-04") in result.header


def test_prose_dateline_is_removed_and_its_appeal_with_it():
    raw = (
        " date 2025-05-26 Your support helps us tell the story. Your donation keeps reporters "
        "on the ground. Support Now. Read more\n\n" + STORY
    )
    result = clean_body(raw)
    assert result.dateline.date.isoformat() == "2025-05-26"
    assert "donation" not in result.body
    assert result.body.startswith("Ministers met on Tuesday")


def test_dateline_followed_by_long_prose_keeps_the_prose():
    prose = "Ministers met on Tuesday to discuss " + "the long-running plan again " * 6 + "today."
    result = clean_body(f"Published 3 March 2025 {prose}\n")
    assert result.dateline.date.isoformat() == "2025-03-03"
    assert result.body == prose


@pytest.mark.parametrize(
    "furniture",
    [
        "open image in gallery The minister arrives in Rome ( AFP via Getty Images )",
        "The minister arrives in Rome ( Getty Images )",
        "1:30",
        "Hashtags",
        "Comments",
        "No comments yet...",
        "Try Our AI Features",
        "Explore what Example AI can do for you:",
        "Read more",
        "20 minutes ago",
        "Photo credit: the Telegraph",
        "The minister in RomeCredit: AFP",
        "Politics latest: Ministers to vote tonight",
        "A post shared by Example News (@examplenews)",
    ],
)
def test_site_furniture_line_is_dropped(furniture):
    result = clean_body(STORY + furniture + "\n" + STORY)
    assert furniture not in result.body
    assert result.body.count("Ministers met on Tuesday") == 2


def test_related_articles_and_everything_after_it_are_dropped():
    tail = 'Related Articles\nOther Outlet\nStriker stays at club\n"I love it here," he said.\n'
    result = clean_body(STORY * 3 + tail)
    assert "Striker" not in result.body
    assert "I love it here" not in result.body


def test_related_line_before_any_story_is_not_taken_as_the_end():
    result = clean_body("Related\n" + STORY)
    assert result.body.startswith("Ministers met on Tuesday")


def test_trailing_list_of_other_headlines_is_dropped():
    tail = (
        "Russia denies arson at properties linked to minister\n"
        "Reform a \u2018real threat\u2019, first minister warns\n"
    )
    result = clean_body(STORY + tail)
    assert "Russia denies" not in result.body
    assert "Reform" not in result.body
    assert result.body.endswith("would start next year.")


def test_a_single_truncated_last_line_is_kept():
    result = clean_body(STORY + "Mr Sunak is also facing opposi\n")
    assert result.body.endswith("Mr Sunak is also facing opposi")


def test_gallery_caption_printed_twice_is_dropped_both_times():
    raw = STORY + "The minister in Rome\n3\nThe minister in RomeCredit: AFP\n" + STORY
    assert "The minister in Rome" not in clean_body(raw).body


def test_headline_that_stands_apart_is_recorded_and_kept():
    result = clean_body("\nPlan to open centres abroad\n" + STORY)
    assert result.headline == "Plan to open centres abroad"
    assert result.body.startswith("Plan to open centres abroad")


def test_sentence_with_final_stop_is_not_headline_like():
    assert not is_headline_like("The minister said the plan would go ahead.")
    assert is_headline_like("Minister says plan will go ahead")


def test_paragraphs_are_joined_by_blank_lines():
    assert clean_body(STORY).body.count("\n\n") == 1


def test_empty_text_cleans_to_an_empty_body():
    result = clean_body("  \n\n ")
    assert result.body == ""
    assert result.offset_map == []


def test_a_cookie_notice_is_furniture_but_a_story_about_cookies_is_not():
    from articles.cleaning import furniture_reason

    assert furniture_reason("We use cookies to improve your experience. Accept all.") == "consent"
    assert furniture_reason("Manage cookie preferences") == "consent"
    said = '"We will not accept this," the minister said of the tax on cookies and cakes.'
    assert furniture_reason(said) is None
