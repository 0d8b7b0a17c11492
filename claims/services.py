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
import logging
import re
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.db.models import F, Model, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from rapidfuzz import fuzz
from simple_history.utils import bulk_update_with_history

from articles.models import Article
from claims import events, registry, topics
from claims.budget import Budget, OverBudget, time_limit
from claims.models import (
    Appearance,
    MergeSuggestion,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    Statement,
    Topic,
)
from claims.nlp.types import ArticleExtraction, ExtractedClaim

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

T = TypeVar("T")
# The person behind a correction, as views and the admin have them (request.user).
Actor = User | AnonymousUser | None
# claims.nlp.extract.extract_many with its settings bound: (body, date) pairs in, results out.
Extractor = Callable[
    [Iterable[tuple[str, dt.date | None]]], Generator[ArticleExtraction, None, None]
]


class Progress(Protocol):
    """What extraction reports its progress to (a tqdm bar)."""

    def update(self, n: int) -> object: ...


# Two machine texts of one speaker this close (0-100) are one statement reworded by a
# copy desk ("open to discuss" / "open to discussing"), not two statements.
SAME_STATEMENT_RATIO = 92
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
    nlp: Language | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    budget: Budget | None = None,
) -> ExtractReport:
    """Run the spaCy pipeline over articles (all when ``article_ids`` is None) and store it.

    Each article is stored in its own transaction, which also marks it extracted; one over
    its budget or failing is marked failed with the reason, and the others go on."""
    from claims.nlp.extract import extract_many
    from claims.nlp.pipeline import get_nlp

    # Loaded before the clock starts: the first article of a process must not pay for it.
    nlp = nlp or get_nlp(settings.CLAIMTRACK_SPACY_MODEL)
    topic = Topic.objects.primary()
    run = functools.partial(
        extract_many,
        # Every tracked question, the default first: an admin's new topic is judged too.
        lexicon=Topic.objects.lexicons(),
        nlp=nlp,
        batch_size=batch_size,
        n_process=n_process,
        model_name=settings.CLAIMTRACK_SPACY_MODEL,
    )
    budget = budget or Budget.from_settings()
    qs = Article.objects.only("id", "name", "body", "date", "offset_map", "content_hash")
    if article_ids is not None:
        qs = qs.filter(id__in=list(article_ids))
    report = ExtractReport()
    learned: set[int] = set()  # speakers whose role or country this run may have moved
    stored: list[int] = []
    with registry.run_cache():
        for chunk in _chunks(qs.order_by("id").iterator(chunk_size=batch_size), batch_size * 4):
            extracted = _extract_within_budget(chunk, run, budget, report)
            if not _retrying(_learn_people, extracted, learned):
                report.failed.extend(f"{a.name}: {RACE_LOST}" for a, _ in extracted)
                extracted = []
            # Stance events are recomputed once for the chunk, not after each article.
            with events.deferred():
                for article, extraction in extracted:
                    _store_one(article, extraction, topic, report)
                    stored.append(article.pk)
            if progress is not None:
                progress.update(len(chunk))
    # Only what this run can have changed is looked at again, so a queued file costs the
    # same in an archive of a million statements as in an empty one.
    # (A run over a large part of the archive looks at all of it, in one statement each.)
    if len(stored) + len(learned) > SCOPED_RUN_MAX:
        _retrying(bind_role_speakers)
        _retrying(sync_speaker_countries)
        return report
    _retrying(bind_role_speakers, learned)
    stored_here = Appearance.objects.filter(article_id__in=stored)
    speakers = learned | set(stored_here.values_list("statement__speaker_id", flat=True))
    _retrying(sync_speaker_countries, speakers)
    return report


# Retries for a write that lost a race with another process (a unique row created at the
# same moment, a deadlock between two transactions): the second try reads the winner's row.
RACE_RETRIES = 3
# Past this many articles and people, a run's follow-up passes cover the whole archive
# rather than list ids (SQLite caps the parameters of one statement).
SCOPED_RUN_MAX = 5000
RACE_LOST = "database conflicts with another run persisted; left pending for the next run"


