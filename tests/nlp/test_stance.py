"""Stance on the tracked question (hosting / joining offshore return arrangements)."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from claims.nlp.stance import (
    StanceResult,
    classify_stance,
    default_lexicon,
    lexicon_from_dict,
    normalise,
)
from claims.nlp.types import STANCES


@pytest.fixture(scope="module")
def lexicon():
    return default_lexicon()


def stance(text, lexicon, context="", cue_category="neutral"):
    return classify_stance(text, context=context, lexicon=lexicon, cue_category=cue_category)


def test_the_default_lexicon_is_the_return_hubs_topic_loaded_from_data(lexicon):
    assert lexicon.slug == "return-hubs"
    assert "return hubs" in lexicon.keywords
    assert set(lexicon.cues) <= set(STANCES)


# Each phrase family on a sentence of its own: (why, claim, expected label).
FAMILIES = [
    ("a flat refusal", "Serbia would never agree to host a return hub for Britain.", "opposes"),
    (
        "a negated willingness",
        "We are not willing to become a dumping ground for failed asylum seekers.",
        "opposes",
    ),
    (
        "a negated opinion verb",
        "I don't think our country would accept migrants sent from Britain's return hubs.",
        "opposes",
    ),
    ("scorn", "The idea of offshore return hubs is unworkable and a waste of money.", "opposes"),
    (
        "willing to help",
        "We are willing to help our British friends with the return hubs.",
        "supports",
    ),
    ("proponent praise", "The hubs are a vital part of our plan to stop the boats.", "supports"),
    (
        "openness, no decision",
        "We are open to talking about the processing centres, but nothing is decided.",
        "open",
    ),
    (
        "openness beats no talks",
        "Nobody from London has approached us and there have been no formal talks on a "
        "return hub, but we would be open to discussing it.",
        "open",
    ),
    (
        "no request yet",
        "Our government has not received any request from London about return hubs.",
        "no_talks",
    ),
    (
        "a condition on support",
        "Belgrade is ready to host a returns hub if London pays for it.",
        "conditional",
    ),
    ("out of the question", "Hosting a return hub is out of the question.", "opposes"),
    ("no such request", "There has been no such request about deportation centres.", "no_talks"),
    ("talks not started", "Talks about a return hub have not yet started.", "no_talks"),
    ("wait and see", "We will wait and see what London proposes on return hubs.", "open"),
    ("certain conditions", "Under certain conditions we could accept a return hub.", "conditional"),
    ("critics' words", "Migrants sent to offshore hubs would be left in limbo.", "opposes"),
    ("no plans", "The government has no plans to host a return centre.", "opposes"),
]


@pytest.mark.parametrize(("why", "text", "label"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_each_phrase_family_gets_its_label(lexicon, why, text, label):
    assert stance(text, lexicon).label == label, why


def test_contingent_negotiation_is_conditional(lexicon):
    text = "The country is prepared to negotiate, but any deal would be contingent on investment."
    context = "Asked about a deportation centre, the premier set out his terms."
    assert stance(text, lexicon, context=context).label == "conditional"


def test_a_denial_cue_turns_the_reported_content_into_opposition(lexicon):
    result = stance(
        "hosting failed asylum seekers from the UK",
        lexicon,
        context="The president ruled out hosting failed asylum seekers from the UK.",
        cue_category="denial",
    )
    assert result.label == "opposes"


def test_a_negated_denial_is_not_flipped_by_the_denial_category(lexicon):
    text = "he would not rule out taking part in return centres"
    assert stance(text, lexicon, cue_category="denial").label == "open"


def test_a_commitment_cue_makes_an_on_topic_claim_supportive(lexicon):
    result = stance("to build return hubs in the Balkans", lexicon, cue_category="commitment")
    assert result.label == "supports"


def test_the_context_decides_an_indirect_claim_without_cues_of_its_own(lexicon):
    context = "The premier dismissed the British plan, saying the deal with Rome was a one-off."
    assert stance("the deal with Rome was a one-off", lexicon, context=context).label == "opposes"


def test_failed_asylum_seekers_is_a_topic_phrase_not_a_failure(lexicon):
    text = "He said failed asylum seekers would be held in the hubs for up to 18 months."
    assert stance(text, lexicon).label == "neutral"


def test_scorn_for_the_thing_contrasted_with_is_not_scorn_for_the_plan(lexicon):
    text = "She said the offshore deal is different from the failed gimmick they scrapped."
    assert stance(text, lexicon).label != "opposes"


def test_a_claim_off_the_topic_is_neutral_with_low_confidence(lexicon):
    result = stance("The minister flew to Skopje on Monday for talks on energy.", lexicon)
    assert result == StanceResult("neutral", 0.2, "")


def test_an_unrelated_neighbouring_sentence_does_not_lend_its_stance(lexicon):
    context = "There have been no formal talks on a return hub. She called Britain a firm ally."
    assert stance("a firm ally", lexicon, context=context).label == "neutral"


def test_every_result_names_its_cue_and_a_bounded_confidence(lexicon):
    result = stance("Denmark backs the EU plan for return hubs in third countries.", lexicon)
    assert result.label == "supports" and result.cue == "backs"
    assert 0.0 <= result.confidence <= 1.0


def test_a_second_topic_needs_only_data():
    lexicon = lexicon_from_dict(
        {
            "slug": "wind-farms",
            "keywords": ["wind farm", "wind farms"],
            "cues": {"opposes": ["blight"], "supports": ["clean power"]},
        }
    )
    assert stance("The wind farm is a blight on the hills.", lexicon).label == "opposes"
    assert stance("The wind farms bring clean power.", lexicon).label == "supports"


def test_normalise_keeps_length_and_apostrophes():
    text = "“Won’t host,” he said"
    assert len(normalise(text)) == len(text)
    assert "won't" in normalise(text)


# --- measured on the shared gold lines (skipped where ../shared/gold is not present) -------

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold"
SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
_SENT_END = re.compile(r"(?<=[.!?])\s+|\n+")
_QUOTES = re.compile(r"[\"“”]|(?<!\w)['‘’]|['‘’](?!\w)")


def _plain(text):
    """The gold matching rules: NFKC, quote marks dropped, spaces collapsed."""
    text = _QUOTES.sub("", unicodedata.normalize("NFKC", text)).replace("’", "'")
    return re.sub(r"[ \t]+", " ", text)


def _gold_stance_accuracy(gold_file, article_dir, lexicon):
    """Each stance-bearing gold line: its sentence as the claim, the previous one added as
    context, a rough cue category from the sentence; share of labels the gold accepts."""
    right = total = 0
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if "stance" not in gold:
            continue
        body = _plain((article_dir / gold["article"]).read_text(encoding="utf-8"))
        snippets = [_plain(s) for s in [gold["quote"], *gold.get("alt", [])]]
        at = next((body.rfind(s) for s in snippets if body.rfind(s) >= 0), -1)
        if at < 0:
            continue
        starts = [0] + [m.end() for m in _SENT_END.finditer(body) if m.end() <= at]
        start, prev = starts[-1], starts[-2] if len(starts) > 1 else starts[-1]
        end_match = _SENT_END.search(body, at + 1)
        sentence = body[start : end_match.start() if end_match else len(body)]
        category = "denial" if re.search(r"ruled out|rejected|denied", sentence) else "neutral"
        got = classify_stance(
            sentence, context=body[prev:start] + sentence, lexicon=lexicon, cue_category=category
        )
        wanted = gold["stance"] if isinstance(gold["stance"], list) else [gold["stance"]]
        right += got.label in wanted
        total += 1
    return right / total


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold annotations not present")
def test_stance_accuracy_on_the_seed_gold_lines_is_at_least_080(lexicon):
    # A quick proxy (the gold quote's sentence, a guessed cue category). The real figures,
    # on what the extractor actually passes the classifier, are asserted for seeds AND dev
    # in test_gold_run.py; on dev this proxy reads 0.79 where the real path reads 0.80.
    assert _gold_stance_accuracy(GOLD / "seeds.jsonl", SEEDS_DIR, lexicon) >= 0.80


def test_the_sentence_after_the_claim_does_not_lend_its_stance(lexicon):
    context = (
        "She said she had held meetings about return hubs with officials. "
        "However, the neighbouring premier ruled out hosting one."
    )
    result = stance("she had held meetings about return hubs with officials.", lexicon, context)
    assert result.label != "opposes"


def test_a_passing_if_beside_firm_commitments_does_not_make_a_claim_conditional(lexicon):
    text = (
        "If asked, we will consider it; we remain committed to making the partnership work "
        "and are ready to host the centres."
    )
    assert stance(text, lexicon).label == "supports"


def test_a_denial_whose_object_is_talks_says_there_are_none(lexicon):
    result = stance(
        "it is negotiating with the United Kingdom to host return centres",
        lexicon,
        cue_category="denial",
    )
    assert result.label == "no_talks"
    assert result.cue.startswith("denial")


def test_a_denial_of_the_scheme_itself_is_still_opposition(lexicon):
    result = stance("it would host a return hub for Britain", lexicon, cue_category="denial")
    assert result.label == "opposes"


def test_scorn_words_read_as_refusal(lexicon):
    text = "The return hubs are totally unacceptable, totally ridiculous, totally shameful."
    assert stance(text, lexicon).label == "opposes"


def test_a_question_put_to_the_speaker_is_not_the_speakers_openness(lexicon):
    text = (
        "We have been asked by several countries if we were open to hosting return hubs, "
        "and we said no."
    )
    assert stance(text, lexicon).label == "opposes"


def test_a_bare_no_takes_its_meaning_from_the_reported_question(lexicon):
    talks = 'Asked if formal talks on a return hub had begun, he said: "No, not yet."'
    hosting = 'Asked whether his country would host a return hub, she said: "Never."'
    assert stance("No, not yet.", lexicon, context=talks).label == "no_talks"
    assert stance("Never.", lexicon, context=hosting).label == "opposes"
    # Without a question before it, a bare "no" says nothing of the return hubs.
    assert stance("No, not yet.", lexicon, context='He said: "No, not yet."').label == "neutral"


_DENIAL_SENTENCE = (
    "A government spokesman told the agency that the reports in the London papers were "
    "pure speculation and insisted no negotiations with Britain were under way."
)
# How stance is worded, one general form per row: (why, claim, its sentence, label, cue).
# A cue of None is not checked.
WORDING = [
    (
        "an if describing how the scheme works is not the speaker's condition",
        "Britain is in talks with several countries about return hubs, a scheme under which "
        "people would be flown out if their last appeal fails.",
        "",
        "supports",
        None,
    ),
    (
        "the speaker's own clause after a description of the scheme still counts",
        "Tirana runs a return hub scheme in which people are flown out, and we fully support it.",
        "",
        "supports",
        None,
    ),
    (
        "the speaker's own if still sets a condition",
        "Belgrade is in talks with Britain about return hubs and will go ahead if London pays.",
        "",
        "conditional",
        "if",
    ),
    (
        "only restricting a clause that an if qualifies is a condition",
        "It will only be spent on the centre if the people are actually sent here.",
        "",
        "conditional",
        "only ... if",
    ),
    (
        "only and if across a sentence end are no condition",
        "We only asked for the figures. If they come, fine.",
        "",
        "neutral",
        None,
    ),
    (
        "a claim about reports of talks beside a denial of talks denies them",
        "the reports in the London papers were pure speculation",
        _DENIAL_SENTENCE,
        "no_talks",
        "sentence: no negotiations * under way",
    ),
    (
        "a claim about something else beside the same denial takes nothing from it",
        "the weather in the capital was fine",
        _DENIAL_SENTENCE.replace(
            "the reports in the London papers were pure speculation",
            "the weather in the capital was fine",
        ),
        "neutral",
        None,
    ),
    (
        "scorn for the course rejected with 'instead of' is the speaker's own",
        "Instead of using the Balkans as a dumping ground for migrants, London could play an "
        "important role in building fair asylum systems there.",
        "",
        "opposes",
        None,
    ),
    (
        "a refusal rejected with 'instead of' is no refusal",
        "Instead of scrapping the return hub scheme, we support it.",
        "",
        "supports",
        None,
    ),
    (
        "praise inside the rejected course is no praise of the speaker's",
        "Rather than a useful deterrent, return hubs are a cruel and costly idea.",
        "",
        "opposes",
        None,
    ),
]


@pytest.mark.parametrize(
    ("why", "text", "context", "label", "cue"), WORDING, ids=[w[0] for w in WORDING]
)
def test_each_wording_gets_its_label(lexicon, why, text, context, label, cue):
    result = stance(text, lexicon, context=context)
    assert result.label == label, why
    if cue is not None:
        assert result.cue == cue, why


# The same rules on what extraction makes of invented articles (the real spaCy model):
# (why, article, a snippet of the claim, label, start of the cue).
EXTRACTED = [
    (
        "a description of the scheme sets no condition",
        'The Home Secretary said on Monday that Britain was "in talks with several countries '
        'about return hubs", a scheme under which people would be flown out if their last '
        "appeal fails.",
        "in talks",
        "supports",
        "in talks",
    ),
    (
        "only ... if is a condition",
        'Asked about the British money, the Serbian interior minister said: "It will only be '
        "spent on the centre if the people are actually sent here. If nobody comes, we give it "
        'back."',
        "only be spent",
        "conditional",
        "only ... if",
    ),
    (
        "dismissing reports beside a denial of talks is no talks",
        'A government spokesman told the agency that the reports in the London papers were "pure '
        'speculation" and insisted no negotiations with Britain were under way.',
        "pure speculation",
        "no_talks",
        "sentence:",
    ),
    (
        "a counter-proposal with instead of is opposition",
        'The refugee charity said: "Instead of using the Balkans as a dumping ground for '
        "migrants, London could play an important role in building fair asylum systems "
        'there."',
        "dumping ground",
        "opposes",
        "",
    ),
]


@pytest.mark.parametrize(
    ("why", "body", "snippet", "label", "cue"), EXTRACTED, ids=[e[0] for e in EXTRACTED]
)
def test_each_wording_gets_its_label_through_extraction(run, why, body, snippet, label, cue):
    claim = next(c for c in run(body) if snippet in c.text)
    assert claim.stance == label, why
    assert claim.stance_cue.startswith(cue), why
