"""Per-topic links of statements: storing what extraction judged, keeping each statement's
most relevant topic and its stance in step with them, and loading the shipped topics.

A statement is linked to every tracked question it is about (``StatementTopic``) with a
relevance and a stance per topic. ``Statement.topic``/``stance``/``stance_confidence``/
``stance_cue`` stay the statement's most relevant topic and its stance on it: older callers
and the stance trainer read them.

Machine links are replaced on each extraction; a link a person corrected never is, and a
statement a person reviewed keeps its links as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from claims import registry
from claims.models import Country, Statement, StatementTopic, Topic
from claims.nlp.types import ExtractedClaim, TopicLexicon, TopicStance

logger = logging.getLogger(__name__)

Pairs = Iterable[tuple[Statement, ExtractedClaim]]
# What a link's stance and the statement's own fields hold in common.
SYNCED = ("topic_id", "stance", "stance_confidence", "stance_cue")


# --------------------------------------------------------------------------- extraction


def judgements(
    claim: ExtractedClaim, primary: Topic, *, per_topic: bool
) -> tuple[TopicStance, ...]:
    """The claim's per-topic judgements, most relevant first.

    ``per_topic``: whether the extraction judges claims per topic at all (some claim of the
    article carries ``topics``). If it does, a claim with none is about no tracked question
    and is linked to none: Meloni's "If Italy calls, Albania will be there" is not about UK
    hubs. If it does not (an extractor from before per-topic stance), the claim's own stance
    is taken as its stance on the primary topic.
    """
    if claim.topics or per_topic:
        return tuple(sorted(claim.topics, key=lambda t: -t.relevance))
    return (
        TopicStance(
            topic=primary.slug,
            relevance=1.0,
            stance=claim.stance,
            confidence=claim.stance_confidence,
            evidence=claim.stance_cue,
            method="lexicon",
        ),
    )


# Inside an article's transaction no savepoint: a failure here fails the whole article (it
# is left pending), so a savepoint would only cost two round trips per article.
@transaction.atomic(savepoint=False)
def store_topics(*, pairs: list[tuple[Statement, ExtractedClaim]], version: str = "") -> None:
    """Link machine statements to the topics their claims are about, and set each one's
    most relevant topic and stance from those links. Human-reviewed statements are left
    as the person left them."""
    machine = [(st, claim) for st, claim in pairs if st.review == Statement.Review.MACHINE]
    if not machine:
        return
    # The primary topic and the topic rows are read once per extraction run.
    primary = registry.cached("topics", "primary", Topic.objects.primary)
    per_topic = any(claim.topics for _, claim in pairs)
    by_slug = _topics_by_slug({j.topic for _, claim in machine for j in claim.topics})
    kept = _replace_machine_links({st.pk for st, _ in machine})
    links, changed = [], []
    for statement, claim in machine:
        found = [(by_slug.get(j.topic), j) for j in judgements(claim, primary, per_topic=per_topic)]
        unknown = [j.topic for t, j in found if t is None]
        if unknown:
            logger.warning("claim judged on unknown topics %s: not stored", unknown)
        rows = [
            _link(statement, topic, j, version)
            for topic, j in found
            if topic is not None and (statement.pk, topic.pk) not in kept
        ]
        links += rows
        if not found:  # about no tracked question: no stance on any
            rows = [StatementTopic(topic=primary, relevance=0.0, stance="neutral")]
        # No link stored (every topic unknown or corrected): the statement keeps its fields.
        if rows and _sync_statement(statement, rows):
            changed.append(statement)
    StatementTopic.objects.bulk_create(links, ignore_conflicts=True)
    Statement.objects.bulk_update(changed, [*SYNCED, "updated_at"])


def store_speaker_kinds(*, pairs: Pairs) -> None:
    """A machine statement's speaker kind is its latest extraction's: it follows the
    registry as the speaker work learns; a person's correction is kept."""
    changed = []
    for statement, claim in pairs:
        kind = claim.speaker.speaker_kind
        if statement.review == Statement.Review.MACHINE and statement.speaker_kind != kind:
            statement.speaker_kind = kind
            changed.append(statement)
    Statement.objects.bulk_update(changed, ["speaker_kind"])


def _topics_by_slug(wanted: set[str]) -> dict[str, Topic]:
    """Topic rows by slug; a topic file shipped after this database was migrated is loaded
    the first time extraction judges a claim on it."""
    by_slug = registry.cached("topics", "by_slug", _read_topics)
    if wanted - by_slug.keys() and load_shipped_topics():
        registry.forget("topics")
        by_slug = registry.cached("topics", "by_slug", _read_topics)
    return by_slug


def _read_topics() -> dict[str, Topic]:
    return {t.slug: t for t in Topic.objects.only("pk", "slug")}


