import pytest
from django.urls import reverse

from claims.article_views import claim_segments
from tests import factories


class A:  # an Appearance stand-in: claim_segments needs only offsets
    def __init__(self, start, end):
        self.start, self.end = start, end


def test_segments_split_the_body_at_claim_offsets():
    segs = claim_segments("He said: yes we will. Then left.", [A(9, 21)])
    assert [(s.text, s.appearance is not None) for s in segs] == [
        ("He said: ", False),
        ("yes we will.", True),
        (" Then left.", False),
    ]


def test_overlapping_and_out_of_range_claims_never_repeat_text():
    body = "abcdefghij"
    segs = claim_segments(body, [A(2, 6), A(4, 8), A(20, 30)])
    assert "".join(s.text for s in segs) == body
    assert [s.text for s in segs if s.appearance] == ["cdef", "gh"]


@pytest.mark.django_db
def test_article_page_highlights_claims_linked_to_statement_and_speaker(reader, story):
    html = reader.get(reverse("articles:detail", args=[story["may"].pk])).content.decode()
    assert "The Independent" in html and "26 May 2025" in html
    assert (
        f'href="{story["open"].get_absolute_url()}">we are open to talks on return hubs</a></mark>'
        in html
    )
    assert story["osmani"].get_absolute_url() in html
    assert reverse("articles:raw", args=[story["may"].pk]) in html


@pytest.mark.django_db
def test_article_page_links_duplicates_and_original(reader, story):
    copy = factories.article(story["may"].body, outlet="Yahoo News", duplicate_of=story["may"])
    html = reader.get(reverse("articles:detail", args=[copy.pk])).content.decode()
    assert "This article is a copy of" in html
    assert reverse("articles:detail", args=[story["may"].pk]) in html
    html = reader.get(reverse("articles:detail", args=[story["may"].pk])).content.decode()
    assert "Copies of this article" in html and "Yahoo News" in html


@pytest.mark.django_db
def test_raw_text_is_plain_utf8(reader):
    article = factories.article(
        "Prishtinë: “quoted” <b>not html</b>", raw_text="RAW Prishtinë <b>x</b>"
    )
    response = reader.get(reverse("articles:raw", args=[article.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode("utf-8") == "RAW Prishtinë <b>x</b>"


@pytest.mark.django_db
def test_article_query_count(reader, story, django_assert_num_queries):
    url = reverse("articles:detail", args=[story["october"].pk])
    # session, user, article, appearances, duplicates
    with django_assert_num_queries(5):
        reader.get(url)
    for i in range(10):
        factories.statement(speaker=story["rama"], text="Osmani", article=story["october"])
        factories.article(f"dup {i}", duplicate_of=story["october"])
    with django_assert_num_queries(5):
        reader.get(url)
