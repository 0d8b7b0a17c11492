"""Each construction of attributed speech, on short sentences written for the test."""

import datetime as dt

import pytest

from claims.nlp.extract import PIPELINE_VERSION, extract_article, extract_many

pytestmark = pytest.mark.slow


@pytest.fixture
def run(nlp, lexicon):
    def _run(body, date=None):
        result = extract_article(body, article_date=date, lexicon=lexicon, nlp=nlp)
        for c in result.claims:
            assert body[c.start : c.end] == c.text  # offsets are verbatim
        return result

    return _run


def only(result, snippet):
    hits = [c for c in result.claims if snippet in c.text]
    assert len(hits) == 1, [c.text for c in result.claims]
    return hits[0]


# --------------------------------------------------------------------------- direct
def test_direct_quote_with_attribution_after(run):
    claim = only(run('"We will build the centres next year," Maria Costa said.'), "build the")
    assert claim.kind == "direct" and claim.speaker.name == "Maria Costa"
    assert claim.cue == "said" and claim.method == "quote"


def test_direct_quote_with_attribution_before_a_colon(run):
    body = "Peter Novak, the Prime Minister of Slovenia, said: “Our answer is no.”"
    claim = only(run(body), "Our answer")
    assert claim.speaker.name == "Peter Novak"
    assert claim.speaker.country == "Slovenia"
    assert claim.speaker.role == "prime minister"


def test_colon_then_the_quote_in_the_next_paragraph(run):
    body = "Anna Berg, a doctor, said on Monday:\n\n“The plan will not work for patients.”"
    claim = only(run(body), "will not work")
    assert claim.speaker.name == "Anna Berg" and claim.kind == "direct"


def test_quote_over_several_paragraphs_is_one_claim(run):
    body = (
        "Tom Reid said: “The first point is cost.\n\n"
        "“The second point is time.\n\n“The last point is trust.”"
    )
    claim = only(run(body), "first point")
    assert "last point is trust" in claim.text


def test_attribution_in_the_middle_joins_both_parts(run):
    body = '"We are ready," Clara Mendes said, "but we need the details first."'
    claim = only(run(body), "We are ready")
    assert "need the details first" in claim.text and claim.speaker.name == "Clara Mendes"


def test_single_quote_style(run):
    body = "Omar Haddad said: 'The talks have not started yet.'"
    claim = only(run(body), "have not started")
    assert claim.speaker.name == "Omar Haddad"


def test_curly_quotes_with_apostrophes_inside(run):
    body = "“Britain’s offer hasn’t reached us,” Lena Sokol said."
    claim = only(run(body), "offer hasn’t reached")
    assert claim.text.startswith("Britain’s")


# --------------------------------------------------------------------------- mixed
def test_reported_clause_with_quoted_fragments_is_mixed(run):
    body = (
        "Jan Horvat told reporters that such hubs were not “a silver bullet”, "
        "but would be “a useful tool”."
    )
    claim = only(run(body), "silver bullet")
    assert claim.kind == "mixed" and "useful tool" in claim.text
    assert claim.speaker.name == "Jan Horvat"


# --------------------------------------------------------------------------- indirect
@pytest.mark.parametrize(
    ("sentence", "snippet", "cue"),
    [
        ("Ruth Adler said that the country would consider the request.", "would consider", "said"),
        ("Ruth Adler told the BBC that the country would consider it.", "would consider", "told"),
        ("Ruth Adler confirmed that talks with London were under way.", "talks with", "confirmed"),
        ("Ruth Adler insisted that the deal was legal.", "deal was legal", "insisted"),
        ("Ruth Adler warned that the plan could fail in court.", "could fail", "warned"),
        ("Ruth Adler denied that her government had been approached.", "had been", "denied"),
        ("Ruth Adler ruled out hosting the centres in her country.", "hosting the", "ruled out"),
        ("Ruth Adler described the scheme as a costly mistake.", "costly mistake", "described"),
        ("Ruth Adler called the proposal a serious mistake.", "serious mistake", "called"),
    ],
)
def test_indirect_forms(run, sentence, snippet, cue):
    claim = only(run(sentence), snippet)
    assert claim.kind == "indirect"
    assert claim.speaker.name == "Ruth Adler"
    assert claim.cue == cue


