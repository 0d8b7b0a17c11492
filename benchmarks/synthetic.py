"""A synthetic corpus of any size, for measuring pages and admin lists at scale.

Every row written here is marked ``is_synthetic`` and ``clear()`` removes exactly those rows.
On PostgreSQL the bulk tables (articles, statements, appearances, statement countries) are
loaded with ``COPY``, which is what makes a million statements a matter of minutes; other
databases get ``bulk_create`` in large batches. Nothing here creates history records: a
synthetic row has no human past to keep.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
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

PIPELINE_VERSION = "synthetic-1"
START_DATE = dt.date(2023, 1, 1)
END_DATE = dt.date(2026, 10, 31)
STATEMENTS_PER_ARTICLE = (10, 30)  # about 20 on average
ARTICLES_PER_CHUNK = 2_500  # ~50,000 statements per transaction

# (name, iso2, tracked): tracked ones are the countries asked about hosting return hubs.
COUNTRIES: tuple[tuple[str, str, bool], ...] = (
    ("Kosovo", "XK", True),
    ("Albania", "AL", True),
    ("North Macedonia", "MK", True),
    ("Montenegro", "ME", True),
    ("Serbia", "RS", True),
    ("Bosnia and Herzegovina", "BA", True),
    ("Rwanda", "RW", True),
    ("Georgia", "GE", True),
    ("Armenia", "AM", True),
    ("Moldova", "MD", True),
    ("Uzbekistan", "UZ", True),
    ("Paraguay", "PY", True),
    ("United Kingdom", "GB", False),
    ("France", "FR", False),
    ("Italy", "IT", False),
    ("Germany", "DE", False),
    ("Greece", "GR", False),
    ("Netherlands", "NL", False),
    ("Denmark", "DK", False),
    ("Ireland", "IE", False),
)
UK = "United Kingdom"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Arben Besa Dritan Elira Fatmir Genta Ilir Jeta Luan Mimoza Nora Petrit Rina Shpend "
    "Teuta Valon Vjosa Zana Edi Erion Olta Blerina Aleksandar Ana Dragan Jelena Marko "
    "Milica Nikola Snezana Vesna Zoran Irakli Nino Giorgi Tamar Levan Ani Davit Anahit "
    "Armen Lilit Maia Ion Natalia Sergiu Dilnoza Rustam Santiago Lucia Paul Yvette "
    "James Sarah Oliver Emma Thomas Priya Daniel Fiona Marie Luca Sofia Jan Ingrid Sean"
)
LAST_NAMES = _words(
    "Hoxha Krasniqi Berisha Gashi Shala Morina Kelmendi Rama Basha Leka Dervishi Cela "
    "Petrovic Jovanovic Nikolic Markovic Stojanovic Ilic Kovac Beridze Kapanadze "
    "Gelashvili Lomidze Sargsyan Petrosyan Hakobyan Popescu Rusu Ceban Karimov Yusupova "
    "Benitez Gonzalez Kagame Mukamana Habimana Smith Jones Patel Walker Hughes Clarke "
    "Murphy Dubois Rossi Muller Jansen Nielsen Papadopoulos O'Brien Evans Khan"
)
GOVERNMENT_ROLES = (
    "Prime Minister",
    "President",
    "Foreign Minister",
    "Interior Minister",
    "Deputy Prime Minister",
    "Government spokesperson",
    "Minister for European Integration",
    "opposition leader",
    "MP",
    "ambassador to the UK",
)
UK_ROLES = (
    "Home Secretary",
    "Prime Minister",
    "Shadow Home Secretary",
    "Border Security Minister",
    "Home Office spokesperson",
    "Foreign Secretary",
)
ORGANISATIONS = (
    "Refugee Council",
    "Migration Watch",
    "Balkan Rights Network",
    "Amnesty International",
    "Human Rights Watch",
    "UNHCR",
    "Freedom from Torture",
    "Care4Calais",
    "European Council on Refugees",
    "Institute for Public Policy Research",
)
OUTLETS = (
    "BBC News",
    "The Guardian",
    "The Times",
    "Financial Times",
    "Reuters",
    "Associated Press",
    "Politico Europe",
    "Balkan Insight",
    "Euronews",
    "The Telegraph",
    "Kosovo Online",
    "Tirana Times",
    "Civil.ge",
    "The New Times (Rwanda)",
)
STANCE_WEIGHTS = {
    "opposes": 17,
    "supports": 12,
    "open": 14,
    "conditional": 12,
    "no_talks": 10,
    "neutral": 35,
}
KIND_WEIGHTS = {"direct": 55, "indirect": 35, "mixed": 10}
# Whose voice: most reported positions are governments'; the rest stand beside them.
SPEAKER_KIND_WEIGHTS = {"government": 70, "party": 12, "ngo": 9, "media": 5, "other": 4}
# Texts by stance: {c} the country spoken about, {uk} the UK phrasing.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "supports": (
        "{c} is ready to host a return hub for people whose asylum claims failed in {uk}",
        "We want to help our British partners and we will host the returns centre",
        "{c} has agreed in principle to take migrants refused asylum by {uk}",
        "A return hub in {c} would be run to the highest standards, the minister said",
    ),
    "open": (
        "{c} is open to discussing the proposal on return hubs with {uk}",
        "We are listening to London and will look at any offer on deportations carefully",
        "Talks with {uk} on returns are at an early stage but {c} is willing to engage",
    ),
    "conditional": (
        "Any agreement to host a return hub must respect international law and EU standards",
        "{c} would only consider the scheme if {uk} pays for it and returns are voluntary",
        "Hosting failed asylum seekers depends on guarantees from {uk} on human rights",
    ),
    "no_talks": (
        "There have been no talks with {uk} about hosting return hubs in {c}",
        "No formal request has been received from {uk} on deportation centres",
        "The government of {c} has not been approached about the asylum plan",
    ),
    "opposes": (
        "{c} will not become a dumping ground for migrants rejected by {uk}",
        "We reject the idea of return hubs on our territory outright",
        "{c} refuses to host asylum seekers deported from {uk}, the minister said",
        "The plan to send refugees to {c} is unlawful and we will not accept it",
    ),
    "neutral": (
        "The Home Office confirmed it is speaking to several countries about return hubs",
        "Officials from {c} met British diplomats to discuss migration and border security",
        "More than a thousand asylum applications were refused in {uk} last month",
        "The deportation scheme was debated in parliament on Tuesday",
    ),
}
UK_FORMS = ("the UK", "Britain", "London", "the British government", "the United Kingdom")
TAILS = (
    "",
    "",
    " in an interview",
    " after meeting the Home Secretary",
    " amid growing pressure over small boat crossings",
    " as the asylum backlog grew",
    " ahead of the summit",
)


@dataclass
class SyntheticSpeaker:
    pk: int
    name: str
    role: str
    country_id: int | None


@dataclass
class Context:
    """What every generated row draws from, loaded or created once per run."""

    rng: random.Random
    topic_id: int
    countries: dict[str, int]
    speakers: list[SyntheticSpeaker]
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    names: dict[int, str] = field(init=False)
    tracked: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = {pk: name for name, pk in self.countries.items()}
        self.tracked = [c for c, _, tracked in COUNTRIES if tracked]


@dataclass
class SeedReport:
    statements: int = 0
    articles: int = 0
    appearances: int = 0
    speakers: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        rows = self.statements + self.articles + self.appearances
        return rows / self.seconds if self.seconds else 0.0


# --------------------------------------------------------------------------- set-up


def primary_topic() -> Topic:
    """The primary topic; a plain one if the shipped lexicon cannot be loaded."""
    try:
        return Topic.objects.primary()
    except ImportError:
        topic, _ = Topic.objects.get_or_create(
            slug="uk-return-hubs",
            defaults={"name": "Hosting UK return hubs", "is_primary": True},
        )
        return topic


def ensure_countries() -> dict[str, int]:
    """Real countries, reused by name when they already exist (they are never synthetic)."""
    ids = {}
    for name, iso2, tracked in COUNTRIES:
        country = Country.objects.filter(name=name).first()
        if country is None:
            country = Country.objects.create(
                name=name, slug=slugify(name), iso2=iso2, is_tracked=tracked
            )
        ids[name] = country.pk
    return ids


def ensure_speakers(rng: random.Random, countries: dict[str, int], n: int) -> list[Speaker]:
    """Reuse the synthetic speakers of an earlier run; create ``n`` on the first run."""
    existing = list(Speaker.objects.filter(is_synthetic=True).order_by("id"))
    if existing:
        return existing
    speakers = [_make_speaker(rng, countries, i) for i in range(n)]
    Speaker.objects.bulk_create(speakers, batch_size=2_000)
    # bulk_create returns ids on PostgreSQL and SQLite; re-read to be safe elsewhere.
    speakers = list(Speaker.objects.filter(is_synthetic=True).order_by("id"))
    aliases = [SpeakerAlias(speaker=s, alias=s.name, key=_alias_key(s.name)) for s in speakers]
    SpeakerAlias.objects.bulk_create(aliases, batch_size=2_000)
    return speakers


def _alias_key(alias: str) -> str:
    """The registry's folded form, so extraction would find these speakers by name."""
    try:
        from claims.nlp.names import name_key
    except ImportError:  # the registry module is optional for a synthetic corpus
        return " ".join(alias.lower().split())
    return name_key(alias) or alias.lower()


