"""Who may do what in crisis mode, given the request's actor.

- ``initiatives.change`` (tenant admins, coordinators): switch an initiative into crisis
  mode and out of it;
- ``activities.record`` (and coordinators, admins, professionals): read the centre's
  dashboard, post and close needs, log decisions, record the after-action review;
- ``coproducers.manage`` (coordinators, admins): rank candidates, send call-outs, check
  deployed volunteers in and out;
- ``crisis.post_need`` (partner organisations' staff): post needs to the crisis centres
  whose initiative their organisation is a (current) partner of, as that organisation
  (source "partner"), and read the needs their organisation posted there; no candidates,
  no call-outs, no resident details, no assigning;
- a need's resident details: only the person assigned to the need, every read logged.

A centre or need one may not see is a 404; refusing for want of a permission comes
first (403), as in the other apps.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coproduce.initiatives.access import STAFF_MEMBERSHIP_ROLES, initiative_visible
from coproduce.initiatives.models import Initiative, InitiativePartner
from coproduce.people.models import Membership, Organisation
from coproduce.tenancy.actor import Actor

from .models import CallOut, CrisisCentre, Need

SWITCH = "initiatives.change"
STAFF = "activities.record"
CALL = "coproducers.manage"
POST = "crisis.post_need"
ANY = (STAFF, CALL)
# who may post a need: the centre's staff, and partner organisations' staff
POSTERS = (STAFF, POST)


def crisis_allowed(actor: Actor) -> bool:
    return actor.can_any(ANY)


def centre_visible(actor: Actor) -> QuerySet[CrisisCentre]:
    return CrisisCentre.objects.filter(
        tenant=actor.tenant, initiative__in=initiative_visible(actor).values("pk")
    )


def _centre_of(centres: QuerySet[CrisisCentre], slug: str) -> CrisisCentre:
    """The centre of the initiative ``slug`` among ``centres``, or 404."""
    centre = (
        centres.select_related("initiative__lead_organisation")
        .filter(initiative__slug=slug)
        .first()
    )
    if centre is None:
        raise Http404
    return centre


def access_centre_by_slug(actor: Actor, slug: str) -> CrisisCentre:
    return _centre_of(centre_visible(actor), slug)


def access_initiative_for_switch(actor: Actor, slug: str) -> Initiative:
    actor.require(SWITCH)
    initiative = initiative_visible(actor).filter(slug=slug).first()
    if initiative is None:
        raise Http404
    return initiative


def _current(today: dt.date) -> Q:
    return (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def partner_organisations(
    actor: Actor, centre: CrisisCentre | None = None
) -> QuerySet[Organisation]:
    """The organisations the actor's person works for (as professional or
    representative) that are current partners of the centre's initiative (of any
    crisis centre's, without ``centre``): those they may post needs for."""
    if actor.person is None or not actor.can(POST):
        return Organisation.objects.none()
    own = Membership.objects.filter(
        tenant=actor.tenant, person=actor.person, role__in=STAFF_MEMBERSHIP_ROLES
    ).values("organisation")
    partners = InitiativePartner.objects.filter(
        _current(timezone.localdate()), tenant=actor.tenant, organisation__in=own
    )
    if centre is not None:
        partners = partners.filter(initiative_id=centre.initiative_id)
    else:
        partners = partners.filter(
            initiative__in=CrisisCentre.objects.filter(tenant=actor.tenant).values(
                "initiative"
            )
        )
    return Organisation.objects.filter(
        tenant=actor.tenant, pk__in=partners.values("organisation")
    ).order_by("name")


def centre_for_posting(actor: Actor) -> QuerySet[CrisisCentre]:
    """The centres the actor may post needs to: those the staff see; for partners'
    staff, those whose initiative their organisation is a current partner of."""
    if actor.can(STAFF):
        return centre_visible(actor)
    if actor.person is None or not actor.can(POST):
        return CrisisCentre.objects.none()
    own = Membership.objects.filter(
        tenant=actor.tenant, person=actor.person, role__in=STAFF_MEMBERSHIP_ROLES
    ).values("organisation")
    initiatives = InitiativePartner.objects.filter(
        _current(timezone.localdate()), tenant=actor.tenant, organisation__in=own
    ).values("initiative")
    return CrisisCentre.objects.filter(tenant=actor.tenant, initiative__in=initiatives)


def access_centre_for_posting(actor: Actor, slug: str) -> CrisisCentre:
    actor.require_any(POSTERS)
    return _centre_of(centre_for_posting(actor), slug)


def need_visible(actor: Actor, qs: QuerySet[Need] | None = None) -> QuerySet[Need]:
    if qs is None:
        qs = Need.objects.filter(tenant=actor.tenant)
    if crisis_allowed(actor):
        return qs.filter(centre__in=centre_visible(actor).values("pk"))
    if actor.can(POST):
        # partners' staff: what their organisation posted to the centres they post to
        return qs.filter(
            centre__in=centre_for_posting(actor).values("pk"),
            organisation__in=partner_organisations(actor).values("pk"),
        )
    return qs.none()


def access_need_by_id(actor: Actor, pk: int) -> Need:
    need = (
        need_visible(actor)
        .select_related("centre__initiative", "shift", "assigned_to")
        .filter(pk=pk)
        .first()
    )
    if need is None:
        raise Http404
    return need


def resident_allowed(actor: Actor, need: Need) -> bool:
    """Only whoever is assigned to the need reads its resident's details."""
    return actor.person is not None and need.assigned_to_id == actor.person.pk


def access_callout_by_id(actor: Actor, *, need: Need, pk: int) -> CallOut:
    callout = CallOut.objects.filter(need=need, pk=pk).select_related("person").first()
    if callout is None:
        raise Http404
    return callout


def access_centre_by_id(actor: Actor, initiative_id: int) -> CrisisCentre:
    centre = (
        centre_visible(actor)
        .select_related("initiative")
        .filter(initiative_id=initiative_id)
        .first()
    )
    if centre is None:
        raise Http404
    return centre