def _retrying(write: Callable[..., object], *args: object) -> bool:
    for attempt in range(RACE_RETRIES):
        try:
            write(*args)
            return True
        except (IntegrityError, OperationalError):
            registry.clear_cache()
            logger.warning("write raced another run (try %d)", attempt + 1, exc_info=True)
    return False


def _extract_within_budget(
    chunk: list[Article], run: Extractor, budget: Budget, report: ExtractReport
) -> list[tuple[Article, ArticleExtraction]]:
    fits = []
    for article in chunk:
        if problem := budget.size_problem(article.body):
            _record_failure(article, problem, report)
        else:
            fits.append(article)
    return _timed(fits, run, budget, report)


def _timed(
    articles: list[Article], run: Extractor, budget: Budget, report: ExtractReport
) -> list[tuple[Article, ArticleExtraction]]:
    """Extract in batches, with the time budget per result; when a batch overruns or
    fails, its remaining articles go one at a time, so only the culprit fails."""
    results: list[ArticleExtraction] = []
    items = run((a.body, a.date) for a in articles)
    try:
        for _article in articles:
            with time_limit(budget.seconds):
                results.append(next(items))
    except Exception as exc:  # noqa: BLE001 - recorded on the article, never swallowed
        items.close()
        rest = articles[len(results) :]
        if not rest:
            # Every article finished; the alarm had landed in code that swallowed it and
            # was raised again on leaving the block. The work is done: keep it.
            logger.warning(
                "the last article of a batch ran past its time budget: %s", exc, exc_info=True
            )
            return list(zip(articles, results, strict=True))
        if len(articles) > 1:
            done = list(zip(articles, results, strict=False))
            return done + [pair for a in rest for pair in _timed([a], run, budget, report)]
        reason = budget.time_problem() if isinstance(exc, OverBudget) else _describe(exc)
        if not isinstance(exc, OverBudget):
            logger.exception("extracting %s failed", rest[0].name)
        _record_failure(rest[0], reason, report)
        return []
    return list(zip(articles, results, strict=True))


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:500]}"


def _store_one(
    article: Article, extraction: ArticleExtraction, topic: Topic, report: ExtractReport
) -> None:
    for attempt in range(RACE_RETRIES):
        try:
            report.add(
                store_extraction(article=article, extraction=extraction, topic=topic, learn=False)
            )
            return
        except (IntegrityError, OperationalError):
            registry.clear_cache()
            logger.warning("storing %s raced another run (try %d)", article.name, attempt + 1)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the others
            registry.clear_cache()
            logger.exception("storing the claims of %s failed", article.name)
            _record_failure(article, _describe(exc), report)
            return
    report.failed.append(f"{article.name}: {RACE_LOST}")


def _record_failure(article: Article, reason: str, report: ExtractReport) -> None:
    """Mark the article failed with its reason; if even that cannot be written (the
    database is down) it stays pending, so the next run picks it up."""
    report.failed.append(f"{article.name}: {reason}")
    logger.warning("extraction of %s failed: %s", article.name, reason)
    try:
        Article.objects.filter(pk=article.pk, content_hash=article.content_hash).update(
            extraction_state=Article.Extraction.FAILED,
            extraction_error=reason,
            extracted_at=timezone.now(),
        )
    except DatabaseError:
        logger.exception("could not record the failure of %s", article.name)


def _mark_extracted(article: Article, version: str) -> None:
    # Only if the text is still the one extracted: a re-ingest meanwhile left it pending.
    Article.objects.filter(pk=article.pk, content_hash=article.content_hash).update(
        extraction_state=Article.Extraction.EXTRACTED,
        extraction_version=version,
        extraction_error="",
        extracted_at=timezone.now(),
    )


