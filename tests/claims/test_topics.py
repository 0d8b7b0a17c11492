"""Per-topic links and speaker kinds, stored from hand-made extractions, and the topic-scoped
export. These pin the storage rules without depending on what the models find."""

import datetime as dt
import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from claims import services, topics
from claims.models import Statement, StatementTopic, Topic
from claims.nlp.types import ArticleExtraction, ExtractedClaim, SpeakerRef, TopicStance
from tests import factories

pytestmark = pytest.mark.django_db

BODY = (
    "Edi Rama, the Prime Minister of Albania, said the centres in Gjader work well.\n\n"
    "Albin Kurti, the Prime Minister of Kosovo, said Kosovo wants to help the UK with hubs.\n\n"
    "The Refugee Council said the hubs are cruel."
)


def article(name: str = "italy-albania.txt", date=dt.date(2025, 10, 22)) -> Article:
    return factories.article(BODY, name=name, date=date, outlet="Euronews")


def speaker(name: str, country: str, kind: str = "government") -> SpeakerRef:
    return SpeakerRef(
        mention=name.split()[-1],
        mention_start=None,
        mention_end=None,
        name=name,
        kind="person",
        resolution="title",
        country=country,
        speaker_kind=kind,
    )


def claim(text: str, who: SpeakerRef, *, stance="supports", judged=(), date=dt.date(2025, 10, 22)):
    start = BODY.index(text)
    return ExtractedClaim(
        text=text,
        start=start,
        end=start + len(text),
        kind="indirect",
        cue="said",
        cue_category="neutral",
        speaker=who,
        countries=(),
        date_said=date,
        date_derivation="URL path" if date else "undated",
        stance=stance,
        stance_confidence=0.7,
        stance_cue="work well",
        confidence=0.9,
        method="syntactic",
        topics=tuple(judged),
    )


def judged(topic: str, relevance: float, stance: str, method: str = "lexicon") -> TopicStance:
    return TopicStance(
        topic=topic, relevance=relevance, stance=stance, confidence=0.8, evidence="work well",
        method=method,
    )  # fmt: skip


def store(art: Article, *claims) -> None:
    extraction = ArticleExtraction(claims=tuple(claims), people=(), pipeline_version="t1")
    services.store_extraction(article=art, extraction=extraction, topic=Topic.objects.primary())


@pytest.fixture
def italy_albania():
    italy, albania = factories.country("Italy"), factories.country("Albania")
    return factories.other_topic("italy-albania", proposer=italy, participants=[albania])


RAMA = speaker("Edi Rama", "Albania")
KURTI = speaker("Albin Kurti", "Kosovo")
COUNCIL = speaker("Refugee Council", "United Kingdom", kind="ngo")
CENTRES = "the centres in Gjader work well"
HELP = "Kosovo wants to help the UK with hubs"


def test_a_claim_is_linked_to_each_topic_it_is_about_with_a_stance_on_each(italy_albania):
    primary = Topic.objects.primary()
    store(
        article(),
        claim(
            CENTRES,
            RAMA,
            judged=[
                judged(primary.slug, 0.2, "supports"),
                judged("italy-albania", 0.95, "supports", method="model"),
            ],
        ),
    )
    statement = Statement.objects.get()
    links = {link.topic.slug: link for link in statement.topic_links.select_related("topic")}
    assert links["italy-albania"].relevance == 0.95 and links["italy-albania"].method == "model"
    assert links["italy-albania"].model_version == "t1"
    assert links[primary.slug].relevance == 0.2
    # The statement's own topic and stance are its most relevant topic's.
    assert statement.topic == italy_albania and statement.stance == "supports"
    assert not Statement.objects.on_topic(primary).exists()
    assert Statement.objects.on_topic(italy_albania).get().topic_stance == "supports"


def test_without_per_topic_judgements_a_claim_links_to_the_primary_topic():
    store(article(), claim(HELP, KURTI, stance="supports"))
    link = StatementTopic.objects.get()
    assert link.topic == Topic.objects.primary()
    assert (link.relevance, link.stance, link.evidence) == (1.0, "supports", "work well")


def test_reextraction_replaces_machine_links_and_keeps_a_persons(italy_albania):
    art = article()
    primary = Topic.objects.primary()
    first = claim(CENTRES, RAMA, judged=[judged("italy-albania", 0.9, "open")])
    store(art, first)
    statement = Statement.objects.get()
    store(art, claim(CENTRES, RAMA, judged=[judged("italy-albania", 0.9, "supports")]))
    assert Statement.objects.on_topic(italy_albania).get().topic_stance == "supports"
    statement.refresh_from_db()
    statement.stance = "opposes"
    services.mark_corrected(statement=statement)
    topics.record_correction(statement=statement)
    store(art, claim(CENTRES, RAMA, judged=[judged(primary.slug, 0.9, "supports")]))
    statement.refresh_from_db()
    assert (statement.topic, statement.stance) == (italy_albania, "opposes")
    link = StatementTopic.objects.get(statement=statement, topic=italy_albania)
    assert (link.stance, link.review, link.method) == ("opposes", "corrected", "person")
    assert not StatementTopic.objects.filter(statement=statement, topic=primary).exists()


def test_a_judgement_on_an_unknown_topic_is_logged_and_not_stored(caplog):
    store(article(), claim(HELP, KURTI, judged=[judged("no-such-topic", 0.9, "supports")]))
    assert not StatementTopic.objects.exists()
    assert "no-such-topic" in caplog.text


def test_speaker_kind_is_stored_per_appearance_and_on_the_statement():
    store(article(), claim(HELP, KURTI), claim("the hubs are cruel", COUNCIL, stance="opposes"))
    kinds = dict(Statement.objects.values_list("speaker__name", "speaker_kind"))
    assert kinds == {"Albin Kurti": "government", "Refugee Council": "ngo"}
    council = Statement.objects.get(speaker__name="Refugee Council")
    assert council.appearances.get().speaker_kind == "ngo"


