"""Who may read and change which case, given the request's actor (``request.actor``).

- a coordinator (``cases.view_all``) sees every case of the tenant;
- a professional (``cases.view_org``) the cases of the organisations they work for, and
  those they supervise;
- a volunteer (``cases.record``) the cases they are assigned to (as mediator);
- an auditor (``cases.audit``: the role's, or a member designated in ``Auditor``, whose
  actor gains it through ``auditor_grant``) reads every case's trail but no party details.

A case one may not see is a 404 everywhere (page, API, export), the same answer as for one
that does not exist. Pages, the API and exports all ask here; the services trust what was
checked here and apply the process (which step may follow, whose step it is in the case).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from coproduce.people.models import Membership
from coproduce.tenancy.actor import Actor

from .models import Assignment, Auditor, Case, Document, Party, StepRecord

STAFF_ROLES = (Membership.Role.PROFESSIONAL, Membership.Role.REPRESENTATIVE)
AUDIT = "cases.audit"
READ = frozenset({"cases.view_all", "cases.view_org", "cases.record", AUDIT})


def auditor_grant(*, tenant, user, permissions=frozenset()) -> set[str]:
    """``cases.audit`` for a member designated as auditor of the tenant's cases
    (registered with ``tenancy.actor.grant_register`` in ``CasesConfig.ready``). A role
    that carries it already (coordinators) is not looked up."""
    if AUDIT in permissions:
        return set()
    if user is None or not getattr(user, "is_authenticated", False) or tenant is None:
        return set()
    if Auditor.objects.filter(tenant=tenant, user=user).exists():
        return {AUDIT}
    return set()


def auditor_only(actor: Actor) -> bool:
    """An auditor who has no other way into the cases: reads trails, never parties."""
    return actor.can(AUDIT) and not actor.can_any(
        {"cases.view_all", "cases.view_org", "cases.record"}
    )


def cases_allowed(actor: Actor) -> bool:
    """Whether the actor may open the case pages at all (the list, the case types)."""
    return actor.can_any(READ)


def case_visible(actor: Actor, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Every case ``actor`` may read (of ``qs`` if given)."""
    if qs is None:
        qs = Case.objects.filter(tenant=actor.tenant)
    if actor.can("cases.view_all") or actor.can(AUDIT):
        return qs
    if actor.person is None:
        return qs.none()
    assigned = Assignment.objects.filter(
        tenant=actor.tenant, case=OuterRef("pk"), person=actor.person, ended_at=None
    )
    condition = Q(Exists(assigned))
    if actor.can("cases.view_org"):
        own_orgs = Membership.objects.filter(
            tenant=actor.tenant, person=actor.person, role__in=STAFF_ROLES
        ).values("organisation")
        condition |= Q(organisation__in=own_orgs)
    elif not actor.can("cases.record"):
        return qs.none()
    return qs.filter(condition)


def access_case_by_id(actor: Actor, pk: int) -> Case:
    case = (
        case_visible(actor)
        .select_related("case_type", "organisation", "initiative")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_roles(actor: Actor, case: Case) -> set[str]:
    """The actor's roles in this case, as process steps name them (mediator,
    supervisor, coordinator)."""
    roles = set()
    if actor.can("cases.manage"):
        roles.add("coordinator")
    if actor.person is not None:
        for a in case.assignments.all():
            if a.person_id == actor.person.pk and a.ended_at is None:
                roles.add(a.role)
    return roles


CLOSERS = frozenset({"supervisor", "coordinator"})


def cases_require(actor: Actor) -> None:
    """Refuse (403) whoever may not open the case pages at all: the list, the case types
    and their API alike."""
    actor.require_any(READ)


def case_close_require(actor: Actor, case: Case) -> None:
    """Only the case's supervisor or a coordinator closes it (403 for anyone else who
    may see it, on the page and in the API)."""
    actor.require("cases.record")
    if not case_roles(actor, case) & CLOSERS:
        raise PermissionDenied("cases.close")


def party_details_allowed(actor: Actor, case: Case) -> bool:
    """Who may read the parties' names and contacts (and the documents, which may hold
    them): not an auditor as such, not anyone who cannot see the case. (Assumes the
    case was found through ``case_visible``.)"""
    if actor.can("cases.view_all"):
        return True
    if auditor_only(actor):
        return False
    return bool(case_roles(actor, case)) or actor.can("cases.view_org")


def access_step_by_id(*, case: Case, pk: int) -> StepRecord:
    step = StepRecord.objects.filter(case=case, pk=pk).first()
    if step is None:
        raise Http404
    return step


def access_party_by_id(*, case: Case, pk: int) -> Party:
    party = Party.objects.filter(case=case, pk=pk).first()
    if party is None:
        raise Http404
    return party


def access_document_by_id(actor: Actor, *, case: Case, pk: int) -> Document:
    """A document of a case: it may hold party data, so only to those who may read
    the parties' details (404 otherwise)."""
    if not party_details_allowed(actor, case):
        raise Http404
    document = Document.objects.filter(case=case, pk=pk).first()
    if document is None:
        raise Http404
    return document
