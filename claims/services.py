"""Writes that touch several models: storing an extraction, and the corrections people make.

Every function here is atomic and keyword-only, called the same way from the admin, views
and management commands. The rule they share: machine output is replaceable, human
decisions are not. A statement whose ``review`` is not ``machine`` is never modified or
deleted by extraction, and a rejected claim is never created again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import slugify
from rapidfuzz import fuzz

from articles.models import Article
from claims.models import (
    Appearance,
    Country,
    MergeSuggestion,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    Statement,
    Topic,
)
from claims.nlp import names
from claims.nlp.types import ArticleExtraction, ExtractedClaim, PersonFact, SpeakerRef

# Two machine texts of one speaker this close (0-100) are one statement reworded by a
# copy desk ("open to discuss" / "open to discussing"), not two statements.
SAME_STATEMENT_RATIO = 92
# A suggested merge needs at least this name similarity (0-100).
MERGE_SUGGESTION_RATIO = 85
_QUOTES = dict.fromkeys(map(ord, "\"“”‘’'«»„‟‚‛`"), " ")
_NON_WORD = re.compile(r"[^\w]+")


# --------------------------------------------------------------------------- helpers


def normalise_words(text: str) -> str:
    """Lower-case words only: what two copies of one statement have in common."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def statement_key(text: str) -> str:
    return hashlib.sha256(normalise_words(text).encode()).hexdigest()


def lock_fields(obj: Article | Speaker, fields: Iterable[str]) -> None:
    """Record that a person set these fields, so ingest and the registry leave them alone."""
    locked = set(obj.locked_fields or []) | set(fields)
    obj.locked_fields = sorted(locked)


def country_for(name: str | None) -> Country | None:
    """The Country row for a registry name (or alias), created on first use."""
    if not name:
        return None
    entry = _registry_index().get(names.fold(name))
    canonical = entry.name if entry else name
    country = Country.objects.filter(name=canonical).first()
    if country is None:
        country = Country.objects.create(
            name=canonical,
            slug=_unique_slug(Country, entry.slug if entry else canonical),
            iso2=(getattr(entry, "iso2", "") or "")[:2],
        )
    return country


@functools.cache
def _registry_index() -> dict:
    from claims.nlp.countries import get_registry

    index = {}
    for entry in get_registry():
        for form in (entry.name, *getattr(entry, "aliases", ())):
            index.setdefault(names.fold(form), entry)
    return index


def _unique_slug(model, name: str) -> str:
    base = slugify(names.fold(name) or name)[:200] or "speaker"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _role_key(role: str) -> str:
    return " ".join(names.fold(role).split())


# --------------------------------------------------------------------------- registry


def _add_alias(speaker: Speaker, alias: str, *, manual: bool = False) -> None:
    key = names.name_key(alias)
    if key:
        SpeakerAlias.objects.get_or_create(
            speaker=speaker, key=key, defaults={"alias": alias, "is_manual": manual}
        )


def _find_by_alias(name: str) -> Speaker | None:
    key = names.name_key(name)
    if not key:
        return None
    speakers = list(Speaker.objects.filter(aliases__key=key).distinct().order_by("id")[:2])
    # A bare surname shared by two known people resolves to neither.
    if len(speakers) == 1:
        return speakers[0]
    if len(speakers) > 1 and len(key.split()) > 1:
        return speakers[0]
    return None


def _create_speaker(*, name: str, kind: str, role: str = "", country: Country | None) -> Speaker:
    speaker = Speaker.objects.create(
        name=name,
        slug=_unique_slug(Speaker, name),
        kind=kind if kind in Speaker.SpeakerKind.values else Speaker.SpeakerKind.UNKNOWN,
        role=role[:200],
        country=country,
    )
    _add_alias(speaker, name)
    _suggest_merges(speaker)
    return speaker


