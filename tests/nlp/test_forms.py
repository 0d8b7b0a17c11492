"""Speech forms real news uses (issue 7 part 3) and bounded work on hostile text (issue 10
part 1), each on a short sentence written for the test."""

import pytest

from claims.nlp.extract import _parse
from claims.nlp.quotes import Quotes, find_quotes
from claims.nlp.textspans import MAX_BATCH_CHARS, batch_bounds, sentence_end, sentence_start

pytestmark = pytest.mark.slow


def one(claims, snippet):
    hits = [c for c in claims if snippet in c.text]
    assert len(hits) == 1, [c.text for c in claims]
    return hits[0]


# --------------------------------------------------------------------------- quote marks
def test_doubled_apostrophes_open_and_close_a_quote_as_the_nyt_prints_them():
    body = "''ESPN is an inclusive company,'' ESPN said in a statement."
    (q,) = find_quotes(body)
    assert body[q.start : q.end] == "ESPN is an inclusive company,"
    assert body[q.open_at : q.close_end] == "''ESPN is an inclusive company,''"


def test_a_quote_in_doubled_apostrophes_is_attributed(run):
    claim = one(run("''ESPN is an inclusive company,'' ESPN said in a statement."), "inclusive")
    assert claim.speaker.name == "ESPN" and claim.kind == "direct"


def test_a_split_quote_around_a_titled_name_is_one_statement(run):
    body = (
        "''I have placed a couple of calls to Bernie,'' Ms. Boxer said. "
        "''We will talk after the primary is over.''"
    )
    claim = one(run(body), "calls to Bernie")
    assert "after the primary" in claim.text


# --------------------------------------------------------------------------- cue verbs
@pytest.mark.parametrize(
    "body, snippet",
    [
        ("Wasserman Schultz also expressed concern about the debate schedule.", "concern"),
        ("Senator Elizabeth Warren proposed a tax on the largest fortunes.", "a tax"),
        ("Senator Bernie Sanders talked about the cost of college tuition.", "tuition"),
        ("Governor Dan Patrick predicted a Cruz win in Texas.", "Cruz win"),
        ("Senator Ted Cruz demanded a vote on the border bill.", "a vote"),
    ],
)
def test_cue_verbs_news_uses_with_their_object_as_content(run, body, snippet):
    assert one(run(body), snippet).speaker.name


def test_speaking_to_someone_says_nothing_until_there_is_a_topic(run):
    assert run("Hillary Clinton spoke to reporters in Iowa on Monday.") == ()


def test_an_intended_request_is_no_statement(run):
    assert run("The government is expected to ask Kosovo to take failed asylum seekers.") == ()


def test_an_object_determined_by_no_says_nothing_was_said(run):
    assert run("Bosnia has expressed no willingness to accept migrants.") == ()


def test_what_someone_called_a_thing_is_the_writers_phrase(run):
    assert run("The president mourned the victims of what he called homegrown terrorism.") == ()


def test_a_bare_past_participle_reports_what_was_said_to_the_subject(run):
    claims = run("Asked about the wall, Donald Trump said Mexico would pay for it.")
    assert [c.text for c in claims] == ["Mexico would pay for it."]


# --------------------------------------------------------------------------- content forms
def test_urged_someone_to_act_is_the_urging(run):
    claim = one(run("Senator Ted Cruz urged the rest of the party to unite behind him."), "party")
    assert claim.speaker.name == "Ted Cruz"


@pytest.mark.parametrize(
    "body",
    [
        "As Senator Liz Kreutz recently noted, trust in government is collapsing.",
        "Trust in government is collapsing, as Senator Liz Kreutz points out in a column.",
    ],
)
def test_as_someone_noted_gives_them_the_rest_of_the_sentence(run, body):
    claim = one(run(body), "rust in government is collapsing")
    assert claim.speaker.name == "Liz Kreutz"
    assert "Kreutz" not in claim.text


# --------------------------------------------------------------------------- bounded work
def test_quotes_are_found_by_offset():
    body = 'A "b" c "d" e'
    quotes = Quotes(find_quotes(body))
    assert quotes.index_at(body.index("b")) == 0
    assert quotes.index_at(body.index("d")) == 1
    assert quotes.index_at(body.index("c")) is None


def test_sentence_edges_are_searched_within_a_bounded_window():
    body = "word " * 40_000
    assert sentence_end(body, 100_000, len(body), ()) <= 100_000 + 5_000
    assert sentence_start(body, 150_000, 0, ()) >= 150_000 - 5_000


def test_a_long_body_is_cut_after_line_breaks_into_batches_that_tile_it():
    body = ("A paragraph of news text that says something.\n\n" * 2000) + "end"
    bounds = batch_bounds(body)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(body)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(e - s <= MAX_BATCH_CHARS for s, e in bounds)
    assert all(body[e - 1] == "\n" and body[e] != "\n" for _, e in bounds[:-1])


def test_a_single_long_line_is_cut_at_sentence_ends():
    body = "The minister spoke. " * 5000
    bounds = batch_bounds(body)
    assert len(bounds) > 1 and all(body[e - 2 : e] == ". " for _, e in bounds[:-1])


def test_a_body_parsed_in_batches_keeps_every_offset(nlp):
    body = ("The minister said the plan would work.\n\n" * 1200)[:-2]
    ((doc, context),) = _parse(nlp, [(body, "ctx")], 8, 1, ["claimtrack_claims"])
    assert context == "ctx" and len(batch_bounds(body)) > 1
    assert doc.text == body
    assert all(body[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_a_body_longer_than_spacys_limit_is_extracted(run, nlp):
    filler = "Weather was fine across the region today.\n" * (nlp.max_length // 42 + 10)
    body = filler + "The minister said the plan would work.\n"
    assert len(body) > nlp.max_length
    claim = one(run(body), "the plan would work")
    assert claim.start > nlp.max_length
