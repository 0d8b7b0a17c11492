"""Real processes against PostgreSQL: a run killed with SIGKILL leaves only work the next
run finishes, and concurrent runs neither crash nor store twins.

The test database is shared with `manage.py ingest` subprocesses, so these tests commit
(transactional_db) and each starts its own processes."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from claims.models import Speaker, Statement

ROOT = Path(settings.BASE_DIR)
SHARED = ROOT.parent / "shared"

pytestmark = [
    pytest.mark.skipif(
        not (SHARED / "dev2").exists(), reason="shared/ is not beside this checkout"
    ),
]


def subprocess_env() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}


def start_ingest(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", *args, "--quiet"],
        cwd=ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, *, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the run ended first: {proc.communicate()}"
        assert time.monotonic() < deadline, "timed out waiting for the run"
        time.sleep(0.1)


def copy_sets(tmp_path: Path, *names: str) -> list[Path]:
    folders = []
    for name in names:
        folders.append(tmp_path / name)
        shutil.copytree(SHARED / name, folders[-1])
    return folders


def run_in_process(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def some_extracted_a_batch_pending() -> bool:
    # A whole batch (two articles with --extract-every 2) waiting means spaCy is working on
    # it, so the kill lands before it is stored. One pending article can be the second of a
    # batch whose storing finishes in the instant before the kill, leaving nothing pending.
    states = Counter(Article.objects.values_list("extraction_state", flat=True))
    return states[Article.Extraction.EXTRACTED] > 0 and states[Article.Extraction.PENDING] >= 2


@pytest.mark.parametrize("finish", [("ingest", "FOLDER", "--quiet"), ("extract", "--pending")])
def test_a_run_killed_with_sigkill_is_finished_by_the_next_run(transactional_db, tmp_path, finish):
    (folder,) = copy_sets(tmp_path, "dev2")
    proc = start_ingest(str(folder), "--extract-every", "2")
    wait_for(some_extracted_a_batch_pending, proc=proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert Article.objects.pending().exists()  # the dead run left work behind

    run_in_process(*(str(folder) if arg == "FOLDER" else arg for arg in finish))

    files = {p.name for p in folder.glob("*.txt")}
    stored = set(Article.objects.values_list("name", flat=True))
    # A second ingest stores what the dead run never reached; extract --pending finishes
    # what it stored.
    assert stored == files if finish[0] == "ingest" else stored < files
    assert not Article.objects.pending().exists()
    assert not Article.objects.filter(extraction_state=Article.Extraction.FAILED).exists()


def test_a_second_run_on_the_same_folder_says_it_is_already_being_ingested(
    transactional_db, tmp_path
):
    (folder,) = copy_sets(tmp_path, "dev")
    first = start_ingest(str(folder), "--extract-every", "1")
    wait_for(lambda: Article.objects.exists(), proc=first)
    out, err = run_in_process("ingest", str(folder), "--quiet")
    assert f"SKIPPED {folder}: already being ingested by another run" in err
    assert "FAILED" not in err and "1 skipped" in out
    _stdout, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stderr
    assert not Article.objects.pending().exists()


def snapshot() -> dict:
    return {
        "articles": set(Article.objects.values_list("name", flat=True)),
        "speakers": Counter(Speaker.objects.values_list("name", flat=True)),
        "statements": Counter(Statement.objects.values_list("speaker__name", "text")),
    }


def test_two_concurrent_runs_with_shared_speakers_store_what_one_sequential_run_stores(
    transactional_db, tmp_path
):
    dev, dev2 = copy_sets(tmp_path, "dev", "dev2")
    runs = [start_ingest(str(dev)), start_ingest(str(dev2))]
    outcomes = [proc.communicate(timeout=900) for proc in runs]
    assert [proc.returncode for proc in runs] == [0, 0], outcomes
    together = snapshot()
    assert not Article.objects.pending().exists()

    call_command("flush", "--noinput", verbosity=0)
    sequential = start_ingest(str(dev), str(dev2))
    _out, err = sequential.communicate(timeout=900)
    assert sequential.returncode == 0, err
    alone = snapshot()

    assert together["articles"] == alone["articles"]
    assert max(together["speakers"].values()) == 1  # no speaker created twice
    assert together["speakers"] == alone["speakers"]
    assert together["statements"] == alone["statements"]
