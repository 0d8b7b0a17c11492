import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.admin import EstimatedCountPaginator
from claims.models import Statement
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_statement_changelist")


def change_url(statement: Statement) -> str:
    return reverse("admin:claims_statement_change", args=[statement.pk])


def _changelist_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_statement_list_runs_the_same_queries_for_3_or_30_statements(admin_client):
    for _ in range(3):
        factories.statement(speaker_country=factories.country("Kosovo"))
    few = _changelist_queries(admin_client)
    for _ in range(27):
        factories.statement(speaker_country=factories.country("Albania"))
    assert _changelist_queries(admin_client) == few


def test_statement_list_never_counts_the_whole_table(admin_client):
    factories.statement()
    with CaptureQueriesContext(connection) as ctx:
        admin_client.get(CHANGELIST)
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    # show_full_result_count is off: the only count is the paginator's (estimated when big).
    assert len(counts) <= 1


def test_paginator_uses_the_planner_estimate_above_the_threshold():
    for _ in range(5):
        factories.statement()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_statement")
    paginator = EstimatedCountPaginator(Statement.objects.order_by("id"), 2)
    paginator.exact_below = 0
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 5  # reltuples after ANALYZE
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)


def test_paginator_estimates_filtered_lists_with_explain():
    factories.statement(stance="opposes")
    qs = Statement.objects.filter(stance="opposes").order_by("id")
    paginator = EstimatedCountPaginator(qs, 2)
    paginator.exact_below = 0
    assert paginator.count >= 1
    assert EstimatedCountPaginator(qs, 2).count == 1  # small lists are counted exactly


def test_search_finds_words_of_the_quote_and_part_of_the_speakers_name(admin_client):
    osmani = factories.speaker("Vjosa Osmani")
    asylum = factories.statement(text="We will not take asylum seekers from Britain.")
    by_osmani = factories.statement(speaker=osmani, text="Kosovo wants to help.")
    other = factories.statement(text="Nothing relevant here.")

    found = admin_client.get(CHANGELIST, {"q": "asylum"}).context["cl"].result_list
    assert list(found) == [asylum]
    found = admin_client.get(CHANGELIST, {"q": "Osman"}).context["cl"].result_list
    assert list(found) == [by_osmani]
    assert other not in found


def test_filters_by_stance_review_and_country(admin_client):
    kosovo = factories.country("Kosovo")
    opposes = factories.statement(stance="opposes", speaker_country=kosovo)
    factories.statement(stance="supports")
    filters = {"stance__exact": "opposes", "review__exact": "machine"}
    response = admin_client.get(CHANGELIST, {**filters, "speaker_country__id__exact": kosovo.pk})
    assert list(response.context["cl"].result_list) == [opposes]


def test_editing_a_statement_marks_it_corrected_and_keeps_who_and_before_after(
    admin_client, admin_user, edit
):
    statement = factories.statement(text="Kosovo is open to talks.", stance="open")
    response = edit(change_url(statement), text="Kosovo is ready to host a hub.", stance="supports")
    assert response.status_code == 302, response.content.decode()[:2000]

    statement.refresh_from_db()
    assert statement.text == "Kosovo is ready to host a hub."
    assert statement.stance == "supports"
    assert statement.review == Statement.Review.CORRECTED
    assert statement.reviewed_by == admin_user

    edited = statement.history.filter(text="Kosovo is ready to host a hub.").earliest()
    before = edited.prev_record
    assert edited.history_user == admin_user
    changes = {c.field: (c.old, c.new) for c in edited.diff_against(before).changes}
    assert changes["text"] == ("Kosovo is open to talks.", "Kosovo is ready to host a hub.")
    assert changes["stance"] == ("open", "supports")
    assert statement.history.latest().history_user == admin_user


def test_one_edit_is_one_history_record_holding_the_edit_and_the_review(admin_client, edit):
    statement = factories.statement(text="Kosovo is open to talks.", stance="open")
    before = statement.history.count()
    assert edit(change_url(statement), stance="supports").status_code == 302
    assert statement.history.count() == before + 1
    latest = statement.history.latest()
    assert (latest.stance, latest.review) == ("supports", "corrected")


def test_saving_an_unchanged_statement_leaves_it_a_machine_suggestion(admin_client, edit):
    statement = factories.statement()
    assert edit(change_url(statement)).status_code == 302
    statement.refresh_from_db()
    assert statement.review == Statement.Review.MACHINE


def test_changing_the_countries_spoken_about_is_a_correction(admin_client, edit):
    kosovo, albania = factories.country("Kosovo"), factories.country("Albania")
    statement = factories.statement(countries=[kosovo])
    assert edit(change_url(statement), countries=[str(albania.pk)]).status_code == 302
    statement.refresh_from_db()
    assert list(statement.countries.all()) == [albania]
    assert statement.review == Statement.Review.CORRECTED


def test_history_page_shows_each_change_and_who_made_it(admin_client, edit):
    statement = factories.statement(text="Before the edit.")
    edit(change_url(statement), text="After the edit.")
    page = admin_client.get(reverse("admin:claims_statement_history", args=[statement.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "admin" in html  # the user
    assert "Before the edit." in html and "After the edit." in html


def test_verify_action_marks_statements_verified_by_the_user(admin_client, admin_user):
    a, b = factories.statement(), factories.statement()
    response = admin_client.post(CHANGELIST, {"action": "verify", "_selected_action": [a.pk, b.pk]})
    assert response.status_code == 302
    for statement in (a, b):
        statement.refresh_from_db()
        assert statement.review == Statement.Review.VERIFIED
        assert statement.reviewed_by == admin_user


def test_reject_action_hides_the_statement_but_keeps_it(admin_client):
    statement = factories.statement()
    admin_client.post(CHANGELIST, {"action": "reject", "_selected_action": [statement.pk]})
    statement.refresh_from_db()
    assert statement.review == Statement.Review.REJECTED
    assert not Statement.objects.visible().filter(pk=statement.pk).exists()


def test_change_page_lists_appearances_with_links_to_their_articles(admin_client):
    article = factories.article("Rama said no to return hubs.", title="Rama says no")
    statement = factories.statement(text="no to return hubs", article=article)
    html = admin_client.get(change_url(statement)).content.decode()
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "Rama says no" in html


def test_speaker_and_countries_use_autocomplete_not_a_select_of_every_row(admin_client):
    statement = factories.statement(date_said=dt.date(2025, 1, 1))
    html = admin_client.get(change_url(statement)).content.decode()
    assert 'data-ajax--url="/admin/autocomplete/"' in html
    assert "admin-autocomplete" in html


def test_statements_cannot_be_invented_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:claims_statement_add")).status_code == 403
