"""Stance-change events and contradiction flags, recomputed from the statements.

Both are derived data, stored so that pages read rows instead of walking positions:

* A **stance-change event** marks a day on which a country's current stance on a topic
  (selectors.current_pk: its latest dated government position, one day's positions ordered
  by how sure the stance is) became different from what it was the day before. A
  country's first position is an event too, from "no position".
* A **contradiction** is a statement whose stance is the opposite (OPPOSITE: supports and
  opposes, see claims.event_models) of an
  earlier one by the same voice on the same topic, within
  ``settings.CLAIMTRACK_CONTRADICTION_DAYS`` (default 90). A voice is one speaker, or one
  country's government (two of its government speakers). Each statement is flagged
  against the nearest such earlier one, so a long back-and-forth gives one row per
  statement rather than one per pair.

When they are recomputed: every write to a statement or its topic links (extraction, the
review queue, admin edits, merges, undo, raw SQL) is noted by PostgreSQL triggers
(migration 0010) as a pending (country or speaker, topic), in the writing transaction;
after that transaction commits, ``settle()`` recomputes the pending pairs (``watch``
schedules it for any Django connection that wrote to those tables). ``recompute_all()``
(``manage.py recompute_events``) rebuilds everything, e.g. after a bulk load by COPY.
Other databases have no triggers: there a settle recomputes everything (they are small).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet

from claims import registry, selectors
from claims.charts import ChangeMark
from claims.event_models import OPPOSITE
from claims.models import (
    Contradiction,
    Country,
    PendingRecompute,
    StanceEvent,
    Statement,
    StatementTopic,
    Topic,
)
from claims.selectors import ShownLinks
from claimtrack.generation import WRITE, after_commit_of_writes

logger = logging.getLogger(__name__)

VERIFIED = (Statement.Review.VERIFIED, Statement.Review.CORRECTED)
# Pending rows taken per settle transaction, and by the settle after a commit: a review
# action or an article notes a handful; a bulk load's backlog is recompute_events' work.
SETTLE_BATCH = 200
AFTER_COMMIT_MOST = 1000


def contradiction_days() -> int:
    return int(settings.CLAIMTRACK_CONTRADICTION_DAYS)


@dataclass(frozen=True)
class Position:
    """One dated statement's stance on a topic, as the folds read it."""

    owner: int  # the country (events, government flags) or the speaker (speaker flags)
    statement: int
    date: dt.date
    stance: str
    review: str
    speaker: int


POSITION_FIELDS = (
    "statement_id",
    "statement__date_said",
    "shown",
    "statement__review",
    "statement__speaker_id",
)


def _positions(links: QuerySet[StatementTopic], owner_field: str) -> Iterator[Position]:
    rows = selectors.in_time_order(links).values_list(owner_field, *POSITION_FIELDS)
    for owner, statement, date, stance, review, speaker in rows.iterator(chunk_size=5000):
        yield Position(owner, statement, date, stance, review, speaker)


# --------------------------------------------------------------------------- the folds


@dataclass
class _Track:
    stance: str = ""
    day: dt.date | None = None
    standing: Position | None = None  # the position standing at the end of ``day``


@dataclass
class EventFold:
    """Stance-change events from one topic's positions, fed oldest first (in_time_order)."""

    topic: int
    tracks: dict[int, _Track] = field(default_factory=dict)
    events: list[StanceEvent] = field(default_factory=list)

    def start(self, owner: int, stance: str) -> None:
        """The stance that stood before the first position fed (none by default)."""
        self.tracks[owner] = _Track(stance=stance)

    def feed(self, p: Position) -> None:
        track = self.tracks.setdefault(p.owner, _Track())
        if track.day is not None and p.date != track.day:
            self._close_day(track)
        track.day, track.standing = p.date, p  # later rows of a day are surer: they stand

    def finish(self) -> list[StanceEvent]:
        for track in self.tracks.values():
            self._close_day(track)
        return self.events

    def _close_day(self, track: _Track) -> None:
        p = track.standing
        if p is None or p.stance == track.stance:
            return
        self.events.append(
            StanceEvent(
                country_id=p.owner,
                topic_id=self.topic,
                statement_id=p.statement,
                date=p.date,
                before=track.stance,
                after=p.stance,
                verified=p.review in VERIFIED,
            )
        )
        track.stance, track.standing = p.stance, None


