"""Test environment defaults, loaded as a plugin (see pyproject addopts) before Django starts.

Tests run on PostgreSQL: DATABASE_URL if set, else the local server.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("CLAIMTRACK_HTTPS", "0")
os.environ.setdefault("CLAIMTRACK_PLAIN_STATIC", "1")
