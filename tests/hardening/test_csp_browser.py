"""In real Chromium, the Content-Security-Policy blocks nothing the site itself does, and
htmx 2 still swaps results under it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401 - Chromium, and a seeded, signed-in page
    admin_user,
    browser_type_launch_args,
    logged_in,
    seeded,
)

pytestmark = pytest.mark.browser


def test_no_page_breaks_the_csp_and_htmx_still_swaps(logged_in, live_server, seeded):  # noqa: F811
    page = logged_in
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: blocked.append(str(e)))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Kosovo").first.click()
    expect(page.locator("h1")).to_contain_text("Kosovo")

    page.goto(live_server.url + "/claims/")
    page.evaluate("window.__sameDocument = 'yes'")
    page.get_by_label("Stance", exact=True).select_option("opposes")
    expect(page).to_have_url(re.compile(r"stance=opposes"))
    expect(page.locator("#results article.statement").first).to_be_visible()
    assert page.evaluate("window.__sameDocument") == "yes"  # swapped by htmx, not reloaded

    page.locator("#results article.statement a[href^='/articles/']").first.click()
    expect(page.locator("main")).to_be_visible()
    page.goto(live_server.url + "/admin/claims/statement/")
    expect(page.locator("#result_list")).to_be_visible()

    assert blocked == []
