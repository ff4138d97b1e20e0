"""The coordinator's partner survey page (start this year's wave, who answered, the change
between the years, the link to the report), the partner's answer through the evaluation
panels' personal link, the page adding a side, and a side's contact changed through the
API (versioned; only that side's staff and the managers)."""

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.collaboration import services
from coproduce.collaboration.models import Partnership, PartnershipSide
from coproduce.evaluation import services as evaluation_services
from coproduce.evaluation.models import Invitation, Wave
from coproduce.people.models import Membership
from tests.api.conftest import ApiClient

from .. import factories as f
from .helpers import _person, world_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tenant, make_member, coordinator):
    return world_make(tenant, make_member, coordinator)


def _url(w, name, **kw):
    return reverse(name, kwargs={"tenant": w.tenant.slug, **kw})


def _partnership(w, *, initiative=True, name="Discharge support"):
    coord = w.actor(w.coordinator)
    p = services.partnership_create(
        actor=coord,
        tenant=w.tenant,
        name=name,
        purpose="Home from hospital",
        start_date=dt.date(2025, 1, 1),
        organisations=[w.city, w.hospital, w.ngo],
        initiative=w.initiative if initiative else None,
    )
    for n, side in enumerate(p.sides.order_by("organisation__name")):
        contact = f.PersonFactory(
            tenant=w.tenant, email=f"{name[:4].lower()}-side{n}@example.org"
        )
        f.MembershipFactory(
            tenant=w.tenant, person=contact, organisation=side.organisation
        )
        services.side_update(actor=coord, side=side, contact=contact)
    return p


def _answer(wave, member, value):
    items = wave.panel.instrument.items.filter(scale__isnull=False)
    invitation = Invitation.objects.get(wave=wave, member=member)
    evaluation_services.response_save(
        invitation=invitation, answers={i.code: value for i in items}
    )
    return invitation


