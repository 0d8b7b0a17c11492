"""Claims: who said what, for which country, about which countries, with what stance.

Three layers keep machine output and human decisions apart:

* ``Statement`` — one thing a speaker said, stored once however many articles carry it.
  Its ``review`` tells whether a person has touched it; re-extraction only ever replaces
  statements still in ``Review.MACHINE``.
* ``Appearance`` — where a statement stands in one article (offsets, mention, cue, rule).
* ``Speaker`` with ``SpeakerAlias`` and ``SpeakerRole`` — the registry that resolves
  "Mr Kurti" or "the Albanian prime minister" across articles.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import Case, Exists, F, FilteredRelation, OuterRef, Q, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.nlp.types import SPEAKER_KINDS


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPEN = "open", "Open to talks"
    CONDITIONAL = "conditional", "Conditional"
    NO_TALKS = "no_talks", "No talks yet"
    OPPOSES = "opposes", "Opposes"
    NEUTRAL = "neutral", "Neutral / factual"


# Who a speaker is, built from the one home of the vocabulary (claims.nlp.types.SPEAKER_KINDS).
# Not Speaker.SpeakerKind (person / organisation): this says whose voice the words are.
SpeakerKind = models.TextChoices(
    "SpeakerKind", [(key.upper(), (key, label)) for key, label in SPEAKER_KINDS.items()]
)
# Only a government speaker's words are the country's own position on a topic.
GOVERNMENT = SpeakerKind.GOVERNMENT


class Kind(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    INDIRECT = "indirect", "Indirect (reported)"
    MIXED = "mixed", "Mixed"


class Country(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    iso2 = models.CharField(max_length=2, blank=True)
    # Shown on the overview even before anyone from it has spoken.
    is_tracked = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:country", args=[self.slug])


class TopicQuerySet(models.QuerySet):
    def for_slug(self, slug: str | None) -> Topic:
        """The topic a page or export names (``?topic=slug``), the primary one when none is
        named; an unknown slug is a 404 in views (Topic.DoesNotExist)."""
        if not slug:
            return self.primary()
        return self.select_related("proposer").get(slug=slug)

    def primary(self) -> Topic:
        """The topic extraction judges stance against, created from the shipped lexicon."""
        topic = self.filter(is_primary=True).first()
        if topic is None:
            from claims.nlp.stance import default_lexicon

            lex = default_lexicon()
            topic, _ = self.get_or_create(
                slug=lex.slug,
                defaults={**lexicon_fields(lex), "is_primary": True},
            )
        return topic

    def lexicons(self) -> list:
        """Every tracked question as the NLP layer reads it, the primary one first."""
        topics = self.select_related("proposer").prefetch_related("participants")
        return [t.lexicon() for t in topics.order_by("-is_primary", "slug")]


def lexicon_fields(lex) -> dict:
    """Topic field values for a TopicLexicon (the shipped one, or one read from a file)."""
    return {
        "name": lex.name or lex.slug.replace("-", " ").capitalize(),
        "question": lex.question,
        "keywords": list(lex.keywords),
        "weak_keywords": list(lex.weak_keywords),
        "cues": {label: list(phrases) for label, phrases in lex.cues.items()},
        "mask": list(lex.mask),
        "negators": list(lex.negators),
        "contrast": list(lex.contrast),
        "scheme": lex.scheme,
    }


class Topic(models.Model):
    """A tracked question and its lexicon: data an admin edits, not code."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    question = models.TextField(blank=True)
    keywords = models.JSONField(default=list, help_text="Words that make a claim about this.")
    weak_keywords = models.JSONField(
        default=list, blank=True, help_text='Back-references to the topic: "the scheme", "it".'
    )
    cues = models.JSONField(default=dict, help_text='{"supports": ["want to help", ...], ...}')
    mask = models.JSONField(
        default=list, blank=True, help_text="Topic phrases never read as stance cues."
    )
    negators = models.JSONField(default=list, blank=True, help_text="Negation words.")
    contrast = models.JSONField(
        default=list, blank=True, help_text="Markers after which cues describe another thing."
    )
    # The question's scope: the scheme it is about, who proposes it (shown as the proposer,
    # never as a host with a stance) and who is asked to take part (none: any country).
    scheme = models.CharField(max_length=200, blank=True)
    proposer = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_topics",
        help_text="The country proposing the scheme: shown as the proposer, not as a host.",
    )
    participants = models.ManyToManyField(
        Country,
        blank=True,
        related_name="topics_asked",
        help_text="Countries asked to take part; leave empty for any country.",
    )
    # The default topic: pages and exports that name none show this one.
    is_primary = models.BooleanField(default=False, verbose_name="default topic")

    history = HistoricalRecords()
    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_primary"], condition=Q(is_primary=True), name="one_primary_topic"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def lexicon(self):
        from claims.nlp.stance import lexicon_from_dict

        return lexicon_from_dict(
            {
                "slug": self.slug,
                "name": self.name,
                "question": self.question,
                "keywords": self.keywords or [],
                "weak_keywords": self.weak_keywords or [],
                "cues": self.cues or {},
                "mask": self.mask or [],
                "negators": self.negators or [],
                "contrast": self.contrast or [],
                "scheme": self.scheme,
                "proposer": self.proposer.name if self.proposer_id else None,
                "participants": [c.name for c in self.participants.all()],
            }
        )

    def takes_stance(self, country: Country | int) -> bool:
        """Whether a country can hold a stance on this question: not its proposer."""
        return _pk_of(country) != self.proposer_id


