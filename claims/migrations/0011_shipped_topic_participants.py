"""Databases made before the EU question listed its participants (the 27 member states)
get the participants the shipped topic files name and the stored topics lack.

Only adds: a participant an admin removed by hand before this release comes back, but no
participant an admin added is taken away, and nothing else of a stored topic changes."""

from django.db import migrations


def add_shipped_participants(apps, schema_editor) -> None:
    from claims.topics import _country, shipped_lexicons

    Topic = apps.get_model("claims", "Topic")
    Country = apps.get_model("claims", "Country")
    for lex in shipped_lexicons():
        topic = Topic.objects.filter(slug=lex.slug).first()
        if topic is None:
            continue
        have = set(topic.participants.values_list("pk", flat=True))
        wanted = [_country(Country, name) for name in lex.participants]
        topic.participants.add(*[c for c in wanted if c.pk not in have])


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_stance_events_and_contradictions")]

    operations = [migrations.RunPython(add_shipped_participants, migrations.RunPython.noop)]
