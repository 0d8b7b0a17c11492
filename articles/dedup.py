"""Near-duplicate detection: MinHash over word shingles, LSH banding, rapidfuzz to confirm.

An article's signature is split into bands; each band hashes to a 64-bit key stored in
ArticleBand. Candidates are the articles sharing any (band, key) row, found through the
(band, key) index, so checking one article costs about the same whether 10 or 10 million
are stored. Candidates are confirmed on the normalised bodies with rapidfuzz, because LSH
only estimates similarity: the confirmation keeps rewrites of the same news by different
outlets (similar facts, different sentences) apart from copies of one text.

The hashing half is pure (no Django); `find_original` is the one query.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

SHINGLE_WORDS = 3
NUM_PERM = 128
ROWS_PER_BAND = 4  # 32 bands of 4: pairs above ~0.45 Jaccard very likely share a band
BANDS = NUM_PERM // ROWS_PER_BAND
CONFIRM_RATIO = 90.0  # rapidfuzz ratio (0–100) on normalised bodies
MAX_CANDIDATES = 50  # full comparisons per new article, at most
_PRIME = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
# Fixed seed: signatures must match across processes and releases, or stored bands rot.
_rng = np.random.default_rng(20251126)
_A = _rng.integers(1, 1 << 31, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")
_CHUNK = 8192
# rapidfuzz compares in O(n·m/64); near-copies agree from the start, so a long prefix is
# enough evidence and keeps a 5 MB article from costing seconds per candidate.
COMPARE_CHARS = 50_000


@dataclass(frozen=True)
class Match:
    article_id: int
    score: float


def normalise(body: str) -> str:
    """Lower-case words only: quote styles, punctuation and line breaks do not count."""
    return " ".join(_WORD.findall(body.casefold()))


def shingle_hashes(text: str) -> np.ndarray:
    words = normalise(text).split()
    n = max(len(words) - SHINGLE_WORDS + 1, 1)
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(n)}
    # Stable 32-bit hashes (Python's hash() is salted per process).
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
            for s in shingles
        ),
        dtype=np.uint64,
        count=len(shingles),
    )


def minhash(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM values) of the text's word shingles."""
    hashes = shingle_hashes(text)
    if hashes.size == 0:
        return np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    signature = np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    # In chunks: a 5 MB file has ~1M shingles, and one outer product would need 1 GB.
    for start in range(0, hashes.size, _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        # a*h + b stays below 2**63 because a, b < 2**31 and h < 2**32.
        permuted = (np.outer(chunk, _A) + _B) % _PRIME & _MAX32
        signature = np.minimum(signature, permuted.min(axis=0))
    return signature


def band_keys(text: str) -> list[tuple[int, int]]:
    """[(band, key), ...] for ArticleBand rows; keys are signed 64-bit for BigIntegerField."""
    signature = minhash(text)
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
        digest = hashlib.blake2b(rows, digest_size=8, person=band.to_bytes(2, "little"))
        keys.append((band, int.from_bytes(digest.digest(), "little", signed=True)))
    return keys


def similarity(a: str, b: str) -> float:
    """0–100: how much of two bodies is the same text, ignoring case and punctuation."""
    a, b = normalise(a)[:COMPARE_CHARS], normalise(b)[:COMPARE_CHARS]
    # ratio can never exceed 200·min/(len a + len b): skip the work when lengths differ a lot.
    if 200 * min(len(a), len(b)) < CONFIRM_RATIO * (len(a) + len(b)):
        return 200 * min(len(a), len(b)) / max(len(a) + len(b), 1)
    return fuzz.ratio(a, b)


def find_original(
    body: str, keys: list[tuple[int, int]], *, before_id: int | None = None
) -> Match | None:
    """The earliest stored article whose body is a near-copy of `body`, via the band index.

    `before_id` limits candidates to articles stored earlier than the one being updated, so
    links always point back in time and can never form a cycle."""
    from django.db.models.expressions import RawSQL

    from articles.models import Article, ArticleBand

    if not normalise(body) or not keys:
        return None
    # One OR of (band = ? AND key = ?) terms: each is an index probe on (band, key) in
    # PostgreSQL and SQLite alike. Built as SQL because 32 Q objects cost ~10 ms to compile.
    where = " OR ".join(["(band = %s AND key = %s)"] * len(keys))
    params = [value for pair in keys for value in pair]
    # Only the articles sharing the most bands are compared in full, so a boilerplate-heavy
    # band shared by thousands of articles cannot make one check expensive.
    sql = (
        f"SELECT article_id FROM {ArticleBand._meta.db_table} WHERE {where} "
        f"GROUP BY article_id ORDER BY COUNT(*) DESC, article_id LIMIT {MAX_CANDIDATES}"
    )
    candidates = Article.objects.filter(id__in=RawSQL(sql, params))
    if before_id is not None:
        candidates = candidates.filter(id__lt=before_id)
    candidates = candidates.order_by("id").only("id", "body")
    for candidate in candidates.iterator():
        score = similarity(body, candidate.body)
        if score >= CONFIRM_RATIO:
            return Match(candidate.id, score)
    return None
