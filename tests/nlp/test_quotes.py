"""Quote pairing at the character level: pairs, apostrophes, paragraphs, stray marks."""

from claims.nlp.quotes import find_quotes


def texts(body: str) -> list[str]:
    return [body[q.start : q.end] for q in find_quotes(body)]


def test_curly_and_straight_double_quotes_pair():
    body = 'He said: “We agree.” Later she said, "We do not."'
    assert texts(body) == ["We agree.", "We do not."]


def test_apostrophes_inside_words_are_not_quote_marks():
    body = "She said: ‘Britain’s plan hasn’t been raised with Kosovo’s leaders.’"
    assert texts(body) == ["Britain’s plan hasn’t been raised with Kosovo’s leaders."]


def test_straight_single_quotes_pair_around_a_quote():
    assert texts("He explained: 'It was a big offer, it's true.'") == [
        "It was a big offer, it's true."
    ]


def test_a_quote_runs_over_paragraphs_that_reopen_with_a_mark():
    body = "She said: “First part.\n\n“Second part.\n\n“Last part.”"
    (quote,) = find_quotes(body)
    assert quote.paragraphs == 3
    assert body[quote.start : quote.end] == "First part.\n\n“Second part.\n\n“Last part."


def test_an_unclosed_quote_costs_only_itself():
    body = "He said “never closed here.\n\nThen she said: “This one is fine.”"
    assert texts(body) == ["This one is fine."]


def test_a_stray_closing_mark_is_ignored():
    body = "It was 5” long. He said: “We will go.”"
    assert texts(body) == ["We will go."]


def test_two_apostrophes_can_open_a_double_quote():
    assert texts("Meloni argued, ''It's challenging to govern.\"") == [
        "It's challenging to govern."
    ]


def test_a_quote_cut_by_the_end_of_the_excerpt_runs_to_the_end():
    body = 'But he said: "We have discussed the arrangement, which is not running yet'
    assert texts(body) == ["We have discussed the arrangement, which is not running yet"]


def test_single_quotes_close_after_a_comma_and_skip_plural_possessives():
    body = "'It was a big offer,' said Tiafoe. The players' union said: 'No comment.'"
    assert texts(body) == ["It was a big offer,", "No comment."]


def test_low_high_and_guillemet_quotes_pair():
    assert texts("Sie sagte: „Wir sind bereit.“") == ["Wir sind bereit."]
    assert texts("Il a dit : « Nous sommes prêts. »") == [" Nous sommes prêts. "]
