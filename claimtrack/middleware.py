"""Request guards and cheap repeat reads.

QueryParameterMiddleware refuses query strings no view can serve (claimtrack.params).

ConditionalPageMiddleware makes reads cheap without knowing what any page shows:
- Every 200 page gets an ETag made from the data generation (claimtrack.generation),
  the release, the URL, the htmx headers and, for a signed-in user, who they are and
  their CSRF cookie. A browser that sends it back gets a 304 before the view runs.
- An anonymous page (with CLAIMTRACK_PUBLIC_READ) is kept whole in the shared cache
  under the same key, so the next anonymous reader gets it without a query.
A committed write anywhere moves the generation on, which invalidates both at once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotModified,
    JsonResponse,
)
from django.utils.cache import patch_cache_control, patch_vary_headers

from claimtrack import generation
from claimtrack.params import BadParameter, check_query

logger = logging.getLogger(__name__)

# Never cached or given an ETag: forms, the admin, the health check, streamed exports.
UNCACHED_PREFIXES = ("/admin/", "/accounts/", "/healthz", "/static/", "/claims/export/")
VARYING_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Boosted")


class QueryParameterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_query(request.GET)
        except BadParameter as error:
            message = f"Bad query parameter: {error}."
            if request.path.startswith("/api/"):
                # The API's documented error shape, {"detail": ...}, as its own 400s.
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def release() -> str:
    """Changes when code, templates or static files do, so a deploy never serves old
    markup under an ETag a browser still holds, nor old pages from the shared cache."""
    digest = hashlib.sha256(getattr(settings, "CLAIMTRACK_RELEASE", "").encode())
    roots = [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]]
    roots += [Path(settings.BASE_DIR) / app for app in ("claimtrack", "claims", "articles")]
    roots.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class ConditionalPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.release = release()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous = not request.user.is_authenticated
        if not self._applies(request) or (anonymous and not settings.CLAIMTRACK_PUBLIC_READ):
            return self.get_response(request)  # anonymous readers are sent to log in
        try:
            key = self._key(request)
        except Exception:  # a cache outage costs the cache, never the page
            logger.exception("Page cache unavailable; serving without it")
            return self.get_response(request)
        etag = f'W/"{key}"'
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            return not_modified
        if anonymous and (cached := self._cached(key)) is not None:
            return cached
        response = self.get_response(request)
        if self._repeatable(request, response):
            response["ETag"] = etag
            # Stored, but checked with us before each reuse (the ETag makes that cheap).
            patch_cache_control(
                response, no_cache=True, **{"public" if anonymous else "private": True}
            )
            patch_vary_headers(response, ("Cookie",))
            if anonymous and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                self._store(key, response)
        return response

    @staticmethod
    def _applies(request: HttpRequest) -> bool:
        return (
            settings.CLAIMTRACK_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
        )

    def _key(self, request: HttpRequest) -> str:
        user = request.user
        who = (
            f"{user.pk}:{request.COOKIES.get(settings.CSRF_COOKIE_NAME, '')}"
            if user.is_authenticated
            else "-"
        )
        parts = [generation.current(), self.release, who, request.get_full_path()]
        parts += [request.headers.get(h, "") for h in VARYING_HEADERS]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

    @staticmethod
    def _repeatable(request: HttpRequest, response: HttpResponse) -> bool:
        """A complete 200 page that set no new cookie and changed no session: serving it
        again is the same as rendering it again. A CSRF token on the page is fine when it
        comes from the cookie the browser already holds (part of the key)."""
        new_csrf_secret = request.META.get("CSRF_COOKIE") != request.COOKIES.get(
            settings.CSRF_COOKIE_NAME
        )
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not (request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and new_csrf_secret)
            and not getattr(getattr(request, "session", None), "modified", False)
        )

    @staticmethod
    def _cached(key: str) -> HttpResponse | None:
        try:
            return cache.get(f"claimtrack:page:{key}")
        except Exception:
            logger.exception("Page cache read failed")
            return None

    @staticmethod
    def _store(key: str, response: HttpResponse) -> None:
        try:
            cache.set(f"claimtrack:page:{key}", response, settings.CLAIMTRACK_PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Page cache write failed")