def test_according_to(run):
    body = "According to Ruth Adler, the centres will open in August."
    claim = only(run(body), "centres will open")
    assert claim.speaker.name == "Ruth Adler" and claim.method == "according_to"


def test_participle_after_a_main_clause_speaker(run):
    body = "Ruth Adler rejected the offer, saying the country had no capacity."
    claim = only(run(body), "no capacity")
    assert claim.speaker.name == "Ruth Adler"


# --------------------------------------------------------------------------- speakers
def test_pronoun_resolves_to_the_earlier_person(run):
    body = (
        "Finance minister Sara Lind travelled to Tirana on Monday.\n\n"
        "She said the meeting had gone well."
    )
    claim = only(run(body), "meeting had gone well")
    assert claim.speaker.name == "Sara Lind" and claim.speaker.resolution == "pronoun"
    assert claim.speaker.mention == "She"


def test_title_and_surname_resolve_to_the_full_name(run):
    body = (
        "Albin Kurti, the Prime Minister of Kosovo, visited London.\n\n"
        "Mr Kurti said the cooperation would be mutually beneficial."
    )
    claim = only(run(body), "mutually beneficial")
    assert claim.speaker.name == "Albin Kurti" and claim.speaker.country == "Kosovo"


def test_role_resolves_to_the_person_named_with_it(run):
    body = (
        "Albanian prime minister Edi Rama met his Italian counterpart.\n\n"
        "The Albanian prime minister said the agreement was a one-off."
    )
    claim = only(run(body), "one-off")
    assert claim.speaker.name == "Edi Rama" and claim.speaker.country == "Albania"
    assert claim.speaker.resolution == "role"


def test_unresolved_role_keeps_role_and_country_for_the_registry(run):
    claim = only(run("The Albanian prime minister said the deal was a one-off."), "one-off")
    assert claim.speaker.name == "" and claim.speaker.resolution == "role"
    assert claim.speaker.role == "prime minister" and claim.speaker.country == "Albania"


def test_appositive_speaker_with_a_colon(run):
    body = "Hugh Hill, a doctor, said: “The wards are full every night.”"
    claim = only(run(body), "wards are full")
    assert claim.speaker.name == "Hugh Hill"


def test_names_with_diacritics_survive(run):
    body = "Željko Komšić, chairman of the presidency, said his country would not take part."
    result = run(body)
    claim = only(result, "would not take part")
    assert claim.speaker.name == "Željko Komšić"
    assert any(p.name == "Željko Komšić" and p.role for p in result.people)


def test_organisations_are_speakers(run):
    claim = only(run("Downing Street said the hubs would open next year."), "hubs would open")
    assert claim.speaker.kind == "organisation"
    assert claim.speaker.country == "United Kingdom"


# --------------------------------------------------------------------------- not claims
def test_scare_quotes_are_not_claims(run):
    assert run("The UK plans to open overseas “return hubs” for migrants.").claims == ()


def test_stray_marks_do_not_stop_other_quotes(run):
    body = 'The pipe was 5" wide.\n\nEva Marsh said: “The repairs will take a week.”'
    claim = only(run(body), "repairs will take")
    assert claim.speaker.name == "Eva Marsh"


def test_a_following_quote_continues_the_last_speaker(run):
    body = (
        "Eva Marsh said: “The repairs will take a week.”\n\n"
        "“After that the line will reopen for good.”"
    )
    claim = only(run(body), "line will reopen")
    assert claim.method == "continuation" and claim.speaker.name == "Eva Marsh"


def test_headlines_are_not_claims(run):
    body = "Minister says talks will start soon\n\nThe minister is due in Rome today."
    assert run(body).claims == ()


