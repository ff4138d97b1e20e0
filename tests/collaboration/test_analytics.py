"""The opportunity space, the network and its figures, and two-way relations, against
counts worked out by hand from the rows each test makes."""

import datetime as dt
from decimal import Decimal

import pytest

from coproduce.collaboration import selectors, services
from coproduce.initiatives.models import Contribution
from coproduce.initiatives.vocab import ActorRole, Stage
from coproduce.people.models import Membership

from .. import factories as f
from .helpers import world_make


@pytest.fixture
def w(tenant, make_member, coordinator):
    return world_make(tenant, make_member, coordinator)


def _at(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def test_opportunity_space_shows_the_gap(w):
    coord = w.actor(w.coordinator)
    services.capability_set(
        actor=coord,
        initiative=w.initiative,
        organisation=w.ngo,
        hours=Decimal("100"),
        money=Decimal("500"),
        activities_led=4,
        description="Peer workers",
    )
    delivery = f.ActivityFactory(
        tenant=w.tenant, initiative=w.initiative, stage=Stage.DELIVERY
    )
    f.ParticipationFactory(
        tenant=w.tenant,
        initiative=w.initiative,
        activity=delivery,
        person=None,
        organisation=w.ngo,
        role=ActorRole.PARTNER,
        hours=Decimal("30"),
    )
    worker = f.PersonFactory(tenant=w.tenant)
    f.MembershipFactory(
        tenant=w.tenant,
        person=worker,
        organisation=w.ngo,
        role=Membership.Role.VOLUNTEER,
    )
    f.ParticipationFactory(
        tenant=w.tenant,
        initiative=w.initiative,
        activity=delivery,
        person=worker,
        role=ActorRole.VOLUNTEER,
        hours=Decimal("10"),
    )
    f.ContributionFactory(
        tenant=w.tenant,
        initiative=w.initiative,
        organisation=w.ngo,
        kind=Contribution.Kind.MONEY,
        estimated_value=Decimal("200"),
    )
    offers = {o.organisation.name: o for o in selectors.opportunity_space(w.initiative)}
    assert set(offers) == {
        "City of Riverside",
        "Hospital district",
        "Neighbourhood Aid",
    }
    ngo = offers["Neighbourhood Aid"]
    assert ngo.hours == (Decimal("100"), Decimal("40"))
    assert ngo.money == (Decimal("500"), Decimal("200"))
    assert ngo.activities == (4, 1)
    assert any("60 h not given (60 %)" in g for g in ngo.gaps), ngo.gaps
    assert not offers["Hospital district"].declared


def test_network_edges_and_weights(w, other_tenant):
    coord = w.actor(w.coordinator)
    act = f.ActivityFactory(
        tenant=w.tenant, initiative=w.initiative, starts_at=_at(dt.date(2026, 4, 1))
    )
    for org, hours in ((w.ngo, "2"), (w.hospital, "3")):
        f.ParticipationFactory(
            tenant=w.tenant,
            initiative=w.initiative,
            activity=act,
            person=None,
            organisation=org,
            role=ActorRole.PARTNER,
            hours=Decimal(hours),
        )
    services.learning_entry_create(
        actor=coord,
        tenant=w.tenant,
        kind="co_exploration",
        title="A",
        learnt="x",
        learnt_on=dt.date(2026, 4, 2),
        source_organisation=w.hospital,
        receiving_organisation=w.ngo,
    )
    # another tenant's rows never count
    f.InitiativePartnerFactory(tenant=other_tenant)
    net = selectors.network(coord)
    by_pair = {(w_.a, w_.b): w_ for w_ in net.edges}
    key = tuple(sorted((w.ngo.pk, w.hospital.pk)))
    e = by_pair[key]
    assert (e.initiatives, e.activities, e.hours, e.lessons) == (1, 1, Decimal("5"), 1)
    assert e.weight == 3
    # the city leads the initiative: it shares it with both partners
    assert by_pair[tuple(sorted((w.city.pk, w.ngo.pk)))].initiatives == 1
    assert net.total_nodes == 3
    assert net.total_edges == 3
    # the initiative starts in 2026, the activity and the lesson are of 2026
    assert selectors.network(coord, year=2025).edges == []
    assert selectors.network(coord, year=2026).total_edges == 3
    b = selectors.breadth(coord)
    assert b["distribution"] == [{"organisations": 3, "initiatives": 1}]
    assert b["mean"] == 3.0
    flows = selectors.learning_flows(coord)
    assert flows["lessons"] == 1
    assert flows["adopted"] == 0
    years = {r["year"]: r for r in selectors.over_time(coord)}
    assert years[2026]["ties"] == 1
    assert years[2026]["lessons"] == 1
    per = {r["name"]: r for r in selectors.contribution_per_partner(coord)}
    assert per["Hospital district"]["hours"] == Decimal("3")


def test_a_partner_sees_the_network_of_its_initiatives_only(w):
    elsewhere = f.InitiativeFactory(tenant=w.tenant, lead_organisation=w.other_ngo)
    f.InitiativePartnerFactory(
        initiative=elsewhere, tenant=w.tenant, organisation=w.hospital
    )
    pia = w.actor(w.partner_user)
    pairs = {(e.a, e.b) for e in selectors.network(pia).edges}
    assert tuple(sorted((w.other_ngo.pk, w.hospital.pk))) not in pairs
    assert tuple(sorted((w.ngo.pk, w.hospital.pk))) in pairs


def test_boundary_spanners(w):
    person = f.PersonFactory(tenant=w.tenant, given_name="Bo", family_name="Bridge")
    for org in (w.ngo, w.hospital):
        f.MembershipFactory(
            tenant=w.tenant, person=person, organisation=org, role="professional"
        )
    f.ParticipationFactory(
        tenant=w.tenant,
        initiative=w.initiative,
        activity=w.activity,
        person=person,
        role=ActorRole.PROFESSIONAL,
    )
    rows = selectors.boundary_spanners(w.actor(w.coordinator))
    assert [(r["name"], r["organisations_reached"]) for r in rows] == [("Bo Bridge", 2)]


def test_two_way_relations_from_records_and_declared(w):
    design = f.ActivityFactory(
        tenant=w.tenant, initiative=w.initiative, stage=Stage.DESIGN
    )
    delivery = f.ActivityFactory(
        tenant=w.tenant, initiative=w.initiative, stage=Stage.DELIVERY
    )
    for act, role in (
        (design, ActorRole.COMMUNITY_GROUP),
        (delivery, ActorRole.PARTNER),
    ):
        f.ParticipationFactory(
            tenant=w.tenant,
            initiative=w.initiative,
            activity=act,
            person=None,
            organisation=w.ngo,
            role=role,
        )
    services.stage_relation_declare(
        actor=w.actor(w.coordinator),
        initiative=w.initiative,
        stage=Stage.ASSESSMENT,
        relation="user",
        organisation=w.hospital,
    )
    result = selectors.stage_relations(w.initiative)
    stages = {row["stage"]: row for row in result["stages"]}
    assert {"name": "Neighbourhood Aid", "source": "recorded"} in stages["design"][
        "users"
    ]
    assert {"name": "Neighbourhood Aid", "source": "recorded"} in stages["delivery"][
        "providers"
    ]
    assert {"name": "Hospital district", "source": "declared"} in stages["assessment"][
        "users"
    ]
    texts = [x["text"] for x in result["findings"]]
    assert "Neighbourhood Aid is a user in design and a provider in delivery." in texts
    rows = selectors.organisation_roles_per_stage(w.initiative)
    assert {
        "organisation_id": w.hospital.pk,
        "stage": "assessment",
        "relation": "user",
        "source": "declared",
    } in rows
