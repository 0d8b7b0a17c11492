"""The offset map returns the raw text of any cleaned span."""

from __future__ import annotations

import random

from articles.cleaning import clean_body
from articles.offsets import body_to_raw


def _spans_within_segments(offset_map, rng, count):
    for _ in range(count):
        body_start, _raw, length = rng.choice(offset_map)
        a = rng.randrange(0, length)
        b = rng.randrange(a + 1, length + 1)
        yield body_start + a, body_start + b


def test_every_cleaned_span_of_every_seed_maps_to_the_same_raw_text(seed_files):
    rng = random.Random(7)
    for path in seed_files:
        raw = path.read_text(encoding="utf-8")
        result = clean_body(raw)
        for start, end in _spans_within_segments(result.offset_map, rng, 400):
            raw_start = body_to_raw(result.offset_map, start)
            raw_end = body_to_raw(result.offset_map, end, end=True)
            assert raw[raw_start:raw_end] == result.body[start:end], path.name


def test_spans_across_paragraphs_map_to_raw_text_containing_both_ends(seed_files):
    rng = random.Random(11)
    for path in seed_files:
        raw = path.read_text(encoding="utf-8")
        result = clean_body(raw)
        for _ in range(200):
            start = rng.randrange(0, len(result.body) - 1)
            end = rng.randrange(start + 1, len(result.body) + 1)
            raw_span = raw[body_to_raw(result.offset_map, start) :
                           body_to_raw(result.offset_map, end, end=True)]  # fmt: skip
            for piece in result.body[start:end].split("\n\n"):
                assert piece.strip() in raw_span


def test_every_segment_is_a_verbatim_run_of_the_raw_text(seed_files):
    for path in seed_files:
        raw = path.read_text(encoding="utf-8")
        result = clean_body(raw)
        for body_start, raw_start, length in result.offset_map:
            assert (
                raw[raw_start : raw_start + length] == result.body[body_start : body_start + length]
            )


def test_a_start_in_a_paragraph_gap_snaps_to_the_next_paragraph():
    offset_map = [[0, 10, 5], [7, 30, 4]]
    assert body_to_raw(offset_map, 5) == 30
    assert body_to_raw(offset_map, 6, end=True) == 15


def test_an_empty_map_is_the_identity():
    assert body_to_raw([], 12) == 12
