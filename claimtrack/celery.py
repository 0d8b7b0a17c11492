"""The Celery app: ``python -m celery -A claimtrack worker``.

Configuration comes from Django settings (the CELERY_* block); tasks are found in each
app's ``tasks`` module. The spaCy model is not loaded here: each worker process loads it
on its first task (claims.nlp.pipeline.get_nlp caches it per process).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

app = Celery("claimtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
