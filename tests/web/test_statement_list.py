import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from tests import factories

CLAIMS = reverse("claims:statement_list")
HTMX = {"HX-Request": "true"}


def texts(reader, query: str = "", **headers) -> str:
    return reader.get(CLAIMS + query, headers=headers).content.decode()


@pytest.mark.django_db
def test_explorer_lists_every_visible_statement_with_labelled_filters(reader, story):
    html = texts(reader)
    for s in ("open", "supports", "opposes", "about"):
        assert story[s].text in html
    for name in (
        "q",
        "speaker",
        "country",
        "mentioned",
        "stance",
        "kind",
        "outlet",
        "start",
        "end",
        "sort",
    ):
        assert f'for="id_{name}"' in html, name
    assert 'hx-push-url="true"' in html and 'hx-target="#results"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,present,absent",
    [
        ("?speaker=Vjosa+Osmani", ["open", "supports"], ["opposes", "about"]),
        ("?speaker=osmani", ["open", "supports"], ["opposes"]),  # alias or part of a name
        ("?country=albania", ["opposes"], ["open", "about"]),
        ("?mentioned=united-kingdom", ["supports"], ["open", "opposes"]),
        ("?stance=open", ["open"], ["supports", "opposes"]),
        ("?kind=indirect", ["supports"], ["open"]),
        ("?outlet=BBC+News", ["supports"], ["open", "opposes"]),
        ("?start=2025-06-01&end=2025-09-30", ["about"], ["open", "supports"]),
        ("?q=help", ["supports"], ["open", "opposes"]),
    ],
)
def test_filters_narrow_the_results(reader, story, query, present, absent):
    html = texts(reader, query)
    for s in present:
        assert story[s].text.split()[0] in html and f'id="statement-{story[s].pk}"' in html
    for s in absent:
        assert f'id="statement-{story[s].pk}"' not in html


@pytest.mark.django_db
def test_speaker_filter_takes_an_id_or_a_slug(reader, story):
    for value in (story["rama"].pk, story["rama"].slug):
        html = texts(reader, f"?speaker={value}")
        assert f'id="statement-{story["opposes"].pk}"' in html
        assert f'id="statement-{story["open"].pk}"' not in html


@pytest.mark.django_db
def test_verified_only_filter(reader, story):
    story["opposes"].review = "verified"
    story["opposes"].save()
    html = texts(reader, "?verified=on")
    assert f'id="statement-{story["opposes"].pk}"' in html
    assert f'id="statement-{story["open"].pk}"' not in html


@pytest.mark.django_db
def test_search_highlights_matches_and_ranks(reader, story):
    html = texts(reader, "?q=talks")
    assert "<mark>talks</mark>" in html
    assert f'id="statement-{story["open"].pk}"' in html
    factories.statement(
        speaker=story["rama"], text="hubs, hubs and more return hubs", date_said=None
    )
    # Newest first by default; best match first when asked.
    by_date = texts(reader, "?q=hubs")
    assert by_date.index("help the UK") < by_date.index("more return")
    by_rank = texts(reader, "?q=hubs&sort=rank")
    if connection.vendor == "postgresql":  # SQLite's fallback search has no ranking
        assert by_rank.index("more return") < by_rank.index("help the UK")


@pytest.mark.django_db
def test_sorting(reader, story):
    newest = texts(reader, "?sort=-date")
    assert newest.index(story["supports"].text) < newest.index(story["open"].text)
    oldest = texts(reader, "?sort=date")
    assert oldest.index(story["open"].text) < oldest.index(story["supports"].text)
    by_speaker = texts(reader, "?sort=speaker")
    assert by_speaker.index("Rama said no") < by_speaker.index(story["open"].text)


@pytest.mark.django_db
def test_rejected_statements_are_hidden(reader, story):
    story["opposes"].review = "rejected"
    story["opposes"].save()
    assert f'id="statement-{story["opposes"].pk}"' not in texts(reader)


@pytest.mark.django_db
def test_pagination_knows_a_next_page_without_counting(reader, story, pile):
    pile(30)
    first = texts(reader)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = texts(reader, "?page=2")
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "Page 2" in second
    assert 'rel="next"' not in texts(reader, "?page=99")
    assert "Page 1" in texts(reader, "?page=nonsense")


