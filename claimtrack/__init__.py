"""ClaimTrack. The Celery app loads with Django, so tasks bind to it (`celery -A claimtrack`)."""

from claimtrack.celery import app as celery_app

__all__ = ("celery_app",)
