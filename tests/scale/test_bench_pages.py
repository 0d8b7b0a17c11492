import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_pages_json_reports_every_page_with_its_figures():
    call_command("seed_synthetic", "--statements", "60", "--speakers", "20", "--seed", "3")
    out = io.StringIO()
    call_command("bench_pages", "--json", "--repeat", "2", stdout=out)

    rows = json.loads(out.getvalue())
    assert rows and {r["page"] for r in rows} >= {"overview", "claims", "claims ?q"}
    for row in rows:
        assert set(row) >= {"page", "url", "status", "median_ms", "p95_ms", "queries"}
        if row["status"] == 200:
            assert row["median_ms"] <= row["p95_ms"]
            assert row["queries"] > 0
    # Its temporary superuser is gone afterwards.
    assert not get_user_model().objects.filter(username__startswith="bench-").exists()


def test_bench_pages_prints_a_table():
    out = io.StringIO()
    call_command("bench_pages", "--repeat", "1", stdout=out)
    assert "median ms" in out.getvalue() and "p95 ms" in out.getvalue()
