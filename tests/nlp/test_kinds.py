"""Speaker kinds (issue 7 part 4): who speaks for a country, from the role, name and
organisation the text gives."""

import pytest

from claims.nlp.kinds import speaker_kind, with_kind
from claims.nlp.types import SPEAKER_KINDS, SpeakerRef


@pytest.mark.parametrize(
    ("entity", "name", "role", "organisation", "expected"),
    [
        ("person", "Albin Kurti", "prime minister", "", "government"),
        ("person", "Yolande Makolo", "government spokeswoman", "", "government"),
        ("person", "", "ambassador", "", "government"),
        ("organisation", "Home Office", "", "", "government"),
        ("organisation", "Albania", "", "", "government"),
        ("organisation", "Government of North Macedonia", "", "", "government"),
        ("person", "Chris Philp", "shadow home secretary", "", "party"),
        ("person", "Kieran Mullan", "conservative mp", "", "party"),
        ("organisation", "Labour", "", "", "party"),
        ("organisation", "The ruling VMRO-DPMNE party", "", "", "party"),
        ("person", "Enver Solomon", "chief executive", "Refugee Council", "ngo"),
        ("organisation", "Human Rights Watch", "", "", "ngo"),
        ("organisation", "European Commission", "", "", "ngo"),
        ("person", "Ursula von der Leyen", "president", "European Commission", "ngo"),
        ("person", "", "refugee council spokesperson", "", "ngo"),
        ("organisation", "The Times", "", "", "media"),
        ("organisation", "the paper", "", "", "media"),
        ("person", "Tamara Cohen", "political correspondent", "", "media"),
        ("person", "", "press secretary", "", "government"),
        ("person", "Jane Doe", "professor of law", "", "other"),
        ("organisation", "Analysts", "", "", "other"),
    ],
)
def test_the_kind_follows_from_role_name_and_organisation(
    entity, name, role, organisation, expected
):
    kind = speaker_kind(entity=entity, name=name, role=role, organisation=organisation)
    assert kind == expected and kind in SPEAKER_KINDS


def ref(name, kind, role, country):
    return SpeakerRef(
        mention=name,
        mention_start=0,
        mention_end=len(name),
        name=name,
        kind=kind,
        resolution="cue_subject",
        role=role,
        country=country,
    )


def test_an_ngo_head_speaks_for_no_country():
    sp = with_kind(
        ref("Enver Solomon", "person", "chief executive", "United Kingdom"),
        organisation="Refugee Council",
    )
    assert sp.speaker_kind == "ngo" and sp.country is None


def test_an_opposition_politician_keeps_the_country_with_the_kind_saying_so():
    sp = with_kind(ref("Chris Philp", "person", "shadow home secretary", "United Kingdom"))
    assert sp.speaker_kind == "party" and sp.country == "United Kingdom"


def test_a_minister_speaks_for_the_government():
    sp = with_kind(ref("Edi Rama", "person", "prime minister", "Albania"))
    assert sp.speaker_kind == "government" and sp.country == "Albania"