def test_a_persons_speaker_kind_is_kept_through_reextraction():
    art = article()
    store(art, claim("the hubs are cruel", COUNCIL))
    statement = Statement.objects.get()
    statement.speaker_kind = "other"
    services.mark_corrected(statement=statement)
    store(art, claim("the hubs are cruel", COUNCIL))
    statement.refresh_from_db()
    assert statement.speaker_kind == "other"


def export(*args) -> list[dict]:
    out = io.StringIO()
    call_command("export_claims", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_export_claims_with_a_topic_holds_only_statements_about_it_with_that_stance(
    italy_albania,
):
    primary = Topic.objects.primary()
    store(
        article(),
        claim(CENTRES, RAMA, judged=[judged("italy-albania", 0.9, "supports")]),
        claim(HELP, KURTI, judged=[judged(primary.slug, 0.9, "supports")]),
    )
    rows = export("--topic", "italy-albania")
    assert [(r["speaker"], r["topic"], r["stance"]) for r in rows] == [
        ("Edi Rama", "italy-albania", "supports")
    ]
    row = rows[0]
    assert (row["speaker_kind"], row["speaker_country"]) == ("government", "Albania")
    assert (row["outlet"], row["date"], row["date_found_by"]) == (
        "Euronews",
        "2025-10-22",
        "URL path",
    )
    # Without --topic: every claim, with its most relevant topic and its stance on it.
    everything = {r["speaker"]: (r["topic"], r["stance"]) for r in export()}
    assert everything == {
        "Edi Rama": ("italy-albania", "supports"),
        "Albin Kurti": (primary.slug, "supports"),
    }


def test_export_claims_names_an_unknown_topic_in_one_line():
    with pytest.raises(CommandError, match="--topic nowhere: no such topic"):
        export("--topic", "nowhere")


def test_an_undated_claim_is_exported_as_undated():
    store(article(), claim(HELP, KURTI, date=None))
    (row,) = export()
    assert (row["date"], row["date_found_by"]) == (None, "undated")


def test_scope_a_return_hubs_export_holds_no_italy_albania_government_position(italy_albania):
    """The issue's scope check, from factories: Rama and Meloni speak about the Italy-Albania
    centres (the lexicon even reads their words as support on the UK question, but with low
    relevance); Kurti speaks about UK hubs. The return-hubs export keeps Kosovo's support
    and holds no Albanian or Italian government claim with a supporting, open or
    conditional stance."""
    primary = Topic.objects.primary()
    meloni = speaker("Giorgia Meloni", "Italy")
    art = article("dev-01-italy-albania.txt")
    store(
        art,
        claim(
            CENTRES,
            RAMA,
            judged=[judged("italy-albania", 0.95, "supports"), judged(primary.slug, 0.3, "open")],
        ),
        claim(
            "Albania, said the centres",
            meloni,
            judged=[judged("italy-albania", 0.9, "supports"), judged(primary.slug, 0.25, "open")],
        ),
        claim(HELP, KURTI, judged=[judged(primary.slug, 0.9, "supports")]),
    )
    rows = export("--topic", primary.slug)
    positions = [
        r
        for r in rows
        if r["speaker_country"] in ("Albania", "Italy")
        and r["speaker_kind"] == "government"
        and r["stance"] in ("supports", "open", "conditional")
    ]
    assert positions == []
    assert [(r["speaker_country"], r["stance"]) for r in rows] == [("Kosovo", "supports")]


def test_shipped_topic_files_become_topics_with_their_scope(tmp_path, monkeypatch):
    from claims.nlp import stance

    shutil.copy(stance.TOPICS_DIR / "return_hubs.json", tmp_path / "return_hubs.json")
    scoped = {
        "slug": "italy-albania",
        "name": "The Italy-Albania centres",
        "scheme": "Italy-Albania protocol",
        "proposer": "Italy",
        "participants": ["Albania"],
        "keywords": ["gjader"],
        "cues": {"supports": ["work well"]},
    }
    (tmp_path / "italy_albania.json").write_text(json.dumps(scoped), encoding="utf-8")
    monkeypatch.setattr(stance, "TOPICS_DIR", tmp_path)
    Topic.objects.filter(slug="italy-albania").delete()
    assert topics.load_shipped_topics() == ["italy-albania"]
    topic = Topic.objects.get(slug="italy-albania")
    assert (topic.scheme, topic.proposer.name, topic.is_primary) == (
        "Italy-Albania protocol",
        "Italy",
        False,
    )
    assert [c.name for c in topic.participants.all()] == ["Albania"]
    assert topic.lexicon().participants == ("Albania",) and topic.lexicon().proposer == "Italy"
    # An admin's edit is data: loading again leaves it alone.
    Topic.objects.filter(pk=topic.pk).update(name="Edited")
    assert topics.load_shipped_topics() == []
    assert Topic.objects.get(pk=topic.pk).name == "Edited"


def test_once_claims_are_judged_per_topic_a_claim_with_no_topic_is_about_none(italy_albania):
    primary = Topic.objects.primary()
    store(
        article(),
        claim(CENTRES, RAMA, judged=[judged("italy-albania", 0.9, "supports")]),
        claim(HELP, KURTI, stance="supports"),  # the model's stance, but on no topic
    )
    kurti = Statement.objects.get(speaker__name="Albin Kurti")
    assert not kurti.topic_links.exists()
    assert (kurti.topic, kurti.stance) == (primary, "neutral")
    assert [r["speaker"] for r in export("--topic", primary.slug)] == []
