"""Building blocks for the collaboration tests: a municipality, a hospital district and an
NGO around one initiative, with a partner staff member of the NGO."""

from dataclasses import dataclass

from coproduce.people.models import Membership, Organisation
from coproduce.tenancy.actor import actor_build
from coproduce.tenancy.models import TenantMembership

from .. import factories as f


def actor_of(user, tenant):
    role = TenantMembership.objects.get(tenant=tenant, user=user).role
    return actor_build(tenant=tenant, user=user, role=role)


@dataclass
class World:
    tenant: object
    city: Organisation
    hospital: Organisation
    ngo: Organisation
    other_ngo: Organisation
    initiative: object
    activity: object
    coordinator: object
    partner_user: object
    outsider_user: object

    def actor(self, user):
        return actor_of(user, self.tenant)


def world_make(tenant, make_member, coordinator) -> World:
    city = f.OrganisationFactory(
        tenant=tenant, name="City of Riverside", kind=Organisation.Kind.PUBLIC_AGENCY
    )
    hospital = f.OrganisationFactory(
        tenant=tenant, name="Hospital district", kind=Organisation.Kind.PUBLIC_AGENCY
    )
    ngo = f.OrganisationFactory(
        tenant=tenant, name="Neighbourhood Aid", kind=Organisation.Kind.NGO
    )
    other_ngo = f.OrganisationFactory(
        tenant=tenant, name="Seniors' Club", kind=Organisation.Kind.NGO
    )
    initiative = f.InitiativeFactory(
        tenant=tenant, name="Home from hospital", lead_organisation=city
    )
    f.InitiativePartnerFactory(initiative=initiative, tenant=tenant, organisation=ngo)
    f.InitiativePartnerFactory(
        initiative=initiative, tenant=tenant, organisation=hospital
    )
    activity = f.ActivityFactory(tenant=tenant, initiative=initiative)
    partner_user = make_member(tenant, "partner", username="pia")
    f.MembershipFactory(
        tenant=tenant,
        person=_person(partner_user, tenant),
        organisation=ngo,
        role=Membership.Role.PROFESSIONAL,
    )
    outsider_user = make_member(tenant, "partner", username="otto")
    f.MembershipFactory(
        tenant=tenant,
        person=_person(outsider_user, tenant),
        organisation=other_ngo,
        role=Membership.Role.REPRESENTATIVE,
    )
    return World(
        tenant,
        city,
        hospital,
        ngo,
        other_ngo,
        initiative,
        activity,
        coordinator,
        partner_user,
        outsider_user,
    )


def _person(user, tenant):
    from coproduce.people.models import Person

    return Person.objects.get(tenant=tenant, user=user)
