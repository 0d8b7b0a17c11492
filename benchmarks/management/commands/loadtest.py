"""python manage.py loadtest: a bounded read load against a local server.

Each virtual user is a thread with one keep-alive HTTP connection that reads pages the
way a browser does: it picks the next URL from a fixed mix (overview, explorer, its
filters and pages, countries, speakers, statements), remembers each page's ETag and sends
it back (If-None-Match), so repeat reads can be answered with 304. Each level (1, 8 and
32 users by default) runs for a fixed time after a short warm-up, and the command prints
requests per second and the 50th, 95th and 99th percentile latencies.

Only a server on this machine is accepted (127.0.0.1, ::1, localhost): this is a
measuring tool, never a way to load someone else's site.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError, CommandParser

LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")
LINK = re.compile(r'href="(/(?:countries|speakers|claims)/[^"?#]+/)"')
MAX_REQUESTS_PER_LEVEL = 200_000


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0

    def merge(self, other: Tally) -> None:
        self.latencies += other.latencies
        self.statuses.update(other.statuses)
        self.errors += other.errors


class Client:
    """One user: a keep-alive connection, a session cookie when signed in, its ETags."""

    def __init__(self, host: str, port: int, cookie: str = "", conditional: bool = True):
        self.host, self.port, self.cookie, self.conditional = host, port, cookie, conditional
        self.etags: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        headers = {"Host": f"{self.host}:{self.port}", "Accept": "text/html"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.conditional and path in self.etags:
            headers["If-None-Match"] = self.etags[path]
        try:
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnect once on a dropped keep-alive connection
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
        body = response.read()
        if etag := response.getheader("ETag"):
            self.etags[path] = etag
        return response.status, body


def login(host: str, port: int, username: str, password: str) -> str:
    """Sign in through the login form; returns the Cookie header of the session."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", "/accounts/login/", headers={"Host": f"{host}:{port}"})
    response = conn.getresponse()
    page = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    cookies = dict(c.split(";")[0].split("=", 1) for c in response.headers.get_all("Set-Cookie"))
    if not csrf:
        raise CommandError("The login page has no CSRF token.")
    body = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf.group(1)}
    )
    headers = {
        "Host": f"{host}:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Referer": f"http://{host}:{port}/accounts/login/",
    }
    conn.request("POST", "/accounts/login/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    for c in response.headers.get_all("Set-Cookie") or []:
        name, value = c.split(";")[0].split("=", 1)
        cookies[name] = value
    if response.status != 302 or "sessionid" not in cookies:
        raise CommandError(f"Login as {username!r} failed (HTTP {response.status}).")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def url_mix(client: Client, limit: int = 40) -> list[str]:
    """The pages a reader visits: the two entry pages, their filters and second pages, and
    the countries, speakers and statements they link to."""
    mix = ["/", "/claims/", "/claims/?page=2", "/claims/?sort=date", "/claims/?q=return+hubs"]
    found: list[str] = []
    for entry in ("/", "/claims/"):
        status, body = client.get(entry)
        if status != 200:
            raise CommandError(f"GET {entry} answered {status}: is reading allowed?")
        found += LINK.findall(body.decode())
    linked = list(dict.fromkeys(found))[:limit]
    return mix + linked + [f"{u}?page=2" for u in linked if u.startswith("/countries/")]


def run_level(args: dict, urls: list[str], users: int, seconds: float) -> tuple[Tally, float]:
    tallies = [Tally() for _ in range(users)]
    stop = threading.Event()
    measuring = threading.Event()

    def user(i: int) -> None:
        rng = random.Random(i)
        client = Client(args["host"], args["port"], args["cookie"], args["conditional"])
        tally = tallies[i]
        while not stop.is_set() and len(tally.latencies) < MAX_REQUESTS_PER_LEVEL // users:
            path = rng.choice(urls)
            started = time.perf_counter()
            try:
                status, _ = client.get(path)
            except (OSError, http.client.HTTPException):
                status = 0
            elapsed = time.perf_counter() - started
            if measuring.is_set():
                tally.latencies.append(elapsed)
                tally.statuses[status] += 1
                tally.errors += status == 0 or status >= 400

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    time.sleep(min(2.0, seconds / 5))  # warm-up: connections, first renders
    measuring.set()
    started = time.perf_counter()
    time.sleep(seconds)
    measuring.clear()
    elapsed = time.perf_counter() - started
    stop.set()
    for t in threads:
        t.join(timeout=60)
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total, elapsed


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


class Command(BaseCommand):
    help = "Bounded read load on a local server at 1, 8 and 32 users: req/s, p50/p95/p99."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="127.0.0.1, ::1 or localhost")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--users", default="1,8,32", help="comma-separated levels")
        parser.add_argument("--seconds", type=float, default=20.0, help="measured time a level")
        parser.add_argument("--username", help="sign in as this user (else anonymous)")
        parser.add_argument("--password", default="")
        parser.add_argument(
            "--no-conditional", action="store_true", help="never send If-None-Match"
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per level")

    def handle(self, *args, **opts) -> None:
        if opts["host"] not in LOCAL_HOSTS:
            raise CommandError(f"--host must be one of {', '.join(LOCAL_HOSTS)}.")
        if not 0 < opts["seconds"] <= 300:
            raise CommandError("--seconds must be between 0 and 300.")
        levels = [int(n) for n in opts["users"].split(",")]
        if not all(0 < n <= 64 for n in levels):
            raise CommandError("--users levels must be between 1 and 64.")
        cookie = (
            login(opts["host"], opts["port"], opts["username"], opts["password"])
            if opts["username"]
            else ""
        )
        settings = {
            "host": opts["host"],
            "port": opts["port"],
            "cookie": cookie,
            "conditional": not opts["no_conditional"],
        }
        urls = url_mix(Client(opts["host"], opts["port"], cookie))
        if not opts["json"]:
            self.stdout.write(f"{len(urls)} URLs; {opts['seconds']:.0f} s a level")
            self.stdout.write("users  requests  errors   req/s   p50 ms   p95 ms   p99 ms   304s")
        for users in levels:
            tally, elapsed = run_level(settings, urls, users, opts["seconds"])
            self._report(users, tally, elapsed, opts["json"])

    def _report(self, users: int, tally: Tally, elapsed: float, as_json: bool) -> None:
        ms = sorted(x * 1000 for x in tally.latencies)
        row = {
            "users": users,
            "requests": len(ms),
            "errors": tally.errors,
            "req_per_s": round(len(ms) / elapsed, 1),
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
            "p99_ms": round(percentile(ms, 99), 1),
            "not_modified": tally.statuses.get(304, 0),
            "statuses": dict(tally.statuses),
        }
        if as_json:
            self.stdout.write(json.dumps(row))
            return
        self.stdout.write(
            f"{users:5d}  {row['requests']:8d}  {row['errors']:6d}  {row['req_per_s']:6.1f}"
            f"  {row['p50_ms']:7.1f}  {row['p95_ms']:7.1f}  {row['p99_ms']:7.1f}"
            f"  {row['not_modified']:5d}"
        )
