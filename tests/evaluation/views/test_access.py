"""Who may see and change the evaluation pages, isolation between tenants, and query counts
that do not grow with the number of rows listed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.evaluation import services
from coproduce.evaluation.models import Wave
from coproduce.people.models import Person

from ... import factories as f
from .test_respond import open_wave

pytestmark = pytest.mark.django_db


def url(name, tenant="riverside", **kwargs):
    return reverse(name, kwargs={"tenant": tenant, **kwargs})


@pytest.fixture
def wave(tenant, coordinator):
    return open_wave(tenant, coordinator)


def pages(wave):
    """Every evaluation page of the tenant, as (method, url)."""
    panel, instrument = wave.panel, wave.panel.instrument
    p, i, n = panel.pk, instrument.pk, wave.number
    m = panel.members.order_by("pk").first().pk
    reads = [
        url("evaluation-index"),
        url("instrument-list"),
        url("instrument-detail", pk=i),
        url("panel-detail", pk=p),
    ]
    changes = [
        url("instrument-create"),
        url("scale-create", pk=i),
        url("library-scale-add", pk=i),
        url("item-create", pk=i),
        url("instrument-copy", pk=i),
        url("panel-create"),
        url("panel-members-participants", pk=p),
        url("panel-members-emails", pk=p),
        url("wave-create", pk=p),
        url("wave-open", pk=p, number=n),
        url("wave-remind", pk=p, number=n),
        url("wave-close", pk=p, number=n),
        url("panel-member", pk=p, member_pk=m),
        url("panel-member-leave", pk=p, member_pk=m),
        url("panel-member-erase", pk=p, member_pk=m),
        url("wave-letters", pk=p, number=n),
        url("panel-member-answer", pk=p, member_pk=m, number=n),
    ]
    return reads, changes


def test_a_member_of_another_tenant_gets_404_on_every_page(
    wave, other_tenant, make_member, client_for
):
    outsider = client_for(make_member(other_tenant, "tenant_admin"))
    reads, changes = pages(wave)
    for address in reads + changes:
        assert outsider.get(address).status_code == 404, address
    for address in changes:
        assert outsider.post(address, {"name": "x"}).status_code == 404, address
    assert Wave.objects.get(pk=wave.pk).status == "open"
    assert not wave.panel.members.filter(withdrawn_at__isnull=False).exists()


def test_volunteers_and_service_users_are_respondents_not_readers(
    wave, tenant, make_member, client_for
):
    for role in ("volunteer", "service_user"):
        user = make_member(tenant, role)
        # even when they took part in the panel's initiative
        f.ParticipationFactory(
            activity=f.ActivityFactory(initiative=wave.panel.initiative),
            person=Person.objects.get(user=user),
            role=role,
        )
        client = client_for(user)
        reads, changes = pages(wave)
        for address in reads + changes:
            assert client.get(address).status_code in (403, 404), address
        for address in changes:
            assert client.post(address, {}).status_code in (403, 404), address
    assert Wave.objects.get(pk=wave.pk).status == "open"


def test_a_viewer_reads_without_addresses_and_cannot_change(
    wave, tenant, make_member, client_for
):
    viewer = client_for(make_member(tenant, "viewer"))
    reads, changes = pages(wave)
    for address in reads:
        assert viewer.get(address).status_code == 200, address
    page = viewer.get(url("panel-detail", pk=wave.panel.pk)).content.decode()
    assert "R-0001" in page
    assert "a@example.org" not in page
    assert "Close wave" not in page
    for address in changes:
        assert viewer.get(address).status_code == 403, address
        assert viewer.post(address, {"name": "x"}).status_code == 403, address
    assert Wave.objects.get(pk=wave.pk).status == "open"


def test_partner_staff_see_only_the_panels_of_their_initiatives(
    wave, tenant, make_member, client_for
):
    user = make_member(tenant, "partner")
    org = f.OrganisationFactory(tenant=tenant)
    f.MembershipFactory(
        tenant=tenant,
        person=Person.objects.get(user=user),
        organisation=org,
        role="professional",
    )
    client = client_for(user)
    panel_url = url("panel-detail", pk=wave.panel.pk)
    assert client.get(panel_url).status_code == 404
    assert b"Trust panel" not in client.get(url("evaluation-index")).content
    # once their organisation is a partner of the initiative, they see its panel
    f.InitiativePartnerFactory(initiative=wave.panel.initiative, organisation=org)
    page = client.get(panel_url).content.decode()
    assert "R-0001" in page
    assert "a@example.org" not in page
    assert b"Trust panel" in client.get(url("evaluation-index")).content


def test_list_pages_use_a_bounded_number_of_queries(
    tenant, coordinator, coordinator_client
):
    wave = open_wave(tenant, coordinator, emails=["a@example.org"])
    services.wave_create(panel=wave.panel, actor=coordinator)
    addresses = [
        url("evaluation-index"),
        url("instrument-list"),
        url("panel-detail", pk=wave.panel.pk),
    ]

    coordinator_client.get(addresses[0])  # the member's actor is kept from then on

    def counts():
        result = {}
        for address in addresses:
            with CaptureQueriesContext(connection) as ctx:
                assert coordinator_client.get(address).status_code == 200
            result[address] = len(ctx)
        return result

    small = counts()
    services.panel_members_from_emails(
        panel=wave.panel,
        actor=coordinator,
        emails=[f"m{n}@example.org" for n in range(40)],
    )
    for n in range(5):
        instrument = services.instrument_create_from_library(
            tenant=tenant, actor=coordinator, name=f"I{n}", keys=["satisfaction"]
        )
        services.panel_create(
            tenant=tenant,
            actor=coordinator,
            initiative=wave.panel.initiative,
            instrument=instrument,
            name=f"P{n}",
        )
    services.wave_create(panel=wave.panel, actor=coordinator)
    large = counts()
    assert large == small