@transaction.atomic
def _learn_people(
    extracted: list[tuple[Article, ArticleExtraction]], into: set[int] | None = None
) -> None:
    """Learn every person a chunk names before resolving anyone: "the prime minister" in
    one article then resolves the same whichever article came first. The ids of the
    people learned are added to ``into``."""
    # Two processes learning from one article take turns, so its role evidence is
    # recorded once (each reads what the other wrote once it has the lock).
    registry.lock("learn-from-article", *sorted(article.pk for article, _ in extracted))
    learned = registry.learn_people(
        [(article, extraction.people) for article, extraction in extracted]
    )
    registry.refresh_profiles(learned)
    if into is not None:
        into.update(learned)


def sync_speaker_countries(speaker_ids: Iterable[int] | None = None) -> None:
    """Machine statements take the registry's country for their speaker once it is known:
    an article that names only "Sir Keir Starmer" still speaks for the country another
    article tied him to. ``speaker_ids`` limits it to those speakers (all when None)."""
    own = Speaker.objects.filter(pk=OuterRef("speaker_id")).values("country_id")[:1]
    qs = Statement.objects.filter(review="machine", speaker__country__isnull=False)
    if speaker_ids is not None:
        qs = qs.filter(speaker_id__in=list(speaker_ids))
    qs.exclude(speaker_country=F("speaker__country")).update(speaker_country=Subquery(own))


@transaction.atomic
def bind_role_speakers(learned: Iterable[int] | None = None) -> int:
    """Give "the prime minister" the person a later article named in that office.

    A claim stored before any article named its office holder was left with a role-only
    speaker ("Prime minister of Montenegro"); once an article names the holder, the claim
    resolves as it would have had that article come first, so the result does not hang on
    the order files were taken in (by one process or by several workers). Machine
    statements only: a person's choice of speaker stands. Returns how many moved.

    ``learned``: the people a run has just learned; only roles of their countries can have
    a new holder, so only those are looked at (all when None)."""
    moved = 0
    role_speakers = (
        Speaker.objects.filter(kind=Speaker.SpeakerKind.ROLE, statements__review="machine")
        .select_related("country")
        .distinct()
    )
    if learned is not None:
        roles_learned = SpeakerRole.objects.filter(speaker_id__in=list(learned))
        countries = set(roles_learned.values_list("country_id", flat=True))
        if not countries:
            return 0
        in_scope = Q(country_id__in=countries - {None})
        if None in countries:
            in_scope |= Q(country__isnull=True)
        role_speakers = role_speakers.filter(in_scope)
    for role_speaker in role_speakers:
        if "name" in (role_speaker.locked_fields or []):
            continue
        statements = list(
            Statement.objects.filter(speaker=role_speaker, review="machine").select_related(
                "first_article"
            )
        )
        by_holder: dict[int, tuple[Speaker, list[Statement]]] = {}
        holders: dict[
            dt.date | None, Speaker | None
        ] = {}  # by date: the role's sightings are read once a date
        for statement in statements:
            on = statement.first_article.date if statement.first_article else statement.date_said
            if on not in holders:
                holders[on] = registry.role_holder(role_speaker.role, role_speaker.country, on)
            holder = holders[on]
            if holder is not None and holder.pk != role_speaker.pk:
                by_holder.setdefault(holder.pk, (holder, []))[1].append(statement)
        for holder, taken in by_holder.values():
            _move_statements(
                taken, holder, None, f"'{role_speaker.role}' resolved to {holder.name}"
            )
            Appearance.objects.filter(statement__in=taken, resolution="role_unresolved").update(
                resolution="registry_role"
            )
            _fold_repeats(holder)
            moved += len(taken)
            logger.info(
                "%d statement(s) of %r moved to %r", len(taken), role_speaker.name, holder.name
            )
    return moved


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def reextract_article(*, article: Article, nlp: Language | None = None) -> ExtractReport:
    """Re-run extraction for one article: machine output replaced, human decisions kept."""
    return extract_articles(article_ids=[article.pk], nlp=nlp)


