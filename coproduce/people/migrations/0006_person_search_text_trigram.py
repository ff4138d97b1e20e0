"""One trigram index for the person type-ahead: over a person's name and email together.

The type-ahead asks, for every word typed, whether the name or the email holds it
(``people.selectors.person_search_text``: ``given_name || ' ' || family_name || ' ' ||
email``; a word has no spaces, so it is in the three together exactly when it is in one
of them). With one index for the three a word is one index scan, and two words one scan
with both conditions, where the three indexes of 0002 needed three scans and a
``BitmapOr`` a word: on 200,000 people an email's part (``laura.nguyen.15``) took 11 ms
there and 3 ms here, two names 5 ms and 1.5 ms (bench/coproducers.py, README).
``ANALYZE`` gives the planner the expression's statistics, without which it takes the
index also for a common name, where a scan stopping at the first 20 is faster.

PostgreSQL only (pg_trgm, created by 0002); elsewhere (SQLite) this does nothing. The
expression must stay the one ``person_search_text`` compiles to, or the index is not
used (tests/people/test_search.py asks the plan).
"""

from django.db import migrations

NAME = "people_person_search_trgm"
EXPRESSION = (
    """(UPPER(("given_name" || ' ' || "family_name" || ' ' || "email")::text))"""
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "people_person" '  # noqa: S608 (constants)
        f"USING gin ({EXPRESSION} gin_trgm_ops)"
    )
    schema_editor.execute('ANALYZE "people_person"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0005_content_translations")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