def _suggest_merges(speaker: Speaker) -> None:
    """Uncertain matches become suggestions a person confirms, never silent merges."""
    tokens = names.name_key(speaker.name).split()
    if not tokens:
        return
    candidates = (
        SpeakerAlias.objects.filter(key__contains=tokens[-1])
        .exclude(speaker=speaker)
        .select_related("speaker")[:50]
    )
    seen: set[int] = set()
    for alias in candidates:
        other = alias.speaker
        if other.pk in seen:
            continue
        seen.add(other.pk)
        score = names.similarity(speaker.name, alias.alias)
        if score >= MERGE_SUGGESTION_RATIO:
            MergeSuggestion.objects.get_or_create(
                speaker=speaker,
                candidate=other,
                defaults={"score": score, "reason": f"'{speaker.name}' ~ '{alias.alias}'"},
            )


def learn_person(fact: PersonFact, *, article: Article) -> Speaker:
    """Register what an article says about a person: name, aliases, role, country."""
    country = country_for(fact.country)
    speaker = _find_by_alias(fact.name)
    if speaker is None:
        speaker = _create_speaker(name=fact.name, kind=fact.kind, role=fact.role, country=country)
    for alias in (fact.name, *fact.aliases):
        if alias and alias[0].isupper():
            _add_alias(speaker, alias)
    if fact.role:
        SpeakerRole.objects.get_or_create(
            speaker=speaker,
            role_key=_role_key(fact.role),
            country=country,
            article=article,
            defaults={"role": fact.role[:200], "seen_on": article.date, "evidence": fact.evidence},
        )
    _update_speaker_profile(speaker, fallback_country=country, org=fact.organisation)
    return speaker


def _update_speaker_profile(
    speaker: Speaker, *, fallback_country: Country | None, org: str
) -> None:
    """Role and country are what most articles say, not what the last one said: one
    article's misreading does not move a person to another country."""
    locked = set(speaker.locked_fields or [])
    role, country = _consensus(speaker)
    wanted = {"role": role, "country": country or fallback_country, "organisation": org[:200]}
    changed = []
    for attr, value in wanted.items():
        if value and attr not in locked and getattr(speaker, attr) != value:
            setattr(speaker, attr, value)
            changed.append(attr)
    if changed:
        speaker.save(update_fields=[*changed, "updated_at"])


def _consensus(speaker: Speaker) -> tuple[str, Country | None]:
    roles = list(
        SpeakerRole.objects.filter(speaker=speaker).select_related("country").order_by("-id")
    )
    # Most attested wins; Counter keeps first-seen order among equals, and the list runs
    # latest first, so a tie goes to the latest evidence.
    countries = Counter(r.country_id for r in roles if r.country_id)
    country_id = countries.most_common(1)[0][0] if countries else None
    country = next((r.country for r in roles if r.country_id == country_id), None)
    role_keys = Counter(r.role_key for r in roles if r.country_id in (country_id, None))
    role_key = role_keys.most_common(1)[0][0] if role_keys else ""
    role = next((r.role for r in roles if r.role_key == role_key), "")
    return role, country


def resolve_speaker(ref: SpeakerRef, *, article: Article) -> tuple[Speaker, str]:
    """The registry's speaker for a mention, and how it was resolved."""
    if ref.name:
        speaker = _find_by_alias(ref.name)
        if speaker is not None:
            return speaker, ref.resolution
        country = country_for(ref.country)
        return (
            _create_speaker(name=ref.name, kind=ref.kind, role=ref.role, country=country),
            ref.resolution,
        )
    country = country_for(ref.country)
    if ref.role:
        holder = _role_holder(ref.role, country, article.date)
        if holder is not None:
            return holder, "registry_role"
        title = f"{ref.role[:1].upper()}{ref.role[1:]}" + (f" of {country.name}" if country else "")
        speaker = _find_by_alias(title) or _create_speaker(
            name=title, kind=Speaker.SpeakerKind.ROLE, role=ref.role, country=country
        )
        return speaker, "role_unresolved"
    mention = ref.mention.strip() or "Unknown speaker"
    speaker = _find_by_alias(mention) or _create_speaker(
        name=mention, kind=ref.kind, country=country
    )
    return speaker, ref.resolution or "mention"


