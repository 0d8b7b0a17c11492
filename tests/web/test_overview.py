import datetime as dt

import pytest
from django.urls import reverse

from claims import selectors
from tests import factories

OVERVIEW = reverse("claims:overview")


def current(country) -> str:
    statement = selectors.current_stance_of(factories.topic(), country)
    return statement.topic_stance if statement else ""


def rows() -> dict:
    return {c.slug: c for c in selectors.tracked_countries(factories.topic())}


@pytest.mark.django_db
def test_overview_shows_each_countrys_current_stance_when_and_by_whom(reader, story):
    html = reader.get(OVERVIEW).content.decode()
    kosovo = html[html.index('id="country-kosovo"') :]
    kosovo = kosovo[: kosovo.index("</tr>")]
    assert "stance-supports" in kosovo and "Supports" in kosovo
    assert "October 2025" in kosovo and "Vjosa Osmani" in kosovo
    albania = html[html.index('id="country-albania"') :]
    assert "Opposes" in albania[: albania.index("</tr>")]


@pytest.mark.django_db
def test_overview_strip_has_a_cell_per_month_with_a_text_label(reader, story):
    html = reader.get(OVERVIEW).content.decode()
    assert 'title="May 2025: Open to talks"' in html
    # A stance holds until a later statement changes it.
    assert 'title="Sep 2025: Open to talks"' in html
    assert 'title="Oct 2025: Supports"' in html
    assert "Stance key" in html  # the legend


@pytest.mark.django_db
def test_current_stance_is_the_latest_non_neutral_statement(story):
    factories.statement(speaker=story["osmani"], stance="neutral", date_said=dt.date(2025, 11, 1))
    assert current(story["kosovo"]) == "supports"


@pytest.mark.django_db
def test_verifying_an_older_statement_never_moves_the_current_stance_back_in_time(reader, story):
    from claims import services

    services.verify_statement(statement=story["open"])  # a correct May statement
    assert current(story["kosovo"]) == "supports"
    assert rows()["kosovo"].current_pk == story["supports"].pk
    html = reader.get(OVERVIEW).content.decode()
    kosovo = html[html.index('id="country-kosovo"') :]
    kosovo = kosovo[: kosovo.index("</tr>")]
    assert "October 2025" in kosovo and 'title="Oct 2025: Supports"' in kosovo


@pytest.mark.django_db
def test_the_strip_ends_on_the_current_stance_even_when_two_statements_share_a_day(story):
    same_day = factories.statement(
        speaker=story["osmani"], stance="conditional", date_said=story["supports"].date_said
    )
    topic = factories.topic()
    months = selectors.strip_months(topic)
    kosovo = {c.slug: c for c in selectors.tracked_countries(topic, months)}["kosovo"]
    strip = selectors.month_strip(kosovo, months)
    assert kosovo.current_pk == same_day.pk
    assert strip[-1]["stance"] == current(story["kosovo"]) == "conditional"


@pytest.mark.django_db
def test_rejected_statements_never_count(story):
    story["supports"].review = "rejected"
    story["supports"].save()
    assert current(story["kosovo"]) == "open"
    assert rows()["kosovo"].statement_count == 1


@pytest.mark.django_db
def test_tracked_country_without_statements_is_listed_with_an_empty_state(reader, story):
    factories.country("Rwanda", is_tracked=True)
    factories.country("Narnia")  # neither tracked nor spoken for
    html = reader.get(OVERVIEW).content.decode()
    assert 'id="country-rwanda"' in html and "No position stated yet" in html
    assert "Narnia" not in html


@pytest.mark.django_db
def test_overview_empty_state(reader):
    assert "No countries are tracked yet" in reader.get(OVERVIEW).content.decode()


@pytest.mark.django_db
def test_overview_query_count_does_not_grow_with_data(
    reader, story, pile, django_assert_num_queries
):
    # session, user, topics, month range, participants, countries (with counts, current
    # stance, undated positions, strips), current statements, recent stance changes
    with django_assert_num_queries(8):
        reader.get(OVERVIEW)
    pile(40)
    with django_assert_num_queries(8):
        reader.get(OVERVIEW)


@pytest.mark.django_db
def test_undated_positions_are_counted_and_explained_never_current(reader, story):
    factories.statement(speaker=story["osmani"], stance="opposes", date_said=None)
    assert current(story["kosovo"]) == "supports"
    lone = factories.speaker("Lone Voice", country=factories.country("Serbia"))
    factories.statement(speaker=lone, stance="conditional", date_said=None)
    assert current(lone.country) == ""
    assert rows()["serbia"].undated == 1 and rows()["kosovo"].undated == 1
    html = reader.get(OVERVIEW).content.decode()
    assert "2 government statements on this question have no known date" in html
    serbia = html[html.index('id="country-serbia"') :]
    assert "+ 1 undated, not placed" in serbia[: serbia.index("</tr>")]


@pytest.mark.django_db
def test_strip_covers_at_most_two_years_back_from_the_newest_statement(story):
    factories.statement(speaker=story["rama"], stance="opposes", date_said=dt.date(2020, 1, 1))
    factories.statement(speaker=story["rama"], stance="opposes", date_said=dt.date(2026, 3, 9))
    months = selectors.strip_months(factories.topic())
    assert len(months) == 24 and months[-1] == dt.date(2026, 3, 1)
    assert months[0] == dt.date(2024, 4, 1)  # not back to 2020


@pytest.mark.django_db
def test_statement_counts_follow_bulk_writes_updates_and_deletes(story):
    from django.core.management import call_command

    from claims.models import Statement

    def counts() -> dict[str, int]:
        return {slug: c.statement_count for slug, c in rows().items()}

    assert counts() == {"albania": 1, "kosovo": 2, "united-kingdom": 1}
    extra = Statement(
        topic=story["open"].topic, speaker=story["rama"], speaker_country=story["albania"],
        text="bulk", key="bulk", kind="direct",
    )  # fmt: skip
    Statement.objects.bulk_create([extra])  # no signal fires for bulk writes
    Statement.objects.filter(pk=story["about"].pk).update(speaker_country=story["albania"])
    Statement.objects.filter(pk=story["open"].pk).update(review="rejected")
    assert counts() == {"albania": 3, "kosovo": 1}
    Statement.objects.filter(speaker=story["rama"]).delete()
    assert counts() == {"albania": 1, "kosovo": 1}
    call_command("refresh_summaries", verbosity=0)
    assert counts() == {"albania": 1, "kosovo": 1}
