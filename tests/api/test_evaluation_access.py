"""One rule for evaluation on the pages, the report and the API (evaluation/access.py): a
partner's staff read the panels of the initiatives their organisation is a partner of,
the same panel everywhere, and may change nothing; volunteers are respondents and get 403
everywhere, even when they took part in the initiative."""

import pytest
from django.urls import reverse

from coproduce.evaluation.models import Wave
from coproduce.people.models import Person

from .. import factories as f
from ..evaluation.reports.conftest import N, initiative, panel, report_url  # noqa: F401
from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def page(name, panel, **kwargs):  # noqa: F811
    return reverse(name, kwargs={"tenant": panel.tenant.slug, "pk": panel.pk, **kwargs})


def _staff_of_a_partner(tenant, make_member, initiative):  # noqa: F811
    user = make_member(tenant, "partner")
    org = f.OrganisationFactory(tenant=tenant)
    f.MembershipFactory(
        tenant=tenant,
        person=Person.objects.get(user=user),
        organisation=org,
        role="professional",
    )
    f.InitiativePartnerFactory(initiative=initiative, organisation=org)
    return user


def _changes(panel):  # noqa: F811
    """Changes to the panel as (page address, API method, API path, body)."""
    wave = panel.test_waves[-1]
    member = panel.members.order_by("pk").first()
    return [
        (page("wave-create", panel), "post", f"/panels/{panel.pk}/waves", {}),
        (
            page("panel-members-participants", panel),
            "post",
            f"/panels/{panel.pk}/members/from-participants",
            {},
        ),
        (
            page("panel-member-leave", panel, member_pk=member.pk),
            "post",
            f"/panels/{panel.pk}/members/{member.pk}/leave",
            {},
        ),
        (
            page("panel-member", panel, member_pk=member.pk),
            "patch",
            f"/panels/{panel.pk}/members/{member.pk}",
            {"email": "new@example.org"},
        ),
        (
            page("wave-close", panel, number=wave.number),
            "post",
            f"/waves/{wave.pk}/close",
            {},
        ),
    ]


def test_a_partner_reads_the_same_panel_on_the_page_the_report_and_the_api(
    tenant,
    make_member,
    client_for,
    api_as,
    panel,  # noqa: F811
    initiative,  # noqa: F811
):
    user = _staff_of_a_partner(tenant, make_member, initiative)
    browser, api = client_for(user), api_as(user, tenant)

    detail = browser.get(page("panel-detail", panel))
    assert detail.status_code == 200
    assert panel.name in detail.content.decode()
    assert browser.get(report_url(panel)).status_code == 200
    assert browser.get(report_url(panel, "-json")).status_code == 200

    listed = api.get("/panels")
    assert listed.status_code == 200, listed.content
    assert [p["id"] for p in listed.data["items"]] == [panel.pk]
    one = api.get(f"/panels/{panel.pk}")
    assert one.status_code == 200
    assert one.data == listed.data["items"][0]
    assert one.data["members"] == N
    assert one.data["waves"] == 2
    assert api.get(f"/panels/{panel.pk}/report").status_code == 200
    assert api.get(f"/panels/{panel.pk}/waves").data["count"] == 2
    members = api.get(f"/panels/{panel.pk}/members").data["items"]
    # by pseudonym, never an address: that is for those who may change the panel
    assert members[0]["pseudonym"] == "R-0001"
    assert members[0]["email"] is None
    assert "@example.org" not in detail.content.decode()
    assert api.get(f"/waves/{panel.test_waves[0].pk}").status_code == 200
    assert api.get("/instruments").data["count"] == 1


def test_a_partner_is_refused_every_change_on_the_page_and_in_the_api(
    tenant,
    make_member,
    client_for,
    api_as,
    panel,  # noqa: F811
    initiative,  # noqa: F811
):
    user = _staff_of_a_partner(tenant, make_member, initiative)
    browser, api = client_for(user), api_as(user, tenant)

    for address, method, path, body in _changes(panel):
        assert browser.get(address).status_code == 403, address
        assert browser.post(address, body).status_code == 403, address
        assert_problem(getattr(api, method)(path, body), 403)
    assert_problem(
        api.post(
            "/panels",
            {
                "initiative": initiative.pk,
                "instrument": panel.instrument_id,
                "name": "X",
            },
        ),
        403,
    )
    assert Wave.objects.filter(panel=panel).count() == 2
    assert not panel.members.filter(withdrawn_at__isnull=False).exists()


def test_a_partner_of_another_initiative_gets_404_everywhere(
    tenant,
    make_member,
    client_for,
    api_as,
    panel,  # noqa: F811
):
    user = _staff_of_a_partner(tenant, make_member, f.InitiativeFactory(tenant=tenant))
    browser, api = client_for(user), api_as(user, tenant)

    assert browser.get(page("panel-detail", panel)).status_code == 404
    assert browser.get(report_url(panel)).status_code == 404
    assert api.get("/panels").data["count"] == 0
    for path in (
        f"/panels/{panel.pk}",
        f"/panels/{panel.pk}/report",
        f"/waves/{panel.test_waves[0].pk}",
    ):
        assert_problem(api.get(path), 404)
    # nothing is found before the right to change is asked for
    for address, method, path, body in _changes(panel):
        assert browser.post(address, body).status_code == 404, address
        assert_problem(getattr(api, method)(path, body), 404)


def test_a_volunteer_gets_403_on_the_page_the_report_and_the_api(
    tenant,
    make_member,
    client_for,
    api_as,
    panel,  # noqa: F811
    initiative,  # noqa: F811
):
    user = make_member(tenant, "volunteer")
    # even one who took part in the panel's initiative
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=initiative),
        person=Person.objects.get(user=user),
        role="volunteer",
    )
    browser, api = client_for(user), api_as(user, tenant)

    for address in (
        page("panel-detail", panel),
        report_url(panel),
        report_url(panel, "-csv"),
        reverse("evaluation-index", kwargs={"tenant": tenant.slug}),
    ):
        assert browser.get(address).status_code == 403, address
    for path in (
        "/panels",
        f"/panels/{panel.pk}",
        f"/panels/{panel.pk}/report",
        f"/panels/{panel.pk}/members",
        f"/waves/{panel.test_waves[0].pk}",
        "/instruments",
        "/scale-library",
    ):
        assert_problem(api.get(path), 403)
    for address, method, path, body in _changes(panel):
        assert browser.post(address, body).status_code == 403, address
        assert_problem(getattr(api, method)(path, body), 403)
    # 403 whether or not the panel exists: the refusal tells nothing
    assert_problem(api.get("/panels/999999"), 403)
