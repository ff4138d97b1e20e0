"""coproduce export and the export downloads: the tenant's rows only, no demographics,
and a CSV that imports into another tenant."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.exchange.columns import EXPORT_KINDS, column_names
from coproduce.initiatives.models import Initiative, InitiativePartner
from coproduce.people.models import Membership, Organisation, Person

from .. import factories as f

DEMOGRAPHICS = ["age_band", "gender", "first_language", "district", "demographics"]


def export(kind, tenant="riverside", fmt="csv", **options) -> str:
    out = io.StringIO()
    call_command("export", kind, tenant=tenant, format=fmt, stdout=out, **options)
    return out.getvalue()


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def riverside(tenant):
    """A small registry and value chain in Riverside."""
    city = f.OrganisationFactory(
        tenant=tenant, name="City of Riverside", kind="public_agency"
    )
    youth = f.OrganisationFactory(tenant=tenant, name="Youth services", parent=city)
    club = f.OrganisationFactory(
        tenant=tenant, name="Rowing club", kind="community_group"
    )
    f.OrganisationFactory(tenant=tenant, name="Food bank", kind="ngo")
    service = f.PublicServiceFactory(
        tenant=tenant, identifier="youth-work", competent_authority=youth
    )
    aino = f.PersonFactory(
        tenant=tenant,
        given_name="Aino",
        family_name="Virtanen",
        email="aino@example.org",
        languages="fi;sv",
        demographics_consent_at=timezone.now(),
        age_band="18-29",
        gender="woman",
        first_language="fi",
        district="Old town",
    )
    f.MembershipFactory(tenant=tenant, person=aino, organisation=club, role="volunteer")
    f.MembershipFactory(tenant=tenant, person=aino, organisation=youth, role="member")
    initiative = f.InitiativeFactory(
        tenant=tenant,
        slug="river-clean-up",
        name="River clean-up",
        lead_organisation=city,
        co_design=True,
        co_delivery=True,
        declared_scope="group",
        is_temporary=True,
        end_date=dt.date(2026, 9, 30),
    )
    initiative.services.add(service)
    f.InitiativePartnerFactory(
        initiative=initiative, organisation=club, role="delivery"
    )
    activity = f.ActivityFactory(initiative=initiative, title="Clean-up day")
    f.ParticipationFactory(
        activity=activity, person=aino, role="volunteer", hours=Decimal("3.50")
    )
    f.ParticipationFactory(
        activity=activity, person=None, organisation=club, role="community_group"
    )
    f.ContributionFactory(initiative=initiative, organisation=club)
    return tenant


@pytest.fixture
def hillview(other_tenant):
    """Rows of another tenant that must never appear in Riverside's exports."""
    f.ParticipationFactory(
        activity=f.ActivityFactory(
            initiative=f.InitiativeFactory(
                tenant=other_tenant,
                name="Hillview secret",
                lead_organisation=f.OrganisationFactory(
                    tenant=other_tenant, name="Hillview Council"
                ),
            )
        ),
        person=f.PersonFactory(
            tenant=other_tenant, given_name="Hilda", email="hilda@hillview.example"
        ),
    )
    f.ContributionFactory(initiative=Initiative.objects.get(tenant=other_tenant))
    f.PublicServiceFactory(tenant=other_tenant, identifier="hillview-only")
    return other_tenant


def test_every_kind_exports_only_the_tenants_rows(riverside, hillview):
    for kind in EXPORT_KINDS:
        text = export(kind)
        rows = csv_rows(text)
        assert text.splitlines()[0] == ",".join(column_names(kind))
        assert rows, kind
        assert "Hillview" not in text
        assert "hillview" not in text
        assert "Hilda" not in text
        as_json = json.loads(export(kind, fmt="json"))
        assert len(as_json) == len(rows)
        assert [list(row) for row in as_json] == [column_names(kind)] * len(rows)
    participations = csv_rows(export("participations"))
    assert {p["initiative"] for p in participations} == {"river-clean-up"}
    assert len(participations) == 2


def test_people_export_has_no_demographics(riverside):
    text = export("people")
    as_json = export("people", fmt="json")

    for word in ["18-29", "woman", "Old town", *DEMOGRAPHICS]:
        assert word not in text
        assert word not in as_json
    assert csv_rows(text) == [
        {
            "given_name": "Aino",
            "family_name": "Virtanen",
            "email": "aino@example.org",
            "phone": "",
            "languages": "fi;sv",
            "organisation": "Rowing club;Youth services",
            "membership_role": "volunteer;member",
        }
    ]


def test_participations_name_people_by_number_only(riverside):
    text = export("participations")

    assert "Aino" not in text
    assert "Virtanen" not in text
    aino = Person.objects.get(given_name="Aino")
    volunteer = next(r for r in csv_rows(text) if r["role"] == "volunteer")
    assert volunteer["person_id"] == str(aino.pk)
    assert volunteer["hours"] == "3.50"
    assert volunteer["stage"] == "design"
    assert volunteer["level"] == "4"