def _pk_of(obj: models.Model | int | None) -> int | None:
    return obj.pk if isinstance(obj, models.Model) else obj


class SpeakerQuerySet(models.QuerySet):
    def search(self, q: str) -> SpeakerQuerySet:
        return self.filter(Q(name__icontains=q) | Q(aliases__alias__icontains=q)).distinct()


class Speaker(models.Model):
    class SpeakerKind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        ROLE = "role", "Unnamed office holder"
        # "Critics say ...", "Clinton's aides said ...": a plural cited as who said it,
        # kept as said by them but no one person or body a timeline can follow.
        GROUP = "group", "Unnamed group"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=20, choices=SpeakerKind.choices, default="person")
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="speakers"
    )
    # Fields a person set by hand; the registry never overwrites them.
    locked_fields = models.JSONField(default=list, blank=True)
    is_synthetic = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:speaker", args=[self.slug])


class SpeakerAlias(models.Model):
    """Every form a speaker has been written as; ``key`` is the folded form used to match."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)
    is_manual = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.UniqueConstraint(fields=["speaker", "key"], name="one_alias_key_per_speaker")
        ]

    def __str__(self) -> str:
        return self.alias


class SpeakerRole(models.Model):
    """What the text says a speaker is: "Albin Kurti, the Prime Minister of Kosovo".

    Appended per article; the registry resolves "the Albanian prime minister" to whoever
    held that role for that country nearest the article's date.
    """

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=200)
    role_key = models.CharField(max_length=200, db_index=True)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.CASCADE)
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL
    )
    seen_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["role_key", "country", "seen_on"])]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.role}"


class MergeSuggestion(models.Model):
    """Two speakers that may be one person; a person decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        MERGED = "merged", "Merged"
        DISMISSED = "dismissed", "Dismissed"

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default="pending")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["speaker", "candidate"], name="one_suggestion_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.speaker} ~ {self.candidate} ({self.score:.0f})"


