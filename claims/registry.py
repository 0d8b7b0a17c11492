"""The speaker and country registry: who a mention is, across articles.

It learns "X is the prime minister of Y" from each article's people, resolves names by
their folded forms (certain), roles through who held them nearest the date, and turns
uncertain matches into merge suggestions a person confirms.

Names are resolved a batch at a time (``Batch``: a chunk's people, an article's speakers):
one query reads every alias row the batch needs, one statement locks the names nobody holds
yet, and the new speakers, aliases, suggestions and roles are written in bulk, so a corpus
naming hundreds of people does not pay a round trip per name. Countries and role holders go
through a per-run cache (``run_cache()``); it dies with the run, and is cleared when a
stored article fails so no rolled-back row is ever handed out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from articles.models import Article
from claims.models import Country, MergeSuggestion, Speaker, SpeakerAlias, SpeakerRole
from claims.nlp import across, countries, names
from claims.nlp.types import PersonFact, SpeakerRef

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A suggested merge needs at least this name similarity (0-100).
MERGE_SUGGESTION_RATIO = 85

_cache: ContextVar[dict[str, dict[Hashable, Any]] | None] = ContextVar(
    "claims_registry_cache", default=None
)


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


def _cached(bucket: str, key: Hashable, compute: Callable[[], T]) -> T:
    cache = _cache.get()
    if cache is None:
        return compute()
    entries = cache.setdefault(bucket, {})
    if key not in entries:
        entries[key] = compute()
    return entries[key]


def _forget(bucket: str) -> None:
    cache = _cache.get()
    if cache is not None:
        cache.get(bucket, {}).clear()


# For the other writers of an extraction run (claims.topics): the same per-run cache.
cached = _cached
forget = _forget


# --------------------------------------------------------------------------- locks


def lock(namespace: str, *keys: object) -> None:
    """Hold a PostgreSQL transaction-level advisory lock per key until this transaction ends.

    Two processes about to create the same speaker or country (or to place statements of
    the same speaker) take turns: the second then reads the first one's committed row
    instead of creating a twin. Callers pass keys in a stable order, so two transactions
    never wait on each other in a circle. Other databases serialise writers anyway.
    """
    _lock_ids([_lock_id(namespace, key) for key in keys])


def _lock_ids(ids: list[int]) -> None:
    if connection.vendor != "postgresql" or not ids:
        return
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


def unique_slug(model: type[Country] | type[Speaker], name: str) -> str:
    base = _slug_base(name)
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _slug_base(name: str) -> str:
    return slugify(names.fold(name) or name)[:200] or "speaker"


def role_key(role: str) -> str:
    return " ".join(names.fold(role).split())


# --------------------------------------------------------------------------- speakers


def name_key(name: str) -> str:
    return names.name_key(name)


def add_alias(speaker: Speaker, alias: str, *, manual: bool = False) -> None:
    """One alias row for a speaker, outside extraction (a merge, a rename)."""
    key = names.name_key(alias)
    if key:
        SpeakerAlias.objects.get_or_create(
            speaker=speaker, key=key, defaults={"alias": alias[:200], "is_manual": manual}
        )


@dataclass
class _Alias:
    """An alias row as look-ups see it, stored or still to be written."""

    speaker: Speaker
    key: str
    alias: str
    is_manual: bool
    rank: tuple[int, int]  # rows are read in speaker-id order; new speakers come last


@dataclass
class _Created:
    speaker: Speaker
    rows_before: int  # the batch's new alias rows that existed when it was created


class Batch:
    """The registry within one transaction: what one-by-one look-ups and writes would do,
    in a handful of queries whatever the number of names.

    Every alias row of the names the batch will meet is read at once; the names nobody
    holds yet are locked (one statement) and read again, since another process may have
    created them while this one waited. Look-ups and creations then run in memory, in
    order, each seeing the rows the earlier ones made, and ``flush`` writes the new
    speakers, aliases, merge suggestions, roles and organisations in bulk."""

    def __init__(self, find: Iterable[str], *, also: Iterable[str] = ()) -> None:
        self._speakers: dict[int, Speaker] = {}  # one instance per stored speaker
        self._rows: dict[str, list[_Alias]] = {}
        self._held: set[tuple[object, str]] = set()  # (speaker, key) rows stored or queued
        self._new_rows: list[_Alias] = []
        self._created: list[_Created] = []
        self._rank: dict[int, tuple[int, int]] = {}
        self._roles: list[SpeakerRole] = []
        self._known_roles: dict[int, set[tuple]] = {}
        self._organisation: dict[int, tuple[Speaker, str]] = {}
        find = list(find)
        wanted = {k for k in map(names.name_key, find) if k}
        self._load(wanted | {k for k in map(names.name_key, also) if k})
        missing = sorted(k for k in wanted if self._holder(k) is None)
        # The slugs the new speakers may take are locked in the same statement, names first.
        self._slugs = sorted(
            {_slug_base(n) for n in find if self._holder(names.name_key(n)) is None}
        )
        _lock_ids(
            [_lock_id("speaker-name", k) for k in missing]
            + [_lock_id("speaker-slug", b) for b in self._slugs]
        )
        if missing:
            self._load(set(missing))

    def _load(self, keys: set[str]) -> None:
        for key in keys:
            self._rows[key] = []
        for row in SpeakerAlias.objects.filter(key__in=keys).select_related(
            # The country too: storing a statement reads its speaker's.
            "speaker__country"
        ):
            speaker = self._speakers.setdefault(row.speaker_id, row.speaker)
            self._held.add((_ident(speaker), row.key))
            self._rows[row.key].append(
                _Alias(speaker, row.key, row.alias, row.is_manual, (0, speaker.pk))
            )

    def _holder(self, key: str) -> Speaker | None:
        rows = sorted(self._rows.get(key, []), key=lambda a: (not a.is_manual, a.rank))[:20]
        if not rows:
            return None
        # A person's decision (a merge, a split, a typed alias) is certain, whatever the words.
        if rows[0].is_manual or len(key.split()) > 1:
            return rows[0].speaker
        # One word is certain only as a speaker's whole name ("Labour", "Reuters"). As a short
        # form learnt in another article ("Kurti" of "Albin Kurti") it is a guess: the caller
        # creates a speaker of that name (found by it from then on, so re-extraction creates
        # no other) and the registry suggests the merge to a person.
        return next((a.speaker for a in rows if names.name_key(a.speaker.name) == key), None)

    def find_or_create(
        self, *, name: str, kind: str, role: str = "", country: Country | None
    ) -> Speaker:
        """The speaker this name resolves to; a new one (written by ``flush``) if none."""
        key = names.name_key(name)
        speaker = self._holder(key) if key else None
        if speaker is not None:
            return speaker
        speaker = Speaker(
            name=name[:200],
            kind=kind if kind in Speaker.SpeakerKind.values else Speaker.SpeakerKind.UNKNOWN,
            role=role[:200],
            country=country,
        )
        self._rank[id(speaker)] = (1, len(self._created))
        self._created.append(_Created(speaker, len(self._new_rows)))
        self.add_alias(speaker, name)
        return speaker

    def add_alias(self, speaker: Speaker, alias: str) -> None:
        key = names.name_key(alias)
        if not key or (_ident(speaker), key) in self._held:
            return
        rank = (0, speaker.pk) if speaker.pk is not None else self._rank[id(speaker)]
        row = _Alias(speaker, key, alias[:200], False, rank)
        self._held.add((_ident(speaker), key))
        self._rows.setdefault(key, []).append(row)
        self._new_rows.append(row)

    def learn(self, fact: PersonFact, *, article: Article, country: Country | None) -> Speaker:
        """Register what an article says about a person: name, aliases, role, organisation."""
        speaker = self.find_or_create(
            name=fact.name, kind=fact.kind, role=fact.role, country=country
        )
        for alias in (fact.name, *fact.aliases):
            if alias and alias[0].isupper():
                self.add_alias(speaker, alias)
        if fact.role:
            self._record_role(speaker, fact, country, article)
        if fact.organisation and not self._organisation_of(speaker):
            self._organisation[id(speaker)] = (speaker, fact.organisation[:200])
        return speaker

    def _organisation_of(self, speaker: Speaker) -> str:
        return self._organisation.get(id(speaker), (speaker, speaker.organisation))[1]

    def known_roles(self, articles: Iterable[Article]) -> None:
        """Read the role evidence these articles already gave, in one query."""
        ids = {a.pk for a in articles} - set(self._known_roles)
        for pk in ids:
            self._known_roles[pk] = set()
        rows = SpeakerRole.objects.filter(article_id__in=ids).values_list(
            "article_id", "speaker_id", "role_key", "country_id"
        )
        for article_id, *key in rows:
            self._known_roles[article_id].add(tuple(key))

    def _record_role(
        self, speaker: Speaker, fact: PersonFact, country: Country | None, article: Article
    ) -> None:
        """One piece of evidence per (speaker, role, country, article)."""
        if article.pk not in self._known_roles:
            self.known_roles([article])
        known = self._known_roles[article.pk]
        key = (_ident(speaker), role_key(fact.role), country.pk if country else None)
        if key in known:
            return
        known.add(key)
        self._roles.append(
            SpeakerRole(
                speaker=speaker,
                role=fact.role[:200],
                role_key=key[1],
                country=country,
                article=article,
                seen_on=article.date,
                evidence=fact.evidence,
            )
        )

    def flush(self) -> None:
        """Write what the batch created: speakers, aliases, suggestions, roles."""
        created = [c.speaker for c in self._created]
        if created:
            _assign_slugs(created, locked=set(self._slugs))
            bulk_create_with_history(created, Speaker)
        # Read before this batch's aliases are written: a speaker is compared with the rows
        # that existed when it was created, as it would have been one at a time.
        suggestions = self._suggestions()
        _write_aliases(self._new_rows)
        MergeSuggestion.objects.bulk_create(suggestions)
        if self._roles:
            SpeakerRole.objects.bulk_create(self._roles)
            _forget("role")
        self._write_organisations()
        for row in self._new_rows:
            row.rank = (0, row.speaker.pk)
        self._created, self._new_rows, self._roles = [], [], []
        self._rank, self._organisation = {}, {}

    def _write_organisations(self) -> None:
        # A new speaker is stored as created, then given its organisation, as a save did:
        # its history shows both steps.
        changed = []
        now = timezone.now()
        for speaker, organisation in self._organisation.values():
            speaker.organisation, speaker.updated_at = organisation, now
            changed.append(speaker)
        if changed:
            bulk_update_with_history(changed, Speaker, ["organisation", "updated_at"])

    def _suggestions(self) -> list[MergeSuggestion]:
        """Uncertain matches become suggestions a person confirms, never silent merges.

        Each new speaker is compared with the aliases sharing its last name word that
        existed when it was created, as one-at-a-time creation compared it."""
        wanted = [
            (i, token, entry.rows_before, entry.speaker.pk)
            for i, entry in enumerate(self._created)
            if (token := _last_token(entry.speaker.name))
        ]
        candidates = _merge_candidates(wanted, self._new_rows)
        return [
            suggestion
            for i, *_ in wanted
            for suggestion in _suggest(self._created[i].speaker, candidates.get(i, []))
        ]


# How many aliases sharing a new speaker's last name word are compared with its name.
MERGE_CANDIDATES = 50


def _ident(speaker: Speaker) -> object:
    """A key for a speaker in a batch; a new one has no primary key yet."""
    return speaker.pk if speaker.pk is not None else ("new", id(speaker))


def _last_token(name: str) -> str:
    tokens = names.name_key(name).split()
    return tokens[-1] if tokens else ""


def _suggest(speaker: Speaker, candidates: list[tuple[str, int]]) -> list[MergeSuggestion]:
    """``candidates``: (alias, speaker id), the first alias of each speaker counting."""
    seen: set[int] = set()
    found = []
    for alias, candidate in candidates:
        if candidate in seen:
            continue
        seen.add(candidate)
        score = names.similarity(speaker.name, alias)
        if score >= MERGE_SUGGESTION_RATIO:
            found.append(
                MergeSuggestion(
                    speaker=speaker,
                    candidate_id=candidate,
                    score=score,
                    reason=f"'{speaker.name}' ~ '{alias}'"[:200],
                )
            )
    return found


# The aliases a new speaker is compared with: the first MERGE_CANDIDATES, in alias order (the
# model's ordering), among those holding its last name word, stored or made earlier in the
# batch, not its own. One query for the batch; the database's collation orders them.
_CANDIDATES_SQL = """
WITH fresh(n, alias, key, owner) AS (
    SELECT * FROM unnest(%(n)s::int[], %(alias)s::text[], %(key)s::text[], %(owner)s::int[])
),
wanted(i, tok, before, me) AS (
    SELECT * FROM unnest(%(i)s::int[], %(tok)s::text[], %(before)s::int[], %(me)s::int[])
),
stored AS (
    SELECT t.tok, s.alias, s.owner, s.id
    FROM (SELECT DISTINCT tok FROM wanted) AS t
    CROSS JOIN LATERAL (
        SELECT a.alias, a.speaker_id AS owner, a.id FROM {table} AS a
        WHERE strpos(a.key, t.tok) > 0 ORDER BY a.alias, a.id LIMIT %(limit)s
    ) AS s
)
SELECT w.i, c.alias, c.owner
FROM wanted AS w
CROSS JOIN LATERAL (
    SELECT u.alias, u.owner, row_number() OVER (ORDER BY u.alias, u.src, u.n) AS rank
    FROM (
        SELECT s.alias, s.owner, 0 AS src, s.id AS n FROM stored AS s WHERE s.tok = w.tok
        UNION ALL
        SELECT f.alias, f.owner, 1, f.n FROM fresh AS f
        WHERE f.n < w.before AND strpos(f.key, w.tok) > 0 AND f.owner <> w.me
    ) AS u
    ORDER BY u.alias, u.src, u.n
    LIMIT %(limit)s
) AS c
ORDER BY w.i, c.rank
"""


def _merge_candidates(
    wanted: list[tuple[int, str, int, int]], rows: list[_Alias]
) -> dict[int, list[tuple[str, int]]]:
    """(alias, speaker id) candidates per new speaker; ``wanted`` holds (index, last word,
    batch rows made before it, its id)."""
    if not wanted:
        return {}
    if connection.vendor != "postgresql":
        return _merge_candidates_one_by_one(wanted, rows)
    params: dict[str, list[int] | list[str] | int] = {
        "n": list(range(len(rows))),
        "alias": [r.alias for r in rows],
        "key": [r.key for r in rows],
        "owner": [r.speaker.pk for r in rows],
        "i": [w[0] for w in wanted],
        "tok": [w[1] for w in wanted],
        "before": [w[2] for w in wanted],
        "me": [w[3] for w in wanted],
        "limit": MERGE_CANDIDATES,
    }
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES_SQL.format(table=SpeakerAlias._meta.db_table), params)
        found = cursor.fetchall()
    candidates: dict[int, list[tuple[str, int]]] = {}
    for i, alias, pk in found:
        candidates.setdefault(i, []).append((alias, pk))
    return candidates


def _merge_candidates_one_by_one(
    wanted: list[tuple[int, str, int, int]], rows: list[_Alias]
) -> dict[int, list[tuple[str, int]]]:
    """The same without PostgreSQL: a query per word; SQLite's binary collation orders
    text as Python does."""
    stored: dict[str, list[tuple[str, int, int]]] = {}
    for token in {w[1] for w in wanted}:
        found = SpeakerAlias.objects.filter(key__contains=token).order_by("alias", "id")
        stored[token] = [
            (alias, 0, pk)
            for alias, pk in found.values_list("alias", "speaker_id")[:MERGE_CANDIDATES]
        ]
    candidates = {}
    for i, token, before, me in wanted:
        fresh = [
            (r.alias, 1, r.speaker.pk)
            for r in rows[:before]
            if token in r.key and r.speaker.pk != me
        ]
        ordered = sorted([*stored[token], *fresh], key=lambda c: (c[0], c[1]))
        candidates[i] = [(alias, pk) for alias, _, pk in ordered[:MERGE_CANDIDATES]]
    return candidates


def _write_aliases(rows: list[_Alias]) -> None:
    """A new speaker's aliases cannot exist yet; a stored speaker's may have been added by
    another process meanwhile, so those go in a savepoint, one by one if the bulk clashes."""
    objs = [
        SpeakerAlias(speaker=r.speaker, key=r.key, alias=r.alias, is_manual=r.is_manual)
        for r in rows
    ]
    fresh = [o for o, r in zip(objs, rows, strict=True) if r.rank[0] == 1]
    stored = [o for o, r in zip(objs, rows, strict=True) if r.rank[0] == 0]
    if fresh:
        bulk_create_with_history(fresh, SpeakerAlias)
    if not stored:
        return
    try:
        with transaction.atomic():
            bulk_create_with_history(stored, SpeakerAlias)
    except IntegrityError:
        logger.warning("aliases raced another run; adding them one by one", exc_info=True)
        for o in stored:
            SpeakerAlias.objects.get_or_create(
                speaker=o.speaker, key=o.key, defaults={"alias": o.alias, "is_manual": False}
            )


def _assign_slugs(speakers: list[Speaker], *, locked: set[str]) -> None:
    """Unique slugs for new speakers in one query, as ``unique_slug`` would give one by one."""
    bases = [_slug_base(s.name) for s in speakers]
    lock("speaker-slug", *sorted(set(bases) - locked))
    alternatives = "|".join(map(re.escape, sorted(set(bases))))
    pattern = f"^({alternatives})(-[0-9]+)?$"
    taken = set(Speaker.objects.filter(slug__regex=pattern).values_list("slug", flat=True))
    for speaker, base in zip(speakers, bases, strict=True):
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        speaker.slug = slug


def learn_people(extracted: Sequence[tuple[Article, Sequence[PersonFact]]]) -> set[int]:
    """Register what a chunk of articles says about the people it names; returns their ids.

    Call ``refresh_profiles`` with them once the chunk is learned."""
    facts = [(article, fact) for article, people in extracted for fact in people]
    # Countries first, in the order the facts name them, as one-by-one learning made them.
    named = {name: country_for(name) for name in dict.fromkeys(f.country for _, f in facts)}
    countries_ = [named[fact.country] for _, fact in facts]
    batch = Batch(
        (fact.name for _, fact in facts),
        also=(alias for _, fact in facts for alias in fact.aliases),
    )
    batch.known_roles(article for article, _ in extracted)
    learned = [
        batch.learn(fact, article=article, country=country)
        for (article, fact), country in zip(facts, countries_, strict=True)
    ]
    batch.flush()
    return {speaker.pk for speaker in learned}


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


def _consensus(roles: list[SpeakerRole]) -> tuple[str, int | None]:
    # Most attested wins; Counter keeps first-seen order among equals, and the list runs
    # latest first, so a tie goes to the latest evidence.
    countries = Counter(r.country_id for r in roles if r.country_id)
    country_id = countries.most_common(1)[0][0] if countries else None
    role_keys = Counter(r.role_key for r in roles if r.country_id in (country_id, None))
    key = role_keys.most_common(1)[0][0] if role_keys else ""
    role = next((r.role for r in roles if r.role_key == key), "")
    return role, country_id


# How an extraction says a plural spoke with no one named (claims.nlp.types.Resolution).
UNNAMED_GROUPS = ("cited", "described")


def resolve_speakers(refs: list[SpeakerRef], *, article: Article) -> list[tuple[Speaker, str]]:
    """The registry's speaker for each mention of an article, and how it was resolved."""
    named = {name: country_for(name) for name in dict.fromkeys(ref.country for ref in refs)}
    wanted = [_wanted(ref, named[ref.country], article) for ref in refs]
    batch = Batch(name for name, *_ in wanted if name is not None)
    resolved = [
        (holder, how)
        if name is None
        else (batch.find_or_create(name=name, kind=kind, role=role, country=country), how)
        for name, kind, role, country, holder, how in wanted
    ]
    batch.flush()
    return resolved


