"""The registry resolves a batch of names at once: a chunk's people, an article's speakers.

A batch must give the speakers, aliases, slugs and suggestions that one-at-a-time creation
gave, in a number of queries that does not grow with the number of names."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from claims import registry
from claims.models import MergeSuggestion, Speaker, SpeakerAlias, SpeakerRole
from claims.nlp.types import PersonFact

pytestmark = pytest.mark.django_db


def make_article(name):
    return Article.objects.create(
        name=name,
        content_hash=name,
        encoding="utf-8",
        raw_text="x",
        body="x",
        offset_map=[[0, 0, 1]],
        date=dt.date(2025, 10, 22),
    )


def person(name, *aliases, role="", country=None):
    return PersonFact(name=name, kind="person", role=role, country=country, aliases=aliases)


SURNAMES = ["Osmani", "Kurti", "Rama", "Vucic", "Plenkovic", "Mickoski", "Milatovic", "Basha"]
OTHERS = ["Begaj", "Thaci"]  # sharing no word with the above: no merge candidates either way


def test_learning_eight_new_people_takes_as_many_queries_as_learning_two():
    def queries(people, article):
        with CaptureQueriesContext(connection) as ctx:
            registry.learn_people([(article, people)])
        return len(ctx.captured_queries)

    eight = [person(f"Ben {s}", s, role="Minister", country="Kosovo") for s in SURNAMES]
    two = [person(f"Ana {s}", s, role="Minister", country="Kosovo") for s in OTHERS]
    registry.country_for("Kosovo")  # created once, outside both counts
    assert queries(eight, make_article("b.txt")) == queries(two, make_article("a.txt"))
    assert Speaker.objects.count() == 10
    assert SpeakerRole.objects.count() == 10


def test_a_name_met_twice_in_one_chunk_is_one_speaker_with_its_short_form():
    a, b = make_article("a.txt"), make_article("b.txt")
    registry.learn_people(
        [(a, [person("Albin Kurti", "Kurti")]), (b, [person("Albin Kurti", "Mr Kurti")])]
    )
    kurti = Speaker.objects.get()
    assert set(kurti.aliases.values_list("key", flat=True)) == {"albin kurti", "kurti"}
    assert kurti.history.count() == 1


def test_a_bare_surname_later_in_the_chunk_is_suggested_against_the_full_name_before_it():
    a, b = make_article("a.txt"), make_article("b.txt")
    registry.learn_people([(a, [person("Albin Kurti", "Kurti")]), (b, [person("Kurti")])])
    bare = Speaker.objects.get(name="Kurti")
    suggestion = MergeSuggestion.objects.get()
    assert (suggestion.speaker, suggestion.candidate.name) == (bare, "Albin Kurti")


def test_new_speakers_take_the_next_free_slug_counting_those_made_in_the_same_batch():
    Speaker.objects.create(name="E. Rama", slug="edi-rama")
    registry.learn_people([(make_article("a.txt"), [person("Edi Rama"), person("Edi Rama 2")])])
    new = Speaker.objects.exclude(name="E. Rama").order_by("id")
    assert [s.slug for s in new] == ["edi-rama-2", "edi-rama-2-2"]


def test_an_alias_another_run_added_meanwhile_is_kept_not_duplicated():
    kurti = Speaker.objects.create(name="Albin Kurti", slug="albin-kurti")
    SpeakerAlias.objects.create(speaker=kurti, key="albin kurti", alias="Albin Kurti")
    batch = registry.Batch(["Albin Kurti"])
    assert batch.find_or_create(name="Albin Kurti", kind="person", country=None) == kurti
    batch.add_alias(kurti, "Kurti")
    # Another process stores the same alias between this batch's read and its write.
    SpeakerAlias.objects.create(speaker=kurti, key="kurti", alias="Kurti", is_manual=True)
    batch.flush()
    assert kurti.aliases.get(key="kurti").is_manual


def test_in_one_run_a_role_learned_after_a_look_up_is_found_by_the_next():
    # The sightings of a country are read once a run; a chunk that learns a role forgets them.
    with registry.run_cache():
        kosovo = registry.country_for("Kosovo")
        on = dt.date(2025, 10, 22)
        assert registry.role_holder("Prime Minister", kosovo, on) is None
        registry.learn_people(
            [
                (
                    make_article("a.txt"),
                    [person("Albin Kurti", role="Prime Minister", country="Kosovo")],
                )
            ]
        )
        holder = registry.role_holder("Prime Minister", kosovo, on)
    assert holder is not None and holder.name == "Albin Kurti"
