"""Steps recorded before they had a time of their own happened, as far as anyone
recorded, when they were recorded: give them that time. (Data only; the schema changes
are 0003 and 0005.)"""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    StepRecord = apps.get_model("cases", "StepRecord")
    StepRecord._base_manager.filter(occurred_at=None).update(
        occurred_at=F("performed_at")
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_add_step_occurred_at")]

    # Reversed, 0003 drops the column: nothing to undo here.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
