from django.db import migrations
from django.db.models import OuterRef, Subquery


def texts_in_tenant_language(apps, schema_editor):
    """Needs posted so far are written in their tenant's default language."""
    Tenant = apps.get_model("tenancy", "Tenant")
    apps.get_model("crisis", "Need").objects.update(
        content_language=Subquery(
            Tenant.objects.filter(pk=OuterRef("tenant_id")).values("language")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("crisis", "0005_need_translations"),
        ("tenancy", "0002_tenant_content_languages"),
    ]

    operations = [
        migrations.RunPython(texts_in_tenant_language, migrations.RunPython.noop),
    ]
