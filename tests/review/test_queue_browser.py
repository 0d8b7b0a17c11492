"""The review queue in real Chromium, driven by the keyboard alone: verify with a reason,
undo, reject, fix the speaker and the span; axe-core finds nothing to fix."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.models import Statement
from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BODY = (
    "Officials met in Pristina on Monday.\n"
    "The minister said: “We are open to talks on return hubs. Nothing is agreed.” "
    "She left without taking questions.\n"
    "Critics were unconvinced."
)


@pytest.fixture
def queue(transactional_db):
    """Five unverified statements, least certain first in creation order, and a speaker
    the reviewer will pick instead of the machine's."""
    factories.speaker("Edi Rama")
    made = []
    for i in range(5):
        made.append(
            factories.statement(
                text="We are open to talks on return hubs" if i == 3 else f"Claim number {i}",
                article=factories.article(BODY if i == 3 else f"Lead. Claim number {i} here."),
                confidence=0.1 * (i + 1),
                stance_confidence=0.1 * (i + 1),
                date_said=dt.date(2025, 5, 1 + i),
            )
        )
    return made


@pytest.fixture
def reviewer_page(page, live_server, queue):
    user = factories.user("reviewer")
    user.set_password(PASSWORD)
    user.save()
    # factories.group: transactional tests flush the groups the data migration made, and a
    # group made again must carry its permissions (reading the autocomplete needs them).
    user.groups.add(factories.group("Admins"))
    page.goto(f"{live_server.url}/accounts/login/?next=/review/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/review/")
    return page


def heading(page):
    return page.locator("#item-heading")


def test_queue_driven_by_the_keyboard(reviewer_page, queue, shoot):
    page = reviewer_page
    first, second, third, fourth, fifth = queue
    expect(heading(page)).to_contain_text(f"Statement {first.pk}")

    # c: a reason; Esc back; v: verify. The next statement comes up with an undo.
    page.keyboard.press("c")
    page.keyboard.type("checked against the article")
    page.keyboard.press("Escape")
    page.keyboard.press("v")
    expect(heading(page)).to_contain_text(f"Statement {second.pk}")
    expect(page.locator("#review-status")).to_contain_text("Reason: “checked against the article”")
    first.refresh_from_db()
    assert first.review == "verified"
    assert first.history.latest().history_change_reason == "checked against the article"

    # u: undo brings the first statement back, unverified.
    page.keyboard.press("u")
    status = page.locator("#review-status")
    expect(status).to_contain_text(f"Undone: verified of statement {first.pk}")
    expect(heading(page)).to_contain_text(f"Statement {first.pk}")
    first.refresh_from_db()
    assert first.review == "machine"

    # j / k move through the queue without changing anything.
    page.keyboard.press("j")
    expect(heading(page)).to_contain_text(f"Statement {second.pk}")
    page.keyboard.press("k")
    expect(heading(page)).to_contain_text(f"Statement {first.pk}")

    # r: reject; the second statement comes up, and focus lands on it once it settles
    # (what a reviewer sees before typing on).
    page.keyboard.press("r")
    expect(heading(page)).to_contain_text(f"Statement {second.pk}")
    expect(heading(page)).to_be_focused()
    assert Statement.objects.get(pk=first.pk).review == "rejected"

    # s: the speaker box; suggestions come from /speakers/autocomplete/; Enter sets it.
    page.keyboard.press("s")
    page.keyboard.type("Edi")
    expect(page.locator("#review-speaker-options option")).to_have_count(1)
    page.keyboard.type(" Rama")
    page.keyboard.press("Enter")
    expect(heading(page)).to_contain_text(f"Statement {third.pk}")
    assert Statement.objects.get(pk=second.pk).speaker.name == "Edi Rama"
    # Focus lands on the new item's heading once the swap settles (review.js).
    expect(heading(page)).to_be_focused()

    # j to the statement with a long paragraph; e: edit the span to the article's words.
    page.keyboard.press("j")
    expect(heading(page)).to_contain_text(f"Statement {fourth.pk}")
    expect(page.locator(".review-context mark")).to_have_text("We are open to talks on return hubs")
    shoot(page, "review-queue")
    page.keyboard.press("e")
    page.keyboard.type("We are open to talks on return hubs. Nothing is agreed.")
    page.keyboard.press("Tab")  # to "Use these words"
    page.keyboard.press("Enter")
    expect(page.locator("#review-status")).to_contain_text(f"Span fixed: statement {fourth.pk}")
    fourth.refresh_from_db()
    assert fourth.text == "We are open to talks on return hubs. Nothing is agreed."
    assert fourth.review == "corrected"


def test_span_widens_to_the_sentence_and_bad_words_are_refused(reviewer_page, queue):
    page = reviewer_page
    fourth = queue[3]
    page.goto(page.url.split("?")[0] + "?pos=3")
    expect(heading(page)).to_contain_text(f"Statement {fourth.pk}")
    page.keyboard.press("e")
    page.keyboard.type("We will host a hub")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("does not occur word for word")
    expect(heading(page)).to_be_focused()  # the answer has settled
    page.get_by_role("button", name="Widen to the sentence").press("Enter")
    expect(page.locator("#review-status")).to_contain_text("Span fixed")
    fourth.refresh_from_db()
    assert fourth.text == "The minister said: “We are open to talks on return hubs."


def test_help_opens_with_question_mark_and_axe_finds_no_violations(reviewer_page, queue, shoot):
    page = reviewer_page
    page.keyboard.press("?")
    expect(page.locator("#review-help")).to_have_attribute("open", "")
    # Evaluated over the DevTools protocol: the page's CSP rightly refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result] == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "review-queue-phone")
