"""Article corrections: a person's date, title, outlet, URL, author or duplicate link outlives
re-ingest. Registered from `claims.admin` because its actions re-run extraction; the
`articles` app itself knows nothing of claims."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles.models import Article
from claims import services
from claims.admin import BigTableAdmin
from claims.services import ExtractReport

# Which *_source field records that a person, not the parser, set a metadata field.
SOURCE_FIELDS = {"title": "title_source", "outlet": "outlet_source", "date": "date_source"}
# Set by ingest, shown for judging it, never edited by hand.
PROVENANCE_FIELDS = [
    "title_source",
    "outlet_source",
    "date_source",
    "duplicate_score",
    "encoding",
    "content_hash",
    "source_path",
    "extraction_state",
    "extraction_version",
    "extraction_error",
    "extracted_at",
    "locked_fields",
    "is_synthetic",
    "created_at",
    "updated_at",
]


@admin.register(Article)
class ArticleAdmin(BigTableAdmin):
    list_display = [
        "name",
        "title",
        "outlet",
        "date",
        "date_source",
        "extraction_state",
        "duplicate_of",
        "is_synthetic",
    ]
    list_select_related = ["duplicate_of"]
    list_filter = [
        "extraction_state",
        "date",
        "encoding",
        "is_synthetic",
        "date_source",
        "outlet_source",
    ]
    search_fields = ["name", "title", "outlet"]
    ordering = ["-date", "-id"]
    raw_id_fields = ["duplicate_of"]
    # A URL typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "title", "outlet", "date", "url", "author", "duplicate_of"]}),
        ("How it was read", {"fields": PROVENANCE_FIELDS}),
        ("Text", {"fields": ["body_display", "raw_text_display"]}),
    ]
    readonly_fields = ["name", *PROVENANCE_FIELDS, "body_display", "raw_text_display"]
    actions = ["reextract", "set_date"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        # The list never shows the texts; they can be hundreds of KB each.
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if url_name and url_name.endswith("changelist"):
            qs = qs.defer("raw_text", "body", "offset_map")
        return qs

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # articles arrive through `manage.py ingest`

    @admin.display(description="cleaned text (used for extraction)")
    def body_display(self, obj: Article) -> str:
        return _pre(obj.body)

    @admin.display(description="original file text")
    def raw_text_display(self, obj: Article) -> str:
        return _pre(obj.raw_text)

    def save_model(
        self, request: HttpRequest, obj: Article, form: forms.ModelForm[Article], change: bool
    ) -> None:
        changed = form.changed_data
        services.lock_fields(obj, changed)
        for name in changed:
            if name in SOURCE_FIELDS:
                setattr(obj, SOURCE_FIELDS[name], Article.Found.MANUAL)
        super().save_model(request, obj, form, change)

    @admin.action(
        description="Re-run extraction (keeps human-reviewed claims)", permissions=["change"]
    )
    def reextract(self, request: HttpRequest, queryset: QuerySet) -> None:
        for article in queryset:
            report = services.reextract_article(article=article)
            failed = getattr(report, "failed", None)
            level = messages.WARNING if failed else messages.SUCCESS
            self.message_user(request, f"{article}: {_summary(report)}", level)

    @admin.action(description="Set the date (re-dates their statements)…", permissions=["change"])
    def set_date(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = SetDateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for article in queryset:
                services.set_article_date(article=article, date=form.cleaned_data["date"])
            self.message_user(
                request,
                f"Dated {queryset.count()} article(s) {form.cleaned_data['date']:%d %B %Y}; "
                "their statements were re-dated.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Set the date of articles",
            "opts": self.model._meta,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/set_date.html", context)


class SetDateForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def _pre(text: str) -> str:
    # format_html escapes the text: an article holding <script> stays inert here too.
    return format_html('<pre style="white-space: pre-wrap; max-width: 60em">{}</pre>', text)


def _summary(report: ExtractReport | None) -> str:
    if report is None:
        return "re-extracted."
    parts = [
        f"{getattr(report, name)} {label}"
        for name, label in (
            ("appearances", "claims found"),
            ("new_statements", "new statements"),
            ("kept_human", "kept as people left them"),
            ("skipped_rejected", "rejected and left hidden"),
        )
        if hasattr(report, name)
    ]
    failed = getattr(report, "failed", None)
    if failed:
        parts.append("failed: " + "; ".join(failed))
    return ", ".join(parts) or "re-extracted."
