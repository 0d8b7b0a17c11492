"""Storing extractions: statements once, appearances per article, human decisions kept.

These tests feed hand-made extractions to the service, so they pin the storage rules
without depending on what the spaCy model finds (the extraction tests do that)."""

import datetime as dt

import pytest

from articles.models import Article
from claims import services
from claims.models import MergeSuggestion, Speaker, Statement, Topic
from claims.nlp.types import ArticleExtraction, ExtractedClaim, PersonFact, SpeakerRef

pytestmark = pytest.mark.django_db

BODY = (
    "Albin Kurti, the Prime Minister of Kosovo, said the plan was welcome.\n\n"
    "“We want to help the UK,” Kurti said."
)


def make_article(name="a.txt", body=BODY, date=dt.date(2025, 10, 22)):
    return Article.objects.create(
        name=name,
        content_hash=name,
        encoding="utf-8",
        raw_text=body,
        body=body,
        offset_map=[[0, 0, len(body)]],
        date=date,
    )


def ref(name="Albin Kurti", mention="Kurti", role="", country="Kosovo", how="title"):
    return SpeakerRef(
        mention=mention,
        mention_start=None,
        mention_end=None,
        name=name,
        kind="person",
        resolution=how,
        role=role,
        country=country,
    )


def claim(body, text, speaker=None, stance="supports", date=dt.date(2025, 10, 22)):
    start = body.index(text)
    return ExtractedClaim(
        text=text,
        start=start,
        end=start + len(text),
        kind="direct",
        cue="said",
        cue_category="neutral",
        speaker=speaker or ref(),
        countries=("United Kingdom",),
        date_said=date,
        date_derivation="article date",
        stance=stance,
        stance_confidence=0.8,
        stance_cue="want to help",
        confidence=0.9,
        method="quote",
    )


def extraction(*claims, people=()):
    return ArticleExtraction(claims=tuple(claims), people=tuple(people), pipeline_version="t1")


KURTI = PersonFact(
    name="Albin Kurti", kind="person", role="Prime Minister", country="Kosovo", aliases=("Kurti",)
)


def store(article, ex):
    return services.store_extraction(article=article, extraction=ex, topic=Topic.objects.primary())


def test_a_claim_becomes_a_statement_with_its_place_in_the_raw_file():
    article = make_article()
    store(article, extraction(claim(BODY, "We want to help the UK"), people=[KURTI]))
    statement = Statement.objects.get()
    app = statement.appearances.get()
    assert statement.speaker.name == "Albin Kurti"
    assert statement.speaker_country.name == "Kosovo"
    assert article.raw_text[app.raw_start : app.raw_end] == "We want to help the UK"
    assert {c.name for c in statement.countries.all()} == {"United Kingdom"}


def test_storing_the_same_extraction_twice_stores_nothing_new():
    article = make_article()
    ex = extraction(claim(BODY, "We want to help the UK"), people=[KURTI])
    store(article, ex)
    store(article, ex)
    assert Statement.objects.count() == 1
    assert Statement.objects.get().appearances.count() == 1
    assert Speaker.objects.count() == 1


def test_reextraction_keeps_a_corrected_quote_and_stance():
    article = make_article()
    ex = extraction(claim(BODY, "We want to help the UK", stance="neutral"), people=[KURTI])
    store(article, ex)
    statement = Statement.objects.get()
    statement.text, statement.stance = "We want to help the UK, fully", "supports"
    statement.save()
    services.mark_corrected(statement=statement)
    store(article, ex)
    statement.refresh_from_db()
    assert (statement.text, statement.stance, statement.review) == (
        "We want to help the UK, fully",
        "supports",
        "corrected",
    )
    assert Statement.objects.count() == 1
    assert statement.appearances.count() == 1


def test_a_rejected_claim_is_not_created_again():
    article = make_article()
    ex = extraction(claim(BODY, "We want to help the UK"), people=[KURTI])
    store(article, ex)
    services.reject_statement(statement=Statement.objects.get())
    report = store(article, ex)
    assert Statement.objects.visible().count() == 0
    assert Statement.objects.count() == 1
    assert report.kept_human == 1


