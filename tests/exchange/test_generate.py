"""coproduce generate: the requested counts, rows that pass the models' own rules."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from coproduce.core.models import Event
from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
from coproduce.initiatives.vocab import Stage
from coproduce.people.models import Membership, Organisation, Person, PublicService
from coproduce.tenancy.models import Tenant

SIZES = {"tenants": 2, "initiatives": 6, "people": 41, "participations": 503}


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate", stdout=out, **{**SIZES, **options})
    return out.getvalue()


@pytest.mark.parametrize("method", ["auto", "bulk"])
def test_generate_makes_the_requested_counts(db, method):
    out = generate(method=method)

    assert "Created gen-1, gen-2" in out
    tenants = Tenant.objects.filter(slug__startswith="gen-")
    assert sorted(t.slug for t in tenants) == ["gen-1", "gen-2"]
    assert Initiative.objects.count() == 6
    assert Person.objects.count() == 41
    assert Participation.objects.count() == 503
    for tenant in tenants:  # spread over the tenants
        assert Initiative.objects.filter(tenant=tenant).count() == 3
        assert Participation.objects.filter(tenant=tenant).count() in (251, 252)
        assert PublicService.objects.filter(tenant=tenant).exists()
    assert not Event.objects.exists()  # bulk data, no audit trail


def test_generated_rows_pass_the_models_validation(db):
    generate(participations=150)

    for model in [
        Organisation,
        Person,
        Membership,
        PublicService,
        Initiative,
        InitiativePartner,
        Activity,
        Participation,
        Contribution,
    ]:
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            row.full_clean()  # field choices, constraints, clean()


def test_participations_belong_to_their_activitys_initiative_and_tenant(db):
    generate()

    assert not Participation.objects.exclude(initiative_id=F("activity__initiative_id"))
    assert not Participation.objects.exclude(tenant_id=F("activity__tenant_id"))
    assert not Participation.objects.exclude(person__isnull=True).exclude(
        tenant_id=F("person__tenant_id")
    )
    repeated = (
        Participation.objects.filter(person__isnull=False)
        .values("activity", "person", "role")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not repeated
    assert set(Participation.objects.values_list("role", flat=True)) >= {
        "professional",
        "volunteer",
        "service_user",
        "resident",
    }


def test_every_initiative_has_activities_in_all_four_stages(db):
    generate()

    for initiative in Initiative.objects.all():
        stages = set(
            Activity.objects.filter(initiative=initiative).values_list(
                "stage", flat=True
            )
        )
        assert stages == set(Stage.values)
    assert set(Activity.objects.values_list("level", flat=True)) <= {1, 2, 3, 4, 5}


def test_a_share_of_people_have_demographics_with_consent(db):
    generate(people=200)

    with_data = Person.objects.exclude(age_band="")
    assert 0 < with_data.count() < 200
    assert not with_data.filter(demographics_consent_at__isnull=True)


def test_the_same_seed_gives_the_same_data(db):
    generate(tenants=1, seed=7, prefix="a")
    generate(tenants=1, seed=7, prefix="b")

    def fingerprint(slug):
        return list(
            Participation.objects.filter(tenant__slug=slug)
            .order_by("id")
            .values_list("activity__title", "person__email", "role", "hours")
        )

    assert fingerprint("a-1") == fingerprint("b-1")


def test_existing_tenants_are_not_touched(db):
    generate(tenants=1)

    with pytest.raises(CommandError, match="gen-1 exist already"):
        generate(tenants=1)
    assert Tenant.objects.filter(slug="gen-1").count() == 1


def test_a_generated_tenant_exports(db):
    generate(tenants=1)
    out = io.StringIO()

    call_command("export", "participations", tenant="gen-1", stdout=out)

    assert len(out.getvalue().splitlines()) == 1 + 503


def test_copy_leaves_the_foreign_keys_as_they_were(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("COPY is for PostgreSQL")

    def foreign_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2"
            )
            return cursor.fetchall()

    before = foreign_keys()
    generate(method="copy")

    assert foreign_keys() == before