def test_the_coordinator_runs_two_yearly_waves_on_the_page(w, client_for):
    p = _partnership(w)
    client = client_for(w.coordinator)
    url = _url(w, "collaboration-partner-panel", pk=p.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert "Start this year" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    p.refresh_from_db()
    panel = p.panel
    assert panel is not None
    assert panel.members.count() == 3
    (wave,) = panel.waves.all()
    assert wave.status == Wave.Status.OPEN
    # a second wave while one is open, or in the same year, is refused, saying why
    again = client.post(url)
    assert again.status_code == 400
    assert "close it first" in again.content.decode()
    members = list(panel.members.order_by("email"))
    # the partners answer through their personal link (no account): two of three
    invitation = Invitation.objects.get(wave=wave, member=members[0])
    respond = client_for(w.partner_user).get(
        reverse("respond", kwargs={"token": invitation.token})
    )
    assert respond.status_code == 200
    for m, v in zip(members[:2], (2, 3), strict=True):
        _answer(wave, m, v)
    page = client.get(url).content.decode()
    assert page.count(">answered<") == 2
    assert ">not yet<" in page
    evaluation_services.wave_close(wave=wave, actor=w.actor(w.coordinator))
    same_year = client.post(url)
    assert same_year.status_code == 400
    assert "one wave a year" in same_year.content.decode()
    # a year later
    Wave.objects.filter(pk=wave.pk).update(
        opened_at=wave.opened_at - dt.timedelta(days=366)
    )
    assert client.post(url).status_code == 302
    second = panel.waves.get(number=2)
    for m, v in zip(members, (4, 4, 3), strict=True):
        _answer(second, m, v)
    evaluation_services.wave_close(wave=second, actor=w.actor(w.coordinator))
    page = client.get(url).content.decode()
    assert 'id="partner-change"' in page
    assert ">did not answer<" in page  # the third side in the first year
    report = reverse("panel-report", kwargs={"tenant": w.tenant.slug, "pk": panel.pk})
    assert f'href="{report}?before=1&amp;after=2"' in page
    assert client.get(f"{report}?before=1&after=2").status_code == 200


def test_a_standing_partnership_has_no_survey_and_partners_may_not_run_it(
    w, client_for
):
    standing = _partnership(w, initiative=False, name="Standing")
    client = client_for(w.coordinator)
    url = _url(w, "collaboration-partner-panel", pk=standing.pk)
    assert "standing" in client.get(url).content.decode()
    assert client.post(url).status_code == 400
    assert Partnership.objects.get(pk=standing.pk).panel is None
    inside = _partnership(w)
    partner = client_for(w.partner_user)  # staff of a side, not a manager
    url = _url(w, "collaboration-partner-panel", pk=inside.pk)
    assert partner.get(url).status_code == 403
    assert partner.post(url).status_code == 403
    assert Partnership.objects.get(pk=inside.pk).panel is None


def test_a_side_is_added_on_the_page_by_type_ahead(w, client_for):
    p = _partnership(w)
    client = client_for(w.coordinator)
    url = _url(w, "collaboration-side-add", pk=p.pk)
    page = client.get(url).content.decode()
    assert 'name="organisation"' in page
    assert '<select name="organisation"' not in page  # typed, not the registry
    assert "organisations/search/" in page
    response = client.post(url, {"organisation": w.other_ngo.name, "brings": "Tea"})
    assert response.status_code == 302
    side = PartnershipSide.objects.get(partnership=p, organisation=w.other_ngo)
    assert side.brings == "Tea"
    again = client.post(url, {"organisation": w.other_ngo.name})
    assert again.status_code == 200
    # the sides are not among the choices: typed again, it matches nothing
    assert "No organisation matches" in again.content.decode()
    assert client.post(url, {"organisation": "No such"}).status_code == 200
    assert PartnershipSide.objects.filter(partnership=p).count() == 4
    # partner staff may not add sides; another tenant's partnership is a 404
    assert client_for(w.partner_user).get(url).status_code == 403


def test_partner_staff_choose_a_side_from_a_short_list(w, make_member, client_for):
    """A manager without people.view (none by default): the choices are the
    organisations near the partnership, never the registry."""
    from coproduce.collaboration.forms import SideAddForm

    p = _partnership(w)
    for n in range(30):
        f.OrganisationFactory(tenant=w.tenant, name=f"Far away {n}")

    class NoPeople:
        tenant = w.tenant
        person = None

        def can(self, perm):
            return perm != "people.view"

    form = SideAddForm(tenant=w.tenant, actor=NoPeople(), partnership=p)
    names = set(form.fields["organisation"].queryset.values_list("name", flat=True))
    assert not any(n.startswith("Far away") for n in names)
    assert w.city.name not in names  # already a side


@pytest.fixture
def api_for(w, api_headers):
    return lambda user: ApiClient(api_headers(user, w.tenant))


def test_a_sides_contact_is_changed_through_the_api(w, api_for):
    p = _partnership(w)
    ngo_side = p.sides.get(organisation=w.ngo)
    hospital_side = p.sides.get(organisation=w.hospital)
    pia = _person(w.partner_user, w.tenant)  # works for the NGO
    path = f"/partnerships/{p.pk}/sides/{ngo_side.pk}"
    partner = api_for(w.partner_user)
    read = partner.get(f"/partnerships/{p.pk}").data
    version = next(s for s in read["sides"] if s["id"] == ngo_side.pk)["version"]
    changed = partner.patch(path, {"version": version, "contact": pia.pk})
    assert changed.status_code == 200, changed.data
    assert changed.data["contact"] == pia.pk
    assert changed.data["version"] == version + 1
    # a stale version is a 409 and writes nothing
    stale = partner.patch(path, {"version": version, "brings": "More"})
    assert stale.status_code == 409
    assert PartnershipSide.objects.get(pk=ngo_side.pk).brings == ""
    # a contact who does not work for the side: 422 on contact
    stranger = f.PersonFactory(tenant=w.tenant)
    refused = partner.patch(path, {"version": version + 1, "contact": stranger.pk})
    assert refused.status_code == 422
    assert "contact" in str(refused.data)
    # cleared
    cleared = partner.patch(path, {"version": version + 1, "contact": None})
    assert cleared.status_code == 200
    assert cleared.data["contact"] is None
    # another side's: 404, as if it did not exist; the managers may change any
    other = partner.patch(
        f"/partnerships/{p.pk}/sides/{hospital_side.pk}",
        {"version": 2, "contact": pia.pk},
    )
    assert other.status_code == 404
    nurse = f.PersonFactory(tenant=w.tenant)
    f.MembershipFactory(
        tenant=w.tenant,
        person=nurse,
        organisation=w.hospital,
        role=Membership.Role.PROFESSIONAL,
    )
    coordinator = api_for(w.coordinator).patch(
        f"/partnerships/{p.pk}/sides/{hospital_side.pk}",
        {"version": 2, "contact": nurse.pk},
    )
    assert coordinator.status_code == 200, coordinator.data


def test_a_side_of_another_tenant_is_a_404(w, api_for, other_tenant):
    p = _partnership(w)
    side = p.sides.first()
    outsider = api_for(w.outsider_user)  # a partner of no side of it
    assert (
        outsider.patch(
            f"/partnerships/{p.pk}/sides/{side.pk}", {"version": 2, "brings": "x"}
        ).status_code
        == 404
    )