def _role_holder(role: str, country: Country | None, on: dt.date | None) -> Speaker | None:
    """Who the text elsewhere said held this role for this country, nearest the date."""
    qs = SpeakerRole.objects.filter(role_key=_role_key(role), country=country).select_related(
        "speaker"
    )
    if on is not None:
        before = qs.filter(seen_on__lte=on).order_by("-seen_on").first()
        if before:
            return before.speaker
    holders = {r.speaker_id: r.speaker for r in qs[:20]}
    # Two different people held the role at different times: without a date, pick neither.
    return next(iter(holders.values())) if len(holders) == 1 else None


# --------------------------------------------------------------------------- extraction


@dataclass
class ExtractReport:
    articles: int = 0
    appearances: int = 0
    new_statements: int = 0
    kept_human: int = 0
    skipped_rejected: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, other: ExtractReport) -> None:
        self.articles += other.articles
        self.appearances += other.appearances
        self.new_statements += other.new_statements
        self.kept_human += other.kept_human
        self.skipped_rejected += other.skipped_rejected
        self.failed.extend(other.failed)


def extract_articles(
    *,
    article_ids: Iterable[int] | None = None,
    nlp=None,
    batch_size: int = 32,
    n_process: int = 1,
    progress=None,
) -> ExtractReport:
    """Run the spaCy pipeline over articles (all when ``article_ids`` is None) and store it."""
    from claims.nlp.extract import extract_many

    topic = Topic.objects.primary()
    lexicon = topic.lexicon()
    qs = Article.objects.only("id", "name", "body", "date", "offset_map").order_by("id")
    if article_ids is not None:
        qs = qs.filter(id__in=list(article_ids))
    report = ExtractReport()
    for chunk in _chunks(qs.iterator(chunk_size=batch_size), batch_size * 4):
        results = extract_many(
            ((a.body, a.date) for a in chunk),
            lexicon=lexicon,
            nlp=nlp,
            batch_size=batch_size,
            n_process=n_process,
        )
        extracted = list(zip(chunk, results, strict=True))
        # Learn every person the chunk names before resolving anyone: "the prime minister"
        # in one article resolves the same whichever article came first.
        for article, extraction in extracted:
            with transaction.atomic():
                for fact in extraction.people:
                    learn_person(fact, article=article)
        for article, extraction in extracted:
            try:
                report.add(store_extraction(article=article, extraction=extraction, topic=topic))
            except Exception as exc:  # one bad article never stops the others
                report.failed.append(f"{article.name}: {type(exc).__name__}: {exc}")
            if progress is not None:
                progress.update(1)
    sync_speaker_countries()
    return report


def sync_speaker_countries() -> None:
    """Machine statements take the registry's country for their speaker once it is known:
    an article that names only "Sir Keir Starmer" still speaks for the country another
    article tied him to."""
    own = Speaker.objects.filter(pk=OuterRef("speaker_id")).values("country_id")[:1]
    (
        Statement.objects.filter(review="machine", speaker__country__isnull=False)
        .exclude(speaker_country=F("speaker__country"))
        .update(speaker_country=Subquery(own))
    )


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def reextract_article(*, article: Article, nlp=None) -> ExtractReport:
    """Re-run extraction for one article: machine output replaced, human decisions kept."""
    return extract_articles(article_ids=[article.pk], nlp=nlp)


@transaction.atomic
def store_extraction(
    *, article: Article, extraction: ArticleExtraction, topic: Topic
) -> ExtractReport:
    """Replace this article's machine claims with a fresh extraction, keeping human work."""
    report = ExtractReport(articles=1)
    for fact in extraction.people:
        learn_person(fact, article=article)
    touched = _drop_machine_appearances(article)
    human = _relocate_human_appearances(article)
    human_keys = {a.statement.key for a in human}
    seen_here: set[int] = {a.statement_id for a in human}
    for claim in extraction.claims:
        key = statement_key(claim.text)
        if key in human_keys or _overlaps(claim, human):
            report.kept_human += 1
            continue
        statement, created = _statement_for(claim, key, article, topic, extraction, seen_here)
        if statement.review == Statement.Review.REJECTED:
            report.skipped_rejected += 1
        seen_here.add(statement.pk)
        _add_appearance(statement, claim, article, extraction.pipeline_version)
        touched.add(statement.pk)
        report.appearances += 1
        report.new_statements += int(created)
    _refresh_statements(touched)
    return report


