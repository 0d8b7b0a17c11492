"""Plain factory functions: make rows directly through the models, with sensible defaults.

Each takes keyword arguments for the fields a test cares about and fills in the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from articles.models import Article
from claims.models import (
    Appearance,
    Country,
    Speaker,
    SpeakerAlias,
    Statement,
    StatementTopic,
    Topic,
)

_seq = itertools.count(1)


def topic() -> Topic:
    """The primary topic, created directly so factories do not depend on the NLP lexicon."""
    existing = Topic.objects.filter(is_primary=True).first()
    if existing:
        return existing
    return Topic.objects.create(
        slug="uk-return-hubs", name="Hosting UK return hubs", is_primary=True
    )


def other_topic(slug: str, *, proposer: Country | None = None, participants=()) -> Topic:
    """A further tracked question, e.g. the Italy-Albania centres."""
    obj, _ = Topic.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title(), "proposer": proposer}
    )
    obj.participants.set(participants)
    return obj


def link(statement: Statement, topic: Topic, *, stance: str, relevance: float = 1.0):
    """Say a statement is also about ``topic``, with a stance on it."""
    return StatementTopic.objects.update_or_create(
        statement=statement, topic=topic, defaults={"stance": stance, "relevance": relevance}
    )[0]


def country(name: str = "", *, is_tracked: bool = False) -> Country:
    name = name or f"Country {next(_seq)}"
    obj, _ = Country.objects.get_or_create(
        name=name, defaults={"slug": slugify(name), "is_tracked": is_tracked}
    )
    return obj


def speaker(name: str = "", *, country: Country | None = None, aliases=(), **fields) -> Speaker:
    name = name or f"Speaker {next(_seq)}"
    obj = Speaker.objects.create(
        name=name, slug=f"{slugify(name)}-{next(_seq)}", country=country, **fields
    )
    for alias in aliases:
        SpeakerAlias.objects.create(speaker=obj, alias=alias, key=alias.lower())
    return obj


def article(body: str = "", **fields) -> Article:
    n = next(_seq)
    body = body or f"Article {n} body. Someone said something about return hubs."
    defaults = {
        "name": f"article-{n}.txt",
        "content_hash": hashlib.sha256(body.encode()).hexdigest(),
        "encoding": "utf-8",
        "raw_text": body,
        "body": body,
        "offset_map": [[0, 0, len(body)]],
        "title": f"Article {n}",
        "outlet": "The Example Times",
        "date": dt.date(2025, 5, 26),
    }
    return Article.objects.create(**{**defaults, **fields})


def statement(
    *,
    speaker: Speaker | None = None,
    text: str = "",
    stance: str = "neutral",
    date_said: dt.date | None = dt.date(2025, 5, 26),
    speaker_country: Country | None = None,
    countries=(),
    article: Article | None = None,
    on: Topic | None = None,
    speaker_kind: str = "government",
    **fields,
) -> Statement:
    """A statement about ``on`` (the primary topic by default) with ``stance`` on it, by a
    government speaker unless ``speaker_kind`` says otherwise; with ``article`` it also
    appears there (offsets found in the body)."""
    speaker = speaker or globals()["speaker"]()
    text = text or f"Statement {next(_seq)} about return hubs."
    on = on or topic()
    obj = Statement.objects.create(
        topic=on,
        speaker_kind=speaker_kind,
        speaker=speaker,
        speaker_country=speaker_country or speaker.country,
        text=text,
        key=hashlib.sha1(f"{speaker.pk}:{text}:{next(_seq)}".encode()).hexdigest(),
        kind=fields.pop("kind", "direct"),
        stance=stance,
        date_said=date_said,
        first_article=article,
        **fields,
    )
    obj.countries.set(countries)
    link(obj, on, stance=stance)
    if article is not None:
        appearance(statement=obj, article=article)
    return obj


def appearance(*, statement: Statement, article: Article, text: str = "") -> Appearance:
    text = text or statement.text
    start = article.body.find(text)
    if start < 0:
        start = 0
        text = article.body[: len(text)]
    end = start + len(text)
    return Appearance.objects.create(
        statement=statement,
        article=article,
        text=text,
        start=start,
        end=end,
        raw_start=start,
        raw_end=end,
        date_said=statement.date_said,
    )


def user(username: str = "", *, groups=(), **fields):
    username = username or f"user{next(_seq)}"
    made = get_user_model().objects.create_user(
        username=username, password="pw-not-secret-123", **fields
    )
    for name in groups:
        made.groups.add(group(name))
    return made


def group(name: str):
    """One of the three groups of migration claims 0003, made again with the same
    permissions when a transactional test's flush has emptied the table."""
    from django.contrib.auth.models import Group, Permission

    found, created = Group.objects.get_or_create(name=name)
    if created:
        perms = Permission.objects.filter(content_type__app_label__in=("claims", "articles"))
        if name != "Admins":
            perms = perms.filter(codename__startswith="view_")
        found.permissions.add(*perms)
    return found