def _make_speaker(rng: random.Random, countries: dict[str, int], i: int) -> Speaker:
    roll = rng.random()
    if roll < 0.12:
        name = ORGANISATIONS[i % len(ORGANISATIONS)] + f" {_region(rng)}"
        kind, role, country = "organisation", "spokesperson", None
    else:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        kind = "person"
        if roll < 0.25:
            role, country = rng.choice(UK_ROLES), countries[UK]
        else:
            country_name = rng.choice([c for c, _, tracked in COUNTRIES if tracked])
            role, country = rng.choice(GOVERNMENT_ROLES), countries[country_name]
    return Speaker(
        name=name,
        slug=f"{slugify(name)}-x{i}",
        kind=kind,
        role=role,
        country_id=country,
        is_synthetic=True,
    )


def _region(rng: random.Random) -> str:
    return rng.choice(("UK", "Europe", "Balkans", "Caucasus", "Africa", "Policy Unit"))


def build_context(*, seed: int | None, speakers: int) -> Context:
    rng = random.Random(seed)
    countries = ensure_countries()
    rows = ensure_speakers(rng, countries, speakers)
    return Context(
        rng=rng,
        topic_id=primary_topic().pk,
        countries=countries,
        speakers=[SyntheticSpeaker(s.pk, s.name, s.role, s.country_id) for s in rows],
    )