def _drop_machine_appearances(article: Article) -> set[int]:
    machine = Appearance.objects.filter(article=article, statement__review="machine")
    statement_ids = set(machine.values_list("statement_id", flat=True))
    machine.delete()
    return statement_ids


def _relocate_human_appearances(article: Article) -> list[Appearance]:
    """Keep human-reviewed appearances pointing at their words if the body changed."""
    kept = list(
        Appearance.objects.filter(article=article)
        .exclude(statement__review="machine")
        .select_related("statement")
    )
    for app in kept:
        if article.body[app.start : app.end] == app.text:
            continue
        found = _nearest(article.body, app.text, app.start)
        if found is not None:
            app.start, app.end = found, found + len(app.text)
            app.raw_start, app.raw_end = article.raw_span(app.start, app.end)
            app.save(update_fields=["start", "end", "raw_start", "raw_end"])
    return kept


def _nearest(body: str, text: str, near: int) -> int | None:
    positions = [m.start() for m in re.finditer(re.escape(text), body)] if text else []
    return min(positions, key=lambda p: abs(p - near)) if positions else None


def _overlaps(claim: ExtractedClaim, human: list[Appearance]) -> bool:
    return any(claim.start < a.end and a.start < claim.end for a in human)


def _statement_for(
    claim: ExtractedClaim,
    key: str,
    article: Article,
    topic: Topic,
    extraction: ArticleExtraction,
    seen_here: set[int],
) -> tuple[Statement, bool]:
    speaker, _how = resolve_speaker(claim.speaker, article=article)
    existing = _same_statement(speaker, key, claim.text, exclude=seen_here)
    speaker_country = speaker.country or country_for(claim.speaker.country)
    machine = {
        "kind": claim.kind,
        "stance": claim.stance,
        "stance_confidence": claim.stance_confidence,
        "stance_cue": claim.stance_cue[:200],
        "confidence": claim.confidence,
        "speaker_role": (claim.speaker.role or speaker.role)[:200],
        "speaker_country": speaker_country,
        "pipeline_version": extraction.pipeline_version,
    }
    if existing is not None:
        if existing.review == Statement.Review.MACHINE:
            for attr, value in machine.items():
                setattr(existing, attr, value)
            existing.save()
            existing.countries.add(*_countries(claim.countries))
        return existing, False
    statement = Statement.objects.create(
        topic=topic,
        speaker=speaker,
        text=claim.text,
        key=key,
        date_said=claim.date_said,
        first_article=article,
        **machine,
    )
    statement.countries.set(_countries(claim.countries))
    return statement, True


def _countries(names_: Iterable[str]) -> list[Country]:
    return [c for c in (country_for(n) for n in names_) if c is not None]


def _same_statement(
    speaker: Speaker, key: str, text: str, *, exclude: set[int]
) -> Statement | None:
    """The stored statement these words repeat: same speaker, same or nearly the same words."""
    exact = Statement.objects.filter(speaker=speaker, key=key).exclude(pk__in=exclude).first()
    if exact is not None:
        return exact
    words = normalise_words(text)
    candidates = (
        Statement.objects.filter(speaker=speaker)
        .exclude(pk__in=exclude)
        .only("id", "text", "review", "key")
        .order_by("-id")[:200]
    )
    for candidate in candidates:
        if fuzz.ratio(words, normalise_words(candidate.text)) >= SAME_STATEMENT_RATIO:
            return Statement.objects.get(pk=candidate.pk)
    return None