@pytest.mark.django_db
def test_bad_filter_values_are_ignored_not_fatal(reader, story):
    html = texts(reader, "?start=not-a-date&stance=open")
    assert f'id="statement-{story["open"].pk}"' in html
    assert f'id="statement-{story["supports"].pk}"' not in html
    assert "Some filters were ignored" in html


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_partial_and_views_vary(reader, story):
    response = reader.get(CLAIMS + "?stance=open", headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and 'role="search"' not in html
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in reader.get(CLAIMS)["Vary"]


@pytest.mark.django_db
def test_htmx_history_restore_gets_the_full_page(reader, story):
    html = texts(reader, "?stance=open", **HTMX, **{"HX-History-Restore-Request": "true"})
    assert "<html" in html


@pytest.mark.django_db
def test_export_links_carry_the_current_filters(reader, story):
    html = texts(reader, "?stance=open&speaker=Osmani")
    assert reverse("claims:export", args=["csv"]) + "?stance=open&amp;speaker=Osmani" in html
    assert reverse("claims:export", args=["json"]) + "?stance=open&amp;speaker=Osmani" in html


@pytest.mark.django_db
def test_empty_states(reader, story):
    assert "Nothing matches these filters" in texts(reader, "?q=zebra")


@pytest.mark.django_db
def test_no_claims_yet(reader):
    assert "No claims have been extracted yet" in texts(reader)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?q=return+hubs&sort=rank",
        "?speaker=Official&stance=supports&outlet=Outlet+0&mentioned=kosovo&sort=speaker",
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_explorer_query_count_does_not_grow_with_data(
    reader, story, pile, django_assert_num_queries, query, htmx
):
    pile(5)
    headers = HTMX if htmx else {}
    # session, user, topics, country choices, outlet choices, statements, countries,
    # appearances
    with django_assert_num_queries(8):
        reader.get(CLAIMS + query, headers=headers)
    pile(40)
    cache.clear()
    with django_assert_num_queries(8):
        reader.get(CLAIMS + query, headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "?q=return+hubs", "?stance=open&country=kosovo", "?page=2", "?sort=date"]
)
def test_date_orders_query_count_has_a_fixed_ceiling(
    reader, story, pile, django_assert_max_num_queries, query
):
    # session, user, topics, country and outlet choices, dated page keys, undated keys (only
    # on the page where dated rows run out, or + a count when paging past them by number), rows,
    # countries, appearances
    pile(5)
    with django_assert_max_num_queries(11):
        reader.get(CLAIMS + query)
    pile(60)
    cache.clear()
    with django_assert_max_num_queries(11):
        reader.get(CLAIMS + query)


@pytest.mark.django_db
def test_newest_first_puts_undated_statements_after_dated_ones_across_pages(reader, story):
    undated = [
        factories.statement(speaker=story["rama"], text=f"undated {i}", date_said=None)
        for i in range(30)
    ]
    first, second = texts(reader), texts(reader, "?page=2")
    # 4 dated story statements, then undated newest id first: 21 on page 1, 9 on page 2.
    assert first.index(story["supports"].text) < first.index(story["open"].text)
    assert first.index("Rama said no") < first.index("undated 29")
    assert f'id="statement-{undated[9].pk}"' in first
    assert f'id="statement-{undated[8].pk}"' in second
    assert f'id="statement-{undated[0].pk}"' in second
    assert 'rel="next"' not in second
    third = texts(reader, "?page=3")
    assert "No statements" in third


@pytest.mark.django_db
def test_speaker_autocomplete_json_and_htmx_options(reader, story):
    url = reverse("claims:speaker_autocomplete")
    data = reader.get(url + "?q=osm").json()
    assert [r["name"] for r in data["results"]] == ["Vjosa Osmani"]
    assert data["results"][0]["country"] == "Kosovo"
    response = reader.get(url + "?speaker=Rama", headers=HTMX)
    assert '<option value="Edi Rama">' in response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert reader.get(url).json() == {"results": []}


@pytest.mark.django_db
def test_speaker_autocomplete_query_count(reader, story, django_assert_num_queries):
    for i in range(15):
        factories.speaker(f"Osmani Namesake {i}", aliases=[f"Namesake {i}"])
    with django_assert_num_queries(3):
        reader.get(reverse("claims:speaker_autocomplete") + "?q=osm")


@pytest.mark.django_db
def test_more_filters_unfold_when_one_of_them_is_used(reader, story):
    assert '<details class="more-filters">' in texts(reader, "?stance=open")
    assert '<details class="more-filters" open>' in texts(reader, "?kind=direct")


@pytest.mark.django_db
def test_best_match_ranks_the_newest_matches_only(reader, story, monkeypatch):
    from claims import queries

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's fallback search has no ranking")
    monkeypatch.setattr(queries, "RANK_CANDIDATES", 1)  # a third of the table can match a word
    by_rank = texts(reader, "?q=hubs&sort=rank")
    assert "help the UK" in by_rank and "we are open to talks" not in by_rank
