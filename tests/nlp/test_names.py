"""Speaker-name normalisation: folding, titles, short forms, certain merges, suggestions."""

from claims.nlp.names import (
    fold,
    is_short_form,
    name_key,
    same_person_certain,
    similarity,
    strip_titles,
    suggest_matches,
)


def test_fold_strips_accents_case_possessive_punctuation_and_leading_article():
    assert fold("The Željko Komšić's") == "zeljko komsic"
    assert fold("Kosovo’s President,") == "kosovo president"
    assert fold("Lech Wałęsa") == "lech walesa"


def test_strip_titles_removes_titles_at_either_edge_and_keeps_case():
    assert strip_titles("Prime Minister Sir Keir Starmer") == "Keir Starmer"
    assert strip_titles("Shadow Home Secretary Chris Philp") == "Chris Philp"
    assert strip_titles("Yvette Cooper, Home Secretary") == "Yvette Cooper"


def test_name_key_drops_nationality_words_and_possessive_countries():
    assert name_key("Albanian prime minister Edi Rama") == "edi rama"
    assert name_key("North Macedonia's PM Hristijan Mickoski") == "hristijan mickoski"
    assert name_key("Commission President von der Leyen") == "von der leyen"


def test_a_role_without_a_name_keeps_its_words():
    assert name_key("the Prime Minister") == "prime minister"


def test_surnames_and_titled_forms_are_short_forms_of_full_names():
    assert is_short_form("Kurti", "Albin Kurti")
    assert is_short_form("Mr Kurti", "Albin Kurti")
    assert is_short_form("Keir Starmer", "Sir Keir Starmer")
    assert not is_short_form("Rama", "Albin Kurti")
    assert not is_short_form("Albin Kurti", "Albin Kurti")


def test_only_spelling_and_title_differences_are_certain():
    assert same_person_certain("Zeljko Komsic", "Željko Komšić")
    assert same_person_certain("Prime Minister Edi Rama", "Edi Rama")
    assert not same_person_certain("Kurti", "Albin Kurti")


def test_similarity_is_a_token_set_score_on_name_keys():
    assert similarity("Mr Kurti", "Albin Kurti") == 100.0
    assert similarity("Edi Rama", "Vjosa Osmani") < 50


def test_a_bare_surname_held_by_two_known_people_is_not_suggested():
    assert suggest_matches("Kurti", ["Albin Kurti", "Arben Kurti", "Edi Rama"]) == []


def test_a_bare_surname_held_by_one_known_person_is_suggested():
    assert suggest_matches("Kurti", ["Albin Kurti", "Edi Rama"]) == [("Albin Kurti", 100.0)]


def test_full_names_with_different_first_names_are_not_suggested():
    assert suggest_matches("Albin Kurti", ["Arben Kurti"]) == []


def test_spelling_variants_are_suggested_best_first():
    hits = suggest_matches("Volodymyr Zelensky", ["Volodymyr Zelenskyy", "Edi Rama"])
    assert [name for name, _ in hits] == ["Volodymyr Zelenskyy"]


def test_the_same_names_in_another_order_are_suggested():
    hits = suggest_matches("Jeje Odongo", ["Odongo Jeje Abubakhar", "Edi Rama"])
    assert [name for name, _ in hits] == ["Odongo Jeje Abubakhar"]


def test_fold_is_remembered_for_repeated_names_within_a_bound():
    fold.cache_clear()
    assert fold("Lech Wałęsa’s") == fold("Lech Wałęsa’s") == "lech walesa"
    assert fold("Mr. O'Brien-Smith") == "mr o brien-smith"  # ASCII: no decomposition
    info = fold.cache_info()
    assert info.hits >= 1
    assert info.maxsize is not None  # bounded: memory does not grow with a corpus
