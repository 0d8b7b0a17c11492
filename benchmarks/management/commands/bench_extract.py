"""python manage.py bench_extract [--processes N] [--repeat K] [--rounds R] [--json] PATH ...

Ingests and extracts the files into a scratch database of its own (the real one is left
alone) and prints the speed of the whole ClaimTrack path beside raw ``nlp.pipe`` of the same
model on the same texts, in the same run, with their ratio and the peak memory.

On a shared machine the load moves between the two legs. ``--rounds R`` runs the legs R
times, alternating (a fresh scratch database each round), and reports the median of each
leg and of the ratios. The CPU seconds of this process are printed too: they move less with
the load, but leave out the database server's own work, so they flatter the ClaimTrack leg a
little (and child processes: with --processes 1 only); the wall-clock ratio is the figure
to quote.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
from pathlib import Path

import spacy
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.ingest import ingest_text
from claims.nlp.pipeline import get_nlp
from claims.services import extract_articles


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        found.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    if not found:
        raise CommandError("no .txt files found in the given paths")
    return found


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)  # ru_maxrss is in KiB on Linux


class Command(BaseCommand):
    help = "Benchmark ingest+extraction against raw nlp.pipe on the same texts."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--processes", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=1, help="process the files K times")
        parser.add_argument("--batch-size", type=int, default=32)
        parser.add_argument(
            "--rounds", type=int, default=1, help="alternate the two legs R times, report medians"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        files = _files(opts["paths"])
        data = [(f.name, f.read_bytes()) for f in files] * opts["repeat"]
        texts = [raw.decode("utf-8", errors="replace") for _, raw in data]
        words = sum(len(t.split()) for t in texts)
        # Raw: the model exactly as shipped, every component on. Ours: ClaimTrack's own
        # configuration of the same model. Both loaded (and warmed) before the clocks start.
        raw_nlp = spacy.load(settings.CLAIMTRACK_SPACY_MODEL)
        nlp = get_nlp(settings.CLAIMTRACK_SPACY_MODEL)
        for model in (raw_nlp, nlp):
            list(model.pipe(["Warm-up: the minister said the model is loaded."]))

        load_before = os.getloadavg()
        rounds = [self._round(n, raw_nlp, nlp, texts, data, opts) for n in range(opts["rounds"])]
        raw_s = statistics.median(r["raw"] for r in rounds)
        ingest_s = statistics.median(r["ingest"] for r in rounds)
        extract_s = statistics.median(r["extract"] for r in rounds)
        ours_s = statistics.median(r["ingest"] + r["extract"] for r in rounds)
        raw_cpu = statistics.median(r["raw_cpu"] for r in rounds)
        ours_cpu = statistics.median(r["ours_cpu"] for r in rounds)

        result = {
            "files": len(files),
            "articles": len(data),
            "words": words,
            "processes": opts["processes"],
            "rounds": opts["rounds"],
            "model": settings.CLAIMTRACK_SPACY_MODEL,
            "database": connection.vendor,
            "claimtrack_seconds": round(ours_s, 3),
            "claimtrack_ingest_seconds": round(ingest_s, 3),
            "claimtrack_extract_seconds": round(extract_s, 3),
            "raw_nlp_pipe_seconds": round(raw_s, 3),
            "claimtrack_words_per_s": round(words / ours_s, 1),
            "raw_nlp_pipe_words_per_s": round(words / raw_s, 1),
            "claimtrack_articles_per_s": round(len(data) / ours_s, 2),
            "raw_nlp_pipe_articles_per_s": round(len(data) / raw_s, 2),
            "ratio": round(
                statistics.median(r["raw"] / (r["ingest"] + r["extract"]) for r in rounds), 3
            ),
            "round_ratios": [round(r["raw"] / (r["ingest"] + r["extract"]), 3) for r in rounds],
            # This process only: the database server's CPU is not in the ClaimTrack figure.
            "claimtrack_cpu_seconds": round(ours_cpu, 3),
            "raw_nlp_pipe_cpu_seconds": round(raw_cpu, 3),
            "cpu_ratio": round(statistics.median(r["raw_cpu"] / r["ours_cpu"] for r in rounds), 3),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "peak_rss_mb": _peak_rss_mb(),
            # The peak up to the end of the first raw leg: both models loaded and raw nlp.pipe run.
            "peak_rss_mb_after_raw": rounds[0]["raw_peak"],
        }
        if opts["json"]:
            self.stdout.write(json.dumps(result))
        else:
            width = max(map(len, result))
            for key, value in result.items():
                self.stdout.write(f"{key:<{width}}  {value}")

    def _round(self, n: int, raw_nlp, nlp, texts, data, opts) -> dict[str, float]:
        """One raw leg, then one ClaimTrack leg in a fresh scratch database."""
        started, cpu = time.perf_counter(), time.process_time()
        for _doc in raw_nlp.pipe(texts, batch_size=opts["batch_size"], n_process=opts["processes"]):
            pass
        raw_s, raw_cpu = time.perf_counter() - started, time.process_time() - cpu
        raw_peak = _peak_rss_mb()
        with _scratch_database(n):
            cpu = time.process_time()
            ingest_s, extract_s = self._claimtrack_path(data, nlp, opts)
            ours_cpu = time.process_time() - cpu
        return {
            "raw": raw_s,
            "raw_cpu": raw_cpu,
            "raw_peak": raw_peak,
            "ingest": ingest_s,
            "extract": extract_s,
            "ours_cpu": ours_cpu,
        }

    def _claimtrack_path(self, data, nlp, opts) -> tuple[float, float]:
        """Seconds to ingest the files, then to extract and store their claims."""
        started = time.perf_counter()
        ids = []
        for i, (name, raw) in enumerate(data):
            result = ingest_text(f"{i:06d}_{name}", raw)
            if result.article_id is not None and result.status in ("new", "updated", "duplicate"):
                ids.append(result.article_id)
        ingested = time.perf_counter()
        report = extract_articles(
            article_ids=ids, nlp=nlp, batch_size=opts["batch_size"], n_process=opts["processes"]
        )
        extracted = time.perf_counter()
        if report.failed:
            raise CommandError("; ".join(report.failed[:5]))
        return ingested - started, extracted - ingested


class _scratch_database:
    """A throwaway database beside the configured one, migrated, dropped afterwards."""

    def __init__(self, n: int = 0):
        self.n = n

    def __enter__(self):
        test = connection.settings_dict.setdefault("TEST", {})
        # Put back on exit: under the test suite this names the suite's own database.
        self._old_test_name = test.get("NAME")
        if connection.vendor != "sqlite":
            # Named after the configured database, so runs sharing a server stay apart.
            test["NAME"] = f"{connection.settings_dict['NAME']}_bench_{int(time.time())}_{self.n}"
        self._old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return self

    def __exit__(self, *exc):
        connection.creation.destroy_test_db(self._old_name, verbosity=0)
        connection.settings_dict["TEST"]["NAME"] = self._old_test_name
        return False
