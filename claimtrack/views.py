"""Error views of the project as a whole."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.defaults import server_error as django_server_error


def database_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached (or the connection broke), as opposed to a bug
    in a query, which stays a 500."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    cause = getattr(error, "__cause__", None)
    return isinstance(error, DatabaseError) and type(cause).__name__ in (
        "OperationalError",
        "InterfaceError",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 with Retry-After while the database is down, else the 500 page.

    Django calls it from inside its exception handler, so sys.exc_info() is the error.
    503.html, like 500.html, uses no template tag and no context: it must render without
    the database (base.html would look up the user).
    """
    if not database_unavailable(sys.exc_info()[1]):
        return django_server_error(request)
    body = loader.get_template("503.html").render()
    response = HttpResponseServerError(body)
    response.status_code = 503
    response["Retry-After"] = str(settings.CLAIMTRACK_RETRY_AFTER)
    return response
