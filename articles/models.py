"""Articles as ingested: the raw text exactly as received, the cleaned body used for
extraction, and the offset map that ties one back to the other."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from simple_history.models import HistoricalRecords

# Only web pages may become links: a header's `javascript:` or `data:` URL never does.
URL_SCHEMES = ("http", "https")


class ArticleQuerySet(models.QuerySet):
    def originals(self) -> ArticleQuerySet:
        return self.filter(duplicate_of__isnull=True)

    def real(self) -> ArticleQuerySet:
        return self.filter(is_synthetic=False)

    def pending(self) -> ArticleQuerySet:
        """Stored but not yet extracted: what a dead run left, or a run that never extracted."""
        return self.filter(extraction_state=Article.Extraction.PENDING)


class Article(models.Model):
    # How a metadata field was found; recorded so a reader can judge it.
    class Found(models.TextChoices):
        HEADER = "header", "header line"
        PROSE = "prose", "prose line"
        HEADLINE = "headline", "stand-alone headline line"
        TEXT = "text", "named in the text"
        URL = "url", "in the article URL"
        LEAD = "lead", "first sentence of the body"
        INHERITED = "inherited", "inherited from the original"
        COPY = "copy", "from a dated copy of the same story"
        STATEMENT = "statement", "earliest dated article carrying the same statement"
        DOMAIN = "domain", "the URL's domain"
        PAGE = "page", "the web page's metadata"
        MANUAL = "manual", "set by a person"
        NONE = "", "not found"

    class Extraction(models.TextChoices):
        # Durable, so a run that dies leaves work another run can find and finish.
        PENDING = "pending", "waiting for extraction"
        EXTRACTED = "extracted", "extracted"
        FAILED = "failed", "extraction failed"

    name = models.CharField(
        max_length=500,
        unique=True,
        help_text="Path relative to the ingest root; re-ingesting the same path updates it.",
    )
    source_path = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    encoding = models.CharField(max_length=40)
    raw_text = models.TextField(help_text="Decoded file text, exactly as received.")
    body = models.TextField(help_text="Cleaned text used for extraction.")
    # [[body_start, raw_start, length], ...]: each cleaned segment is a verbatim run of raw.
    offset_map = models.JSONField(default=list)

    title = models.CharField(max_length=500, blank=True)
    title_source = models.CharField(max_length=20, choices=Found.choices, blank=True)
    outlet = models.CharField(max_length=200, blank=True, db_index=True)
    outlet_source = models.CharField(max_length=20, choices=Found.choices, blank=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    date_source = models.CharField(max_length=20, choices=Found.choices, blank=True)
    url = models.URLField(
        max_length=1000, blank=True, validators=[URLValidator(schemes=list(URL_SCHEMES))]
    )
    author = models.CharField(max_length=300, blank=True)

    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    duplicate_score = models.FloatField(null=True, blank=True)
    # Fields a person has set by hand; ingest never overwrites these.
    locked_fields = models.JSONField(default=list, blank=True)

    extraction_state = models.CharField(
        max_length=10, choices=Extraction.choices, default=Extraction.PENDING, db_index=True
    )
    extraction_version = models.CharField(max_length=40, blank=True)
    extraction_error = models.TextField(blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    is_synthetic = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=[
            "raw_text",
            "body",
            "offset_map",
            "extraction_state",
            "extraction_version",
            "extraction_error",
            "extracted_at",
        ]
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        indexes = [models.Index(fields=["date", "id"])]

    def __str__(self) -> str:
        return self.title or self.name

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned body to its span in raw_text."""
        from articles.offsets import body_to_raw

        return body_to_raw(self.offset_map, start), body_to_raw(self.offset_map, end, end=True)


class SavedPage(models.Model):
    """The web page an article was extracted from, kept as received.

    The article's raw_text is the page's extracted main text (what offsets point into); the
    page stays here so the extraction can be checked or redone. A table of its own, not a
    field of Article: pages are 10-100 times the size of their text, and every article list
    would otherwise carry them (or have to remember to defer them), and the article's
    history would copy them on each change.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="saved_page"
    )
    html = models.TextField(help_text="The page's markup, decoded, exactly as received.")
    extractor = models.CharField(
        max_length=60, help_text="The library and version that extracted the article text."
    )

    def __str__(self) -> str:
        return f"saved page of article {self.article_id}"


class ArticleBand(models.Model):
    """Locality-sensitive-hashing band keys of an article's MinHash signature.

    Near-duplicate candidates are the articles sharing at least one (band, key) row, found
    through the index, so checking one new article costs the same with 10 or 10 million stored.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "key"])]
        constraints = [models.UniqueConstraint(fields=["article", "band"], name="one_key_per_band")]

    def __str__(self) -> str:
        return f"band {self.band} of article {self.article_id}"