class StatementQuerySet(models.QuerySet):
    """Chainable reads: ``Statement.objects.visible().by_speaker(s).about(c).search(q)``."""

    def visible(self) -> StatementQuerySet:
        return self.exclude(review=Statement.Review.REJECTED)

    def by_speaker(self, speaker: Speaker | int) -> StatementQuerySet:
        return self.filter(speaker=speaker)

    def speaking_for(self, country: Country | int) -> StatementQuerySet:
        return self.filter(speaker_country=country)

    def about(self, country: Country | int) -> StatementQuerySet:
        return self.filter(countries=country)

    def about_not_for(self, country: Country) -> StatementQuerySet:
        """Statements about a country by anyone not speaking for it."""
        return self.about(country).exclude(speaker_country=country)

    def on_topic(self, topic: Topic | int) -> StatementQuerySet:
        """Statements about ``topic``, each annotated with ``topic_stance`` (its stance on
        that topic, which may differ from its most relevant topic's) and ``topic_relevance``.

        One join through the (statement, topic) unique index: a statement has one link per
        topic, so rows never repeat.
        """
        return (
            self.annotate(
                topic_link=FilteredRelation("topic_links", condition=Q(topic_links__topic=topic))
            )
            .filter(topic_link__relevance__gte=StatementTopic.ABOUT)
            .annotate(
                topic_stance=stance_on_topic(topic, "", "topic_link__"),
                topic_relevance=F("topic_link__relevance"),
            )
        )

    def with_stance(self, *stances: str) -> StatementQuerySet:
        """On a topic (after on_topic): the stance on that topic; otherwise the statement's."""
        if "topic_stance" in self.query.annotations:
            return self.filter(topic_stance__in=stances)
        return self.filter(stance__in=stances)

    def by_kind_of_speaker(self, *kinds: str) -> StatementQuerySet:
        return self.filter(speaker_kind__in=kinds)

    def government(self) -> StatementQuerySet:
        """Words that are a country's own position: its government speaking."""
        return self.filter(speaker_kind=GOVERNMENT)

    def not_government(self) -> StatementQuerySet:
        return self.exclude(speaker_kind=GOVERNMENT)

    def dated(self) -> StatementQuerySet:
        return self.filter(date_said__isnull=False)

    def undated(self) -> StatementQuerySet:
        return self.filter(date_said__isnull=True)

    def of_kind(self, kind: str) -> StatementQuerySet:
        return self.filter(kind=kind)

    def in_outlet(self, outlet: str) -> StatementQuerySet:
        return self.filter(
            Exists(Appearance.objects.filter(statement=OuterRef("pk"), article__outlet=outlet))
        )

    def between(self, start: dt.date | None, end: dt.date | None) -> StatementQuerySet:
        qs = self
        if start:
            qs = qs.filter(date_said__gte=start)
        if end:
            qs = qs.filter(date_said__lte=end)
        return qs

    def verified(self) -> StatementQuerySet:
        return self.filter(review__in=Statement.HUMAN_REVIEWS).exclude(
            review=Statement.Review.REJECTED
        )

    def search(self, q: str) -> StatementQuerySet:
        """Full-text search: ranked PostgreSQL search, a plain substring match elsewhere."""
        q = (q or "").strip()
        if not q:
            return self
        if connection.vendor == "postgresql":
            query = SearchQuery(q, search_type="websearch", config="english")
            return self.filter(search_vector=query).annotate(
                rank=SearchRank(F("search_vector"), query)
            )
        return self.filter(Q(text__icontains=q) | Q(speaker__name__icontains=q))

    def for_list(self) -> StatementQuerySet:
        # Lists show the first article's name, outlet and date, never its texts.
        return self.select_related("speaker", "speaker_country", "first_article").defer(
            "search_vector",
            "first_article__raw_text",
            "first_article__body",
            "first_article__offset_map",
        )

    def timeline_order(self) -> StatementQuerySet:
        return self.order_by(F("date_said").asc(nulls_last=True), "id")