def test_a_syndicated_copy_is_another_appearance_of_the_same_statement():
    first = make_article("first.txt", date=dt.date(2025, 10, 23))
    copy = make_article("copy.txt", date=dt.date(2025, 10, 22))
    store(first, extraction(claim(BODY, "We want to help the UK", date=first.date), people=[KURTI]))
    store(copy, extraction(claim(BODY, "We want to help the UK", date=copy.date), people=[KURTI]))
    statement = Statement.objects.get()
    assert statement.appearances.count() == 2
    assert statement.date_said == dt.date(2025, 10, 22)
    assert statement.first_article == copy


def test_a_copy_desk_rewording_is_still_one_statement():
    body2 = "“We want to help the U.K.” Kurti said."
    store(make_article(), extraction(claim(BODY, "We want to help the UK"), people=[KURTI]))
    store(make_article("b.txt", body2), extraction(claim(body2, "We want to help the U.K.")))
    assert Statement.objects.count() == 1


def test_a_role_mention_resolves_through_the_registry_of_another_article():
    rama = PersonFact(name="Edi Rama", kind="person", role="Prime Minister", country="Albania")
    first = make_article("rama.txt", "Edi Rama, Albania's Prime Minister, spoke.")
    store(first, extraction(people=[rama]))
    body = "The Albanian prime minister ruled it out."
    later = make_article("later.txt", body, date=dt.date(2025, 11, 1))
    role_ref = ref(
        name="",
        mention="The Albanian prime minister",
        role="prime minister",
        country="Albania",
        how="role",
    )
    store(later, extraction(claim(body, "ruled it out", speaker=role_ref, stance="opposes")))
    assert Statement.objects.get().speaker.name == "Edi Rama"


def test_the_registry_picks_who_held_the_role_at_the_time():
    old = PersonFact(name="Ann Old", kind="person", role="President", country="Kosovo")
    new = PersonFact(name="Bea New", kind="person", role="President", country="Kosovo")
    store(make_article("o.txt", "x", date=dt.date(2020, 1, 1)), extraction(people=[old]))
    store(make_article("n.txt", "y", date=dt.date(2025, 1, 1)), extraction(people=[new]))
    body = "The president said no."
    role_ref = ref(name="", mention="The president", role="President", how="role")
    store(
        make_article("q.txt", body, date=dt.date(2021, 6, 1)),
        extraction(claim(body, "no", speaker=role_ref)),
    )
    assert Statement.objects.get().speaker.name == "Ann Old"


def test_names_with_and_without_diacritics_are_one_speaker():
    body1, body2 = "Željko Komšić said no.", "Zeljko Komsic said no again."
    store(
        make_article("k1.txt", body1),
        extraction(claim(body1, "no", speaker=ref("Željko Komšić", "Željko Komšić"))),
    )
    store(
        make_article("k2.txt", body2),
        extraction(claim(body2, "no again", speaker=ref("Zeljko Komsic", "Zeljko Komsic"))),
    )
    assert Speaker.objects.count() == 1
    assert Statement.objects.count() == 2


def test_a_surname_shared_by_two_people_merges_into_neither():
    for name, n in (("Albin Kurti", "1"), ("Arta Kurti", "2")):
        store(
            make_article(f"p{n}.txt", "z"),
            extraction(people=[PersonFact(name=name, kind="person", aliases=("Kurti",))]),
        )
    body = "Kurti said no."
    store(
        make_article("amb.txt", body),
        extraction(claim(body, "no", speaker=ref("Kurti", "Kurti", how="cue_subject"))),
    )
    speaker = Statement.objects.get().speaker
    assert speaker.name == "Kurti"
    assert MergeSuggestion.objects.filter(speaker=speaker).count() == 2


def test_merging_speakers_moves_statements_and_keeps_aliases():
    b1, b2 = "A said one.", "B said two."
    store(make_article("m1.txt", b1), extraction(claim(b1, "one", speaker=ref("Vjosa Osmani"))))
    store(make_article("m2.txt", b2), extraction(claim(b2, "two", speaker=ref("V. Osmani"))))
    target = Speaker.objects.get(name="Vjosa Osmani")
    services.merge_speakers(source=Speaker.objects.get(name="V. Osmani"), target=target)
    assert Speaker.objects.count() == 1
    assert target.statements.count() == 2
    assert set(target.aliases.values_list("alias", flat=True)) >= {"Vjosa Osmani", "V. Osmani"}


