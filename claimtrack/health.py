"""/healthz: is this instance able to serve? JSON, 200 when every check passes, else 503.

Checks the database (one query on the default connection) and, when CELERY_BROKER_URL is
set, the broker: a Redis PING, or for amqp:// a TCP connection to the broker's port.
Celery itself is not in ClaimTrack yet; checking its broker now means a deployment learns
early that the worker's broker is unreachable. Each check has a short timeout so a load
balancer's probe never hangs.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

TIMEOUT = 2.0


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss"):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
        try:
            if not client.ping():
                raise ConnectionError("Redis did not answer PING")
        finally:
            client.close()
        return
    if parts.scheme in ("amqp", "amqps", "pyamqp"):
        port = parts.port or (5671 if parts.scheme == "amqps" else 5672)
        with socket.create_connection((parts.hostname or "localhost", port), timeout=TIMEOUT):
            return
    raise ValueError(f"unsupported broker scheme {parts.scheme!r}")


def _run(check: Callable[..., object], *args: str) -> dict[str, object]:
    started = time.perf_counter()
    try:
        check(*args)
    except Exception as error:
        logger.exception("Health check %s failed", check.__name__)
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _run(check_database)}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _run(check_broker, settings.CELERY_BROKER_URL)
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
