"""Who may do what in crisis mode, given the request's actor.

- ``initiatives.change`` (tenant admins, coordinators): switch an initiative into crisis
  mode and out of it;
- ``activities.record`` (and coordinators, admins, professionals): read the centre's
  dashboard, post and close needs, log decisions, record the after-action review;
- ``coproducers.manage`` (coordinators, admins): rank candidates, send call-outs, check
  deployed volunteers in and out;
- a need's resident details: only the person assigned to the need, every read logged.

A centre or need one may not see is a 404; refusing for want of a permission comes
first (403), as in the other apps.
"""

from django.db.models import QuerySet
from django.http import Http404

from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import Initiative
from coproduce.tenancy.actor import Actor

from .models import CallOut, CrisisCentre, Need

SWITCH = "initiatives.change"
STAFF = "activities.record"
CALL = "coproducers.manage"
ANY = (STAFF, CALL)


def crisis_allowed(actor: Actor) -> bool:
    return actor.can_any(ANY)


def centre_visible(actor: Actor) -> QuerySet[CrisisCentre]:
    return CrisisCentre.objects.filter(
        tenant=actor.tenant, initiative__in=initiative_visible(actor).values("pk")
    )


def access_centre_by_slug(actor: Actor, slug: str) -> CrisisCentre:
    centre = (
        centre_visible(actor)
        .select_related("initiative__lead_organisation")
        .filter(initiative__slug=slug)
        .first()
    )
    if centre is None:
        raise Http404
    return centre


def access_initiative_for_switch(actor: Actor, slug: str) -> Initiative:
    actor.require(SWITCH)
    initiative = initiative_visible(actor).filter(slug=slug).first()
    if initiative is None:
        raise Http404
    return initiative


def need_visible(actor: Actor, qs: QuerySet[Need] | None = None) -> QuerySet[Need]:
    if qs is None:
        qs = Need.objects.filter(tenant=actor.tenant)
    if not crisis_allowed(actor):
        return qs.none()
    return qs.filter(centre__in=centre_visible(actor).values("pk"))


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
