"""The ingest queue's durable state: one row per file and content, kept in the database so
``ingest --status`` and the admin survive a broker flush or restart.

A row is the unit of idempotence: the same file name with the same content hash is one
task however often it is enqueued or redelivered, and a task already ``done`` is never run
again. A file that fails for good keeps its reason here until someone retries it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Count


class IngestTaskQuerySet(models.QuerySet):
    def counts(self) -> dict[str, int]:
        """Tasks per state, every state present (0 when none)."""
        found = dict(self.values_list("state").annotate(n=Count("id")).order_by())
        return {state: found.get(state, 0) for state in IngestTask.State.values}


class IngestTask(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # The article's key, as plain `ingest` would name it (path relative to the folder given).
    name = models.CharField(max_length=500)
    path = models.TextField(help_text="Absolute path the worker reads")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the file when queued")
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    reason = models.TextField(blank=True, help_text="Why the file failed, for good")
    attempts = models.PositiveIntegerField(default=0)
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IngestTaskQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "content_hash"], name="ingest_task_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"
