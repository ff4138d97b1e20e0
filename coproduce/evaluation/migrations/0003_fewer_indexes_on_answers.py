"""Drop the indexes that a composite index already serves.

Saving a respondent's form inserts answer rows and updates the invitation (a change of
``submitted_at`` is not a HOT update, so every index of the table is written again): the
single-column indexes on tenant and wave, and the LIKE index PostgreSQL gets for the unique
token, were written on every save and read by nothing. Only the indexes are dropped; the
foreign keys stay as they are, so no table is scanned to validate them again.
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = {
    # index name: how to make it again
    "evaluation_answer_tenant_id_efd13bcf": "evaluation_answer (tenant_id)",
    "evaluation_answer_wave_id_231d9bd1": "evaluation_answer (wave_id)",
    "evaluation_invitation_tenant_id_749c018b": "evaluation_invitation (tenant_id)",
    "evaluation_invitation_wave_id_4688ad7d": "evaluation_invitation (wave_id)",
}
TOKEN_LIKE = "evaluation_invitation_token_bdaa1d28_like"


def drop(apps, schema_editor):
    names = list(DROPPED)
    if schema_editor.connection.vendor == "postgresql":
        names.append(TOKEN_LIKE)
    for name in names:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore(apps, schema_editor):
    for name, target in DROPPED.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON {target}')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{TOKEN_LIKE}" '
            "ON evaluation_invitation (token varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_invitation_scale_values"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, restore)],
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name=name,
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name=related,
                        to=to,
                    ),
                )
                for model, name, related, to in [
                    ("answer", "tenant", "+", "tenancy.tenant"),
                    ("answer", "wave", "answers", "evaluation.wave"),
                    ("invitation", "tenant", "+", "tenancy.tenant"),
                    ("invitation", "wave", "invitations", "evaluation.wave"),
                ]
            ],
        )
    ]
