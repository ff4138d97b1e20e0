"""Indexes on the co-producers' profiles for ranking a need's candidates on PostgreSQL
(crisis.matching): the callable profiles by postcode area (prefix search) and by the
languages they speak (jsonb containment). Kept in this app so that the co-producers'
schema does not change for it; on other databases nothing is done."""

from django.db import migrations

PARTIAL = (
    "WHERE callout_ok AND consent_at IS NOT NULL AND consent_withdrawn_at IS NULL"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS crisis_profile_area ON coproducers_coproducerprofile "
        f"(tenant_id, area text_pattern_ops) {PARTIAL}"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS crisis_profile_languages ON "
        f"coproducers_coproducerprofile USING gin (languages jsonb_path_ops) {PARTIAL}"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS crisis_profile_area")
    schema_editor.execute("DROP INDEX IF EXISTS crisis_profile_languages")


class Migration(migrations.Migration):
    dependencies = [("crisis", "0001_initial"), ("coproducers", "0003_shift_cancelled_and_moved")]

    operations = [migrations.RunPython(create, drop)]