@transaction.atomic
def store_extraction(
    *, article: Article, extraction: ArticleExtraction, topic: Topic, learn: bool = True
) -> ExtractReport:
    """Replace this article's machine claims with a fresh extraction, keeping human work."""
    report = ExtractReport(articles=1)
    # Two processes storing one article's claims take turns, so the second replaces the
    # first one's appearances instead of adding to them.
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    if learn:
        _learn_people([(article, extraction)])
    touched, human = _split_appearances(article)
    human_keys = {a.statement.key for a in human}
    claims = []
    for claim in extraction.claims:
        key = statement_key(claim.text)
        if key in human_keys or _overlaps(claim, human):
            report.kept_human += 1
        else:
            claims.append((claim, key))
    speakers = registry.resolve_speakers([claim.speaker for claim, _ in claims], article=article)
    fresh = _judged_for_stored_country(
        [(c, key, speaker) for (c, key), (speaker, _) in zip(claims, speakers, strict=True)],
        article,
    )
    hows = [how for _, how in speakers]
    # Another process storing the same speaker's words waits here, then sees them stored.
    registry.lock("statements-of-speaker", *sorted({speaker.pk for _, _, speaker in fresh}))
    placed = _place_statements(
        fresh, article, topic, extraction.pipeline_version, exclude={a.statement_id for a in human}
    )
    Appearance.objects.bulk_create(
        _appearance(statement, claim, article, extraction.pipeline_version, how)
        for (claim, _key, _speaker), (statement, _created), how in zip(
            fresh, placed, hows, strict=True
        )
    )
    pairs = [(st, claim) for (claim, _k, _s), (st, _c) in zip(fresh, placed, strict=True)]
    topics.store_topics(pairs=pairs, version=extraction.pipeline_version)
    topics.store_speaker_kinds(pairs=pairs)
    for statement, created in placed:
        # A new statement's date and first article are already its only appearance's.
        if not created:
            touched.add(statement.pk)
        report.new_statements += int(created)
        report.skipped_rejected += int(statement.review == Statement.Review.REJECTED)
    report.appearances = len(placed)
    _refresh_statements(touched)
    _mark_extracted(article, extraction.pipeline_version)
    return report


def _judged_for_stored_country(
    fresh: list[tuple[ExtractedClaim, str, Speaker]], article: Article
) -> list[tuple[ExtractedClaim, str, Speaker]]:
    """Claims whose speaker the registry ties to another country than the article did
    ("Sir Keir" named alone, the registry knowing he speaks for the United Kingdom) are
    judged again with the country their statement is stored with: whether the speaker's
    country proposes the scheme or is asked to take part decides what stances it can take.
    A person's stance is never touched: statements a person reviewed keep their fields and
    their corrected topic links whatever the claim carries (_place_statements,
    topics.store_topics)."""
    moved = [
        i
        for i, (claim, _key, speaker) in enumerate(fresh)
        if speaker.country is not None and speaker.country.name != claim.speaker.country
    ]
    if not moved:
        return fresh
    from claims.nlp.relevance import article_topics
    from claims.nlp.topic_stance import judge_again, topic_set
    from claims.training import sentence_around

    # The topics and the article's own ones exactly as extraction read them; the claim's
    # sentence as the stance trainer reads a stored claim's, when the extractor did not
    # hand over the one it judged with.
    lexicons = registry.cached("topics", "lexicons", lambda: topic_set(Topic.objects.lexicons()))
    on_article = article_topics(article.body, lexicons)
    out = list(fresh)
    for i in moved:
        claim, key, speaker = fresh[i]
        country = speaker.country.name if speaker.country else None
        context = claim.context or sentence_around(article.body, claim.start, claim.end)
        again = judge_again(
            claim, lexicons, speaker_country=country, context=context, article_topics=on_article
        )
        out[i] = (again, key, speaker)
    logger.debug("%s: %d claim(s) judged again for the registry's country", article, len(moved))
    return out


