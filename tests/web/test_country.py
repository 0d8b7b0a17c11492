import pytest
from django.urls import reverse

KOSOVO = reverse("claims:country", args=["kosovo"])
HTMX = {"HX-Request": "true"}


@pytest.mark.django_db
def test_country_page_shows_own_statements_in_date_order_grouped_by_month(reader, story):
    html = reader.get(KOSOVO).content.decode()
    assert "<h1>Kosovo: stance over time</h1>" in html
    assert html.index("<h3>May 2025</h3>") < html.index("<h3>October 2025</h3>")
    assert html.index("we are open to talks") < html.index("Kosovo wants to help the UK")
    assert "The Independent" in html and "BBC News" in html  # outlets
    assert reverse("articles:detail", args=[story["may"].pk]) in html
    assert "President" not in html or "Vjosa Osmani" in html


@pytest.mark.django_db
def test_statements_about_the_country_by_others_are_shown_apart(reader, story):
    html = reader.get(KOSOVO).content.decode()
    own, about = html.split('id="about-title"')
    assert "Talks with Kosovo are progressing well" in about
    assert "Talks with Kosovo are progressing well" not in own
    assert "we are open to talks" not in about


@pytest.mark.django_db
def test_chart_has_one_mark_per_statement_and_a_table_alternative(reader, story):
    html = reader.get(KOSOVO).content.decode()
    assert html.count('class="mark"') == 2
    assert 'class="step"' in html  # the stance change is drawn
    assert "The chart as a table" in html
    assert "26 May 2025, Vjosa Osmani: “we are open to talks on return hubs”" in html


@pytest.mark.django_db
def test_counting_per_speaker_per_month_aggregates(reader, story):
    from tests import factories

    for _ in range(3):
        factories.statement(
            speaker=story["osmani"], stance="supports", date_said=story["supports"].date_said
        )
    html = reader.get(KOSOVO + "?count=month").content.decode()
    assert html.count('class="mark"') == 2
    assert "October 2025, Vjosa Osmani: supports × 4" in html


@pytest.mark.django_db
def test_filters_narrow_by_stance_speaker_and_dates(reader, story):
    html = reader.get(KOSOVO + "?stance=supports").content.decode()
    assert "Kosovo wants to help" in html and "we are open to talks" not in html
    html = reader.get(KOSOVO + "?end=2025-06-30").content.decode()
    assert "we are open to talks" in html and "Kosovo wants to help" not in html
    html = reader.get(KOSOVO + "?start=2025-06-01&stance=open").content.decode()
    assert "No statements by anyone speaking for Kosovo’s government match these filters" in html
    html = reader.get(KOSOVO + f"?speaker={story['osmani'].slug}").content.decode()
    assert "we are open to talks" in html


@pytest.mark.django_db
def test_verified_statements_are_marked(reader, story):
    story["supports"].review = "verified"
    story["supports"].save()
    html = reader.get(KOSOVO).content.decode()
    assert "✔ Verified" in html and "Machine suggestion" in html


@pytest.mark.django_db
def test_htmx_filter_request_gets_only_the_results_partial(reader, story):
    response = reader.get(KOSOVO + "?stance=open", headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "<form" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_history_restore_gets_the_whole_page(reader, story):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    assert "<html" in reader.get(KOSOVO, headers=headers).content.decode()


@pytest.mark.django_db
def test_country_without_statements_has_empty_states(reader, story):
    from tests import factories

    factories.country("Rwanda", is_tracked=True)
    html = reader.get(reverse("claims:country", args=["rwanda"])).content.decode()
    assert (
        "No one speaking for Rwanda’s government has stated a dated position on this question yet"
        in html
    )
    assert "No dated statements to chart" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [("", 17), ("?count=week", 17), ("?count=month&start=2025-01-01", 17)],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_country_query_count_does_not_grow_with_data(
    reader, story, pile, django_assert_num_queries, query, expected, htmx
):
    headers = HTMX if htmx else {}
    # session, user, country, topics, speaker choices, chart (one query, counting per
    # period too), current stance, own statements + countries + appearances, undated count,
    # other voices from it (dated keys, undated keys) + rows + countries + appearances, about
    # + countries + appearances,
    # stance changes (stored rows, claims.events)
    with django_assert_num_queries(expected):
        reader.get(KOSOVO + query, headers=headers)
    pile(40)
    with django_assert_num_queries(expected):
        reader.get(KOSOVO + query, headers=headers)


def test_same_day_marks_in_one_row_sit_side_by_side():
    import datetime as dt

    from claims.charts import Mark, timeline

    day = dt.date(2025, 10, 22)
    chart = timeline([Mark(day, "supports", f"m{i}", "/") for i in range(3)])
    xs = [m["x"] for m in chart["marks"]]
    assert len(set(xs)) == 3 and len({m["y"] for m in chart["marks"]}) == 1


def test_a_short_range_is_labelled_by_its_first_and_last_day():
    import datetime as dt

    from claims.charts import Mark, timeline

    chart = timeline(
        [
            Mark(dt.date(2025, 5, 19), "no_talks", "a", "/"),
            Mark(dt.date(2025, 5, 26), "open", "b", "/"),
        ]
    )
    assert [t["label"] for t in chart["ticks"]] == ["19 May 2025", "26 May 2025"]


@pytest.mark.django_db
def test_period_counting_keeps_the_latest_periods_only(reader, story, settings):
    import datetime as dt

    from claims import selectors
    from claims.models import Statement
    from tests import factories

    factories.statement(speaker=story["osmani"], stance="opposes", date_said=dt.date(2021, 1, 4))
    own = Statement.objects.visible().speaking_for(story["kosovo"])
    rows = selectors.per_speaker_period(own, "month", 10)
    assert [r["period"] for r in rows] == [dt.date(2025, 5, 1), dt.date(2025, 10, 1)]
    assert len(selectors.per_speaker_period(own, "month", 1)) == 1


@pytest.mark.django_db
def test_period_counting_leaves_out_a_period_the_read_stopped_inside(story, monkeypatch):
    import datetime as dt

    from claims import selectors
    from claims.models import Statement

    own = Statement.objects.visible().speaking_for(story["kosovo"])
    monkeypatch.setitem(selectors.PERIOD_READ_MAX, "month", 2)  # May may have older statements
    assert [r["period"] for r in selectors.per_speaker_period(own, "month", 10)] == [
        dt.date(2025, 10, 1)
    ]
    monkeypatch.setitem(selectors.PERIOD_READ_MAX, "month", 3)  # everything read
    rows = selectors.per_speaker_period(own, "month", 10)
    assert [(r["period"], r["n"]) for r in rows] == [
        (dt.date(2025, 5, 1), 1),
        (dt.date(2025, 10, 1), 1),
    ]
