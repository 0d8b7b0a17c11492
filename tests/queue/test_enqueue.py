"""Enqueueing, status and the admin's retry, against real Redis and PostgreSQL (no worker)."""

from __future__ import annotations

import io
import json
import os
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.queue_models import IngestTask
from claims.tasks import enqueue

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="shared/ is not beside this checkout")


def messages_waiting(broker) -> int:
    return broker.llen("celery")


def status_json() -> dict:
    out = io.StringIO()
    call_command("ingest", "--status", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path / "seeds"


def test_queue_sends_one_task_per_file_and_returns(
    db, broker, folder, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", "--queue", str(folder), stdout=out)
    assert "5 queued" in out.getvalue()
    assert messages_waiting(broker) == 5
    assert status_json() == {"queued": 5, "running": 0, "done": 0, "failed": 0}


def test_the_same_content_queued_twice_is_one_task_and_a_done_task_is_not_sent_again(
    db, broker, folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue([folder])
        enqueue([folder])
    assert IngestTask.objects.count() == 5
    IngestTask.objects.filter(name__startswith="000").update(state=IngestTask.State.DONE)
    broker.delete("celery")

    with django_capture_on_commit_callbacks(execute=True):
        counts = enqueue([folder])

    assert counts == {"queued": 4, "done": 1}
    assert messages_waiting(broker) == 4


def test_changed_content_is_a_new_task(db, broker, folder, django_capture_on_commit_callbacks):
    enqueue([folder])
    first = next(folder.glob("000_*.txt"))
    first.write_text(first.read_text() + "\nA late correction.\n")
    enqueue([first.parent])
    assert IngestTask.objects.filter(name=first.name).count() == 2


def test_a_file_that_is_not_a_regular_file_fails_at_once_with_its_reason(db, broker, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "story.txt").write_text("Story text.\n")
    counts = enqueue([tmp_path])
    assert counts == {"failed": 1, "queued": 1}
    failed = IngestTask.objects.get(state=IngestTask.State.FAILED)
    assert failed.name == "pipe.txt" and "FIFO" in failed.reason


def test_the_admin_lists_failures_and_queues_them_again(
    admin_client, broker, folder, django_capture_on_commit_callbacks
):
    enqueue([folder])
    IngestTask.objects.update(state=IngestTask.State.FAILED, reason="no article text left")
    done = IngestTask.objects.order_by("id").first()
    IngestTask.objects.filter(id=done.id).update(state=IngestTask.State.DONE, reason="")
    broker.delete("celery")
    url = reverse("admin:claims_ingesttask_changelist")

    page = admin_client.get(url, {"state__exact": "failed"})
    assert page.status_code == 200 and b"no article text left" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url,
            {
                "action": "retry",
                "_selected_action": list(IngestTask.objects.values_list("id", flat=True)),
            },
        )
    assert status_json() == {"queued": 4, "running": 0, "done": 1, "failed": 0}
    assert messages_waiting(broker) == 4
