"""Who may read and write what in collaboration, given the request's actor.

- The area is read with ``registry.view`` (staff, viewers and partner organisations'
  staff); volunteers and service users do not see it.
- *Partner staff*: the organisations an actor works for are those where their person has
  a current membership as professional or representative (``own_organisations``), as
  ``initiatives.access`` counts them.
- Learning entries: ``initiatives.change`` (coordinators, tenant admins) read them all;
  others read an entry of the whole tenant, one written for their own organisation, and
  one for the partners where they may see its initiative (``initiative_visible``) or, for
  an entry of no initiative, where their organisation is named in it (source, receiving,
  involved). An entry for the own organisation only is read by that organisation's staff.
- Writing an entry: staff (``initiatives.change`` or ``activities.record``) for any
  organisation, partner staff for their own organisation.
- An adoption follow-up is recorded by those who may write for the organisation adopting.
- Partnerships: read by the managers, by anyone with ``initiatives.view_all`` and by the
  staff of either side; a side's commitments are kept by that side's staff (and managers);
  the partnership itself (its sides, dates, status) by managers (``initiatives.change``).
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coproduce.initiatives.access import STAFF_MEMBERSHIP_ROLES, initiative_visible
from coproduce.people.models import Membership, Organisation
from coproduce.tenancy.actor import Actor

from .models import LearningEntry, Visibility

READ = "registry.view"
MANAGE = "initiatives.change"
STAFF = frozenset({"initiatives.change", "activities.record"})


def own_organisations(
    actor: Actor, *, on: date | None = None
) -> QuerySet[Organisation]:
    """The organisations ``actor`` works for today (professional or representative)."""
    qs = Organisation.objects.filter(tenant=actor.tenant)
    if actor.person is None:
        return qs.none()
    on = on or timezone.localdate()
    memberships = Membership.objects.filter(
        tenant=actor.tenant,
        person=actor.person,
        role__in=STAFF_MEMBERSHIP_ROLES,
    ).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on),
        Q(end_date__isnull=True) | Q(end_date__gte=on),
    )
    return qs.filter(pk__in=memberships.values("organisation"))


def collaboration_require(actor: Actor) -> None:
    actor.require(READ)


def is_staff(actor: Actor) -> bool:
    return actor.can_any(STAFF)


def may_write_for(actor: Actor, organisation: Organisation | None) -> bool:
    """Whether ``actor`` may write learning entries (and follow-ups) for ``organisation``
    (``None``: an entry of no particular organisation, staff only)."""
    if not actor.can(READ) and not is_staff(actor):
        return False
    if is_staff(actor):
        return True
    if organisation is None:
        return False
    return own_organisations(actor).filter(pk=organisation.pk).exists()


def may_write_learning(actor: Actor) -> bool:
    return is_staff(actor) or (actor.can(READ) and own_organisations(actor).exists())


def learning_visible(
    actor: Actor, qs: QuerySet[LearningEntry] | None = None
) -> QuerySet[LearningEntry]:
    if qs is None:
        qs = LearningEntry.objects.filter(tenant=actor.tenant)
    if not actor.can(READ):
        return qs.none()
    if actor.can(MANAGE):
        return qs
    own = own_organisations(actor).values("pk")
    named = (
        Q(source_organisation__in=own)
        | Q(receiving_organisation__in=own)
        | Q(owner_organisation__in=own)
        | Q(organisations__in=own)
    )
    partners = Q(visibility=Visibility.PARTNERS) & (
        Q(initiative__in=initiative_visible(actor).values("pk"))
        | (Q(initiative__isnull=True) & named)
    )
    # the join to the involved organisations can repeat an entry: keep each once
    return qs.filter(
        pk__in=LearningEntry.objects.filter(tenant=actor.tenant)
        .filter(
            Q(visibility=Visibility.TENANT) | Q(owner_organisation__in=own) | partners
        )
        .values("pk")
    )


def access_learning_by_id(actor: Actor, pk: int) -> LearningEntry:
    entry = (
        learning_visible(actor)
        .filter(pk=pk)
        .select_related(
            "tenant",
            "initiative",
            "source_organisation",
            "receiving_organisation",
            "owner_organisation",
        )
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def may_change_learning(actor: Actor, entry: LearningEntry) -> bool:
    if actor.can(MANAGE):
        return True
    if entry.owner_organisation_id is None:
        return is_staff(actor) and entry.created_by_id == getattr(
            actor.user, "pk", None
        )
    return may_write_for(actor, entry.owner_organisation)


def may_follow_up(actor: Actor, entry: LearningEntry) -> bool:
    """Record adoption: the writer's side, the receiving side, and staff."""
    if is_staff(actor) or may_change_learning(actor, entry):
        return True
    return entry.receiving_organisation_id is not None and may_write_for(
        actor, entry.receiving_organisation
    )