@dataclass
class ContradictionFold:
    """Contradiction flags from one topic's positions, fed oldest first. ``scope`` SPEAKER:
    owners are speakers; GOVERNMENT: owners are countries, and only two different speakers
    of the government make a pair (one speaker's own are the SPEAKER scope's)."""

    topic: int
    scope: str
    days: int
    # Positions before this day are fed only as what later ones are compared with.
    emit_from: dt.date | None = None
    # owner -> stance -> speaker -> (date, statement) of that speaker's latest such stance
    latest: dict[int, dict[str, dict[int, tuple[dt.date, int]]]] = field(default_factory=dict)
    flags: list[Contradiction] = field(default_factory=list)

    def feed(self, p: Position) -> None:
        opposite = OPPOSITE.get(p.stance)
        if opposite is None:
            return
        seen = self.latest.setdefault(p.owner, {})
        government = self.scope == Contradiction.Scope.GOVERNMENT
        earlier = [
            when
            for speaker, when in seen.get(opposite, {}).items()
            if not (government and speaker == p.speaker)
        ]
        if earlier and (self.emit_from is None or p.date >= self.emit_from):
            date, statement = max(earlier)
            apart = (p.date - date).days
            if apart <= self.days:
                self.flags.append(self._flag(p, statement, apart))
        seen.setdefault(p.stance, {})[p.speaker] = (p.date, p.statement)

    def _flag(self, p: Position, earlier: int, apart: int) -> Contradiction:
        owner = {"country_id" if self.scope == "government" else "speaker_id": p.owner}
        return Contradiction(
            scope=self.scope,
            topic_id=self.topic,
            later_id=p.statement,
            earlier_id=earlier,
            date=p.date,
            days_apart=apart,
            later_stance=p.stance,
            **owner,
        )

    def finish(self) -> list[Contradiction]:
        return self.flags


# --------------------------------------------------------------------------- recomputing


def _opposed(links: ShownLinks) -> ShownLinks:
    return links.filter(shown__in=list(OPPOSITE))  # type: ignore[misc]  # stubs want a str


def _country_pair(country_id: int, topic: Topic, since: dt.date | None) -> None:
    """Events and government flags of one country on one topic, from ``since`` on (from
    the beginning when None): what came before it is unchanged and stays."""
    links = selectors.positions(topic, country_id)
    events = EventFold(topic.pk)
    flags = ContradictionFold(topic.pk, "government", contradiction_days(), emit_from=since)
    if topic.takes_stance(country_id):  # the proposer is shown as such, with no stance
        if since is not None:
            stood = selectors.in_time_order(links.filter(statement__date_said__lt=since))
            events.start(country_id, stood.reverse().values_list("shown", flat=True).first() or "")
        for p in _positions(_from(links, since, flags.days), COUNTRY):
            if since is None or p.date >= since:
                events.feed(p)
            flags.feed(p)
    _since(StanceEvent.objects.filter(country_id=country_id, topic=topic), since).delete()
    StanceEvent.objects.bulk_create(events.finish())
    gone = Contradiction.objects.filter(scope="government", country_id=country_id, topic=topic)
    _since(gone, since).delete()
    Contradiction.objects.bulk_create(flags.finish())


def _speaker_pair(speaker_id: int, topic: Topic, since: dt.date | None) -> None:
    flags = ContradictionFold(topic.pk, "speaker", contradiction_days(), emit_from=since)
    links = _opposed(selectors.stances_on(topic).filter(statement__speaker_id=speaker_id))
    for p in _positions(_from(links, since, flags.days), SPEAKER):
        flags.feed(p)
    gone = Contradiction.objects.filter(scope="speaker", speaker_id=speaker_id, topic=topic)
    _since(gone, since).delete()
    Contradiction.objects.bulk_create(flags.finish())


