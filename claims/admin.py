"""Corrections: the admin is where people overrule the machine.

Every write goes through claims.services, the same functions views and commands call, so a
correction made here is one extraction respects. Lists are built for a million statements:
related rows joined, no full COUNT(*), full-text search instead of ILIKE on PostgreSQL, and
autocomplete widgets instead of <select>s holding every speaker.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from claims import review_services, services, topics
from claims.models import (
    Appearance,
    Country,
    MergeSuggestion,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    Statement,
    StatementTopic,
    Topic,
)
from claims.nlp.names import name_key

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# --------------------------------------------------------------------------- shared


class EstimatedCountPaginator(Paginator):
    """A paginator that asks PostgreSQL's planner how many rows there are on big tables.

    COUNT(*) over a million statements reads the whole table on every changelist load. The
    planner's estimate (pg_class.reltuples unfiltered, EXPLAIN's row estimate filtered) costs
    nothing; below ``exact_below`` rows the exact count is cheap and used instead.
    """

    exact_below = 10_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if not isinstance(qs, QuerySet) or connections[qs.db].vendor != "postgresql":
            return super().count
        estimate = self._estimate(qs)
        if estimate is None or estimate < self.exact_below:
            return super().count
        return estimate

    @staticmethod
    def _estimate(qs: QuerySet) -> int | None:
        with connections[qs.db].cursor() as cursor:
            if not qs.query.where:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [qs.model._meta.db_table],
                )
                row = cursor.fetchone()
                # -1 means "never analysed": fall back to counting.
                return row[0] if row and row[0] >= 0 else None
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])


class BigTableAdmin(SimpleHistoryAdmin):
    """Changelist settings every large, history-tracked table shares."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50


def admin_link(obj: Model | None, label: str | None = None) -> str:
    if obj is None:
        return "-"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


