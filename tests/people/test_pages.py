"""The registry's pages, with the part initiatives adds to them (registered by
initiatives, rendered by the registry without importing it)."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

import coproduce.people

from .. import factories as f

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(name, kwargs={"tenant": "riverside", **kwargs})


def test_the_registry_imports_nothing_of_initiatives():
    for path in Path(coproduce.people.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [a.name for a in node.names]
                assert not any("initiatives" in n for n in names), path


def test_person_page_shows_their_participations(tenant, coordinator_client):
    participation = f.ParticipationFactory(
        activity=f.ActivityFactory(
            initiative=f.InitiativeFactory(tenant=tenant, name="Riverside garden")
        )
    )

    page = coordinator_client.get(url("person-detail", pk=participation.person_id))

    assert page.status_code == 200
    content = page.content.decode()
    assert "Took part in" in content
    assert "Riverside garden" in content


def test_organisation_and_service_pages_show_only_initiatives_the_reader_may_see(
    tenant, make_member, client_for, coordinator_client
):
    # given an organisation leading one initiative that co-produces a service
    organisation = f.OrganisationFactory(tenant=tenant)
    service = f.PublicServiceFactory(tenant=tenant, competent_authority=organisation)
    initiative = f.InitiativeFactory(
        tenant=tenant, name="Riverside garden", lead_organisation=organisation
    )
    initiative.services.add(service)
    f.InitiativePartnerFactory(
        initiative=f.InitiativeFactory(tenant=tenant, name="Soup"),
        organisation=organisation,
    )
    partner = client_for(make_member(tenant, "partner"))  # registry.view only

    for name, pk in [
        ("organisation-detail", organisation.pk),
        ("service-detail", service.pk),
    ]:
        # then the coordinator sees the initiatives, a partner member who takes part in
        # none of them sees the page without them
        seen = coordinator_client.get(url(name, pk=pk))
        hidden = partner.get(url(name, pk=pk))
        assert (seen.status_code, hidden.status_code) == (200, 200)
        assert "Riverside garden" in seen.content.decode()
        assert "Riverside garden" not in hidden.content.decode()
    assert (
        "Soup"
        in coordinator_client.get(
            url("organisation-detail", pk=organisation.pk)
        ).content.decode()
    )


def test_service_cpsv_export_keeps_its_address(tenant, coordinator_client):
    service = f.PublicServiceFactory(tenant=tenant)

    response = coordinator_client.get(
        f"/t/riverside/services/{service.pk}/cpsv-ap.jsonld"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"


def test_people_list_filters_by_an_organisation_typed_not_picked(
    tenant, other_tenant, coordinator_client
):
    library = f.OrganisationFactory(tenant=tenant, name="City library")
    f.OrganisationFactory.create_batch(3, tenant=tenant)
    reader = f.MembershipFactory(tenant=tenant, organisation=library).person
    f.PersonFactory(tenant=tenant, given_name="Outsider")
    foreign = f.OrganisationFactory(tenant=other_tenant, name="City library")

    page = coordinator_client.get(url("person-list")).content.decode()
    assert "City library</option>" not in page  # no list of every organisation
    assert 'hx-get="/t/riverside/organisations/search/' in page

    for typed in ("City library", f"City library #{library.pk}", str(library.pk)):
        page = coordinator_client.get(url("person-list"), {"organisation": typed})
        names = page.content.decode()
        assert reader.given_name in names, typed
        assert "Outsider" not in names, typed

    # another tenant's organisation is not found: said so, nothing filtered out silently
    page = coordinator_client.get(url("person-list"), {"organisation": str(foreign.pk)})
    assert "not in the register" in page.content.decode()


def test_service_list_shows_each_services_sector_status_and_initiatives(
    tenant, coordinator_client
):
    service = f.PublicServiceFactory(tenant=tenant, name="Library lending")
    for initiative in f.InitiativeFactory.create_batch(3, tenant=tenant):
        initiative.services.add(service)
    f.PublicServiceFactory(tenant=tenant, name="Unused service")
    page = coordinator_client.get(url("service-list")).content.decode()
    row = page[page.index("Library lending") :].split("</tr>")[0]
    assert str(service.get_sector_display()) in row
    assert str(service.get_status_display()) in row
    assert '<td class="num">3</td>' in row
    unused = page[page.index("Unused service") :].split("</tr>")[0]
    assert '<td class="num">0</td>' in unused
