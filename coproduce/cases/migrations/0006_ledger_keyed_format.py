"""The ledger's keyed format (2): a MAC with a key kept outside the database on every
entry, created_at in the entry hash, and append slots that number the waiting entries.

Entries already chained keep their hash (format 1: auditors may hold it) and are signed
by ``coproduce ledger rekey``, which checks the chain first; until then ``ledger verify``
names them as not signed. Reversible: going back drops the new columns (and the MACs).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_step_occurred_at_required"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        # the rows there are were chained in format 1; new ones are format 2
        migrations.AddField(
            model_name="ledgerentry",
            name="format",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="format",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="slot",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="slot_seq",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="ledgerhead",
            name="slots",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.CreateModel(
            name="LedgerSlot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("slot", models.PositiveSmallIntegerField()),
                ("appended", models.BigIntegerField(default=0)),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="tenancy.tenant",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("tenant", "slot"), name="ledger_unique_slot"
                    )
                ],
            },
        ),
    ]