def _split_appearances(article: Article) -> tuple[set[int], list[Appearance]]:
    """The article's appearances, read once: the machine's are deleted (their statements
    returned, to refresh), the human-reviewed ones kept, moved onto their words if the body
    changed."""
    machine, touched, human = [], set(), []
    for app in Appearance.objects.filter(article=article).select_related("statement"):
        if app.statement.review == Statement.Review.MACHINE:
            machine.append(app.pk)
            touched.add(app.statement_id)
        else:
            human.append(app)
    if machine:
        Appearance.objects.filter(pk__in=machine).delete()
    for app in human:
        if article.body[app.start : app.end] == app.text:
            continue
        found = _nearest(article.body, app.text, app.start)
        if found is not None:
            app.start, app.end = found, found + len(app.text)
            app.raw_start, app.raw_end = article.raw_span(app.start, app.end)
            app.save(update_fields=["start", "end", "raw_start", "raw_end"])
    return touched, human


def _nearest(body: str, text: str, near: int) -> int | None:
    positions = [m.start() for m in re.finditer(re.escape(text), body)] if text else []
    return min(positions, key=lambda p: abs(p - near)) if positions else None


def _overlaps(claim: ExtractedClaim, human: list[Appearance]) -> bool:
    return any(claim.start < a.end and a.start < claim.end for a in human)


def _place_statements(
    fresh: list[tuple[ExtractedClaim, str, Speaker]],
    article: Article,
    topic: Topic,
    version: str,
    *,
    exclude: set[int],
) -> list[tuple[Statement, bool]]:
    """The statement each claim belongs to: an existing one the words repeat, or a new one.

    Lookups and writes are batched: one query for exact repeats, one per speaker for
    rewordings, one bulk insert and one bulk update for the article."""
    stored = _stored_statements(fresh, exclude)
    placed: list[tuple[Statement, bool]] = []
    new: list[tuple[Statement, ExtractedClaim]] = []
    updated: dict[int, tuple[Statement, ExtractedClaim]] = {}
    changed: list[Statement] = []
    for claim, key, speaker in fresh:
        match = _match(stored.get(speaker.pk, []), key, claim.text, taken=updated)
        if match is None:
            statement = Statement(
                topic=topic,
                speaker=speaker,
                text=claim.text,
                key=key,
                date_said=claim.date_said,
                first_article=article,
                # What topics.store_speaker_kinds would set: no update of a row just written.
                speaker_kind=claim.speaker.speaker_kind,
            )
            _set_machine_fields(statement, claim, speaker, version)
            new.append((statement, claim))
            placed.append((statement, True))
            continue
        if match.review == Statement.Review.MACHINE and _set_machine_fields(
            match, claim, speaker, version
        ):
            changed.append(match)
        updated[match.pk] = (match, claim)
        placed.append((match, False))
    Statement.objects.bulk_create([st for st, _ in new])
    Statement.objects.bulk_update(changed, [*MACHINE_FIELDS, "updated_at"])
    _add_countries([*new, *updated.values()])
    return placed


MACHINE_FIELDS = [
    "kind",
    "stance",
    "stance_confidence",
    "stance_cue",
    "confidence",
    "speaker_role",
    "speaker_country",
    "pipeline_version",
]


def _set_machine_fields(
    statement: Statement, claim: ExtractedClaim, speaker: Speaker, version: str
) -> bool:
    """Set what the machine says about a statement; True when anything changed."""
    values = {
        "kind": claim.kind,
        "stance": claim.stance,
        "stance_confidence": claim.stance_confidence,
        "stance_cue": claim.stance_cue[:200],
        "confidence": claim.confidence,
        "speaker_role": (claim.speaker.role or speaker.role)[:200],
        "speaker_country_id": _pk(speaker.country or registry.country_for(claim.speaker.country)),
        "pipeline_version": version,
    }
    changed = [k for k, v in values.items() if getattr(statement, k) != v]
    for key in changed:
        setattr(statement, key, values[key])
    if changed:
        statement.updated_at = timezone.now()
    return bool(changed)