def _from(links: QuerySet[StatementTopic], since: dt.date | None, days: int) -> QuerySet:
    """Positions from ``days`` before ``since``: flags from ``since`` look back that far."""
    if since is None:
        return links
    return links.filter(statement__date_said__gte=since - dt.timedelta(days=days))


def _since(rows: QuerySet, since: dt.date | None) -> QuerySet:
    return rows if since is None else rows.filter(date__gte=since)


COUNTRY = "statement__speaker_country_id"
SPEAKER = "statement__speaker_id"
RECOMPUTE: dict[str, Callable[[int, Topic, dt.date | None], None]] = {
    PendingRecompute.Owner.COUNTRY: _country_pair,
    PendingRecompute.Owner.SPEAKER: _speaker_pair,
}


Pair = tuple[str, int, int]  # (owner kind, owner id, topic id)


def recompute(pairs: dict[Pair, dt.date | None]) -> int:
    """Recompute the events and flags of these pairs, each from its date on (from the
    beginning when None), in the current transaction; returns how many pairs. Two
    processes recomputing one pair take turns (an advisory lock per pair, in a stable
    order)."""
    if not pairs:
        return 0
    wanted = sorted(pairs)
    registry.lock("stance-events", *wanted)
    topics = Topic.objects.in_bulk({topic for _, _, topic in wanted})
    for pair in wanted:
        owner, owner_id, topic_id = pair
        if topic_id in topics:  # a deleted topic took its events with it
            RECOMPUTE[owner](owner_id, topics[topic_id], pairs[pair])
    return len(wanted)


def _earliest(rows: Iterable[tuple[str, int, int, dt.date | None]]) -> dict[Pair, dt.date | None]:
    """Each pair once, from the earliest date any of its rows asks for (None: all)."""
    pairs: dict[Pair, dt.date | None] = {}
    for owner, owner_id, topic_id, since in rows:
        pair = (owner, owner_id, topic_id)
        if pair not in pairs:
            pairs[pair] = since
        elif (earliest := pairs[pair]) is not None:
            pairs[pair] = None if since is None else min(earliest, since)
    return pairs


def settle(*, most: int | None = None) -> int:
    """Recompute the pairs the triggers marked stale, newest first; returns how many.
    ``most``: stop after about that many pending rows (a commit settles its own, which
    are the newest, and leaves an old backlog to recompute_events).

    Each batch is one transaction: the pending rows it took (skipping those another settle
    holds) are deleted with the recomputed rows written, or neither is."""
    if connection.vendor != "postgresql":
        recompute_all()
        return 0
    done = taken_rows = 0
    while most is None or taken_rows < most:
        with transaction.atomic():
            taken = list(
                PendingRecompute.objects.select_for_update(skip_locked=True)
                .order_by("-id")
                .values_list("id", "owner", "owner_id", "topic_id", "since")[:SETTLE_BATCH]
            )
            if not taken:
                break
            done += recompute(_earliest(row[1:] for row in taken))
            PendingRecompute.objects.filter(id__in=[row[0] for row in taken]).delete()
            taken_rows += len(taken)
    return done


@transaction.atomic
def recompute_all(*, topics: Iterable[Topic] | None = None) -> tuple[int, int]:
    """Rebuild every event and flag (of ``topics``, all by default) from the statements:
    one pass over each topic's positions, newest state wins. Returns (events, flags)."""
    n_events = n_flags = 0
    for topic in topics if topics is not None else Topic.objects.all():
        events = EventFold(topic.pk)
        government = ContradictionFold(topic.pk, "government", contradiction_days())
        for p in _positions(selectors.government_positions(topic), COUNTRY):
            if topic.takes_stance(p.owner):
                events.feed(p)
                government.feed(p)
        speakers = ContradictionFold(topic.pk, "speaker", contradiction_days())
        for p in _positions(_opposed(selectors.stances_on(topic)), SPEAKER):
            speakers.feed(p)
        StanceEvent.objects.filter(topic=topic).delete()
        Contradiction.objects.filter(topic=topic).delete()
        n_events += len(StanceEvent.objects.bulk_create(events.finish(), batch_size=2000))
        flags = government.finish() + speakers.finish()
        n_flags += len(Contradiction.objects.bulk_create(flags, batch_size=2000))
    if topics is None and connection.vendor == "postgresql":
        PendingRecompute.objects.all().delete()
    return n_events, n_flags


