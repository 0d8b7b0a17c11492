"""An admin's correction shows on the public pages and survives re-ingest and re-extraction."""

from django.core.management import call_command
from playwright.sync_api import expect

from claims import selectors
from claims.models import Country, Statement, Topic
from tests.browser.conftest import SEEDS

NEW_TEXT = "Kosovo would host a return hub only with guarantees on security (corrected wording)"


def test_admin_correction_shows_publicly_and_survives_reingest_and_extract(
    logged_in, live_server, governments_known, shoot
):
    page = logged_in
    target = selectors.current_stance_of(
        Topic.objects.primary(), Country.objects.get(slug="kosovo")
    )
    assert target is not None, "extraction found no stance for Kosovo in the seeds"

    page.goto(f"{live_server.url}/admin/claims/statement/{target.pk}/change/")
    page.locator("#id_text").fill(NEW_TEXT)
    page.locator("#id_stance").select_option("conditional")
    shoot(page, "admin-correct-statement")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    def assert_corrected_everywhere() -> None:
        page.goto(f"{live_server.url}/claims/{target.pk}/")
        expect(page.locator(".big-quote")).to_have_text(NEW_TEXT)
        expect(page.locator(".facts .stance")).to_have_text("Conditional")
        expect(page.locator(".facts .verified")).to_be_visible()
        # Still the latest dated government statement, so still Kosovo's current stance,
        # now with the person's stance on it.
        page.goto(live_server.url + "/")
        expect(page.locator("#country-kosovo .current .stance")).to_have_text("Conditional")
        page.goto(f"{live_server.url}/claims/?q=guarantees+security")
        expect(page.locator(f"#statement-{target.pk}")).to_contain_text("corrected wording")
        page.goto(live_server.url + "/countries/kosovo/")
        expect(page.locator(f"#statement-{target.pk} blockquote")).to_have_text(NEW_TEXT)

    assert_corrected_everywhere()
    shoot(page, "country-kosovo-after-correction")

    call_command("ingest", str(SEEDS), verbosity=0)
    call_command("extract", "--all", "--quiet")
    assert Statement.objects.get(pk=target.pk).text == NEW_TEXT
    assert_corrected_everywhere()
