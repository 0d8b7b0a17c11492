"""``{% feed_url "claims:feed_country" country.slug %}``: a feed's URL for the signed-in
user, with their token (claims.feeds.feed_url); ``{% contradiction_flags statement as
flags %}``: the contradictions a statement is part of (claims.events.flags_on)."""

from __future__ import annotations

from django import template
from django.template.context import Context

from claims import events, feeds
from claims.models import Contradiction, Statement

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_url(context: Context, name: str, *args: object, query: str = "") -> str:
    return feeds.feed_url(context["request"], name, *args, query=query)


@register.simple_tag
def contradiction_flags(statement: Statement) -> list[Contradiction]:
    return events.flags_on(statement)
