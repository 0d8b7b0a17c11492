"""History that shows what changed: on the public statement page and in the admin."""

import pytest

from claims import review_services

pytestmark = pytest.mark.django_db


def test_statement_page_shows_before_after_and_reason_of_a_correction(
    client, machine_statement, reviewer
):
    review_services.set_stance(
        statement=machine_statement, stance="opposes", user=reviewer, reason="cue was negated"
    )
    client.force_login(reviewer)
    html = client.get(machine_statement.get_absolute_url()).content.decode()
    assert "Changes by people" in html
    assert "reviewer: “cue was negated”" in html
    assert "Stance: <del>Supports</del> → <ins>Opposes</ins>" in html
    assert "Review: <del>Machine suggestion</del> → <ins>Corrected</ins>" in html


def test_an_unchanged_machine_statement_shows_no_history(client, machine_statement, reviewer):
    client.force_login(reviewer)
    html = client.get(machine_statement.get_absolute_url()).content.decode()
    assert "Changes by people" not in html


def test_admin_history_has_the_machine_before_values_and_the_reason(
    admin_client, machine_statement, reviewer
):
    review_services.set_stance(
        statement=machine_statement, stance="open", user=reviewer, reason="talks, not support"
    )
    url = f"/admin/claims/statement/{machine_statement.pk}/history/"
    html = admin_client.get(url).content.decode()
    assert "talks, not support" in html
    assert review_services.BASELINE_REASON in html
    assert "supports" in html and "open" in html


def test_admin_offers_no_delete_for_statements_only_reject(admin_client, machine_statement):
    change = f"/admin/claims/statement/{machine_statement.pk}/change/"
    html = admin_client.get(change).content.decode()
    assert f"/statement/{machine_statement.pk}/delete/" not in html and "never deleted" in html
    assert admin_client.get(change.replace("change", "delete")).status_code == 403
    listing = admin_client.get("/admin/claims/statement/").content.decode()
    assert 'value="reject"' in listing and 'value="delete_selected"' not in listing


def test_an_admin_edit_records_the_machine_state_and_the_reason(edit, machine_statement):
    from claims.models import Statement

    url = f"/admin/claims/statement/{machine_statement.pk}/change/"
    response = edit(url, stance="conditional", change_reason="only with guarantees")
    assert response.status_code == 302
    before, after = Statement.history.filter(id=machine_statement.pk).order_by("history_date")
    assert (before.stance, before.history_change_reason) == (
        "supports",
        review_services.BASELINE_REASON,
    )
    assert (after.stance, after.review) == ("conditional", "corrected")
    assert after.history_change_reason == "only with guarantees"