class Statement(models.Model):
    class Review(models.TextChoices):
        MACHINE = "machine", "Machine suggestion"
        VERIFIED = "verified", "Verified"
        CORRECTED = "corrected", "Corrected"
        REJECTED = "rejected", "Rejected (not a claim)"

    HUMAN_REVIEWS = ("verified", "corrected", "rejected")

    # The statement's most relevant topic; stance, stance_confidence and stance_cue are its
    # stance on that topic. Kept in sync with the StatementTopic rows (claims.topics).
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="statements")
    topics = models.ManyToManyField(
        Topic, through="StatementTopic", related_name="statements_about", blank=True
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="statements")
    speaker_role = models.CharField(max_length=200, blank=True)
    speaker_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="own_statements"
    )
    # Whose voice: only a government speaker sets its country's stance. Copied from the
    # machine's appearance while the statement is a machine one; a person may correct it.
    speaker_kind = models.CharField(
        max_length=12, choices=SpeakerKind.choices, default=SpeakerKind.OTHER
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="statements_about")
    text = models.TextField()
    # Fingerprint of the normalised machine words: how copies of the same words are found.
    # Never changed by a correction, so later copies still land on the corrected statement.
    key = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.NEUTRAL)
    stance_confidence = models.FloatField(default=0.0)
    stance_cue = models.CharField(max_length=200, blank=True)
    confidence = models.FloatField(default=0.0)
    date_said = models.DateField(null=True, blank=True)
    first_article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review = models.CharField(max_length=10, choices=Review.choices, default="machine")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    pipeline_version = models.CharField(max_length=40, blank=True)
    is_synthetic = models.BooleanField(default=False, db_index=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = StatementQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["date_said", "id"]),
            models.Index(fields=["speaker", "date_said"]),
            models.Index(fields=["speaker_country", "date_said"]),
            models.Index(fields=["speaker_country", "speaker_kind", "date_said"]),
            models.Index(fields=["stance", "date_said"]),
            models.Index(fields=["kind", "date_said"]),
            models.Index(fields=["review", "date_said"]),
            # Counting a speaker's visible statements from the index alone (index pages,
            # admin): the heap was read for "review" otherwise, a block a statement.
            models.Index(fields=["speaker", "review"], name="claims_stat_speaker_review"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("claims:statement", args=[self.pk])

    @property
    def is_human_reviewed(self) -> bool:
        return self.review in self.HUMAN_REVIEWS

    @property
    def is_verified(self) -> bool:
        return self.review in (self.Review.VERIFIED, self.Review.CORRECTED)


class Appearance(models.Model):
    """One statement as it stands in one article, with offsets into body and raw text."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="appearances"
    )
    text = models.TextField(help_text="Verbatim text in this article's cleaned body.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    raw_start = models.PositiveIntegerField()
    raw_end = models.PositiveIntegerField()
    mention = models.CharField(max_length=300, blank=True)
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)
    resolution = models.CharField(max_length=40, blank=True)
    speaker_kind = models.CharField(
        max_length=12, choices=SpeakerKind.choices, default=SpeakerKind.OTHER
    )
    cue = models.CharField(max_length=100, blank=True)
    cue_category = models.CharField(max_length=20, blank=True)
    method = models.CharField(max_length=40, blank=True)
    confidence = models.FloatField(default=0.0)
    date_said = models.DateField(null=True, blank=True)
    date_derivation = models.CharField(max_length=100, blank=True)
    pipeline_version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [models.Index(fields=["article", "start"])]

    def __str__(self) -> str:
        return f"{self.article}: {self.text[:60]}"


def stance_on_topic(topic, statement: str, link: str) -> Case:
    """SQL for a statement's stance on ``topic``: on its own topic, the statement's stance,
    so a correction made anywhere (admin, review queue, API, a bulk update) is what every
    page and export reads; on another topic, the link's. ``statement`` and ``link`` are the
    lookup prefixes from the queried model ("" and "topic_link__" from Statement,
    "statement__" and "" from StatementTopic)."""
    same = {f"{statement}topic": topic if topic is not None else F(f"{link}topic")}
    return Case(
        When(**same, then=F(f"{statement}stance")),
        default=F(f"{link}stance"),
        output_field=models.CharField(),
    )


class StatementTopic(models.Model):
    """A statement's relevance to one tracked question and its stance on it.

    Written by extraction (``review`` machine) and replaced on re-extraction; a person's
    correction (``review`` corrected) is kept. The link with the highest relevance is the
    statement's ``topic`` and its stance the statement's ``stance`` (claims.topics keeps
    them in sync).
    """

    # Below this relevance a statement is not about the topic: it is not listed, charted or
    # exported under it. The Italy-Albania centres are not evidence about UK hubs.
    ABOUT = 0.5

    class Method(models.TextChoices):
        LEXICON = "lexicon", "Cue lexicon"
        MODEL = "model", "Learned model"
        HYBRID = "hybrid", "Lexicon and model"
        PERSON = "person", "Set by a person"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="statement_links")
    relevance = models.FloatField(default=1.0)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.NEUTRAL)
    stance_confidence = models.FloatField(default=0.0)
    evidence = models.CharField(
        max_length=300, blank=True, help_text="The deciding phrase, or the model that decided."
    )
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.LEXICON)
    model_version = models.CharField(max_length=40, blank=True)
    review = models.CharField(
        max_length=10, choices=Statement.Review.choices, default=Statement.Review.MACHINE
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-relevance", "topic_id"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "topic"], name="one_link_per_topic")
        ]
        indexes = [models.Index(fields=["topic", "relevance"])]

    def __str__(self) -> str:
        return f"{self.statement_id} on {self.topic_id}: {self.stance} ({self.relevance:.2f})"


class CountryStatementCount(models.Model):
    """How many visible statements are spoken for each country: a derived index for the
    overview, which would otherwise count a million index entries on every request.

    On PostgreSQL, statement-level triggers (migration 0005) keep it current for every
    write path, ORM saves, bulk_create, bulk_update, QuerySet.update()/delete(), COPY and
    raw SQL alike, in the writing transaction itself; a signal would miss all but the first.
    ``manage.py refresh_summaries`` rebuilds it. Other databases count live instead.
    """

    country = models.OneToOneField(
        Country,
        primary_key=True,
        # The triggers write rows the ORM never sees: no constraint, so deleting a country
        # (its statements set to NULL first) never trips over its count row.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    statements = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.country_id}: {self.statements}"


from claims.event_models import (  # noqa: E402, F401  (stance-change events, contradictions)
    Contradiction,
    PendingRecompute,
    StanceEvent,
)
from claims.queue_models import IngestTask  # noqa: E402, F401  (the ingest queue, issue 11)
from claims.review_models import ApiToken, ReviewAction  # noqa: E402, F401  (review queue, API)
