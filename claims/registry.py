"""The speaker and country registry: who a mention is, across articles.

It learns "X is the prime minister of Y" from each article's people, resolves names by
their folded forms (certain), roles through who held them nearest the date, and turns
uncertain matches into merge suggestions a person confirms.

Lookups go through a per-run cache (``run_cache()``) while a batch is stored, so a corpus
does not pay a query for every repeated name; the cache dies with the run, and is cleared
when a stored article fails so no rolled-back row is ever handed out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection
from django.utils.text import slugify

from articles.models import Article
from claims.models import Country, MergeSuggestion, Speaker, SpeakerAlias, SpeakerRole
from claims.nlp import across, countries, names
from claims.nlp.types import PersonFact, SpeakerRef

# A suggested merge needs at least this name similarity (0-100).
MERGE_SUGGESTION_RATIO = 85

_cache: ContextVar[dict[str, dict] | None] = ContextVar("claims_registry_cache", default=None)


@contextmanager
def run_cache() -> Iterator[None]:
    """Cache registry lookups for the duration of one extraction run."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def clear_cache() -> None:
    cache = _cache.get()
    if cache is not None:
        cache.clear()


def _cached(bucket: str, key: Any, compute: Callable[[], Any]) -> Any:
    cache = _cache.get()
    if cache is None:
        return compute()
    entries = cache.setdefault(bucket, {})
    if key not in entries:
        entries[key] = compute()
    return entries[key]


def _forget(bucket: str, key: Any = None) -> None:
    cache = _cache.get()
    if cache is not None:
        entries = cache.get(bucket, {})
        if key is None:
            entries.clear()
        else:
            entries.pop(key, None)


# --------------------------------------------------------------------------- locks


def lock(namespace: str, *keys: object) -> None:
    """Hold a PostgreSQL transaction-level advisory lock per key until this transaction ends.

    Two processes about to create the same speaker or country (or to place statements of
    the same speaker) take turns: the second then reads the first one's committed row
    instead of creating a twin. Callers pass keys in a stable order, so two transactions
    never wait on each other in a circle. Other databases serialise writers anyway.
    """
    if connection.vendor != "postgresql" or not keys:
        return
    ids = [_lock_id(namespace, key) for key in keys]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k", [ids])


