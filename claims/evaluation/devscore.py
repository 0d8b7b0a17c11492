"""Dev harness: extract the seed or dev articles and score them against the gold files.

    python -m claims.evaluation.devscore seeds|dev|dev2|heldout [--json] [--summary] [--show]

Reads the files, cleans them with ``articles.cleaning.clean_body`` when importable,
extracts, resolves role-only speakers across the batch (as the storage layer's speaker
registry does), scores with ``claims.scoring`` and prints. No Django database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from claims.nlp.across import resolve_across
from claims.nlp.extract import extract_many
from claims.nlp.types import ArticleExtraction, TopicLexicon
from claims.scoring import format_report, load_gold, score

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": (
        ROOT / "seeds",
        SHARED / "gold" / "seeds.jsonl",
        SHARED / "gold" / "seeds_articles.jsonl",
    ),
    "dev": (SHARED / "dev", SHARED / "gold" / "dev.jsonl", None),
    # Blind until issue 7: real articles on the return hubs and the Western Balkans.
    "dev2": (SHARED / "dev2", SHARED / "gold" / "dev2.jsonl", None),
    # Written by hand to check generality: other countries, house styles and furniture.
    "heldout": (
        ROOT / "tests" / "nlp" / "data" / "heldout",
        ROOT / "tests" / "nlp" / "data" / "heldout" / "heldout.jsonl",
        None,
    ),
}


def _clean(raw: str) -> tuple[str, dt.date | None]:
    try:
        from articles.cleaning import clean_body
    except ImportError:
        return raw, None
    result = clean_body(raw)
    date = None
    if result.dateline is not None:
        date = getattr(result.dateline, "date", None)
    return result.body, date if isinstance(date, dt.date) else None


def _lexicon() -> TopicLexicon:
    try:
        from claims.nlp.stance import default_lexicon
    except ImportError:
        return TopicLexicon(slug="return-hubs", keywords=("return hub", "return hubs"))
    return default_lexicon()


def _dates(meta: Path | None) -> dict[str, dt.date | None]:
    if meta is None or not meta.exists():
        return {}
    out = {}
    for line in meta.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["article"]] = dt.date.fromisoformat(row["date"]) if row.get("date") else None
    return out


def predictions(names: list[str], extractions: list[ArticleExtraction]) -> list[dict[str, object]]:
    rows = []
    for name, ext in zip(names, extractions, strict=True):
        for c in ext.claims:
            aliases = next((f.aliases for f in ext.people if f.name == c.speaker.name), ())
            rows.append(
                {
                    "article": name,
                    "text": c.text,
                    "speaker": c.speaker.name,
                    "speaker_aliases": list(aliases),
                    "speaker_mention": c.speaker.mention,
                    "speaker_country": c.speaker.country,
                    # the stance on the claim's most relevant question (dev: the arrangement
                    # its article is about); the default question's when it is about none
                    "stance": c.topics[0].stance if c.topics else c.stance,
                    "kind": c.kind,
                    "method": c.method,
                    "how": c.speaker.resolution,
                }
            )
    return rows


def run(which: str) -> tuple[dict, list[dict]]:
    folder, gold_path, meta = SETS[which]
    files = sorted(p for p in folder.glob("*.txt"))
    dates = _dates(meta)
    items, bodies = [], []
    for path in files:
        body, date = _clean(path.read_text(encoding="utf-8"))
        date = dates.get(path.name, date)
        items.append((body, date))
        bodies.append(body)
    extractions = list(extract_many(items, lexicon=_lexicon()))
    extractions = resolve_across(extractions, [date for _, date in items])
    for body, ext in zip(bodies, extractions, strict=True):
        for c in ext.claims:
            assert body[c.start : c.end] == c.text, "offsets must be verbatim"
    preds = predictions([p.name for p in files], extractions)
    return score(preds, load_gold(gold_path)), preds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", choices=sorted(SETS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("--show", action="store_true", help="print every prediction")
    args = parser.parse_args(argv)
    result, preds = run(args.which)
    if args.show:
        for p in preds:
            print(json.dumps(p, ensure_ascii=False))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(format_report(result, details=not args.summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
