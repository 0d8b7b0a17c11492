"""python manage.py load_topics: add every topic shipped in claims/nlp/data/topics that the
database does not hold yet. Topics already there are left as an admin edited them."""

from django.core.management.base import BaseCommand

from claims.topics import load_shipped_topics


class Command(BaseCommand):
    help = "Add the shipped tracked questions (topic JSON files) missing from the database."

    def handle(self, *args: object, **opts: object) -> None:
        created = load_shipped_topics()
        self.stdout.write(f"Added {len(created)} topic(s): {', '.join(created) or 'none new'}")
