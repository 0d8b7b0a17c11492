"""The country registry: what a claim is about and which country a speaker speaks for."""

from claims.nlp.countries import (
    COUNTRIES,
    Country,
    by_name,
    by_slug,
    country_in,
    find_countries,
    get_registry,
    iter_mentions,
    slugify,
)


def test_registry_holds_the_western_balkans_and_the_eu_bloc():
    names = {c.name for c in get_registry()}
    for name in (
        "Kosovo", "Albania", "North Macedonia", "Bosnia and Herzegovina", "Montenegro",
        "Serbia", "Croatia", "United Kingdom", "Rwanda", "Uganda", "Nauru", "Papua New Guinea",
    ):  # fmt: skip
        assert name in names
    eu = by_slug("european-union")
    assert eu is not None and eu.kind == "bloc"
    assert len(COUNTRIES) > 190 and isinstance(COUNTRIES[0], Country)


def test_slugs_and_lookup_by_any_name():
    assert slugify("Bosnia & Herzegovina") == "bosnia-and-herzegovina"
    assert slugify("Côte d'Ivoire") == "cote-d-ivoire"
    assert by_slug("north-macedonia").iso2 == "MK"
    assert by_name("U.K.").name == "United Kingdom"
    assert by_name("türkiye").name == "Turkey"


def test_finds_names_short_forms_and_demonyms_in_order_of_first_mention():
    text = (
        "Kosovar officials met British envoys; the UK later wrote to Bosnia-Herzegovina and Kosovo."
    )
    assert find_countries(text) == ("Kosovo", "United Kingdom", "Bosnia and Herzegovina")


def test_plural_demonyms_and_curly_possessives_count():
    assert find_countries("Albanians doubted Montenegro’s offer") == ("Albania", "Montenegro")


def test_matching_ignores_diacritics():
    assert find_countries("Ministers from Türkiye and Prishtinë disagreed") == ("Turkey", "Kosovo")


def test_case_separates_country_from_ordinary_words():
    assert find_countries("Tell us about the roast turkey") == ()
    assert find_countries("The US and Turkey signed") == ("United States", "Turkey")


def test_us_in_an_all_caps_headline_is_the_pronoun():
    assert find_countries("PLEASE HELP US FIND HOMES") == ()


def test_a_first_name_followed_by_a_surname_is_not_a_country():
    assert find_countries("Chad Brown and Jordan Bardella spoke") == ()
    assert find_countries("Officials from Chad arrived") == ("Chad",)


def test_longer_place_names_block_country_hits_inside_them():
    assert find_countries("Voters in New Mexico and Latin America") == ()
    assert find_countries("A hearing under the Dublin Regulation") == ()


def test_capitals_count_as_governments_but_not_as_places():
    assert find_countries("Tirana has refused while Skopje hesitates") == (
        "Albania",
        "North Macedonia",
    )
    assert find_countries("Leaders gathered at a summit in Tirana") == ()
    assert find_countries("They flew to Kigali, Rwanda") == ("Rwanda",)


def test_government_metonyms_and_the_eu_bloc():
    assert find_countries("Downing Street and Brussels want EU return hubs") == (
        "United Kingdom",
        "European Union",
    )


def test_mentions_keep_offsets_into_the_original_text():
    text = "Since then Željko's Bosnia and Herzegovina team left"
    (mention,) = list(iter_mentions(text))
    assert text[mention.start : mention.end] == "Bosnia and Herzegovina"


def test_speaker_phrases_point_to_the_speakers_country():
    assert country_in("Albanian prime minister Edi Rama") == "Albania"
    assert country_in("Kosovo's President") == "Kosovo"
    assert country_in("the Prime Minister of Kosovo") == "Kosovo"
    assert country_in("the British ambassador to Serbia") == "United Kingdom"
    assert country_in("officials in Pristina") == "Kosovo"


def test_uk_offices_and_parties_point_to_the_uk():
    for phrase in (
        "shadow home secretary", "the Chancellor of the Exchequer", "a Home Office source",
        "Downing Street", "the Tories", "a Labour spokesman", "Reform UK", "Number 10",
    ):  # fmt: skip
        assert country_in(phrase) == "United Kingdom", phrase


def test_titles_shared_by_several_countries_count_only_when_asked():
    assert country_in("Foreign secretary") is None
    assert country_in("Foreign secretary", weak=True) == "United Kingdom"
    assert country_in("the minister") is None
    assert country_in("") is None


def test_shadow_offices_point_to_the_uk():
    assert country_in("Shadow Justice Minister Kieran Mullan") == "United Kingdom"
    assert country_in("a shadow minister") == "United Kingdom"


def test_a_weak_guess_yields_to_a_named_country():
    assert country_in("chief executive of the Refugee Council") is None
    assert country_in("chief executive of the Refugee Council", weak=True) == "United Kingdom"
    assert country_in("the Refugee Council of Australia", weak=True) == "Australia"
    assert country_in("India's foreign secretary", weak=True) == "India"


def test_a_capital_modifying_a_noun_is_a_place():
    assert find_countries("Officials prepared for the London summit") == ()
    assert find_countries("London and Pristina signed the deal") == ("United Kingdom", "Kosovo")