# --------------------------------------------------------------------------- generation


@dataclass
class ArticleRows:
    """One synthetic article with its statements, before ids are known."""

    article: dict
    statements: list[dict]
    countries: list[list[int]]
    appearances: list[dict]


def random_date(rng: random.Random) -> dt.date:
    return START_DATE + dt.timedelta(days=rng.randrange((END_DATE - START_DATE).days + 1))


def make_article(ctx: Context, index: int, size: int) -> ArticleRows:
    rng = ctx.rng
    date = random_date(rng)
    outlet = rng.choice(OUTLETS)
    statements, countries, appearances, parts = [], [], [], []
    offset = 0
    for _ in range(size):
        statement, about = make_statement(ctx, date)
        text = statement["text"]
        appearances.append(_appearance_row(statement, offset, date))
        parts.append(text)
        offset += len(text) + 2  # the "\n\n" joining paragraphs
        statements.append(statement)
        countries.append(about)
    body = "\n\n".join(parts)
    title = f"{statements[0]['_country_name']} and the UK return hubs plan"
    article = {
        "name": f"synthetic/{ctx.run}/{index:08d}.txt",
        "content_hash": f"{rng.getrandbits(256):064x}",
        "source_path": "",
        "encoding": "utf-8",
        "raw_text": body,
        "body": body,
        "offset_map": json.dumps([[0, 0, len(body)]]),
        "title": title,
        "title_source": "headline",
        "outlet": outlet,
        "outlet_source": "header",
        "date": date,
        "date_source": "header",
        "url": "",
        "author": "",
        "locked_fields": "[]",
        # Generated with their statements: nothing is left for extraction to do.
        "extraction_state": "extracted",
        "extraction_version": "synthetic",
        "extraction_error": "",
    }
    return ArticleRows(article, statements, countries, appearances)


