"""Real worker processes against real Redis and PostgreSQL: a worker killed with SIGKILL
mid-batch loses nothing (its task is redelivered to the next workers), two workers after
it duplicate nothing, and the result is what a plain `ingest` of the folder stores.

The workers share the test database, so the test commits (transactional_db)."""

from __future__ import annotations

import io
import shutil
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from claims.models import Appearance, Speaker, Statement
from claims.queue_models import IngestTask

from .conftest import SEEDS, wait_until

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="shared/ is not beside this checkout")

# Redis hands a dead worker's unacknowledged task to another after this many seconds.
VISIBILITY = "10"


@pytest.fixture
def folder(tmp_path):
    """The seeds, a copy of each in a subfolder (same names, other keys) and one file with
    no article text, which must fail for good with its reason."""
    root = tmp_path / "articles"
    shutil.copytree(SEEDS, root)
    shutil.copytree(SEEDS, root / "copies")
    (root / "empty.txt").write_text("\n\n")
    return root


def snapshot() -> dict:
    """What was stored. A statement carried by several articles in other words is stored
    once, in the words of the first article extracted, which depends on the order workers
    take files in; so statements are compared by speaker, and every appearance exactly.
    Speakers are counted to find twins; the registry may also keep a role-only speaker
    ("Prime minister") that no statement uses, depending on that order."""
    return {
        "articles": Counter(Article.objects.values_list("name", "content_hash")),
        "speakers": Counter(Speaker.objects.values_list("name", flat=True)),
        "statements": Counter(Statement.objects.values_list("speaker__name", flat=True)),
        "appearances": Counter(
            Appearance.objects.values_list(
                "article__name", "start", "end", "statement__speaker__name"
            )
        ),
    }


def plain_ingest(folder) -> dict:
    with pytest.raises(CommandError, match="1 file"):  # empty.txt
        call_command("ingest", str(folder), "--quiet", stdout=io.StringIO(), stderr=io.StringIO())
    return snapshot()


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(transactional_db, workers, folder):
    alone = plain_ingest(folder)
    call_command("flush", "--noinput", verbosity=0)
    total = len(list(folder.rglob("*.txt")))

    call_command("ingest", "--queue", str(folder), stdout=io.StringIO())
    first = workers.start("first", CELERY_VISIBILITY_TIMEOUT=VISIBILITY)
    wait_until(
        lambda: (
            IngestTask.objects.filter(state=IngestTask.State.DONE).exists()
            and IngestTask.objects.filter(state=IngestTask.State.RUNNING).exists()
        ),
        timeout=120,
        why="the first worker is mid-batch",
        logs=workers.logs,
    )
    workers.kill(first)
    interrupted = IngestTask.objects.filter(state=IngestTask.State.RUNNING).get()
    assert IngestTask.objects.filter(state=IngestTask.State.DONE).count() < total - 1

    for name in ("second", "third"):
        workers.start(name, CELERY_VISIBILITY_TIMEOUT=VISIBILITY)
    wait_until(
        lambda: (
            IngestTask.objects.counts()["done"] + IngestTask.objects.counts()["failed"] == total
        ),
        timeout=180,
        why="every task is done or failed",
        logs=workers.logs,
    )

    assert IngestTask.objects.counts() == {
        "queued": 0,
        "running": 0,
        "done": total - 1,
        "failed": 1,
    }
    failed = IngestTask.objects.get(state=IngestTask.State.FAILED)
    assert failed.name == "empty.txt" and "empty file" in failed.reason
    interrupted.refresh_from_db()
    assert interrupted.state == IngestTask.State.DONE and interrupted.attempts >= 2
    queued = snapshot()
    assert max(queued["articles"].values()) == 1  # every file stored once
    assert max(queued["speakers"].values()) == 1  # no speaker created twice
    for stored in ("articles", "statements", "appearances"):
        assert queued[stored] == alone[stored], stored
    assert not Article.objects.pending().exists()
