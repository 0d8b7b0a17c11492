"""Run ClaimTrack's extractor over a PolNeAR corpus folder and export claims for span scoring.

    python -m claims.evaluation.polnear CORPUS_DIR --out EXPORT.jsonl [--limit N] [--ids FILE]

PolNeAR (Newell, Margolin & Ruths 2018) is an outside yardstick: 1,008 annotated US political
news articles nobody here tuned on. The texts are the publishers' and carry no licence, so
they, the corpus folders and the exports made from them stay outside every repository
(``$DATA`` below, e.g. ``/work/polnear-data``). Use train and dev only, never test. The full
recipe, with ``P=../shared/polnear`` and ``RUN=$DATA/run``:

1. Fetch ``networkdynamics/PolNeAR`` (HEAD c3eee83) as a bare git directory ``MIRROR`` and
   export the texts and annotations of train and dev::

       git --git-dir=MIRROR archive HEAD data/metadata.tsv data/{train,dev}/text \\
           data/{train,dev}/attributions | tar -x -C $DATA/_polnear

2. Convert and verify (dev: 84 documents, 2,195 quotes)::

       python3 $P/convert.py polnear --src $DATA/_polnear/data --out $DATA/polnear.jsonl \\
           --splits train,dev
       python3 $P/convert.py verify $DATA/polnear.jsonl

3. Build corpora (same article files, different gold)::

       python3 $P/make_corpus.py $DATA/polnear.jsonl $RUN/dev
       python3 $P/make_corpus.py $DATA/polnear.jsonl $RUN/dev_speech --speech-only

   and likewise ``--split train`` into ``$RUN/train`` and ``$RUN/train_speech``.
4. Extract with this module::

       python -m claims.evaluation.polnear $RUN/dev --out $DATA/dev_export.jsonl

5. Score, strict (a claim on a non-speech attribution is a false positive) and lenient::

       python3 $P/score_spans.py $RUN/dev_speech/gold_spans.jsonl $DATA/dev_export.jsonl
       python3 $P/score_spans.py $RUN/dev/gold_spans.jsonl $DATA/dev_export.jsonl --speech-only

Each ``<id>.txt`` is read, decoded and cleaned exactly as ingest does (``articles.decoding``,
``articles.cleaning``, ``articles.metadata`` for the date), extracted in one batch, and
role-only speakers are resolved across the batch as the speaker registry would. Claim offsets
are mapped from the cleaned body back to the file's decoded text through the cleaner's offset
map, which is what the gold's offsets point into. No database is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from articles.cleaning import clean_body
from articles.decoding import Refused, decode_bytes, read_bytes
from articles.metadata import extract_metadata
from articles.offsets import body_to_raw
from claims.nlp.across import resolve_across
from claims.nlp.extract import extract_many
from claims.nlp.stance import default_lexicon
from claims.nlp.types import ArticleExtraction, ExtractedClaim

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CorpusText:
    """One article file as ingest would hold it: decoded text, cleaned body, their map."""

    name: str
    raw: str
    body: str
    offset_map: list[list[int]]
    date: dt.date | None  # as articles.metadata finds it


def read_text(path: Path) -> CorpusText:
    """Decode and clean one file as ingest does; raises Refused for a file ingest refuses."""
    decoded = decode_bytes(read_bytes(path, max_bytes=None))
    clean = clean_body(decoded.text)
    if not clean.body.strip():
        raise Refused("no article text left once site furniture is removed")
    date = extract_metadata(clean).date
    return CorpusText(path.name, decoded.text, clean.body, clean.offset_map, date)


def raw_span(text: CorpusText, claim: ExtractedClaim) -> tuple[int, int]:
    """The claim's [start, end) in the file's decoded text."""
    start = body_to_raw(text.offset_map, claim.start)
    return start, body_to_raw(text.offset_map, claim.end, end=True)


def export_rows(text: CorpusText, extraction: ArticleExtraction) -> Iterator[dict[str, object]]:
    """One score_spans.py row per claim, offsets into the decoded file text."""
    aliases = {fact.name: list(fact.aliases) for fact in extraction.people}
    for claim in extraction.claims:
        start, end = raw_span(text, claim)
        yield {
            "article": text.name,
            "speaker": claim.speaker.name,
            "speaker_aliases": aliases.get(claim.speaker.name, []),
            "speaker_mention": claim.speaker.mention,
            "text": text.raw[start:end],
            "kind": claim.kind,
            "start": start,
            "end": end,
            "method": claim.method,
            "cue": claim.cue,
        }


def corpus_files(corpus: Path, ids: Iterable[str] | None, limit: int) -> list[Path]:
    """The corpus's article files in name order, restricted to `ids` and the first `limit`."""
    files = sorted(corpus.glob("*.txt"))
    if ids is not None:
        wanted = {i if i.endswith(".txt") else f"{i}.txt" for i in ids}
        files = [f for f in files if f.name in wanted]
    return files[:limit] if limit else files


def read_ids(path: Path) -> list[str]:
    """Ids one per line; blank lines and `#` comments (the seed, the date) are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]


def read_corpus(files: Iterable[Path]) -> list[CorpusText]:
    """Every readable file; a refused one is logged on one line and the others go on."""
    texts = []
    for path in files:
        try:
            texts.append(read_text(path))
        except Refused as refused:
            logger.error("%s: %s", path, refused)
    return texts


def export(texts: list[CorpusText]) -> Iterator[dict[str, object]]:
    """Extract all texts in one batch, resolve speakers across it, yield the export rows."""
    extractions = list(extract_many(((t.body, t.date) for t in texts), lexicon=default_lexicon()))
    resolved = resolve_across(extractions, [t.date for t in texts])
    for text, extraction in zip(texts, resolved, strict=True):
        yield from export_rows(text, extraction)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of <id>.txt from make_corpus.py")
    parser.add_argument("--out", type=Path, required=True, help="export JSON lines")
    parser.add_argument("--limit", type=int, default=0, help="first N articles by name")
    parser.add_argument("--ids", type=Path, help="file of article ids, one a line")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    ids = read_ids(args.ids) if args.ids else None
    files = corpus_files(args.corpus, ids, args.limit)
    if not files:
        print(f"{args.corpus}: no matching .txt files", file=sys.stderr)
        return 1
    texts = read_corpus(files)
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for row in export(texts):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    logger.info("%d articles, %d claims -> %s", len(texts), count, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