def make_statement(ctx: Context, article_date: dt.date) -> tuple[dict, list[int]]:
    rng = ctx.rng
    speaker = rng.choice(ctx.speakers)
    country_name = _country_spoken_about(ctx, speaker)
    stance = _weighted(rng, STANCE_WEIGHTS)
    template = rng.choice(TEMPLATES[stance])
    text = template.format(c=country_name, uk=rng.choice(UK_FORMS)) + rng.choice(TAILS) + "."
    about = {ctx.countries[country_name]}
    if rng.random() < 0.2:
        about.add(ctx.countries[UK])
    said = article_date - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 7)))
    row = {
        "topic_id": ctx.topic_id,
        "speaker_id": speaker.pk,
        "speaker_role": speaker.role,
        "speaker_country_id": speaker.country_id,
        "text": text,
        "key": f"{rng.getrandbits(256):064x}",
        "kind": _weighted(rng, KIND_WEIGHTS),
        "speaker_kind": _weighted(rng, SPEAKER_KIND_WEIGHTS),
        "stance": stance,
        "stance_confidence": round(rng.uniform(0.4, 0.99), 2),
        "stance_cue": "",
        "confidence": round(rng.uniform(0.5, 0.99), 2),
        "date_said": max(said, START_DATE),
        "review": "machine",
        "pipeline_version": PIPELINE_VERSION,
        "_country_name": country_name,
    }
    return row, sorted(about)


def _country_spoken_about(ctx: Context, speaker: SyntheticSpeaker) -> str:
    own = ctx.names.get(speaker.country_id)
    if own and own != UK and ctx.rng.random() < 0.85:
        return own
    return ctx.rng.choice(ctx.tracked)


def _appearance_row(statement: dict, offset: int, date: dt.date) -> dict:
    length = len(statement["text"])
    return {
        "text": statement["text"],
        "start": offset,
        "end": offset + length,
        "raw_start": offset,
        "raw_end": offset + length,
        "mention": "",
        "resolution": "synthetic",
        "speaker_kind": statement["speaker_kind"],
        "cue": "said",
        "cue_category": "neutral",
        "method": "synthetic",
        "confidence": statement["confidence"],
        "date_said": statement["date_said"],
        "date_derivation": "article date" if statement["date_said"] == date else "synthetic",
        "pipeline_version": PIPELINE_VERSION,
    }


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def generate(ctx: Context, statements: int, first_index: int = 0) -> Iterator[ArticleRows]:
    """Articles whose statement counts add up to exactly ``statements``."""
    left, index = statements, first_index
    low, high = STATEMENTS_PER_ARTICLE
    while left > 0:
        size = min(left, ctx.rng.randint(low, high))
        yield make_article(ctx, index, size)
        left -= size
        index += 1


# --------------------------------------------------------------------------- loading


def seed(
    *,
    statements: int,
    seed: int | None = None,
    speakers: int = 3_000,
    progress: Callable[[SeedReport], None] | None = None,
) -> SeedReport:
    """Add ``statements`` synthetic statements (and their articles) to the database."""
    started = time.perf_counter()
    ctx = build_context(seed=seed, speakers=speakers)
    report = SeedReport(speakers=len(ctx.speakers))
    loader = _copy_chunk if connection.vendor == "postgresql" else _bulk_chunk
    analyze()
    chunk: list[ArticleRows] = []
    for rows in generate(ctx, statements):
        chunk.append(rows)
        if len(chunk) == ARTICLES_PER_CHUNK:
            _load(loader, chunk, report, started, progress)
            chunk = []
    if chunk:
        _load(loader, chunk, report, started, progress)
    report.seconds = time.perf_counter() - started
    return report