def _pk(obj: Model | None) -> int | None:
    return obj.pk if obj is not None else None


def _stored_statements(
    fresh: list[tuple[ExtractedClaim, str, Speaker]], exclude: set[int]
) -> dict[int, list[tuple[Statement, str]]]:
    """Candidate statements per speaker, each with its normalised words (computed once here,
    not once per claim compared with it): exact key repeats plus the speaker's recent ones."""
    speakers = {speaker.pk for _, _, speaker in fresh}
    keys = {key for _, key, _ in fresh}
    found: dict[int, dict[int, Statement]] = {pk: {} for pk in speakers}
    exact = Statement.objects.filter(speaker_id__in=speakers, key__in=keys)
    for st in exact.exclude(pk__in=exclude):
        found[st.speaker_id][st.pk] = st
    # The latest statements of every speaker at once: one windowed query, not one per speaker.
    recent = (
        Statement.objects.filter(speaker_id__in=speakers)
        .exclude(pk__in=exclude)
        .annotate(
            newest=Window(RowNumber(), partition_by=[F("speaker_id")], order_by=F("id").desc())
        )
        .filter(newest__lte=RECENT_STATEMENTS)
    )
    for st in recent:
        found[st.speaker_id].setdefault(st.pk, st)
    return {
        pk: [(st, normalise_words(st.text)) for st in by_id.values()] for pk, by_id in found.items()
    }


# How many of a speaker's latest statements a new claim is compared with for rewording.
RECENT_STATEMENTS = 200


def _match(
    candidates: list[tuple[Statement, str]], key: str, text: str, *, taken: dict
) -> Statement | None:
    """Same speaker, same or nearly the same words; one claim per statement per article."""
    free = [(c, words) for c, words in candidates if c.pk not in taken]
    exact = next((c for c, _ in free if c.key == key), None)
    if exact is not None:
        return exact
    wanted = normalise_words(text)
    close = next(
        (c for c, words in free if fuzz.ratio(wanted, words) >= SAME_STATEMENT_RATIO), None
    )
    return close or _same_utterance(free, wanted)


# Two outlets reporting one utterance share a run of its words ("a one-off deal for a key
# ally") however they frame it: at least this many words in a row...
SHARED_RUN_WORDS = 6
# ...making up at least this share of the shorter report. Two different things one
# person said share a phrase now and then, never half of what either report says.
SHARED_RUN_SHARE = 0.5


def _same_utterance(free: list[tuple[Statement, str]], wanted: str) -> Statement | None:
    mine = wanted.split()
    grams = _shingles(mine)
    if not grams:
        return None
    for candidate, words in free:
        theirs = words.split()
        if grams.isdisjoint(_shingles(theirs)):
            continue  # the cheap test first: no six words in a row in common
        run = SequenceMatcher(None, mine, theirs, autojunk=False).find_longest_match(
            0, len(mine), 0, len(theirs)
        )
        if run.size >= SHARED_RUN_SHARE * min(len(mine), len(theirs)):
            return candidate
    return None


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    n = SHARED_RUN_WORDS
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _add_countries(pairs: list[tuple[Statement, ExtractedClaim]]) -> None:
    through = Statement.countries.through
    rows = [
        through(statement_id=statement.pk, country_id=country.pk)
        for statement, claim in pairs
        if statement.review == Statement.Review.MACHINE
        for country in filter(None, map(registry.country_for, claim.countries))
    ]
    through.objects.bulk_create(rows, ignore_conflicts=True)


