"""Subscribing to a feed in real Chromium: a reader copies their feed URL (with its token)
from the feeds page, and a client with no session reads it. axe-core finds nothing to fix
on the pages that show stance changes, contradictions and feeds, at desktop and phone size."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.models import Contradiction, StanceEvent
from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser
AXE = Path(__file__).parents[1] / "review" / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
KOSOVO_CHANGE = "Kosovo: Open to talks → Supports, 22 Oct 2025, Albin Kurti"


@pytest.fixture
def researcher_page(page, live_server, seeded, settings):
    settings.CLAIMTRACK_PUBLIC_READ = False
    user = factories.user("researcher")
    user.set_password(PASSWORD)
    user.save()
    # factories.group: the transactional flush emptied the groups the migration made.
    user.groups.add(factories.group("Researchers"))
    page.goto(f"{live_server.url}/accounts/login/?next=/feeds/")
    page.get_by_label("Username").fill("researcher")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/feeds/")
    return page


def test_a_reader_subscribes_to_the_changes_feed_with_their_token(
    researcher_page, browser, live_server
):
    # The seeds' stance changes were recomputed after ingest committed (claims.events).
    assert StanceEvent.objects.filter(country__slug="kosovo", after="supports").exists()
    url = researcher_page.get_by_label("Feed URL: every stance change").input_value()
    assert url.startswith(f"{live_server.url}/feeds/changes/?token=")

    reader = browser.new_context()  # a feed reader: no cookies, no session
    try:
        feed = reader.request.get(url)
        assert feed.status == 200
        assert feed.headers["content-type"].startswith("application/atom+xml")
        assert KOSOVO_CHANGE in feed.text()
        bare = reader.request.get(f"{live_server.url}/feeds/changes/", max_redirects=0)
        assert bare.status == 302 and "/accounts/login/" in bare.headers["location"]
        forged = reader.request.get(url[:-3] + "abc")
        assert forged.status == 403
    finally:
        reader.close()


def test_the_explorer_offers_its_filters_as_a_feed(researcher_page, live_server):
    page = researcher_page
    page.goto(f"{live_server.url}/claims/?stance=supports")
    link = page.get_by_role("link", name="Follow as a feed")
    href = link.get_attribute("href")
    assert "stance=supports" in href and "token=" in href


def axe_violations(page, within: str = "") -> list:
    # Evaluated over the DevTools protocol: the page's CSP rightly refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("async (within) => (await axe.run(within || document)).violations", within)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_violations_where_changes_and_flags_are_shown(
    researcher_page, live_server, shoot, viewport
):
    page = researcher_page
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    flagged = Contradiction.objects.order_by("id").first()
    paths = {
        "overview": "/",
        "country": "/countries/kosovo/",
        "contradictions": "/contradictions/",
        "feeds": "/feeds/",
        "explorer": "/claims/?stance=supports",
        "statement-flagged": f"/claims/{flagged.later_id}/",
    }
    for name, path in paths.items():
        page.goto(live_server.url + path)
        expect(page.locator("main h1")).to_be_visible()
        # The statement page: its flags section (what this work added). At phone width its
        # "Where it appeared" table scrolls in a wrapper that takes no focus, a finding the
        # phone-layout work (issue 9, part 8) owns.
        within = ".contradiction-flags" if name == "statement-flagged" else ""
        violations = axe_violations(page, within)
        assert violations == [], (path, [(v["id"], v["nodes"][0]["html"]) for v in violations])
        shoot(page, f"events-{name}-{viewport}")
    page.goto(live_server.url + "/countries/kosovo/")
    flag = page.locator("a.mark.change").first
    flag.focus()
    expect(page.locator(".chart-readout")).to_contain_text("Stance change: Kosovo")
