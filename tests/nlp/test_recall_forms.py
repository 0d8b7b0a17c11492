"""Speech forms found missing on PolNeAR train (issue 7 part 3), each on a short sentence
written for the test: commitments with their infinitive, speech verbs after "by" or "in",
descriptions that name a speaker by what they do."""

import pytest

pytestmark = pytest.mark.slow


def one(claims, snippet):
    hits = [c for c in claims if snippet in c.text]
    assert len(hits) == 1, [c.text for c in claims]
    return hits[0]


# --------------------------------------------------------------------------- commitments
@pytest.mark.parametrize(
    "body, snippet",
    [
        ("Senator Mitch McConnell vowed to block the nominee.", "block the nominee"),
        ("Governor Jan Brewer has pledged to veto the bill.", "veto the bill"),
        ("Donald Trump threatened to sue the newspaper.", "sue the newspaper"),
    ],
)
def test_a_commitment_is_what_its_infinitive_says(run, body, snippet):
    claim = one(run(body), snippet)
    assert claim.speaker.mention in body[: claim.start]


def test_a_promise_about_the_noun_a_relative_clause_hangs_on_is_no_claim(run):
    body = "Migrants stay in hotels, which the government has promised to close."
    assert run(body) == ()


def test_agreeing_to_do_something_is_an_act_not_a_statement(run):
    assert run("Kosovo has already agreed to take migrants from the United States.") == ()


# --------------------------------------------------------------------------- participles
@pytest.mark.parametrize(
    "body",
    [
        "Bernie Sanders opened the rally by saying that the race was far from over.",
        "Bernie Sanders erred in saying that the race was far from over.",
    ],
)
def test_a_speech_verb_after_by_or_in_is_its_subjects_statement(run, body):
    claim = one(run(body), "far from over")
    assert claim.speaker.name == "Bernie Sanders"


def test_a_means_after_by_is_no_statement(run):
    assert run("The party gained votes by advocating lower taxes for farmers.") == ()


# --------------------------------------------------------------------------- descriptions
def test_a_campaign_speaks_as_an_organisation(run):
    claim = one(run("The Clinton campaign said the report was false."), "report was false")
    assert claim.speaker.mention == "The Clinton campaign"
    assert claim.speaker.kind == "organisation"


def test_a_candidate_named_by_description_is_a_person_with_that_role(run):
    body = "The Republican presidential candidate said the wall would be built."
    claim = one(run(body), "wall would be built")
    assert claim.speaker.kind == "person"
    assert "candidate" in claim.speaker.role


@pytest.mark.parametrize(
    "body, mention",
    [
        ("The heckler shouted that the senator was a liar.", "The heckler"),
        ("A Republican strategist said the race was over.", "A Republican strategist"),
    ],
)
def test_a_person_named_by_what_they_do_speaks(run, body, mention):
    (claim,) = run(body)
    assert claim.speaker.mention == mention and claim.speaker.kind == "person"


def test_a_thing_with_an_agent_ending_is_no_speaker(run):
    assert run("The letter said the plant would close.") == ()


@pytest.mark.parametrize(
    "body, snippet",
    [
        ("Senator Ted Cruz conceded that the polls looked bad.", "polls looked bad"),
        ("Governor Chris Christie quipped that the debate was a circus.", "a circus"),
        ("Senator Bernie Sanders reiterated his support for a higher minimum wage.", "wage"),
    ],
)
def test_reporting_verbs_news_uses(run, body, snippet):
    one(run(body), snippet)


def test_announcing_something_is_an_act_not_a_statement(run):
    assert run("Prime Minister Keir Starmer announced sanctions against smugglers.") == ()


# --------------------------------------------------------------------------- nominal cues
@pytest.mark.parametrize(
    "body, content, name",
    [
        ("Rubio's claim that he is the strongest alternative was false.", "he is the", "Rubio"),
        ("Critics pointed to Trump's call for a ban on Muslims.", "a ban on Muslims", "Trump"),
        (
            "Senator Ted Cruz spoke in Iowa. His promise to abolish the IRS drew cheers.",
            "to abolish the IRS",
            "Ted Cruz",
        ),
    ],
)
def test_a_statement_reported_by_a_noun_its_speaker_owns(run, body, content, name):
    claim = one(run(body), content)
    assert claim.text.startswith(content) and claim.speaker.name == name


def test_a_noun_cue_with_no_content_reports_nothing(run):
    assert run("The company's claims were rejected by the court.") == ()


# --------------------------------------------------------------------------- trailing cues
def test_an_attribution_after_its_content_set_off_by_a_comma(run):
    body = (
        "Facebook created the tool to help in times of crisis, a spokeswoman, "
        "Anna White, said on Saturday."
    )
    claim = one(run(body), "created the tool")
    assert claim.speaker.name == "Anna White"


def test_referring_to_someone_as_something_says_it(run):
    claim = one(run("Bush referred to Rubio as a bright, charismatic leader."), "charismatic")
    assert claim.speaker.name == "Bush"


def test_first_person_speech_outside_quotes_is_the_writers(run):
    claim = one(run("I told the judge that the sentence was unfair."), "sentence was unfair")
    assert claim.speaker.mention == "I" and claim.speaker.kind == "person"
    assert claim.speaker.name == ""


# --------------------------------------------------------------------------- colons
def test_an_unquoted_paragraph_after_a_lead_in_is_what_was_said(run):
    body = (
        "Senator Bernie Sanders spoke in Iowa on Monday. He added:\n\n"
        "The plan is bad for working families and it will not pass.\n\nThe crowd cheered."
    )
    claim = one(run(body), "bad for working families")
    assert claim.speaker.name == "Bernie Sanders" and claim.kind == "direct"
    assert claim.text == "The plan is bad for working families and it will not pass."


def test_transcript_turns_belong_to_their_labels(run):
    body = (
        "Donald Trump spoke to us on Monday.\n\nQ: Will you build the wall?\n\n"
        "TRUMP: We will build the wall and Mexico will pay for it.\n\nQ: When?\n\n"
        "TRUMP: Very soon, believe me."
    )
    claims = run(body)
    assert [c.text for c in claims] == [
        "We will build the wall and Mexico will pay for it.",
        "Very soon, believe me.",
    ]
    assert {c.speaker.name for c in claims} == {"Donald Trump"}


def test_a_single_labelled_line_is_no_transcript(run):
    assert run("Note: this story was updated on Monday.\n\nThe senator spoke.") == ()


# --------------------------------------------------------------------------- names
def test_a_surname_opening_a_sentence_and_tagged_as_a_plural_is_the_person(run):
    body = (
        "Democrat Bernie Sanders spoke in Iowa.\n\n"
        "Sanders says he would continue the actions if elected president."
    )
    claim = one(run(body), "continue the actions")
    assert claim.speaker.name == "Bernie Sanders"


def test_a_plural_opening_a_sentence_that_names_nobody_is_a_group(run):
    # A group cited as the subject of a report speaks unnamed (test_recall_round3.py).
    (claim,) = run("Bernie Sanders spoke.\n\nCritics say the plan will fail.")
    assert (claim.speaker.name, claim.speaker.resolution) == ("", "cited")