def _appearance(
    statement: Statement, claim: ExtractedClaim, article: Article, version: str, how: str
) -> Appearance:
    raw_start, raw_end = article.raw_span(claim.start, claim.end)
    ref = claim.speaker
    return Appearance(
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
        # How the registry found the speaker ("registry_role", "mention", ...), which says
        # more than the in-article resolution it starts from.
        resolution=(how or ref.resolution)[:40],
        speaker_kind=ref.speaker_kind,
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
    machine = Statement.objects.filter(pk__in=statement_ids, review="machine")
    machine.filter(appearances__isnull=True).delete()
    rows = (
        Appearance.objects.filter(statement__in=machine)
        .order_by("statement_id", F("date_said").asc(nulls_last=True), "id")
        .values_list(
            "statement_id",
            "date_said",
            "article_id",
            "statement__date_said",
            "statement__first_article_id",
        )
    )
    first: dict[int, tuple] = {}
    for statement_id, date_said, article_id, *current in rows:
        if statement_id not in first:
            first[statement_id] = (date_said, article_id, tuple(current))
    Statement.objects.bulk_update(
        [
            Statement(pk=pk, date_said=date_said, first_article_id=article_id)
            for pk, (date_said, article_id, current) in first.items()
            if current != (date_said, article_id)
        ],
        ["date_said", "first_article"],
    )


# --------------------------------------------------------------------------- article dates


def date_from_statements(*, article_ids: Iterable[int]) -> list[int]:
    """Undated articles among these take the date of the earliest dated article carrying
    one of their statements, recorded as found that way; they go back to pending so the
    next extraction dates the statements only they carry. Returns the re-dated ids."""
    undated = Article.objects.filter(pk__in=list(article_ids), date__isnull=True)
    dated = []
    for article in undated.only("id", "locked_fields"):
        if "date" in (article.locked_fields or []):
            continue
        earliest = (
            Article.objects.filter(
                date__isnull=False,
                appearances__statement__appearances__article=article,
            )
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        if earliest is not None and _set_date(article.pk, earliest, Article.Found.STATEMENT):
            dated.append(article.pk)
    return dated


@transaction.atomic
def _set_date(article_id: int, date: dt.date, found: str) -> bool:
    article = (
        Article.objects.select_for_update().only("id", "date", "locked_fields").get(pk=article_id)
    )
    if article.date is not None or "date" in (article.locked_fields or []):
        return False
    Article.objects.filter(pk=article_id).update(
        date=date,
        date_source=found,
        extraction_state=Article.Extraction.PENDING,
        updated_at=timezone.now(),
    )
    return True


def set_article_date(
    *, article: Article, date: dt.date, nlp: Language | None = None
) -> ExtractReport:
    """A person dates an article in one step: the date is locked against re-ingest, and
    the article's statements are re-dated (machine claims re-extracted, human ones kept)."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        lock_fields(locked, ["date"])
        locked.date, locked.date_source = date, Article.Found.MANUAL
        locked.extraction_state = Article.Extraction.PENDING
        locked.save(
            update_fields=["date", "date_source", "locked_fields", "extraction_state", "updated_at"]
        )
    article.date, article.date_source = date, Article.Found.MANUAL
    return extract_articles(article_ids=[article.pk], nlp=nlp)


# --------------------------------------------------------------------------- corrections


def _recorded(user: Actor) -> User | None:
    """Who to record as having made a change: a signed-in user, else nobody."""
    return None if user is None or isinstance(user, AnonymousUser) else user


def _review(statement: Statement, user: Actor, review: str) -> Statement:
    statement.review = review
    statement.reviewed_by = _recorded(user)
    statement.reviewed_at = timezone.now()
    statement.save()
    return statement


@transaction.atomic
def verify_statement(*, statement: Statement, user: Actor = None) -> Statement:
    """A person confirms the machine's statement as it stands."""
    return _review(statement, user, Statement.Review.VERIFIED)


@transaction.atomic
def reject_statement(*, statement: Statement, user: Actor = None) -> Statement:
    """Not a claim: hidden everywhere, kept for the record, never extracted again."""
    return _review(statement, user, Statement.Review.REJECTED)


@transaction.atomic
def mark_corrected(*, statement: Statement, user: Actor = None) -> Statement:
    """Call after a person edited a statement's fields: extraction leaves it alone from now."""
    return _review(statement, user, Statement.Review.CORRECTED)


def _move_statements(
    statements: Iterable[Statement], speaker: Speaker, user: Actor, reason: str
) -> None:
    """Reassign statements with a history record each (QuerySet.update() would leave none)."""
    moved = list(statements)
    for statement in moved:
        statement.speaker = speaker
    bulk_update_with_history(
        moved,
        Statement,
        ["speaker"],
        batch_size=500,
        default_user=_recorded(user),
        default_change_reason=reason,
    )


def _fold_repeats(speaker: Speaker) -> None:
    """After a merge one person may hold the same words twice: keep one statement (a
    reviewed one if any) and move the other's appearances to it."""
    by_key: dict[str, list[Statement]] = {}
    for st in Statement.objects.filter(speaker=speaker).order_by("id"):
        by_key.setdefault(st.key, []).append(st)
    for group in by_key.values():
        if len(group) < 2:
            continue
        keep = next((st for st in group if st.is_human_reviewed), group[0])
        for other in group:
            if other.pk != keep.pk and other.review == Statement.Review.MACHINE:
                Appearance.objects.filter(statement=other).update(statement=keep)
                other.delete()
        _refresh_statements({keep.pk})


@transaction.atomic
def merge_speakers(*, source: Speaker, target: Speaker, user: Actor = None) -> Speaker:
    """One person, two records: statements, aliases and roles move to ``target``."""
    if source.pk == target.pk:
        return target
    reason = f"merged speaker '{source.name}' into '{target.name}'"
    _move_statements(Statement.objects.filter(speaker=source), target, user, reason)
    SpeakerRole.objects.filter(speaker=source).update(speaker=target)
    for alias in SpeakerAlias.objects.filter(speaker=source):
        registry.add_alias(target, alias.alias, manual=alias.is_manual)
    registry.add_alias(target, source.name, manual=True)
    MergeSuggestion.objects.filter(
        Q(speaker=source, candidate=target) | Q(speaker=target, candidate=source)
    ).update(status=MergeSuggestion.Status.MERGED)
    if target.country is None and source.country is not None:
        target.country = source.country
        target.save(update_fields=["country", "updated_at"])
    source.delete()
    _fold_repeats(target)
    sync_speaker_countries([target.pk])
    return target


@transaction.atomic
def rename_speaker(*, speaker: Speaker, old_name: str) -> Speaker:
    """Call after a person renamed a speaker: both names become a person's aliases of it,
    so re-extraction resolves the old form here instead of creating it again."""
    for name in (old_name, speaker.name):
        if name:
            registry.add_alias(speaker, name, manual=True)
    SpeakerAlias.objects.filter(speaker=speaker, key__in=_keys(old_name, speaker.name)).update(
        is_manual=True
    )
    return speaker


def _keys(*names_: str) -> list[str]:
    return [key for key in map(registry.name_key, names_) if key]


@transaction.atomic
def split_alias(*, alias: SpeakerAlias, user: Actor = None) -> Speaker:
    """Undo a wrong merge: the alias becomes its own speaker, taking the statements whose
    mentions used it."""
    old = alias.speaker
    new = Speaker.objects.create(
        name=alias.alias, slug=registry.unique_slug(Speaker, alias.alias), kind=old.kind
    )
    moved = Statement.objects.filter(
        pk__in=Appearance.objects.filter(
            statement__speaker=old, mention__iexact=alias.alias
        ).values("statement_id")
    )
    _move_statements(moved, new, user, f"split alias '{alias.alias}' from '{old.name}'")
    alias.speaker = new
    alias.is_manual = True
    alias.save()
    return new