# --------------------------------------------------------------------------- metadata
def test_date_said_moves_with_the_time_phrase(run):
    body = "Eva Marsh said last week that the repairs would take a month."
    claim = only(run(body, dt.date(2025, 5, 26)), "repairs")
    assert claim.date_said is not None and claim.date_said < dt.date(2025, 5, 26)
    assert only(run(body), "repairs").date_derivation == "undated"


def test_claim_countries_are_what_the_claim_is_about(run):
    body = "Peter Novak, the Prime Minister of Slovenia, said Albania and Kosovo were ready."
    claim = only(run(body), "were ready")
    assert claim.countries == ("Albania", "Kosovo")
    assert claim.speaker.country == "Slovenia"


def test_extract_many_keeps_order_and_version(nlp, lexicon):
    items = [("Eva Marsh said the line would reopen.", None), ("No claims here.", None)]
    results = list(extract_many(items, lexicon=lexicon, nlp=nlp, batch_size=2))
    assert len(results) == 2 and len(results[0].claims) == 1 and results[1].claims == ()
    assert results[0].pipeline_version == PIPELINE_VERSION


# --------------------------------------------------------------------------- layouts
def test_attribution_after_a_dash_with_the_verb_first(run):
    body = "“We will not host any centre” — said the Serbian foreign minister, Marko Djuric."
    claim = only(run(body), "host any centre")
    assert claim.speaker.name == "Marko Djuric" and claim.speaker.country == "Serbia"


def test_inverted_attribution_after_a_quote(run):
    claim = only(run('"This is unacceptable", tweeted opposition leader Zoran Lutovac.'), "This")
    assert claim.speaker.name == "Zoran Lutovac"


def test_a_name_heading_an_appositive_is_a_person_even_without_ner(run):
    body = (
        "Ana Brnabic, the speaker of parliament, said on Monday that Serbia was not ready."
        ' She added: "We will never accept it."'
    )
    result = run(body)
    assert only(result, "never accept").speaker.name == "Ana Brnabic"


def test_quoted_as_saying_and_statements_from_an_organisation(run):
    claim = only(run("Rama was quoted as saying that Albania would not host it."), "would not")
    assert claim.speaker.name == "Rama"
    body = "No decision has been taken, according to a statement from the Home Office."
    claim = only(run(body), "No decision")
    assert claim.speaker.name == "Home Office" and claim.speaker.country == "United Kingdom"


def test_a_means_clause_is_not_a_report(run):
    assert run("Hardline parties gain support by advocating stricter border controls.").claims == ()


def test_a_quote_split_by_its_attribution_sentence_is_one_claim(run):
    # '"A," X said. "B."' is one statement interrupted by its attribution, as with a
    # comma: one claim, so a gold line with quote_end finds it whole and no half of it
    # stands alone as an extra claim.
    body = (
        "‘We will not accept it,’ the Montenegrin prime minister, Milojko Spajic, told the"
        " paper. ‘Our answer is clear.’"
    )
    claim = only(run(body), "answer is clear")
    assert claim.speaker.name == "Milojko Spajic" and "We will not accept it" in claim.text
    assert len(run(body).claims) == 1


def test_a_quote_after_an_attributed_one_in_the_next_paragraph_continues_it(run):
    body = (
        "‘We will not accept it,’ the Montenegrin prime minister, Milojko Spajic, told the"
        " paper.\n\n‘Our answer is clear and it will not change.’"
    )
    claim = only(run(body), "answer is clear")
    assert claim.speaker.name == "Milojko Spajic" and claim.method == "continuation"


def test_hyphenated_names_and_the_name_not_its_organisation(run):
    body = "“It will fail,” said Jean-Luc Mélenchon, the leader of France Unbowed."
    assert only(run(body), "It will fail").speaker.name == "Jean-Luc Mélenchon"


def test_it_is_the_organisation_that_just_spoke_and_nothing_else(run):
    body = "The Home Office said it was working with partners. It added that talks had begun."
    claim = only(run(body), "talks had begun")
    assert claim.speaker.name == "Home Office" and claim.speaker.resolution == "pronoun"
    assert run("The report came out on Monday. It said the centres cost too much.").claims == ()


