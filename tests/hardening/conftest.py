import pytest

from tests import factories
from tests.web.conftest import pile, reader, story  # noqa: F401 - shared page fixtures


@pytest.fixture(autouse=True)
def empty_cache():
    """Page cache, generation and login-throttle state must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member():
    def make(group: str, **fields):
        return factories.user(groups=[group], **fields)

    return make