def _lock_id(namespace: str, key: object) -> int:
    digest = hashlib.blake2b(f"{namespace}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# --------------------------------------------------------------------------- countries


def country_for(name: str | None) -> Country | None:
    """The Country row for a registry name (or alias), created on first use."""
    if not name:
        return None
    return _cached("country", name, lambda: _country_row(name))


def _country_row(name: str) -> Country:
    entry = countries.by_name(name)
    canonical = entry.name if entry else name
    country = Country.objects.filter(name=canonical).first()
    if country is not None:
        return country
    lock("country", canonical)
    country, _ = Country.objects.get_or_create(
        name=canonical,
        defaults={
            "slug": unique_slug(Country, entry.slug if entry else canonical),
            "iso2": entry.iso2[:2] if entry else "",
        },
    )
    return country


def unique_slug(model, name: str) -> str:
    base = slugify(names.fold(name) or name)[:200] or "speaker"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def role_key(role: str) -> str:
    return " ".join(names.fold(role).split())


# --------------------------------------------------------------------------- speakers


def name_key(name: str) -> str:
    return names.name_key(name)


def add_alias(speaker: Speaker, alias: str, *, manual: bool = False) -> None:
    key = names.name_key(alias)
    if not key:
        return

    def create() -> bool:
        _, created = SpeakerAlias.objects.get_or_create(
            speaker=speaker, key=key, defaults={"alias": alias[:200], "is_manual": manual}
        )
        if created:
            _forget("alias", key)
        return True

    _cached("alias_row", (speaker.pk, key), create)


def find_by_alias(name: str) -> Speaker | None:
    key = names.name_key(name)
    if not key:
        return None
    return _cached("alias", key, lambda: _speaker_with_alias(key))


def _speaker_with_alias(key: str) -> Speaker | None:
    aliases = list(
        SpeakerAlias.objects.filter(key=key)
        .select_related("speaker")
        .order_by("-is_manual", "speaker_id")[:20]
    )
    if not aliases:
        return None
    # A person's decision (a merge, a split, a typed alias) is certain, whatever the words.
    if aliases[0].is_manual or len(key.split()) > 1:
        return aliases[0].speaker
    # One word is certain only as a speaker's whole name ("Labour", "Reuters"). As a short
    # form learnt in another article ("Kurti" of "Albin Kurti") it is a guess: the caller
    # creates a speaker of that name (found by it from then on, so re-extraction creates no
    # other) and the registry suggests the merge to a person.
    return next((a.speaker for a in aliases if names.name_key(a.speaker.name) == key), None)


def find_or_create_speaker(
    *, name: str, kind: str, role: str = "", country: Country | None
) -> Speaker:
    """The speaker this name resolves to, created once however many processes ask at once."""
    speaker = find_by_alias(name)
    if speaker is not None:
        return speaker
    key = names.name_key(name) or name
    lock("speaker-name", key)
    # Read again past the cache: another process may have created it while we waited.
    _forget("alias", key)
    speaker = find_by_alias(name)
    if speaker is None:
        speaker = create_speaker(name=name, kind=kind, role=role, country=country)
    return speaker


def create_speaker(*, name: str, kind: str, role: str = "", country: Country | None) -> Speaker:
    speaker = Speaker.objects.create(
        name=name[:200],
        slug=unique_slug(Speaker, name),
        kind=kind if kind in Speaker.SpeakerKind.values else Speaker.SpeakerKind.UNKNOWN,
        role=role[:200],
        country=country,
    )
    add_alias(speaker, name)
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
        if alias.speaker_id in seen:
            continue
        seen.add(alias.speaker_id)
        score = names.similarity(speaker.name, alias.alias)
        if score >= MERGE_SUGGESTION_RATIO:
            MergeSuggestion.objects.get_or_create(
                speaker=speaker,
                candidate=alias.speaker,
                defaults={"score": score, "reason": f"'{speaker.name}' ~ '{alias.alias}'"},
            )


def learn_person(fact: PersonFact, *, article: Article) -> Speaker:
    """Register what an article says about a person: name, aliases, role, country.

    Call ``refresh_profiles`` for the returned speakers once the batch is learned."""
    country = country_for(fact.country)
    speaker = find_or_create_speaker(
        name=fact.name, kind=fact.kind, role=fact.role, country=country
    )
    for alias in (fact.name, *fact.aliases):
        if alias and alias[0].isupper():
            add_alias(speaker, alias)
    if fact.role:
        _record_role(speaker, fact, country, article)
    if fact.organisation and not speaker.organisation:
        speaker.organisation = fact.organisation[:200]
        speaker.save(update_fields=["organisation", "updated_at"])
    return speaker


def _record_role(
    speaker: Speaker, fact: PersonFact, country: Country | None, article: Article
) -> None:
    """One piece of evidence per (speaker, role, country, article); the article's existing
    evidence is read once per run, not queried per fact."""
    key = (speaker.pk, role_key(fact.role), country.pk if country else None)
    known = _cached("roles_of_article", article.pk, lambda: _roles_of(article))
    if key in known:
        return
    SpeakerRole.objects.create(
        speaker=speaker,
        role=fact.role[:200],
        role_key=key[1],
        country=country,
        article=article,
        seen_on=article.date,
        evidence=fact.evidence,
    )
    known.add(key)
    _forget("role")


def _roles_of(article: Article) -> set[tuple]:
    return set(
        SpeakerRole.objects.filter(article=article).values_list(
            "speaker_id", "role_key", "country_id"
        )
    )


def refresh_profiles(speaker_ids: Iterable[int]) -> None:
    """Role and country are what most articles say, not what the last one said: one
    article's misreading does not move a person to another country."""
    ids = set(speaker_ids)
    if not ids:
        return
    roles: dict[int, list[SpeakerRole]] = {}
    for r in SpeakerRole.objects.filter(speaker_id__in=ids).order_by("-id"):
        roles.setdefault(r.speaker_id, []).append(r)
    changed = []
    for speaker in Speaker.objects.filter(pk__in=roles):
        role, country_id = _consensus(roles[speaker.pk])
        locked = set(speaker.locked_fields or [])
        dirty = False
        if role and "role" not in locked and speaker.role != role:
            speaker.role, dirty = role[:200], True
        if country_id and "country" not in locked and speaker.country_id != country_id:
            speaker.country_id, dirty = country_id, True
        if dirty:
            changed.append(speaker)
    Speaker.objects.bulk_update(changed, ["role", "country"])
    _forget("alias")


def _consensus(roles: list[SpeakerRole]) -> tuple[str, int | None]:
    # Most attested wins; Counter keeps first-seen order among equals, and the list runs
    # latest first, so a tie goes to the latest evidence.
    countries = Counter(r.country_id for r in roles if r.country_id)
    country_id = countries.most_common(1)[0][0] if countries else None
    role_keys = Counter(r.role_key for r in roles if r.country_id in (country_id, None))
    key = role_keys.most_common(1)[0][0] if role_keys else ""
    role = next((r.role for r in roles if r.role_key == key), "")
    return role, country_id


def resolve_speaker(ref: SpeakerRef, *, article: Article) -> tuple[Speaker, str]:
    """The registry's speaker for a mention, and how it was resolved."""
    country = country_for(ref.country)
    if ref.name:
        speaker = find_or_create_speaker(
            name=ref.name, kind=ref.kind, role=ref.role, country=country
        )
        return speaker, ref.resolution
    if ref.role:
        holder = _cached(
            "role",
            (role_key(ref.role), country.pk if country else None, article.date),
            lambda: role_holder(ref.role, country, article.date),
        )
        if holder is not None:
            return holder, "registry_role"
        title = f"{ref.role[:1].upper()}{ref.role[1:]}" + (f" of {country.name}" if country else "")
        speaker = find_or_create_speaker(
            name=title, kind=Speaker.SpeakerKind.ROLE, role=ref.role, country=country
        )
        return speaker, "role_unresolved"
    mention = ref.mention.strip() or "Unknown speaker"
    speaker = find_or_create_speaker(name=mention, kind=ref.kind, country=country)
    return speaker, ref.resolution or "mention"


def role_holder(role: str, country: Country | None, on: dt.date | None) -> Speaker | None:
    """Who the text elsewhere said held this role for this country, nearest the date.

    The rule is ``claims.nlp.across.role_holder``, the one the dev scorer measures; this
    feeds it the roles stored for the country."""
    rows = SpeakerRole.objects.filter(country=country).select_related("speaker")
    sightings = [
        across.RoleSighting(holder=r.speaker, role=r.role_key, country=country, seen_on=r.seen_on)
        for r in rows.order_by("-seen_on", "-id")
    ]
    return across.role_holder(role, country, on, sightings)
