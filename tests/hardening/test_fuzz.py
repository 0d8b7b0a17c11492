"""Hypothesis fuzzing of the text front end: the decoder, the cleaner and the quote pairer
never raise on any input, keep their promises, and take linear time.

Linearity is checked by growth, not by a time limit: an input made of a fuzzed unit
repeated k times (20,000 characters) and the same unit repeated 16k times (320,000). A
linear pass costs about 16 times as much on the second, a quadratic one 256 times. The
test allows 100 times: memory effects alone (CPU caches, fresh pages for big strings)
make a character cost up to 3 times more in the large input, which still leaves a linear
pass under 50, and a quadratic one far over. Times are this process's CPU time, not wall
time: on a busy machine a long run waits for the CPU many times and a short one may not
wait at all, which would skew the ratio, but waiting costs no CPU time. Each is the best
of three runs with the garbage collector paused.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.cleaning import clean_body
from articles.decoding import Refused, decode_bytes
from claims.nlp.quotes import find_quotes

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples in every run: CI never finds a new one by luck
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
GROWTH = settings(FUZZ, max_examples=6)  # each example times 320,000 characters

# News-shaped characters: every quote mark the pairer knows, apostrophes, dashes, colons,
# header-like text, blank lines and carriage returns, plus any character at all.
MARKS = list("\"“”‘’'„«»‹›`") + ["''", ":", "—", "-", " ", "\n", "\n\n", "\r\n", "\t"]
WORDS = ["said", "Kosovo", "URL:", "Date:", "By", "Reuters", "PRISTINA,", "Photo:", "a", "."]
news_text = st.lists(
    st.sampled_from(MARKS + WORDS) | st.text(max_size=3), min_size=0, max_size=300
).map("".join)
units = st.lists(st.sampled_from(MARKS + WORDS), min_size=3, max_size=40).map("".join)


GROWTH_FACTOR = 16
ALLOWED_RATIO = 100


def best_time(fn, arg, repeats: int = 3) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeats):
            started = time.process_time()
            fn(arg)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


def assert_linear(fn, unit: str, size: int = 20_000) -> None:
    small = unit * max(1, size // len(unit))
    large = small * GROWTH_FACTOR
    fn(small)  # warm caches and compiled patterns
    t_small, t_large = best_time(fn, small), best_time(fn, large)
    # The absolute floor keeps microsecond-sized runs, where noise is all there is, from
    # failing the ratio.
    assert t_large <= ALLOWED_RATIO * t_small + 0.01, (
        f"{fn.__name__}: {t_small * 1000:.1f} ms for {len(small):,} chars, "
        f"{t_large * 1000:.1f} ms for {len(large):,} (unit {unit!r})"
    )


# ---------------------------------------------------------------- the decoder
@FUZZ
@given(st.binary(max_size=3000))
def test_decoding_any_bytes_gives_text_or_a_reason(data):
    try:
        decoded = decode_bytes(data)
    except Refused as refused:
        assert str(refused)
        return
    assert decoded.text.strip()
    assert "\x00" not in decoded.text


@FUZZ
@given(news_text, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
def test_text_saved_in_a_common_encoding_decodes(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # not representable in that code page: not a file anyone could save
    try:
        decoded = decode_bytes(data)
    except Refused as refused:
        assert str(refused)
        return
    if encoding.startswith("utf-8"):
        assert decoded.text == text


@GROWTH
@given(units)
def test_decoding_time_grows_linearly(unit):
    def decode(text: str) -> None:
        with contextlib.suppress(Refused):
            decode_bytes(codecs.BOM_UTF8 + text.encode())

    decode.__name__ = "decode_bytes"
    assert_linear(decode, unit)


# ---------------------------------------------------------------- the cleaner
@FUZZ
@given(news_text)
def test_cleaning_keeps_every_body_run_verbatim_from_the_raw_text(raw):
    result = clean_body(raw)
    for body_start, raw_start, length in result.offset_map:
        assert result.body[body_start : body_start + length] == raw[raw_start : raw_start + length]
    assert len(result.body) <= len(raw) + 2 * len(result.offset_map)


@GROWTH
@given(units)
def test_cleaning_time_grows_linearly(unit):
    assert_linear(clean_body, unit)


# ---------------------------------------------------------------- the quote pairer
@FUZZ
@given(news_text)
def test_quote_pairs_lie_inside_the_text_in_order(body):
    quotes = find_quotes(body)
    previous_end = -1
    for q in quotes:
        assert 0 <= q.open_at < q.start <= q.end <= q.close_end <= len(body)
        assert q.open_at >= previous_end
        previous_end = q.close_end


@GROWTH
@given(units)
def test_quote_pairing_time_grows_linearly(unit):
    assert_linear(find_quotes, unit)


@pytest.mark.parametrize(
    "name,unit",
    [
        ("one long line of words", "and the minister said so "),
        ("stray quote marks", "\" ' “ ’ "),
        ("quotes opened and never closed", "“Kosovo said "),
        ("deep nesting", "“‘“‘ "),
        ("paragraphs that each open a quote", "“We will help\n\n"),
        ("apostrophes in words", "Britain’s hasn’t "),
    ],
)
@pytest.mark.parametrize("fn", [find_quotes, clean_body], ids=["quotes", "cleaning"])
def test_adversarial_shapes_from_the_issue_are_linear(name, unit, fn):
    assert_linear(fn, unit)


def test_the_linearity_check_catches_a_quadratic_pass():
    def quadratic(text: str) -> int:  # rescans the rest of the text every 200 characters
        return sum(text.count("a", i) for i in range(0, len(text), 200))

    with pytest.raises(AssertionError, match="quadratic"):
        assert_linear(quadratic, "abc ")
