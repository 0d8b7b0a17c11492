"""Full-text search on PostgreSQL: a trigger keeps Statement.search_vector current for every
write path (ORM, admin, bulk inserts of the synthetic corpus) and a GIN index serves it.
Other databases skip this; search falls back to a substring match there."""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION claims_statement_search_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector := to_tsvector('pg_catalog.english', coalesce(NEW.text, ''));
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER claims_statement_search_vector_trg
    BEFORE INSERT OR UPDATE OF text ON claims_statement
    FOR EACH ROW EXECUTE FUNCTION claims_statement_search_vector();
    """,
    "CREATE INDEX claims_statement_search_gin ON claims_statement USING gin(search_vector);",
    "CREATE INDEX claims_statement_key_speaker ON claims_statement (speaker_id, key);",
]
BACKWARD = [
    "DROP INDEX IF EXISTS claims_statement_key_speaker;",
    "DROP INDEX IF EXISTS claims_statement_search_gin;",
    "DROP TRIGGER IF EXISTS claims_statement_search_vector_trg ON claims_statement;",
    "DROP FUNCTION IF EXISTS claims_statement_search_vector();",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
