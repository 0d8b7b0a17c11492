"""``{% feed_url "claims:feed_country" country.slug %}``: a feed's URL for the signed-in
user, with their token (claims.feeds.feed_url); ``{% contradiction_flags statement as
flags %}``: the contradictions a statement is part of (claims.events.flags_on)."""

from django import template

from claims import events, feeds

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_url(context, name: str, *args, query: str = "") -> str:
    return feeds.feed_url(context["request"], name, *args, query=query)


@register.simple_tag
def contradiction_flags(statement):
    return events.flags_on(statement)
