"""Stance changes on the overview, country page and chart; contradiction flags on the
statement page and /contradictions/. Pages read stored rows: query counts stay fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims import events
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(story):
    events.settle()
    return story


def test_the_overview_lists_recent_changes(reader, settled):
    html = reader.get(reverse("claims:overview")).content.decode()
    recent = html[html.index('id="changes-title"') :]
    assert "Recent changes" in recent[:100]
    kosovo = recent.index("Kosovo")
    assert "Open to talks" in recent[kosovo : kosovo + 400]
    assert "Supports" in recent[kosovo : kosovo + 600]
    assert "14 Oct 2025" in recent[kosovo : kosovo + 900]


def test_the_country_page_lists_its_changes_and_flags_them_on_the_chart(reader, settled):
    html = reader.get(reverse("claims:country", args=["kosovo"])).content.decode()
    assert 'class="mark change"' in html
    assert (
        'aria-label="Stance change: Kosovo: Open to talks → Supports, 14 Oct 2025, Vjosa Osmani"'
        in html
    )
    listed = html[html.index('id="changes-title"') :]
    assert "No position" in listed and "Open to talks" in listed


def test_a_statement_page_shows_its_contradiction_and_the_list_page_has_it(reader, settled):
    later = factories.statement(
        speaker=settled["osmani"], stance="opposes", date_said=dt.date(2025, 11, 1)
    )
    events.settle()
    html = reader.get(later.get_absolute_url()).content.decode()
    flags = html[html.index('id="flags-title"') :]
    assert "Kosovo’s government" not in flags  # one speaker: a speaker's contradiction
    assert "Vjosa Osmani said the opposite 18 days earlier" in flags
    assert settled["supports"].get_absolute_url() in flags
    listed = reader.get(reverse("claims:contradictions")).content.decode()
    assert later.get_absolute_url() in listed and "18 days apart" in listed


def test_the_contradictions_page_says_when_there_are_none(reader, settled):
    html = reader.get(reverse("claims:contradictions")).content.decode()
    assert "No contradictions flagged" in html


def test_contradictions_page_query_count_does_not_grow(
    reader, settled, pile, django_assert_num_queries
):
    url = reverse("claims:contradictions")
    # session, user, topics, flags (with statements and speakers)
    with django_assert_num_queries(4):
        reader.get(url)
    pile(40)
    events.settle()
    with django_assert_num_queries(4):
        reader.get(url)


def test_a_country_that_changed_often_lists_its_newest_changes_and_points_to_the_rest(
    reader, story
):
    from claims.views import CHANGES_MAX

    start = dt.date(2020, 1, 1)
    for i in range(CHANGES_MAX + 3):  # alternating positions: every one is a change
        factories.statement(
            speaker=story["rama"],
            text=f"Position number {i} on return hubs",
            stance="supports" if i % 2 else "opposes",
            date_said=start + dt.timedelta(days=i),
            speaker_country=story["albania"],
        )
    events.recompute_all()
    html = reader.get(reverse("claims:country", args=["albania"])).content.decode()
    listed = html[html.index('id="changes-title"') :]
    assert listed.count("<li>") == CHANGES_MAX
    assert f"The newest {CHANGES_MAX} changes are listed" in listed
    assert reverse("claims:feed_country", args=["albania"]) in listed