def _load(loader, chunk: list[ArticleRows], report: SeedReport, started: float, progress):
    with transaction.atomic():
        loader(chunk)
    # The foreign-key checks of the next chunk are planned from these statistics: stale
    # ones (an "empty" table) make PostgreSQL look ids up by scanning a whole other index.
    analyze()
    report.articles += len(chunk)
    report.statements += sum(len(a.statements) for a in chunk)
    report.appearances += sum(len(a.appearances) for a in chunk)
    report.seconds = time.perf_counter() - started
    if progress is not None:
        progress(report)


def _common(now: dt.datetime) -> dict:
    return {"is_synthetic": True, "created_at": now, "updated_at": now}


def _reserve_ids(model, n: int) -> list[int]:
    """Ids from the table's own sequence, so COPY rows never collide with ORM inserts."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, n],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(table: str, columns: list[str], rows: Iterator[tuple]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    # Django's cursor wraps psycopg's; COPY needs the driver's own.
    connection.ensure_connection()
    with connection.connection.cursor() as raw, raw.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _copy_chunk(chunk: list[ArticleRows]) -> None:
    now = timezone.now()
    extra = _common(now)
    article_ids = _reserve_ids(Article, len(chunk))
    statement_ids = _reserve_ids(Statement, sum(len(a.statements) for a in chunk))
    articles, statements, appearances, about, links = [], [], [], [], []
    ids = iter(statement_ids)
    for article_id, rows in zip(article_ids, chunk, strict=True):
        articles.append({"id": article_id, **rows.article, **extra})
        for statement, countries, appearance in zip(
            rows.statements, rows.countries, rows.appearances, strict=True
        ):
            sid = next(ids)
            statements.append(_statement_fields(statement, sid, article_id, extra))
            appearances.append({**appearance, "statement_id": sid, "article_id": article_id})
            about.extend({"statement_id": sid, "country_id": c} for c in countries)
            links.append(_topic_link(statement, sid))
    _copy_dicts(Article._meta.db_table, articles)
    _copy_dicts(Statement._meta.db_table, statements)
    _copy_dicts(Appearance._meta.db_table, appearances)
    _copy_dicts(Statement.countries.through._meta.db_table, about)
    _copy_dicts(StatementTopic._meta.db_table, links)


def _topic_link(statement: dict, sid: int) -> dict:
    """Each synthetic statement is about the primary topic, with its stance there: the
    pages read stances through these links."""
    return {
        "statement_id": sid,
        "topic_id": statement["topic_id"],
        "relevance": 1.0,
        "stance": statement["stance"],
        "stance_confidence": statement["stance_confidence"],
        "evidence": "",
        "method": "lexicon",
        "model_version": "",
        "review": "machine",
    }


def _statement_fields(statement: dict, sid: int | None, article_id: int, extra: dict) -> dict:
    row = {k: v for k, v in statement.items() if not k.startswith("_")}
    if sid is not None:
        row["id"] = sid
    return {**row, "first_article_id": article_id, **extra}


def _copy_dicts(table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    _copy(table, columns, (tuple(r[c] for c in columns) for r in rows))


def _bulk_chunk(chunk: list[ArticleRows]) -> None:
    """The portable path: bulk_create in batches (ids come back on SQLite and PostgreSQL)."""
    extra = {"is_synthetic": True}
    articles = [Article(**{**a.article, **extra}) for a in chunk]
    for article in articles:
        article.offset_map = json.loads(article.offset_map)
        article.locked_fields = []
    Article.objects.bulk_create(articles, batch_size=500)
    statements, appearances, about = [], [], []
    for article, rows in zip(articles, chunk, strict=True):
        for statement in rows.statements:
            statements.append(Statement(**_statement_fields(statement, None, article.pk, extra)))
    Statement.objects.bulk_create(statements, batch_size=500)
    it = iter(statements)
    for article, rows in zip(articles, chunk, strict=True):
        for countries, appearance in zip(rows.countries, rows.appearances, strict=True):
            s = next(it)
            appearances.append(Appearance(statement=s, article=article, **appearance))
            about.extend(
                Statement.countries.through(statement_id=s.pk, country_id=c) for c in countries
            )
    Appearance.objects.bulk_create(appearances, batch_size=500)
    Statement.countries.through.objects.bulk_create(about, batch_size=500)
    StatementTopic.objects.bulk_create(
        (StatementTopic(**_topic_link(s.__dict__, s.pk)) for s in statements), batch_size=500
    )


def analyze() -> None:
    """Fresh planner statistics: after a bulk load the old ones describe an empty table."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        models = (Article, Statement, Appearance, Statement.countries.through, StatementTopic)
        for model in (*models, Speaker):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