def test_splitting_an_alias_moves_the_statements_that_used_it():
    b1, b2 = "A said one.", "B said two."
    store(
        make_article("s1.txt", b1),
        extraction(claim(b1, "one", speaker=ref("Edi Rama", "Edi Rama"))),
    )
    store(
        make_article("s2.txt", b2), extraction(claim(b2, "two", speaker=ref("E. Rama", "E. Rama")))
    )
    target = Speaker.objects.get(name="Edi Rama")
    services.merge_speakers(source=Speaker.objects.get(name="E. Rama"), target=target)
    alias = target.aliases.get(alias="E. Rama")
    new = services.split_alias(alias=alias)
    assert list(new.statements.values_list("text", flat=True)) == ["two"]
    assert list(target.statements.values_list("text", flat=True)) == ["one"]


def test_one_misreading_does_not_move_a_speaker_to_another_country():
    for n, country in enumerate(["Kosovo", "Kosovo", "Albania"]):
        fact = PersonFact(name="Vjosa Osmani", kind="person", role="President", country=country)
        store(make_article(f"v{n}.txt", "x"), extraction(people=[fact]))
    assert Speaker.objects.get().country.name == "Kosovo"


def test_a_statement_takes_the_country_a_later_article_gives_its_speaker():
    body = "Sir Keir Starmer said hubs would help."
    no_country = ref("Keir Starmer", "Sir Keir Starmer", country=None)
    store(
        make_article("k.txt", body), extraction(claim(body, "hubs would help", speaker=no_country))
    )
    assert Statement.objects.get().speaker_country is None
    starmer = PersonFact(
        name="Keir Starmer", kind="person", role="Prime Minister", country="United Kingdom"
    )
    store(make_article("l.txt", "y"), extraction(people=[starmer]))
    services.sync_speaker_countries()
    assert Statement.objects.get().speaker_country.name == "United Kingdom"


def test_a_merge_is_recorded_in_each_moved_statements_history():
    b1, b2 = "A said one.", "B said two."
    store(make_article("h1.txt", b1), extraction(claim(b1, "one", speaker=ref("Edi Rama"))))
    store(make_article("h2.txt", b2), extraction(claim(b2, "two", speaker=ref("E. Rama"))))
    target = Speaker.objects.get(name="Edi Rama")
    services.merge_speakers(source=Speaker.objects.get(name="E. Rama"), target=target)
    moved = Statement.objects.get(text="two")
    latest = moved.history.first()
    assert latest.speaker_id == target.pk
    assert "merged speaker" in latest.history_change_reason


def test_merging_two_records_of_one_person_folds_their_repeated_words():
    b1, b2 = "A said we will help.", "B said we will help."
    store(
        make_article("f1.txt", b1), extraction(claim(b1, "we will help", speaker=ref("Edi Rama")))
    )
    store(make_article("f2.txt", b2), extraction(claim(b2, "we will help", speaker=ref("E. Rama"))))
    target = Speaker.objects.get(name="Edi Rama")
    services.merge_speakers(source=Speaker.objects.get(name="E. Rama"), target=target)
    statement = Statement.objects.get()
    assert statement.appearances.count() == 2


def test_a_bare_surname_in_another_article_is_suggested_not_merged():
    store(make_article("full.txt", "x"), extraction(people=[KURTI]))
    body = "Kurti said no."
    store(
        make_article("bare.txt", body),
        extraction(claim(body, "no", speaker=ref("Kurti", "Kurti", how="cue_subject"))),
    )
    speaker = Statement.objects.get().speaker
    assert speaker.name == "Kurti"
    suggestion = MergeSuggestion.objects.get(speaker=speaker)
    assert suggestion.candidate.name == "Albin Kurti"


def test_a_one_word_organisation_is_found_again_by_its_name():
    b1, b2 = "Labour said yes.", "Labour said no."
    labour = ref("Labour", "Labour", country="United Kingdom", how="cue_subject")
    store(make_article("l1.txt", b1), extraction(claim(b1, "yes", speaker=labour)))
    store(make_article("l2.txt", b2), extraction(claim(b2, "no", speaker=labour)))
    assert Speaker.objects.filter(name="Labour").count() == 1
