"""MinHash bands find near-copies; the confirmation keeps rewrites apart."""

from __future__ import annotations

from articles import dedup

STORY = (
    "The UK is set to ask Kosovo to take failed asylum seekers as part of plans to open "
    "overseas return hubs for migrants. Kosovo has been put on a list of nine countries "
    "that are seen as potential locations for the hubs, a newspaper has reported. The hubs "
    "would house asylum seekers after they have exhausted all their rights to appeal."
)
REWRITE = (
    "Britain wants Kosovo to host people whose asylum claims failed, according to reports. "
    "Nine nations are on a government shortlist for the planned centres, where migrants "
    "would wait before deportation once every appeal has been lost."
)


def test_band_keys_are_stable_across_calls_and_processes():
    assert dedup.band_keys(STORY) == dedup.band_keys(STORY)
    assert len(dedup.band_keys(STORY)) == dedup.BANDS
    assert all(-(2**63) <= key < 2**63 for _band, key in dedup.band_keys(STORY))


def test_same_story_with_different_punctuation_shares_bands_and_confirms():
    copy = STORY.replace(",", "").replace("The hubs", "The \u201chubs\u201d") + "\n"
    shared = set(dedup.band_keys(STORY)) & set(dedup.band_keys(copy))
    assert len(shared) >= dedup.BANDS // 2
    assert dedup.similarity(STORY, copy) >= dedup.CONFIRM_RATIO


def test_rewrite_of_the_same_news_is_not_a_duplicate():
    assert not set(dedup.band_keys(STORY)) & set(dedup.band_keys(REWRITE))
    assert dedup.similarity(STORY, REWRITE) < dedup.CONFIRM_RATIO


def test_normalise_ignores_case_quotes_and_line_breaks():
    assert dedup.normalise("\u201cReturn\u201d\n\nHubs,") == "return hubs"


def test_signature_of_a_long_text_is_computed_in_chunks_without_changing_it(monkeypatch):
    long_text = " ".join(f"word{i}" for i in range(3 * dedup._CHUNK))
    whole = dedup.minhash(long_text)
    monkeypatch.setattr(dedup, "_CHUNK", 1000)
    assert (dedup.minhash(long_text) == whole).all()


def test_bodies_of_very_different_length_are_not_duplicates_without_a_full_comparison():
    assert dedup.similarity(STORY, STORY * 3) < dedup.CONFIRM_RATIO