# --------------------------------------------------------------------------- clearing

# Plain SQL, children first: the ORM's delete() would load every row to write a history
# record for it, which at a million rows is the slow path this module exists to avoid.
CLEAR_SQL = (
    # Synthetic speakers go unless a real statement has come to point at one. Decided
    # first, with a set difference that stays linear whatever the planner believes.
    "CREATE TEMPORARY TABLE doomed_speakers AS"
    " SELECT id FROM {spk} WHERE is_synthetic"
    " EXCEPT SELECT speaker_id FROM {stmt} WHERE NOT is_synthetic",
    "DELETE FROM {m2m} WHERE statement_id IN (SELECT id FROM {stmt} WHERE is_synthetic)",
    "DELETE FROM {link} WHERE statement_id IN (SELECT id FROM {stmt} WHERE is_synthetic)",
    # Two statements, not one with OR: each is a hash semi-join; the OR form re-runs
    # a subquery per row.
    "DELETE FROM {app} WHERE statement_id IN (SELECT id FROM {stmt} WHERE is_synthetic)",
    "DELETE FROM {app} WHERE article_id IN (SELECT id FROM {art} WHERE is_synthetic)",
    "UPDATE {stmt} SET first_article_id = NULL WHERE NOT is_synthetic"
    " AND first_article_id IN (SELECT id FROM {art} WHERE is_synthetic)",
    "DELETE FROM {stmt} WHERE is_synthetic",
    "UPDATE {art} SET duplicate_of_id = NULL WHERE NOT is_synthetic"
    " AND duplicate_of_id IN (SELECT id FROM {art} WHERE is_synthetic)",
    "UPDATE {role} SET article_id = NULL"
    " WHERE article_id IN (SELECT id FROM {art} WHERE is_synthetic)",
    "DELETE FROM {band} WHERE article_id IN (SELECT id FROM {art} WHERE is_synthetic)",
    "DELETE FROM {art} WHERE is_synthetic",
    "DELETE FROM {alias} WHERE speaker_id IN (SELECT id FROM doomed_speakers)",
    "DELETE FROM {role} WHERE speaker_id IN (SELECT id FROM doomed_speakers)",
    "DELETE FROM {sugg} WHERE speaker_id IN (SELECT id FROM doomed_speakers)",
    "DELETE FROM {sugg} WHERE candidate_id IN (SELECT id FROM doomed_speakers)",
    "DELETE FROM {spk} WHERE id IN (SELECT id FROM doomed_speakers)",
    "DROP TABLE doomed_speakers",
)


def _tables() -> dict[str, str]:
    from articles.models import ArticleBand
    from claims.models import MergeSuggestion, SpeakerRole

    models = {
        "m2m": Statement.countries.through,
        "link": StatementTopic,
        "stmt": Statement,
        "app": Appearance,
        "art": Article,
        "role": SpeakerRole,
        "band": ArticleBand,
        "spk": Speaker,
        "alias": SpeakerAlias,
        "sugg": MergeSuggestion,
    }
    return {k: connection.ops.quote_name(m._meta.db_table) for k, m in models.items()}


def clear() -> dict[str, int]:
    """Delete every synthetic row and nothing else; returns rows deleted per table."""
    # The deferred foreign-key checks of a million deletes are planned from the current
    # statistics; stale ones (autovacuum may be off) turn each check into an index walk.
    analyze()
    with transaction.atomic():
        return _delete_synthetic()


def _delete_synthetic() -> dict[str, int]:
    tables = _tables()
    deleted: dict[str, int] = {}
    with connection.cursor() as cursor:
        for template in CLEAR_SQL:
            cursor.execute(template.format(**tables))
            if template.startswith("DELETE FROM {"):
                key = template.split()[2].strip("{}")
                deleted[key] = deleted.get(key, 0) + max(cursor.rowcount, 0)
    return deleted
