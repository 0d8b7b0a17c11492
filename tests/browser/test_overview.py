import re

from playwright.sync_api import expect


def test_overview_shows_kosovo_moving_from_open_to_supports_and_albania_opposed(
    logged_in, live_server, governments_known, shoot
):
    page = logged_in
    page.goto(live_server.url + "/")
    kosovo = page.locator("#country-kosovo")
    expect(kosovo.locator(".current .stance")).to_have_text("Supports")
    expect(kosovo.locator(".said")).to_contain_text("October 2025")
    # Before supporting, Kosovo was open to talks in May 2025.
    expect(kosovo.locator(".strip li[title^='May 2025']")).to_have_attribute(
        "title", re.compile(r"^May 2025: Open to talks")
    )
    albania = page.locator("#country-albania")
    expect(albania.locator(".current .stance")).to_have_text("Opposes")
    shoot(page, "overview")


def test_country_timeline_charts_the_change_and_lists_statements_by_month(
    logged_in, live_server, governments_known, shoot
):
    page = logged_in
    page.goto(live_server.url + "/countries/kosovo/")
    marks = page.locator("svg.timeline a.mark")
    expect(marks.first).to_be_visible()
    expect(page.locator("svg.timeline circle.stance-open")).not_to_have_count(0)
    expect(page.locator("svg.timeline circle.stance-supports")).not_to_have_count(0)
    # Keyboard focus on a mark shows who said what.
    marks.first.focus()
    expect(page.locator(".chart-readout")).to_contain_text("2025")
    expect(page.get_by_role("heading", name="May 2025")).to_be_visible()
    expect(page.get_by_role("heading", name="October 2025")).to_be_visible()
    shoot(page, "country-kosovo")
