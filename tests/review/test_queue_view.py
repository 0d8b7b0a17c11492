"""/review/: who may open it, what order it shows, and each action as one htmx request."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.models import Statement
from claims.review_queue import queue_items
from tests import factories
from tests.review.conftest import htmx_post

pytestmark = pytest.mark.django_db
QUEUE = "/review/"


def act(pk: int, action: str) -> str:
    return reverse("review:act", args=[pk, action])


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/review/")


def test_a_researcher_is_refused(client):
    user = factories.user()
    user.groups.add(Group.objects.get(name="Researchers"))
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    assert client.post(act(1, "verify")).status_code == 403


def test_an_admins_group_member_sees_an_unverified_statement(review_client, machine_statement):
    html = review_client.get(QUEUE).content.decode()
    assert f"Statement {machine_statement.pk}" in html
    # The paragraph around the quote, the quote highlighted.
    assert '“<mark class="claim">We want to help the UK</mark>,” Kurti said.' in html
    assert "Albin Kurti" in html and "want to help" in html


def test_least_certain_first_and_stance_changers_ahead_of_the_rest(db):
    kosovo = factories.country("Kosovo")
    osmani = factories.speaker("Vjosa Osmani", country=kosovo)
    verified = factories.statement(
        speaker=osmani, stance="open", date_said=dt.date(2025, 5, 1), review="verified"
    )
    same = factories.statement(
        speaker=osmani,
        stance="open",
        date_said=dt.date(2025, 6, 1),
        confidence=0.1,
        stance_confidence=0.1,
    )
    sure_change = factories.statement(
        speaker=osmani,
        stance="supports",
        date_said=dt.date(2025, 7, 1),
        confidence=0.9,
        stance_confidence=0.9,
    )
    older_change = factories.statement(
        speaker=osmani,
        stance="opposes",
        date_said=dt.date(2025, 4, 1),
        confidence=0.05,
        stance_confidence=0.05,
    )
    unsure_change = factories.statement(
        speaker=osmani,
        stance="opposes",
        date_said=dt.date(2025, 8, 1),
        confidence=0.9,
        stance_confidence=0.2,
    )
    order = [(i.statement.pk, i.changes_stance) for i in queue_items(0, 10)]
    # Time alone orders positions: the August statement is the current stance, whatever
    # was verified, so it comes first; the older ones follow, least certain first.
    assert order == [
        (unsure_change.pk, True),
        (older_change.pk, False),
        (same.pk, False),
        (sure_change.pk, False),
    ]
    assert verified.pk not in dict(order)
    assert [i.statement.pk for i in queue_items(1, 2)] == [older_change.pk, same.pk]


def test_verify_is_one_htmx_request_that_brings_up_the_next_item_with_undo(
    review_client, machine_statement
):
    other = factories.statement(text="Another claim", confidence=0.99, stance_confidence=0.99)
    response = htmx_post(review_client, act(machine_statement.pk, "verify"), reason="checked")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="queue"')
    assert f"Statement {other.pk}" in html
    assert "Undo: verified of statement" in html and "Reason: “checked”" in html
    machine_statement.refresh_from_db()
    assert machine_statement.review == "verified"


def test_undo_brings_the_statement_back_as_it_was(review_client, machine_statement):
    htmx_post(review_client, act(machine_statement.pk, "reject"))
    html = htmx_post(review_client, reverse("review:undo")).content.decode()
    machine_statement.refresh_from_db()
    assert machine_statement.review == "machine"
    assert "Undone: rejected of statement" in html
    assert f"Statement {machine_statement.pk}" in html


def test_the_speaker_is_fixed_by_name_and_an_unknown_name_says_so(review_client, machine_statement):
    rama = factories.speaker("Edi Rama")
    html = htmx_post(
        review_client, act(machine_statement.pk, "speaker"), speaker="Nobody Known"
    ).content.decode()
    assert "No speaker is called “Nobody Known”" in html
    htmx_post(review_client, act(machine_statement.pk, "speaker"), speaker="edi rama")
    machine_statement.refresh_from_db()
    assert machine_statement.speaker == rama


def test_the_stance_is_fixed(review_client, machine_statement):
    htmx_post(review_client, act(machine_statement.pk, "stance"), stance="conditional")
    machine_statement.refresh_from_db()
    assert (machine_statement.stance, machine_statement.review) == ("conditional", "corrected")


def test_a_span_text_not_in_the_article_is_refused_and_nothing_changes(
    review_client, machine_statement
):
    html = htmx_post(
        review_client, act(machine_statement.pk, "span"), text="We refuse to help"
    ).content.decode()
    assert "does not occur word for word" in html
    machine_statement.refresh_from_db()
    assert machine_statement.review == "machine"


def test_without_javascript_an_action_posts_and_redirects_back_to_the_queue(
    review_client, machine_statement
):
    response = review_client.post(
        act(machine_statement.pk, "verify"), {"pos": "0", "reason": "read it"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/review/?pos=0"
    assert Statement.objects.get().review == "verified"
    # The notice the htmx answer would have shown comes along to the queue page, once.
    page = review_client.get(response["Location"]).content.decode()
    assert f"Verified: statement {machine_statement.pk}. Reason: “read it”." in page
    assert "Verified: statement" not in review_client.get(QUEUE).content.decode()
    undone = review_client.post(reverse("review:undo"), {"pos": "0"})
    page = review_client.get(undone["Location"]).content.decode()
    assert f"Undone: verified of statement {machine_statement.pk}." in page


def test_moving_with_j_and_k_is_a_url(review_client, machine_statement):
    factories.statement(text="Second claim", confidence=0.99, stance_confidence=0.99)
    html = review_client.get(QUEUE + "?pos=1").content.decode()
    assert "Second claim" in html and "(2 of 2 unverified)" in html
    assert "Nothing further" in review_client.get(QUEUE + "?pos=5").content.decode()


def test_the_queue_page_runs_a_fixed_number_of_queries(review_client, machine_statement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert review_client.get(QUEUE).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    queries()  # warm-up: one-time lookups are not the page's cost
    few = queries()
    for i in range(20):
        factories.statement(text=f"More {i}", article=factories.article(f"Body with More {i}."))
    assert len(queries()) == len(few) <= 15
