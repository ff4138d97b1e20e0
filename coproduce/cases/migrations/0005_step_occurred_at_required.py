"""Every step has the time it happened (0004 filled those recorded before)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_step_occurred_at_fill")]

    operations = [
        migrations.AlterField(
            model_name="steprecord",
            name="occurred_at",
            field=models.DateTimeField(verbose_name="happened at"),
        ),
    ]
