"""The scorer follows shared/gold/README.md: text snippets, speaker folding, optional lines."""

from claims.scoring import names_match, norm_text, score

GOLD = [
    {"article": "a.txt", "speaker": ["Albin Kurti"], "quote": "talks were ongoing",
     "kind": "indirect", "speaker_country": "Kosovo", "stance": "supports"},
    {"article": "a.txt", "speaker": ["Željko Komšić"], "quote": "would not “participate”",
     "quote_end": "in the scheme", "kind": "mixed", "speaker_country": "Bosnia and Herzegovina",
     "stance": ["opposes", "no_talks"]},
    {"article": "a.txt", "speaker": ["The Times"], "quote": "on a list", "kind": "indirect",
     "optional": True},
]  # fmt: skip


def pred(text, speaker, **kw):
    row = {"article": "a.txt", "text": text, "speaker": speaker, "speaker_aliases": [],
           "speaker_mention": speaker, "speaker_country": None, "stance": "neutral",
           "kind": "indirect"}  # fmt: skip
    row.update(kw)
    return row


def test_text_is_compared_without_quote_marks_case_or_spacing():
    assert norm_text("Would  NOT “participate”") == "would not participate"


def test_speaker_names_fold_accents_and_allow_only_titles_as_extra_words():
    assert names_match("Zeljko Komsic", "Željko Komšić")
    assert names_match("Prime Minister Albin Kurti", "Albin Kurti")
    assert names_match("the Times", "The Times")
    assert not names_match("Kurti", "Albin Kurti")
    assert not names_match("Albin Kurti's brother", "Albin Kurti")


def test_scores_detection_attribution_completeness_stance_and_country():
    result = score(
        [
            pred("the talks were ongoing", "Kurti", speaker_country="Kosovo", stance="supports"),
            pred(
                "his country would not participate in the scheme",
                "Željko Komšić",
                speaker_country="Bosnia and Herzegovina",
                stance="opposes",
                kind="mixed",
            ),
            pred("Kosovo is on a list of nine", "The Times"),
            pred("a donation appeal", "The Independent"),
        ],  # fmt: skip
        GOLD,
    )
    assert result["detection"]["tp"] == 2 and result["detection"]["predicted"] == 3
    assert result["detection"]["recall"] == 1.0
    assert result["attribution"]["tp"] == 1  # "Kurti" alone is not "Albin Kurti"
    assert result["completeness"] == 1.0
    assert result["stance_accuracy"] == 1.0
    assert result["speaker_country_accuracy"] == 1.0
    assert [fp["text"] for fp in result["false_positives"]] == ["a donation appeal"]
    assert result["wrong_speakers"][0]["expected"] == ["Albin Kurti"]


def test_one_prediction_matches_one_gold_line_and_misses_are_listed():
    result = score([pred("talks were ongoing; would not participate", "Albin Kurti")], GOLD)
    assert result["detection"]["tp"] == 1
    assert len(result["misses"]) == 1
    assert result["completeness"] == 0.0