def _wanted(ref: SpeakerRef, country: Country | None, article: Article) -> tuple:
    """(name to find or create, kind, role, country, role holder, resolution) for a mention;
    the name is None when a holder of the role was found."""
    if ref.name:
        return ref.name, ref.kind, ref.role, country, None, ref.resolution
    if ref.role:
        holder = _cached(
            "role",
            (role_key(ref.role), country.pk if country else None, article.date),
            lambda: role_holder(ref.role, country, article.date),
        )
        if holder is not None:
            return None, "", "", country, holder, "registry_role"
        title = f"{ref.role[:1].upper()}{ref.role[1:]}" + (f" of {country.name}" if country else "")
        return title, Speaker.SpeakerKind.ROLE, ref.role, country, None, "role_unresolved"
    mention = ref.mention.strip() or "Unknown speaker"
    if ref.resolution in UNNAMED_GROUPS:
        return mention, Speaker.SpeakerKind.GROUP, "", country, None, ref.resolution
    return mention, ref.kind, "", country, None, ref.resolution or "mention"


def role_holder(role: str, country: Country | None, on: dt.date | None) -> Speaker | None:
    """Who the text elsewhere said held this role for this country, nearest the date.

    The rule is ``claims.nlp.across.role_holder``, the one the dev scorer measures; this
    feeds it the roles stored for the country."""
    # Read once a run per country, with the holders looked up from it: the "role" bucket is
    # forgotten whenever a batch writes roles (Batch.flush).
    sightings = _cached("role", ("sightings", _pk(country)), lambda: _sightings(country))
    return across.role_holder(role, country, on, sightings)


def _sightings(country: Country | None) -> list[across.RoleSighting[Speaker, Country]]:
    rows = SpeakerRole.objects.filter(country=country).select_related("speaker")
    return [
        across.RoleSighting(holder=r.speaker, role=r.role_key, country=country, seen_on=r.seen_on)
        for r in rows.order_by("-seen_on", "-id")
    ]


def _pk(obj: Country | None) -> int | None:
    return obj.pk if obj is not None else None
