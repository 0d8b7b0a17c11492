"""Per-country statement counts for the overview, kept by PostgreSQL triggers.

Statement-level AFTER triggers with transition tables see every write path (ORM saves,
bulk_create, bulk_update, QuerySet.update()/delete(), COPY, raw SQL) once per statement,
not once per row, so a million-row COPY adds one grouped upsert. They run inside the
writing transaction: the count commits or rolls back with the statements. Upserts are
ordered by country so concurrent writers take the row locks in the same order.
Other databases skip this; the overview counts live there.
"""

import django.db.models.deletion
from django.db import migrations, models

# Visible statements only: rejected ones never count, and a country-less one has no row.
VISIBLE = "speaker_country_id IS NOT NULL AND review <> 'rejected'"

FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION claims_country_statement_count() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM claims_countrystatementcount;
        RETURN NULL;
      END IF;
      IF TG_OP = 'INSERT' THEN
        INSERT INTO claims_countrystatementcount AS t (country_id, statements)
        SELECT speaker_country_id, count(*) FROM new_rows WHERE {VISIBLE}
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (country_id) DO UPDATE SET statements = t.statements + EXCLUDED.statements;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO claims_countrystatementcount AS t (country_id, statements)
        SELECT speaker_country_id, -count(*) FROM old_rows WHERE {VISIBLE}
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (country_id) DO UPDATE SET statements = t.statements + EXCLUDED.statements;
      ELSE
        INSERT INTO claims_countrystatementcount AS t (country_id, statements)
        SELECT country_id, sum(delta) FROM (
          SELECT speaker_country_id AS country_id, 1 AS delta FROM new_rows WHERE {VISIBLE}
          UNION ALL
          SELECT speaker_country_id, -1 FROM old_rows WHERE {VISIBLE}
        ) AS changes
        GROUP BY 1 HAVING sum(delta) <> 0 ORDER BY 1
        ON CONFLICT (country_id) DO UPDATE SET statements = t.statements + EXCLUDED.statements;
      END IF;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER claims_statement_count_ins AFTER INSERT ON claims_statement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_country_statement_count();
    """,
    """
    CREATE TRIGGER claims_statement_count_upd AFTER UPDATE ON claims_statement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_country_statement_count();
    """,
    """
    CREATE TRIGGER claims_statement_count_del AFTER DELETE ON claims_statement
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_country_statement_count();
    """,
    """
    CREATE TRIGGER claims_statement_count_trunc AFTER TRUNCATE ON claims_statement
    FOR EACH STATEMENT EXECUTE FUNCTION claims_country_statement_count();
    """,
    # The statements already there, counted once; the lock keeps writers out meanwhile.
    "LOCK TABLE claims_statement IN SHARE ROW EXCLUSIVE MODE;",
    f"""
    INSERT INTO claims_countrystatementcount (country_id, statements)
    SELECT speaker_country_id, count(*) FROM claims_statement WHERE {VISIBLE} GROUP BY 1;
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_statement_count_trunc ON claims_statement;",
    "DROP TRIGGER IF EXISTS claims_statement_count_del ON claims_statement;",
    "DROP TRIGGER IF EXISTS claims_statement_count_upd ON claims_statement;",
    "DROP TRIGGER IF EXISTS claims_statement_count_ins ON claims_statement;",
    "DROP FUNCTION IF EXISTS claims_country_statement_count();",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_topic_lexicon_options")]

    operations = [
        migrations.CreateModel(
            name="CountryStatementCount",
            fields=[
                (
                    "country",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="claims.country",
                    ),
                ),
                ("statements", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
