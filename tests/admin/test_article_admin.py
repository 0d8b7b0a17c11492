import datetime as dt

import pytest
from django.urls import reverse

from articles.models import Article
from claims import article_admin
from tests import factories

pytestmark = pytest.mark.django_db


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_editing_an_article_locks_the_changed_fields_and_marks_them_manual(
    admin_client, admin_user, edit
):
    article = factories.article(title="Wrong title", date=dt.date(2025, 5, 1))
    response = edit(change_url(article), title="Kosovo agrees", date="2025-05-26")
    assert response.status_code == 302, response.content.decode()[:2000]

    article.refresh_from_db()
    assert article.title == "Kosovo agrees"
    assert article.date == dt.date(2025, 5, 26)
    assert sorted(article.locked_fields) == ["date", "title"]
    assert (article.title_source, article.date_source) == ("manual", "manual")
    record = article.history.latest()
    assert record.history_user == admin_user
    changes = {c.field: (c.old, c.new) for c in record.diff_against(record.prev_record).changes}
    assert changes["title"] == ("Wrong title", "Kosovo agrees")


def test_duplicate_link_is_edited_by_id_not_a_select_of_every_article(admin_client, edit):
    original, copy = factories.article(), factories.article()
    html = admin_client.get(change_url(copy)).content.decode()
    assert "vForeignKeyRawIdAdminField" in html
    assert edit(change_url(copy), duplicate_of=str(original.pk)).status_code == 302
    copy.refresh_from_db()
    assert copy.duplicate_of == original
    assert "duplicate_of" in copy.locked_fields


def test_article_texts_are_shown_escaped(admin_client):
    article = factories.article('<script>alert(1)</script> " onmouseover="alert(2)')
    html = admin_client.get(change_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_rerun_extraction_action_calls_the_service_for_each_article(admin_client, monkeypatch):
    calls = []
    monkeypatch.setattr(
        article_admin.services, "reextract_article", lambda *, article: calls.append(article)
    )
    a, b = factories.article(), factories.article()
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reextract", "_selected_action": [a.pk, b.pk]},
    )
    assert response.status_code == 302
    assert sorted(x.pk for x in calls) == sorted([a.pk, b.pk])


def test_article_list_runs_the_same_queries_for_2_or_20_articles(
    admin_client, django_assert_num_queries
):
    url = reverse("admin:articles_article_changelist")
    for _ in range(2):
        factories.article()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _ in range(18):
        factories.article(duplicate_of=factories.article())
    with django_assert_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_set_date_action_dates_the_articles_in_one_step_through_the_service(
    admin_client, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        article_admin.services,
        "set_article_date",
        lambda *, article, date: calls.append((article.pk, date)),
    )
    a, b = factories.article(), factories.article()
    url = reverse("admin:articles_article_changelist")
    form = admin_client.post(url, {"action": "set_date", "_selected_action": [a.pk, b.pk]})
    assert form.status_code == 200 and b'type="date"' in form.content
    response = admin_client.post(
        url,
        {
            "action": "set_date",
            "apply": "yes",
            "date": "2025-06-04",
            "_selected_action": [a.pk, b.pk],
        },
    )
    assert response.status_code == 302
    assert sorted(calls) == [(a.pk, dt.date(2025, 6, 4)), (b.pk, dt.date(2025, 6, 4))]


def test_a_javascript_url_is_refused_in_the_change_form(admin_client):
    from tests.admin.conftest import form_data

    article = factories.article()
    page = admin_client.get(change_url(article)).content.decode()
    data = form_data(page, **{"url": "javascript:alert(document.cookie)"})
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 200  # the form comes back with its error
    article.refresh_from_db()
    assert article.url == ""
