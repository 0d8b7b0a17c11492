import csv
import json
import re
from urllib.parse import urlsplit

from django.http import QueryDict
from playwright.sync_api import expect

from claims.forms import StatementFilterForm
from claims.models import Statement, Topic


def result_ids(page) -> list[str]:
    return page.locator("#results article.statement").evaluate_all("els => els.map(e => e.id)")


def expected_ids(query: str) -> list[int]:
    form = StatementFilterForm(QueryDict(query))
    return list(form.filter(Statement.objects.visible()).values_list("pk", flat=True))


def test_choosing_a_speaker_updates_results_without_reload_and_the_url_is_shareable(
    logged_in, live_server, seeded, shoot
):
    page = logged_in
    page.goto(live_server.url + "/claims/")
    page.evaluate("window.__sameDocument = 'yes'")
    speaker = page.get_by_label("Speaker", exact=True)
    speaker.fill("Vjosa Osmani")
    speaker.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]speaker=Vjosa(\+|%20)Osmani"))
    # The explorer lists statements about its topic (the default one here).
    on_topic = Statement.objects.visible().on_topic(Topic.objects.primary())
    osmani = on_topic.filter(speaker__name="Vjosa Osmani")
    assert osmani.exists(), "extraction found no statement by Vjosa Osmani in the seeds"
    expect(page.locator("#results article.statement")).to_have_count(min(osmani.count(), 25))
    for who in page.locator("#results article.statement .who a:first-child").all_inner_texts():
        assert who == "Vjosa Osmani"
    # htmx swapped #results: the page itself was never reloaded.
    assert page.evaluate("window.__sameDocument") == "yes"
    shown = result_ids(page)
    shoot(page, "claims-explorer")

    page.reload()
    assert page.evaluate("window.__sameDocument") is None  # a real reload this time
    assert result_ids(page) == shown
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Vjosa Osmani")


def test_back_button_restores_the_previous_selection(logged_in, live_server, seeded):
    page = logged_in
    page.goto(live_server.url + "/claims/")
    everything = result_ids(page)
    page.get_by_label("Stance", exact=True).select_option("opposes")
    expect(page).to_have_url(re.compile(r"stance=opposes"))
    expect(page.locator("#results article.statement")).not_to_have_count(len(everything))
    page.go_back()
    expect(page).to_have_url(live_server.url + "/claims/")
    expect(page.locator("#results article.statement")).to_have_count(len(everything))


def test_export_downloads_the_filtered_rows(logged_in, live_server, seeded, tmp_path):
    page = logged_in
    page.goto(live_server.url + "/claims/?stance=opposes")
    query = urlsplit(page.url).query
    wanted = sorted(expected_ids(query))
    assert wanted, "extraction found no opposing statement in the seeds"

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    path = tmp_path / "claims.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert sorted(int(r["id"]) for r in rows) == wanted
    assert {r["stance"] for r in rows} == {"opposes"}

    with page.expect_download() as info:
        page.get_by_role("link", name="JSON").click()
    path = tmp_path / "claims.json"
    info.value.save_as(path)
    assert sorted(r["id"] for r in json.loads(path.read_text(encoding="utf-8"))) == wanted
