from tests.web.conftest import empty_cache, pile, reader, story  # noqa: F401  (shared fixtures)
