"""Derived rows about positions over time: stance-change events and contradiction flags.

Both are recomputed from the statements (claims.events), never edited by hand: a page
reads them as stored rows instead of walking a country's positions on every request.
PostgreSQL triggers (migration 0010) note in ``PendingRecompute`` which country, speaker
and topic a write touched, in the writing transaction itself; claims.events recomputes
those after the commit. Kept apart from claims/models.py, which imports this module so
Django finds the models.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

# Opposite stances (claims.models.Stance values). Only outright support and outright
# opposition contradict each other: "open to talks", "conditional" and "no talks yet" are
# hedges a government can hold beside either (open to talks while opposing the scheme as
# proposed), and neutral takes no side.
OPPOSITE = {"supports": "opposes", "opposes": "supports"}


class StanceEventQuerySet(models.QuerySet):
    def for_list(self) -> StanceEventQuerySet:
        return self.select_related("country", "topic", "statement__speaker").defer(
            "statement__search_vector"
        )

    def newest_first(self) -> StanceEventQuerySet:
        return self.order_by("-date", "-id")


class StanceEvent(models.Model):
    """The moment a country's current stance on a topic changed: the government position
    that changed it, what it was before ("" when the country had none) and after."""

    country = models.ForeignKey("claims.Country", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("claims.Topic", on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(
        "claims.Statement", on_delete=models.CASCADE, related_name="stance_events"
    )
    date = models.DateField()
    before = models.CharField(max_length=12, blank=True)
    after = models.CharField(max_length=12)
    # Whether a person verified or corrected the statement that changed it.
    verified = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)

    objects = StanceEventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["-date", "-id"], name="stanceevent_newest"),
            models.Index(fields=["topic", "-date", "-id"], name="stanceevent_topic_newest"),
            models.Index(fields=["country", "topic", "-date"], name="stanceevent_country"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} on {self.topic_id}: {self.before or '-'} → {self.after}"

    def get_absolute_url(self) -> str:
        return reverse("claims:statement", args=[self.statement_id])

    @property
    def before_label(self) -> str:
        return _stance_label(self.before) if self.before else "No position"

    @property
    def after_label(self) -> str:
        return _stance_label(self.after)

    @property
    def headline(self) -> str:
        """ "Kosovo: Open to talks → Supports, 22 Oct 2025, Albin Kurti" (reads the country
        and the statement's speaker: load them with for_list)."""
        return (
            f"{self.country.name}: {self.before_label} → {self.after_label}, "
            f"{self.date.day} {self.date:%b %Y}, {self.statement.speaker.name}"
        )


class Contradiction(models.Model):
    """Two statements of one voice, opposite stances on one topic, close in time.

    ``scope`` says whose voice: one speaker, or one country's government (two of its
    speakers). ``later`` is flagged against the nearest earlier opposite statement, so a
    long back-and-forth gives one row per statement, not one per pair.
    """

    class Scope(models.TextChoices):
        SPEAKER = "speaker", "Same speaker"
        GOVERNMENT = "government", "Same government"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    topic = models.ForeignKey("claims.Topic", on_delete=models.CASCADE, related_name="+")
    # The owner of the voice: a speaker for SPEAKER, a country for GOVERNMENT.
    speaker = models.ForeignKey(
        "claims.Speaker", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    country = models.ForeignKey(
        "claims.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    later = models.ForeignKey(
        "claims.Statement", on_delete=models.CASCADE, related_name="contradicts_earlier"
    )
    earlier = models.ForeignKey(
        "claims.Statement", on_delete=models.CASCADE, related_name="contradicted_later"
    )
    date = models.DateField(help_text="The later statement's date.")
    days_apart = models.PositiveIntegerField()
    # The later statement's stance on the topic; the earlier one's is its opposite.
    later_stance = models.CharField(max_length=12)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["-date", "-id"], name="contradiction_newest"),
            models.Index(fields=["scope", "speaker", "topic"], name="contradiction_speaker"),
            models.Index(fields=["scope", "country", "topic"], name="contradiction_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="speaker", speaker__isnull=False)
                    | models.Q(scope="government", country__isnull=False)
                ),
                name="contradiction_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.later_id} contradicts {self.earlier_id} ({self.scope})"

    @property
    def earlier_stance(self) -> str:
        return OPPOSITE.get(self.later_stance, "")

    @property
    def later_stance_label(self) -> str:
        return _stance_label(self.later_stance)

    @property
    def earlier_stance_label(self) -> str:
        return _stance_label(self.earlier_stance)


def _stance_label(stance: str) -> str:
    from claims.models import Stance

    return dict(Stance.choices).get(stance, stance)


class PendingRecompute(models.Model):
    """A (country or speaker, topic) whose events or flags are stale. Written by triggers
    in the transaction that changed a statement or its topic links; emptied by
    claims.events.settle() once the events and flags are recomputed.

    Rows are appended, never upserted: a writer takes no lock here (an upsert would make
    concurrent ingest runs wait on, and deadlock over, these rows), and a row a writer
    has not committed yet is invisible to a settle running meanwhile, which therefore
    cannot delete it before that writer's own settle sees its changes.
    """

    class Owner(models.TextChoices):
        COUNTRY = "country", "Country's government"
        SPEAKER = "speaker", "Speaker"

    owner = models.CharField(max_length=7, choices=Owner.choices)
    owner_id = models.BigIntegerField()
    topic_id = models.BigIntegerField()
    # The earliest date a changed position had or has: events and flags before it stand.
    # Null: recompute from the beginning.
    since = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.owner} {self.owner_id} on {self.topic_id}"
