"""Query parameters checked once, before any view: what every view may then assume.

A NUL byte cannot be stored in or compared with a PostgreSQL text value, and a page
number of 10**18 overflows the OFFSET it becomes; both ended in a 500. Rather than guard
each view, the middleware refuses such requests with a 400 that says which parameter.
"""

from __future__ import annotations

from django.http import QueryDict

# 25 rows a page: 2,000,000 pages is 50 M rows, beyond any corpus ClaimTrack keeps, and
# an OFFSET PostgreSQL handles. Views page with "page"; the admin with "p".
MAX_PAGE = 2_000_000
PAGE_PARAMETERS = ("page", "p")
# Longer values are never a real filter or search; they only cost parsing.
MAX_VALUE_LENGTH = 2000


class BadParameter(ValueError):
    """A query parameter no view can serve; the message names it."""


def page_number(value: str | None) -> int:
    """A page number from 1 to MAX_PAGE; a missing or non-numeric value is page 1 (as the
    pager's links never produce one, a clean first page beats an error)."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    if number > MAX_PAGE:
        raise BadParameter(f"page must be at most {MAX_PAGE:,}")
    return max(number, 1)


def check_query(query: QueryDict) -> None:
    """Raise BadParameter for the first parameter no view should see."""
    for key, values in query.lists():
        for value in values:
            if "\x00" in key or "\x00" in value:
                raise BadParameter(f"{key!r} contains a NUL character")
            if len(value) > MAX_VALUE_LENGTH:
                raise BadParameter(f"{key!r} is longer than {MAX_VALUE_LENGTH} characters")
        if key in PAGE_PARAMETERS:
            page_number(values[-1])