# --------------------------------------------------------------------------- countries, topics


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "iso2", "is_tracked"]
    list_editable = ["is_tracked"]
    list_filter = ["is_tracked"]
    search_fields = ["name", "slug", "iso2"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    """Tracked questions, their scope and their lexicons are data: edited and added here."""

    list_display = ["name", "slug", "scheme", "proposer", "participant_names", "is_primary"]
    list_select_related = ["proposer"]
    search_fields = ["name", "slug", "scheme"]
    autocomplete_fields = ["proposer", "participants"]
    fields = [
        "name",
        "slug",
        "question",
        "scheme",
        "proposer",
        "participants",
        "is_primary",
        "keywords",
        "weak_keywords",
        "cues",
        "mask",
        "negators",
        "contrast",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("participants")

    @admin.display(description="asked to take part")
    def participant_names(self, obj: Topic) -> str:
        return ", ".join(c.name for c in obj.participants.all()) or "any country"


# --------------------------------------------------------------------------- statements


class AppearanceInline(admin.TabularInline):
    """Where the statement stands in each article; the machine's evidence, read-only."""

    model = Appearance
    readonly_fields = ("article_link", "text", "mention", "cue", "method", "date_said")
    fields = readonly_fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Statement | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("article")

    @admin.display(description="article")
    def article_link(self, obj: Appearance) -> str:
        public = public_url("articles:detail", obj.article_id)
        if not public:
            return admin_link(obj.article)
        return format_html('{} (<a href="{}">public page</a>)', admin_link(obj.article), public)


class StatementTopicInline(admin.TabularInline):
    """The statement's stance per tracked question. A person's edit here is kept through
    re-extraction, and the statement's own topic and stance follow the most relevant link."""

    model = StatementTopic
    fields = ["topic", "relevance", "stance", "method", "evidence", "model_version", "review"]
    readonly_fields = ["method", "evidence", "model_version", "review"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("topic")


def public_url(name: str, pk: int) -> str:
    """The site's own page for an object, or "" while that view does not exist."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


class StatementForm(forms.ModelForm):
    """The change form, plus the reason stored with the history record of the edit."""

    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=100,
        help_text=(
            "Shown in the history, with the values before and after. To remove a claim, "
            "reject it (“Reject selected” in the list, or the review queue): statements "
            "are never deleted, because the next extraction would create them again."
        ),
    )

    class Meta:
        model = Statement
        fields = "__all__"  # noqa: DJ007 - the admin's `fields` chooses what is shown


@admin.register(Statement)
class StatementAdmin(BigTableAdmin):
    form = StatementForm
    list_display = [
        "speaker",
        "excerpt",
        "stance",
        "topic",
        "kind",
        "speaker_kind",
        "review",
        "date_said",
        "speaker_country",
    ]
    list_select_related = ["speaker", "speaker_country", "topic"]
    list_filter = [
        "topic",
        "stance",
        "speaker_kind",
        "kind",
        "review",
        "speaker_country",
        "date_said",
        "is_synthetic",
    ]
    search_fields = ["text", "speaker__name"]
    search_help_text = "Full-text search in the quote, or part of the speaker's name."
    ordering = ["-date_said", "-id"]
    autocomplete_fields = ["speaker", "speaker_country", "countries"]
    fields = [
        "text",
        "change_reason",
        "speaker",
        "speaker_role",
        "speaker_kind",
        "speaker_country",
        "countries",
        "kind",
        "topic",
        "stance",
        "date_said",
        "review",
        "reviewed_by",
        "reviewed_at",
        "first_article",
        "stance_cue",
        "stance_confidence",
        "confidence",
        "pipeline_version",
        "key",
        "is_synthetic",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields[fields.index("review") :]
    inlines = [StatementTopicInline, AppearanceInline]
    actions = ["verify", "reject"]

    @admin.display(description="text")
    def excerpt(self, obj: Statement) -> str:
        return Truncator(obj.text).chars(90)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Statements come from articles; a person corrects them, never invents one here.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("search_vector")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Statement], search_term: str
    ) -> tuple[QuerySet[Statement], bool]:
        """On PostgreSQL: the GIN-indexed text search, or a match on the speaker's name."""
        term = search_term.strip()
        if not term or connections[queryset.db].vendor != "postgresql":
            return super().get_search_results(request, queryset, search_term)
        query = SearchQuery(term, search_type="websearch", config="english")
        speakers = Speaker.objects.filter(
            Q(name__icontains=term) | Q(aliases__alias__icontains=term)
        ).values("pk")
        return queryset.filter(Q(search_vector=query) | Q(speaker__in=speakers)), False

    def has_delete_permission(self, request: HttpRequest, obj: Statement | None = None) -> bool:
        # A deleted statement comes back with the next extraction; rejecting is the durable
        # removal (the "Reject selected" action, or Reject in the review queue at /review/).
        return False

    def save_model(
        self, request: HttpRequest, obj: Statement, form: forms.ModelForm[Statement], change: bool
    ) -> None:
        if change and form.has_changed():
            # The machine's values go into the history first (extraction writes none), then
            # the edit and the review status in one save, so one history record: from now
            # on extraction leaves this statement as the person left it.
            review_services.record_baseline(statement=obj)
            obj._change_reason = form.cleaned_data.get("change_reason", "")  # type: ignore[attr-defined]  # read by simple_history
            services.mark_corrected(statement=obj, user=request.user)
            if {"topic", "stance"} & set(form.changed_data):
                topics.record_correction(statement=obj)
        else:
            super().save_model(request, obj, form, change)

    def save_formset(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Statement],
        formset: forms.BaseModelFormSet[Any, Any],
        change: bool,
    ) -> None:
        if formset.model is not StatementTopic or not formset.has_changed():
            super().save_formset(request, form, formset, change)
            return
        links = formset.save(commit=False)
        for link in links:
            # A person's stance per topic: extraction never replaces it.
            link.review = Statement.Review.CORRECTED
            link.method = StatementTopic.Method.PERSON
            link.save()
        for gone in formset.deleted_objects:
            gone.delete()
        statement = form.instance
        if statement.review == Statement.Review.MACHINE:
            services.mark_corrected(statement=statement, user=request.user)
        topics.sync_from_links(statement=statement)

    @admin.action(description="Verify selected statements", permissions=["change"])
    def verify(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._review(request, queryset, review_services.verify, "Verified {n} statement(s).")

    @admin.action(description="Reject selected as not a claim", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = "Rejected {n} statement(s): hidden everywhere, never extracted again."
        self._review(request, queryset, review_services.reject, done)

    def _review(
        self,
        request: HttpRequest,
        queryset: QuerySet[Statement],
        service: Callable[..., object],
        done: str,
    ) -> None:
        n = 0
        for statement in queryset.iterator(chunk_size=500):
            service(statement=statement, user=request.user)
            n += 1
        self.message_user(request, done.format(n=n), messages.SUCCESS)


# --------------------------------------------------------------------------- speakers


class SpeakerAliasForm(forms.ModelForm):
    """An alias typed by a person: its match key is derived, and it is marked manual."""

    class Meta:
        model = SpeakerAlias
        fields = ["alias", "is_manual"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what ModelForm.clean() returns
        alias = (data.get("alias") or "").strip()
        self.instance.key = name_key(alias) or alias.lower()
        clash = SpeakerAlias.objects.filter(
            speaker_id=self.instance.speaker_id, key=self.instance.key
        ).exclude(pk=self.instance.pk)
        if alias and self.instance.speaker_id and clash.exists():
            raise forms.ValidationError(f"This speaker already has the alias “{alias}”.")
        if self.has_changed():
            data["is_manual"] = True
        return data


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    form = SpeakerAliasForm
    fields = ["alias", "is_manual"]
    extra = 1


class SpeakerRoleInline(admin.TabularInline):
    """What articles said this speaker was: evidence, appended by extraction, read-only."""

    model = SpeakerRole
    readonly_fields = ("role", "country", "article", "seen_on", "evidence")
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Speaker | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("country", "article")


class _Counted(TypedDict):
    statement_count: int


def statement_count() -> Coalesce:
    """Per-row count, evaluated only for the page shown rather than GROUP BY over all."""
    counts = (
        Statement.objects.filter(speaker=OuterRef("pk"))
        .order_by()
        .values("speaker")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


@admin.register(Speaker)
class SpeakerAdmin(BigTableAdmin):
    list_display = ["name", "kind", "role", "country", "statements", "is_synthetic"]
    list_select_related = ["country"]
    list_filter = ["kind", "country", "is_synthetic"]
    search_fields = ["name", "aliases__alias"]
    ordering = ["name", "id"]
    autocomplete_fields = ["country"]
    fields = ["name", "kind", "role", "organisation", "country", "slug", "locked_fields"]
    readonly_fields = ["slug", "locked_fields"]
    inlines = [SpeakerAliasInline, SpeakerRoleInline]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(statement_count=statement_count())

    @admin.display(description="statements", ordering="statement_count")
    def statements(self, obj: WithAnnotations[Speaker, _Counted]) -> int:
        return obj.statement_count

    def save_model(
        self, request: HttpRequest, obj: Speaker, form: forms.ModelForm[Speaker], change: bool
    ) -> None:
        # Locked before saving, so the registry never overwrites what this person typed.
        services.lock_fields(obj, form.changed_data)
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            services.rename_speaker(speaker=obj, old_name=form.initial.get("name", ""))
        if change and "country" in form.changed_data:
            # Their machine statements speak for the country the admin set, at once.
            services.sync_speaker_countries([obj.pk])

    @admin.action(description="Merge selected speakers into one…", permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        speakers = list(queryset.order_by("-statement_count", "id"))
        if len(speakers) < 2:
            self.message_user(request, "Select at least two speakers to merge.", messages.ERROR)
            return None
        target_id = request.POST.get("target")
        if request.POST.get("confirm") and target_id:
            self._merge(request, speakers, int(target_id))
            return None
        return self._merge_page(request, speakers)

    def _merge(self, request: HttpRequest, speakers: list[Speaker], target_id: int) -> None:
        target = next((s for s in speakers if s.pk == target_id), None)
        if target is None:
            self.message_user(request, "Choose the target among the selected.", messages.ERROR)
            return None
        for source in speakers:
            if source.pk != target.pk:
                target = services.merge_speakers(source=source, target=target, user=request.user)
        self.message_user(
            request, f"Merged {len(speakers) - 1} speaker(s) into “{target}”.", messages.SUCCESS
        )
        return None

    def _merge_page(self, request: HttpRequest, speakers: list[Speaker]) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge speakers",
            "opts": self.model._meta,
            "speakers": speakers,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/speaker/merge_speakers.html", context)


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(SimpleHistoryAdmin):
    list_display = ["alias", "speaker", "key", "is_manual"]
    list_select_related = ["speaker"]
    list_filter = ["is_manual"]
    search_fields = ["alias", "speaker__name"]
    autocomplete_fields = ["speaker"]
    form = SpeakerAliasForm
    fields = ["speaker", "alias", "is_manual"]
    actions = ["split"]

    @admin.action(description="Split into its own speaker", permissions=["change"])
    def split(self, request: HttpRequest, queryset: QuerySet) -> None:
        for alias in queryset.select_related("speaker"):
            new = services.split_alias(alias=alias, user=request.user)
            self.message_user(
                request, format_html("“{}” is now its own speaker: {}", alias, admin_link(new))
            )


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(admin.ModelAdmin):
    list_display = ["speaker", "candidate", "score", "reason", "status", "created_at"]
    list_select_related = ["speaker", "candidate"]
    list_filter = ["status"]
    search_fields = ["speaker__name", "candidate__name"]
    readonly_fields = ["speaker", "candidate", "score", "reason", "status", "created_at"]
    actions = ["accept", "dismiss"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Accept: merge the two speakers", permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet) -> None:
        merged = 0
        for pk in queryset.filter(status="pending").values_list("pk", flat=True):
            # An earlier merge in this loop may have deleted a speaker (and its suggestions).
            suggestion = MergeSuggestion.objects.filter(pk=pk).first()
            if suggestion is None:
                continue
            source, target = _merge_direction(suggestion)
            services.merge_speakers(source=source, target=target, user=request.user)
            merged += 1
        self.message_user(request, f"Merged {merged} pair(s).", messages.SUCCESS)

    @admin.action(description="Dismiss: they are different people", permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet) -> None:
        n = queryset.update(status=MergeSuggestion.Status.DISMISSED)
        self.message_user(request, f"Dismissed {n} suggestion(s).", messages.SUCCESS)


def _merge_direction(suggestion: MergeSuggestion) -> tuple[Speaker, Speaker]:
    """Keep the speaker more statements already point at; ties keep ``speaker``."""
    pair = Speaker.objects.filter(pk__in=[suggestion.speaker_id, suggestion.candidate_id])
    counts = dict(pair.annotate(n=Count("statements")).values_list("pk", "n"))
    a, b = suggestion.speaker, suggestion.candidate
    return (a, b) if counts.get(b.pk, 0) > counts.get(a.pk, 0) else (b, a)


# The article admin lives in claims (its actions re-run extraction), and the ingest queue's
# tasks and failures beside it (issue 11); registered on import.
from claims import article_admin, queue_admin  # noqa: E402, F401
