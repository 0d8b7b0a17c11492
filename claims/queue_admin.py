"""The ingest queue in the admin: what failed and why, and a retry action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.queue_models import IngestTask
from claims.tasks import send


@admin.register(IngestTask)
class IngestTaskAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "attempts", "reason", "updated_at")
    list_filter = ("state",)
    search_fields = ("name",)
    readonly_fields = (
        "name",
        "path",
        "content_hash",
        "state",
        "reason",
        "attempts",
        "article",
        "created_at",
        "updated_at",
    )
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tasks come from `ingest --queue`

    @admin.action(description="Retry: queue these files again", permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        tasks = list(queryset.exclude(state=IngestTask.State.DONE).values_list("id", flat=True))
        IngestTask.objects.filter(id__in=tasks).update(state=IngestTask.State.QUEUED, reason="")
        for task_id in tasks:
            send(task_id)
        self.message_user(request, f"Queued {len(tasks)} task(s) again.", messages.SUCCESS)
