import pytest

from tests import factories


@pytest.mark.django_db
def test_statement_page_shows_text_speaker_stance_review_and_every_appearance(reader, story):
    s = story["supports"]
    copy = factories.article(
        "Reprint: Kosovo wants to help the UK with return hubs.", outlet="Reuters"
    )
    factories.appearance(statement=s, article=copy)
    html = reader.get(s.get_absolute_url()).content.decode()
    assert s.text in html and "Vjosa Osmani" in html
    assert "Supports" in html and "Machine suggestion" in html
    assert "BBC News" in html and "Reuters" in html
    assert "Kosovo, United Kingdom" in html.replace("</a>", "").replace(
        '<a href="/countries/kosovo/">', ""
    ).replace('<a href="/countries/united-kingdom/">', "")


@pytest.mark.django_db
def test_statement_page_query_count(reader, story, django_assert_num_queries):
    s = story["supports"]
    # session, user, topics, statement (with its topic), countries, appearances, topic links,
    # history (claims/_history.html), contradiction flags (claims/_contradiction_flags.html)
    with django_assert_num_queries(9):
        reader.get(s.get_absolute_url())
    for i in range(10):
        factories.appearance(statement=s, article=factories.article(f"copy {i} {s.text}"))
    with django_assert_num_queries(9):
        reader.get(s.get_absolute_url())