# --------------------------------------------------------------------------- after commit

WATCHED_TABLES = ("claims_statement", "claims_statementtopic")


def _writes_statements(sql: str) -> bool:
    match = WRITE.match(sql)
    return match is not None and match.group(1).lower() in WATCHED_TABLES


# Set while migrations run: the tables settle() writes may not exist yet.
_paused = False


def pause(**kwargs: object) -> None:
    global _paused
    _paused = True


def resume(*, using: str = "default", **kwargs: object) -> None:
    """After migrations: settle what they marked stale (all stored pairs, the first time)."""
    global _paused
    _paused = False
    if connections[using].vendor == "postgresql":
        _settle_after_commit()


_local = threading.local()


def _deferred_depth() -> int:
    depth: int = getattr(_local, "depth", 0)
    return depth


@contextmanager
def deferred() -> Iterator[None]:
    """Inside, a commit that wrote statements leaves its recompute to the end of the block:
    one settle for a chunk of articles instead of one per article (the same pairs, each
    recomputed once). The pending rows are written by the triggers in each commit, so a
    process that dies inside the block loses none: the next settle or `recompute_events
    --pending` takes them."""
    _local.depth = _deferred_depth() + 1
    try:
        yield
    finally:
        _local.depth -= 1
        if _local.depth == 0 and connection.vendor == "postgresql":
            _settle_after_commit()


def _settle_after_commit() -> None:
    if _paused or _deferred_depth() > 0:
        return
    try:
        settle(most=AFTER_COMMIT_MOST)
    except Exception:  # the write itself committed; the pending rows wait for the next settle
        logger.exception("recomputing stance events after a commit failed")


def watch(conn: BaseDatabaseWrapper) -> None:
    """After each committed transaction that wrote statements or their topic links on
    ``conn``, settle the pending recomputes (once per transaction)."""
    after_commit_of_writes(
        conn,
        marker="claimtrack_events_watched",
        writes=_writes_statements,
        callback=_settle_after_commit,
        manual=_written_outside_atomic,
    )


def _written_outside_atomic() -> None:
    logger.warning("statements written outside atomic(): run recompute_events")


def on_connection_created(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **kwargs: object
) -> None:
    watch(connection)


# --------------------------------------------------------------------------- reading


def recent_changes(topic: Topic, most: int = 10) -> list[StanceEvent]:
    """The latest stance changes on a topic, newest first (the overview's list)."""
    return list(StanceEvent.objects.for_list().filter(topic=topic).newest_first()[:most])


def changes_of(country: Country, topic: Topic, most: int | None = None) -> list[StanceEvent]:
    """A country's stance changes on a topic, newest first: all, or the newest ``most``."""
    qs = StanceEvent.objects.for_list().filter(country=country, topic=topic).newest_first()
    return list(qs if most is None else qs[:most])


def change_marks(changes: list[StanceEvent]) -> list[ChangeMark]:
    """Events as flags on a timeline chart (claims.charts)."""
    return [
        ChangeMark(
            date=e.date,
            stance=e.after,
            label=f"Stance change: {e.headline}",
            url=f"{e.get_absolute_url()}?topic={e.topic.slug}",
        )
        for e in changes
    ]


def flags_on(statement: Statement) -> list[Contradiction]:
    """The contradictions a statement is part of, as the later or the earlier one."""
    return list(
        Contradiction.objects.filter(Q(later=statement) | Q(earlier=statement))
        .select_related("later__speaker", "earlier__speaker", "country", "speaker", "topic")
        .defer("later__search_vector", "earlier__search_vector")
        .order_by("-date", "-id")
    )
