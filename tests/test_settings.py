from django.conf import settings
from django.db import connection


def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_spacy_model_is_a_setting():
    assert settings.CLAIMTRACK_SPACY_MODEL
