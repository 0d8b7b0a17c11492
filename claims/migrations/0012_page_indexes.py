"""Indexes the pages need at 1M statements (issue 11, "pages at any depth").

Statements get (speaker, review), so a speaker's visible statements are counted from the
index alone.

The statement-country link table (Django's own through table for Statement.countries)
gets (country_id, statement_id): "has anyone mentioned this country" and "the newest
statements about it" read the first entries of that index instead of scanning the table.
"""

from django.db import migrations, models

FORWARD = (
    "CREATE INDEX IF NOT EXISTS claims_statement_countries_country_statement "
    "ON claims_statement_countries (country_id, statement_id)"
)
BACKWARD = "DROP INDEX IF EXISTS claims_statement_countries_country_statement"


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_shipped_topic_participants")]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD, elidable=False),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["speaker", "review"], name="claims_stat_speaker_review"),
        ),
    ]
