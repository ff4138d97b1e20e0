"""Trigram indexes for the type-ahead search of people and organisations.

On PostgreSQL (pg_trgm, a trusted extension) each ``icontains`` of the search
(``UPPER(col::text) LIKE UPPER(%s)``) is answered from a GIN index instead of a scan of
the tenant's people; elsewhere (SQLite) this migration does nothing.
"""

from django.db import migrations

INDEXES = [
    ("people_person_given_trgm", "people_person", "given_name"),
    ("people_person_family_trgm", "people_person", "family_name"),
    ("people_person_email_trgm", "people_person", "email"),
    ("people_organisation_name_trgm", "people_organisation", "name"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '  # noqa: S608 (constants)
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