def test_json_has_native_types(riverside):
    [initiative] = json.loads(export("initiatives", fmt="json"))

    assert initiative["temporary"] is True
    assert initiative["declared_stages"] == ["design", "delivery"]
    assert initiative["partners"] == [
        {"organisation": "Rowing club", "role": "delivery"}
    ]
    assert initiative["services"] == ["youth-work"]
    hours = sorted(p["hours"] for p in json.loads(export("participations", fmt="json")))
    assert hours == [2.0, 3.5]


def test_output_file(riverside, tmp_path):
    err = io.StringIO()
    path = tmp_path / "orgs.csv"

    call_command(
        "export", "organisations", tenant="riverside", output=str(path), stderr=err
    )

    assert "4 organisations of tenant 'riverside'" in err.getvalue()
    names = [r["name"] for r in csv_rows(path.read_text(encoding="utf-8"))]
    assert names.index("City of Riverside") < names.index("Youth services")


def test_export_import_round_trip_into_another_tenant(
    riverside, other_tenant, tmp_path
):
    def copy(kind):
        path = tmp_path / f"{kind}.csv"
        call_command(
            "export", kind, tenant="riverside", output=str(path), stderr=io.StringIO()
        )
        call_command("import", kind, str(path), tenant="hillview", stdout=io.StringIO())

    copy("organisations")
    # public services are not imported: Hillview has its own youth work
    f.PublicServiceFactory(
        tenant=other_tenant,
        identifier="youth-work",
        competent_authority=Organisation.objects.get(
            tenant=other_tenant, name="Youth services"
        ),
    )
    copy("people")
    copy("initiatives")

    for kind in ["organisations", "people", "initiatives"]:
        assert csv_rows(export(kind, tenant="hillview")) == csv_rows(export(kind)), kind
    youth = Organisation.objects.get(tenant=other_tenant, name="Youth services")
    assert youth.parent.tenant_id == other_tenant.pk
    assert Membership.objects.filter(tenant=other_tenant).count() == 2
    assert InitiativePartner.objects.get(
        tenant=other_tenant
    ).organisation.tenant_id == (other_tenant.pk)
    copied = Person.objects.get(tenant=other_tenant)
    assert copied.age_band == ""
    assert copied.demographics_consent_at is None


# -- web downloads ---------------------------------------------------------------------


def download(client, kind, fmt="csv", tenant="riverside"):
    return client.get(
        reverse("export", kwargs={"tenant": tenant, "kind": kind, "fmt": fmt})
    )


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_coordinator_downloads_csv_and_json(riverside, hillview, coordinator_client):
    response = download(coordinator_client, "participations")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="riverside-participations-'
    )
    assert len(csv_rows(body(response))) == 2

    response = download(coordinator_client, "initiatives", "json")

    assert response["Content-Type"] == "application/json"
    assert [i["slug"] for i in json.loads(body(response))] == ["river-clean-up"]


def test_download_has_only_the_tenants_rows(riverside, hillview, coordinator_client):
    for kind in EXPORT_KINDS:
        text = body(download(coordinator_client, kind))
        assert "Hillview" not in text, kind
        assert "Hilda" not in text, kind


def test_people_download_has_no_demographics(riverside, coordinator_client):
    text = body(download(coordinator_client, "people", "json"))

    assert "Aino" in text
    assert "woman" not in text
    assert "18-29" not in text
    assert "age_band" not in text


def test_member_of_another_tenant_gets_404(
    riverside, hillview, make_member, client_for
):
    outsider = client_for(make_member(hillview, "coordinator"))

    assert download(outsider, "people").status_code == 404
    assert download(outsider, "participations", "json").status_code == 404
    assert (
        outsider.get(
            reverse("export-index", kwargs={"tenant": "riverside"})
        ).status_code
        == 404
    )


def test_roles_without_data_export_get_403(riverside, make_member, client_for):
    volunteer = client_for(make_member(riverside, "volunteer"))
    professional = client_for(make_member(riverside, "professional"))

    assert download(volunteer, "initiatives").status_code == 403
    assert download(professional, "participations").status_code == 403
    assert (
        volunteer.get(
            reverse("export-index", kwargs={"tenant": "riverside"})
        ).status_code
        == 403
    )


def test_people_need_people_view_too(riverside, make_member, client_for):
    viewer = client_for(make_member(riverside, "viewer"))  # data.export, no people.view

    assert download(viewer, "people").status_code == 403
    assert download(viewer, "initiatives").status_code == 200


def test_anonymous_user_is_sent_to_log_in(riverside, client):
    response = download(client, "initiatives")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_export_index_lists_the_downloads_the_user_may_take(
    riverside, coordinator_client, make_member, client_for
):
    index = reverse("export-index", kwargs={"tenant": "riverside"})

    page = coordinator_client.get(index).content.decode()
    viewer_page = (
        client_for(make_member(riverside, "viewer")).get(index).content.decode()
    )

    assert "/t/riverside/exports/people.csv" in page
    assert "/t/riverside/exports/participations.json" in page
    assert "/t/riverside/exports/people.csv" not in viewer_page
    assert "/t/riverside/exports/initiatives.csv" in viewer_page


def test_unknown_kind_or_format_is_404(riverside, coordinator_client):
    assert (
        coordinator_client.get("/t/riverside/exports/demographics.csv").status_code
        == 404
    )
    assert coordinator_client.get("/t/riverside/exports/people.xlsx").status_code == 404