def test_a_date_inside_what_was_said_does_not_date_the_statement(run):
    body = "Almost 22,000 people crossed last year, according to the Foreign Office."
    claim = only(run(body, dt.date(2025, 5, 26)), "22,000")
    assert claim.date_said == dt.date(2025, 5, 26) and claim.date_derivation == "article date"


def test_a_possessor_is_not_the_speaker_but_lends_its_country(run):
    body = (
        "Dutch trade minister Reinette Klever visited Kampala.\n\n"
        "Klever’s ministry said the visit had gone well."
    )
    claim = only(run(body), "visit had gone well")
    assert claim.speaker.kind == "organisation" and claim.speaker.country == "Netherlands"


def test_several_processes_give_the_same_claims(nlp, lexicon):
    items = [("Eva Marsh said the line would reopen.", None)] * 3
    one = list(extract_many(items, lexicon=lexicon, nlp=nlp, n_process=1))
    two = list(extract_many(items, lexicon=lexicon, nlp=nlp, n_process=2, batch_size=1))
    assert one == two


# ---------------------------------------------------------------- held-out findings
def test_a_wire_dateline_is_not_the_speaker(run):
    body = (
        "GENEVA, Jan 16 — The International Organization for Migration (IOM) warned on"
        " Thursday that more migrants would die."
    )
    claim = only(run(body), "more migrants would die")
    assert claim.speaker.name == "International Organization for Migration"


def test_said_in_a_statement_that(run):
    body = (
        "Austria's interior minister, Florian Greiderer, said in a statement that Vienna"
        " would not accept them."
    )
    assert only(run(body), "Vienna would not accept").speaker.name == "Florian Greiderer"


def test_what_someone_was_asked_to_declare_is_no_claim(run):
    body = "Cyprus has asked the European Union to declare parts of Syria safe for returns."
    assert run(body).claims == ()


def test_the_agency_refers_back_to_the_organisation_that_spoke(run):
    body = (
        "The International Organization for Migration (IOM) warned that more people would die."
        "\n\nIn a statement, the agency said at least 1,100 people had died on the route."
    )
    claim = only(run(body), "1,100 people")
    assert claim.speaker.name == "International Organization for Migration"


def test_the_previous_sentences_subject_beats_an_older_person_of_known_gender(run):
    body = (
        "Mr Castaneda said the islands were full.\n\nTory MP Graham Sutcliffe warned Britain"
        " could face the same pressure.\n\nHe said: 'This should be a wake-up call for us all.'"
    )
    assert only(run(body), "wake-up call").speaker.name == "Graham Sutcliffe"


def test_a_sentence_final_reporter_keeps_the_sentence(run):
    body = (
        "Austria and Italy on Monday urged the European Union to adopt new rules, Austrian"
        " Chancellor Stefan Pichlbauer said."
    )
    assert only(run(body), "urged the European Union").speaker.name == "Stefan Pichlbauer"


def test_told_someone_a_clause_the_parser_read_as_an_object(run):
    body = (
        "Amnesty International's Europe director, Nele Verhoeven, told Reuters the proposal"
        ' would "outsource responsibility" and put people at risk.'
    )
    assert only(run(body), "outsource responsibility").speaker.name == "Nele Verhoeven"


def test_the_one_criticised_in_a_passive_is_no_speaker(run):
    assert run("The minister was criticised for the plan on Monday.").claims == ()
    claim = only(run("The plan was criticised by the Refugee Council as cruel."), "cruel")
    assert claim.speaker.name == "Refugee Council"


def test_accused_and_a_comma_before_the_verb_after_appositives(run):
    body = "Reform UK's home affairs spokesman, Gareth Penhaligon, accused the charity of lying."
    assert only(run(body), "accused the charity").speaker.name == "Gareth Penhaligon"
    body = (
        "Speaking on Swiss radio SRF, the head of the Swiss Refugee Council, Miriam Luthi,"
        " said a cap would break the Geneva Convention."
    )
    assert only(run(body), "Geneva Convention").speaker.name == "Miriam Luthi"
