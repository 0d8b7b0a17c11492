"""`bench_workers` runs real workers on a scratch database of its own and reports figures
for each worker count; the configured database is left as it was."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article

from .conftest import BROKER, SEEDS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SEEDS.exists(), reason="shared/ is not beside this checkout"),
]


def test_bench_workers_reports_throughput_per_worker_count(transactional_db, broker, tmp_path):
    one = sorted(SEEDS.glob("*.txt"))[0]
    name_before = connection.settings_dict["NAME"]
    test_name_before = connection.settings_dict["TEST"].get("NAME")
    out = io.StringIO()
    call_command(
        "bench_workers", str(one), "--workers", "1", "--broker", BROKER, "--json", stdout=out
    )
    result = json.loads(out.getvalue())

    assert result["files"] == 1 and result["words"] > 100
    (run,) = result["runs"]
    assert run["workers"] == 1
    assert run["tasks"] == {"done": 1}  # the worker ingested and extracted the file
    assert run["words_per_s"] > 0 and run["ratio_to_raw_nlp_pipe"] > 0
    assert run["speedup_over_1"] == 1.0
    # The scratch database is gone and the configured one untouched.
    assert connection.settings_dict["NAME"] == name_before
    assert connection.settings_dict["TEST"].get("NAME") == test_name_before
    assert not Article.objects.exists()