def _add_appearance(
    statement: Statement, claim: ExtractedClaim, article: Article, version: str
) -> Appearance:
    raw_start, raw_end = article.raw_span(claim.start, claim.end)
    ref = claim.speaker
    return Appearance.objects.create(
        statement=statement,
        article=article,
        text=claim.text,
        start=claim.start,
        end=claim.end,
        raw_start=raw_start,
        raw_end=raw_end,
        mention=ref.mention[:300],
        mention_start=ref.mention_start,
        mention_end=ref.mention_end,
        resolution=ref.resolution[:40],
        cue=claim.cue[:100],
        cue_category=claim.cue_category[:20],
        method=claim.method[:40],
        confidence=claim.confidence,
        date_said=claim.date_said,
        date_derivation=claim.date_derivation[:100],
        pipeline_version=version,
    )


def _refresh_statements(statement_ids: set[int]) -> None:
    """Derived fields of machine statements follow their appearances; orphans go."""
    if not statement_ids:
        return
    qs = Statement.objects.filter(pk__in=statement_ids, review="machine")
    qs.filter(appearances__isnull=True).delete()
    for statement in qs.annotate(first_date=Min("appearances__date_said")):
        first = statement.appearances.order_by("date_said", "id").select_related("article")
        first_app = first.first()
        statement.date_said = statement.first_date
        statement.first_article = first_app.article if first_app else None
        statement.save(update_fields=["date_said", "first_article", "updated_at"])


# --------------------------------------------------------------------------- corrections


def _review(statement: Statement, user, review: str) -> Statement:
    statement.review = review
    statement.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    statement.reviewed_at = timezone.now()
    statement.save()
    Appearance.objects.filter(statement=statement).update(is_machine=False)
    return statement


@transaction.atomic
def verify_statement(*, statement: Statement, user=None) -> Statement:
    """A person confirms the machine's statement as it stands."""
    return _review(statement, user, Statement.Review.VERIFIED)


@transaction.atomic
def reject_statement(*, statement: Statement, user=None) -> Statement:
    """Not a claim: hidden everywhere, kept for the record, never extracted again."""
    return _review(statement, user, Statement.Review.REJECTED)


@transaction.atomic
def mark_corrected(*, statement: Statement, user=None) -> Statement:
    """Call after a person edited a statement's fields: extraction leaves it alone from now."""
    return _review(statement, user, Statement.Review.CORRECTED)


@transaction.atomic
def merge_speakers(*, source: Speaker, target: Speaker, user=None) -> Speaker:
    """One person, two records: statements, aliases and roles move to ``target``."""
    if source.pk == target.pk:
        return target
    Statement.objects.filter(speaker=source).update(speaker=target)
    SpeakerRole.objects.filter(speaker=source).update(speaker=target)
    for alias in SpeakerAlias.objects.filter(speaker=source):
        _add_alias(target, alias.alias, manual=alias.is_manual)
    _add_alias(target, source.name, manual=True)
    MergeSuggestion.objects.filter(
        Q(speaker=source, candidate=target) | Q(speaker=target, candidate=source)
    ).update(status=MergeSuggestion.Status.MERGED)
    if target.country is None and source.country is not None:
        target.country = source.country
        target.save(update_fields=["country", "updated_at"])
    source.delete()
    return target


@transaction.atomic
def split_alias(*, alias: SpeakerAlias, user=None) -> Speaker:
    """Undo a wrong merge: the alias becomes its own speaker, taking the statements whose
    mentions used it."""
    old = alias.speaker
    new = Speaker.objects.create(
        name=alias.alias, slug=_unique_slug(Speaker, alias.alias), kind=old.kind
    )
    moved = Statement.objects.filter(
        speaker=old, appearances__mention__iexact=alias.alias
    ).distinct()
    Statement.objects.filter(pk__in=list(moved.values_list("pk", flat=True))).update(speaker=new)
    alias.speaker = new
    alias.is_manual = True
    alias.save()
    return new
