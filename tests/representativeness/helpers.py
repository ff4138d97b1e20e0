"""Building participants with consented demographics, and population figures."""

import datetime as dt

from django.utils import timezone

from coproduce.representativeness.models import (
    InitiativeArea,
    PopulationRow,
    PopulationTable,
)

from .. import factories as f

AGE_POPULATION = [
    ("18-29", 2000),
    ("30-44", 3000),
    ("45-64", 3500),
    ("65-74", 1000),
    ("75+", 500),
]


def population(tenant, *, name="Harbour district", covers_tenant=False, rows=None):
    table = PopulationTable.objects.create(
        tenant=tenant,
        name=name,
        area="Harbour",
        reference_date=dt.date(2026, 1, 1),
        covers_tenant=covers_tenant,
    )
    for dim, group, count in rows or [("age_band", g, n) for g, n in AGE_POPULATION] + [
        ("gender", "woman", 5100),
        ("gender", "man", 4900),
    ]:
        PopulationRow.objects.create(
            tenant=tenant, table=table, dimension=dim, group=group, count=count
        )
    return table


def serve(initiative, table):
    InitiativeArea.objects.create(
        tenant=initiative.tenant, initiative=initiative, table=table
    )


def participants(activity, n, *, consent=True, role="resident", **demographics):
    people = []
    for _ in range(n):
        person = f.PersonFactory(
            tenant=activity.tenant,
            demographics_consent_at=timezone.now() if consent else None,
            **(demographics if consent else {}),
        )
        f.ParticipationFactory(activity=activity, person=person, role=role)
        people.append(person)
    return people
