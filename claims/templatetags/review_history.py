"""``{% statement_changes statement as changes %}``: a statement's human changes, each with
its before and after values, for templates/claims/_history.html. The work is in
claims.review_services.human_changes; the tag only hands it to the template."""

from __future__ import annotations

from typing import Any

from django import template

from claims.models import Statement
from claims.review_services import human_changes

register = template.Library()


@register.simple_tag
def statement_changes(statement: Statement, limit: int = 5) -> list[dict[str, Any]]:
    return human_changes(statement=statement, limit=limit)