def _replace_machine_links(statement_ids: set[int]) -> set[tuple[int, int]]:
    """Delete the machine links of these statements; returns the (statement, topic) pairs
    a person corrected, which stay. One read for both: on a first extraction (no links
    yet) nothing else is sent."""
    links = list(StatementTopic.objects.filter(statement_id__in=statement_ids))
    machine = {link.pk for link in links if link.review == Statement.Review.MACHINE}
    if machine:
        StatementTopic.objects.filter(pk__in=machine).delete()
    return {(link.statement_id, link.topic_id) for link in links if link.pk not in machine}


def _link(statement: Statement, topic: Topic, j: TopicStance, version: str) -> StatementTopic:
    model = j.method in (StatementTopic.Method.MODEL, StatementTopic.Method.HYBRID)
    return StatementTopic(
        statement=statement,
        topic=topic,
        relevance=j.relevance,
        stance=j.stance,
        stance_confidence=j.confidence,
        evidence=j.evidence[:300],
        method=j.method if j.method in StatementTopic.Method.values else "lexicon",
        model_version=(version if model else "")[:40],
    )


def _sync_statement(statement: Statement, links: list[StatementTopic]) -> bool:
    """Set the statement's topic and stance from its most relevant link; True if changed."""
    top = max(links, key=lambda link: link.relevance)
    values = {
        "topic_id": top.topic_id,
        "stance": top.stance,
        "stance_confidence": top.stance_confidence,
        "stance_cue": top.evidence[:200],
    }
    changed = [k for k, v in values.items() if getattr(statement, k) != v]
    for key in changed:
        setattr(statement, key, values[key])
    if changed:
        statement.updated_at = timezone.now()
    return bool(changed)


# --------------------------------------------------------------------------- corrections


@transaction.atomic
def record_correction(*, statement: Statement) -> StatementTopic:
    """A person set the statement's topic or stance: its link to that topic says so too, and
    is never replaced by extraction. The statement itself is saved by the caller's service
    (services.mark_corrected)."""
    link, _ = StatementTopic.objects.update_or_create(
        statement=statement,
        topic_id=statement.topic_id,
        defaults={
            "stance": statement.stance,
            "stance_confidence": 1.0,
            "evidence": "",
            "method": StatementTopic.Method.PERSON,
            "model_version": "",
            "review": Statement.Review.CORRECTED,
            "reviewed_at": timezone.now(),
            # A person chose this topic for it: the statement is about it.
            "relevance": max(_relevance(statement), StatementTopic.ABOUT),
        },
    )
    return link


def _relevance(statement: Statement) -> float:
    link = StatementTopic.objects.filter(statement=statement, topic_id=statement.topic_id).first()
    return link.relevance if link else 1.0


def sync_from_links(*, statement: Statement) -> bool:
    """After a person edited the links (admin inline): the statement follows the most
    relevant one. Saved here; True when anything changed."""
    links = list(statement.topic_links.all())
    if not links or not _sync_statement(statement, links):
        return False
    statement.save(update_fields=[*SYNCED, "updated_at"])
    return True


# --------------------------------------------------------------------------- shipped topics


def shipped_lexicons() -> list[TopicLexicon]:
    """Every topic JSON file shipped in claims/nlp/data/topics, the default one first."""
    from claims.nlp import stance

    return list(stance.read_topic_files(stance.TOPICS_DIR))


def load_shipped_topics(
    topic_model: type[Topic] = Topic, country_model: type[Country] | None = None
) -> list[str]:
    """Create every shipped topic not yet in the database, with its scope; topics already
    there are left as an admin may have edited them. Returns the slugs created.

    Takes the models so the data migration can pass its historical ones.
    """
    from claims.models import lexicon_fields

    country_model = country_model or Country
    created = []
    has_primary = topic_model.objects.filter(is_primary=True).exists()
    for i, lex in enumerate(shipped_lexicons()):
        if topic_model.objects.filter(slug=lex.slug).exists():
            continue
        topic = topic_model.objects.create(
            slug=lex.slug,
            is_primary=not has_primary and i == 0,
            proposer=_country(country_model, lex.proposer) if lex.proposer else None,
            **lexicon_fields(lex),
        )
        # A blank name in a topic file is no country (it used to reach set() as None).
        topic.participants.set([_country(country_model, name) for name in lex.participants if name])
        created.append(lex.slug)
    return created


def _country(country_model: type[Country], name: str) -> Country:
    """The country row for a registry name, created as the registry would create it."""
    from claims.nlp import countries

    entry = countries.by_name(name)
    name, slug = (entry.name, entry.slug) if entry else (name, slugify(name))
    found = country_model.objects.filter(Q(name=name) | Q(slug=slug)).first()
    return found or country_model.objects.create(
        name=name, slug=slug, iso2=(entry.iso2[:2] if entry else "")
    )
