"""One person per email in a tenant, without regard to case (issue 11: two imports at
once made every person twice).

Refuses, naming them, when people of a tenant already share an email: merging them
(their participations, memberships, accounts) is a decision for the tenant's staff, not
for a migration. Reversible: going back drops the constraint.
"""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def duplicates_refuse(apps, schema_editor):
    from django.db.models import Count
    from django.db.models.functions import Lower
    from django_scopes import scopes_disabled

    Person = apps.get_model("people", "Person")
    with scopes_disabled():
        groups = list(
            Person.objects.exclude(email="")
            .annotate(email_lower=Lower("email"))
            .values("tenant_id", "email_lower")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .order_by("tenant_id", "email_lower")
        )
        if not groups:
            return
        lines = []
        for g in groups[:50]:
            ids = sorted(
                Person.objects.filter(
                    tenant_id=g["tenant_id"], email__iexact=g["email_lower"]
                ).values_list("id", flat=True)
            )
            lines.append(f"  tenant {g['tenant_id']}: people {ids}")
    more = f"\n  ... and {len(groups) - 50} more" if len(groups) > 50 else ""
    raise RuntimeError(
        f"{len(groups)} email addresses are shared by several people of a tenant "
        "(compared without regard to case); merge or correct them (the registry's "
        "person pages), then migrate again:\n" + "\n".join(lines) + more
    )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
        ('tenancy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(duplicates_refuse, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), models.F('tenant'), condition=models.Q(('email', ''), _negated=True), name='person_unique_email', violation_error_code='email_taken', violation_error_message='Someone in the register already has this email address (capital letters make no difference): find and use that person instead of adding them again.'),
        ),
    ]
