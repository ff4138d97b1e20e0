"""Pack each submitted invitation's rating answers into one vector (see evaluation/vectors.py),
for the answers given before the vectors existed."""

import numpy as np
from django.db import migrations, models

# evaluation/vectors.py's REPACK_SQL for every wave, frozen here as migrations must be.
BACKFILL_SQL = """
UPDATE evaluation_invitation inv
SET scale_values = packed.bytes
FROM (
    SELECT i.id,
           string_agg(float8send(COALESCE(a.value, 'NaN'::float8)), ''::bytea
                      ORDER BY it.position, it.id) AS bytes
    FROM evaluation_invitation i
    JOIN evaluation_wave w ON w.id = i.wave_id
    JOIN evaluation_panel p ON p.id = w.panel_id
    JOIN evaluation_item it ON it.instrument_id = p.instrument_id AND it.kind = 'scale'
    LEFT JOIN evaluation_answer a
           ON a.wave_id = i.wave_id AND a.member_id = i.member_id AND a.item_id = it.id
    WHERE i.submitted_at IS NOT NULL
    GROUP BY i.id
) packed
WHERE inv.id = packed.id
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL_SQL)
        return
    Invitation = apps.get_model("evaluation", "Invitation")
    Item = apps.get_model("evaluation", "Item")
    Answer = apps.get_model("evaluation", "Answer")
    invitations = Invitation.objects.filter(submitted_at__isnull=False).values_list(
        "pk", "wave_id", "member_id", "wave__panel__instrument_id"
    )
    for pk, wave_id, member_id, instrument_id in invitations:
        order = Item.objects.filter(instrument_id=instrument_id, kind="scale").order_by(
            "position", "pk"
        )
        values = dict(
            Answer.objects.filter(wave_id=wave_id, member_id=member_id).values_list(
                "item_id", "value"
            )
        )
        packed = np.array(
            [
                np.nan if values.get(item) is None else values[item]
                for item in order.values_list("pk", flat=True)
            ],
            dtype=">f8",
        ).tobytes()
        Invitation.objects.filter(pk=pk).update(scale_values=packed)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="scale_values",
            field=models.BinaryField(null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
