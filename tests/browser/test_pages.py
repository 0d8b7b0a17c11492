"""Every page in a desktop and a phone viewport: renders, no sideways scrolling on a phone,
keyboard reachable, axe-core finds no violation; the screenshots are kept as test artifacts."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import Article
from claims.models import Speaker, Statement

PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).parents[1] / "review" / "vendor" / "axe.min.js"


def page_paths() -> dict[str, str]:
    statement = Statement.objects.visible().filter(speaker__name="Vjosa Osmani").first()
    statement = statement or Statement.objects.visible().first()
    speaker = Speaker.objects.get(pk=statement.speaker_id)
    article = Article.objects.filter(appearances__isnull=False).order_by("date", "id").first()
    return {
        "overview": "/",
        "country-kosovo": "/countries/kosovo/",
        "country-kosovo-per-month": "/countries/kosovo/?count=month",
        "claims-explorer-search": "/claims/?q=return+hubs",
        "statement": f"/claims/{statement.pk}/",
        "speaker": f"/speakers/{speaker.slug}/",
        "article": f"/articles/{article.pk}/",
        "speakers": "/speakers/",
        "articles": "/articles/",
        "countries": "/countries/",
    }


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_page_renders_and_fits(logged_in, live_server, seeded, shoot, viewport):
    page = logged_in
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    for name, path in page_paths().items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        expect(page.locator("main h1")).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on {viewport}"
        # Evaluated over the DevTools protocol: the page's CSP rightly refuses inline scripts.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        found = page.evaluate("async () => (await axe.run(document)).violations")
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == [], path
        shoot(page, f"{name}-{viewport}")


def test_article_page_marks_claims_linked_to_statements(logged_in, live_server, seeded):
    page = logged_in
    page.goto(live_server.url + page_paths()["article"])
    claim = page.locator("mark.claim a").first
    expect(claim).to_be_visible()
    claim.click()
    expect(page.locator(".big-quote")).to_be_visible()


def test_keyboard_skip_link_reaches_main_content(logged_in, live_server, seeded):
    page = logged_in
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_login_page_and_404(page, live_server, transactional_db, shoot):
    page.goto(live_server.url + "/countries/kosovo/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    shoot(page, "login")
    page.goto(live_server.url + "/accounts/login/")
    response = page.goto(live_server.url + "/no/such/page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
