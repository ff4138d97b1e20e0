"""Reads of cases and the checks of who may see what.

- a coordinator (``cases.view_all``) sees every case of the tenant;
- a professional (``cases.view_org``) the cases of the organisations they work for, and
  those they supervise;
- a volunteer the cases they are assigned to (as mediator);
- an auditor (designated in ``Auditor``) reads every case's trail but no party details.

A case one may not see is a 404 everywhere (page, API, export), never a hint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coproduce.people.models import Membership
from coproduce.tenancy.roles import AUDITOR_PERMISSIONS

from .models import (
    Assignment,
    Auditor,
    Case,
    CaseType,
    LedgerEntry,
    PartyAccess,
    StepRecord,
)
from .process import Record, process_parse, step_states

STAFF_ROLES = (Membership.Role.PROFESSIONAL, Membership.Role.REPRESENTATIVE)


@dataclass(frozen=True)
class CaseActor:
    """Who is asking: the user, their person in the tenant and their permissions (the
    role's, plus ``cases.audit`` for a designated auditor)."""

    tenant: object
    user: object
    person: object | None
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_auditor_only(self) -> bool:
        return "cases.audit" in self.permissions and not (
            {"cases.view_all", "cases.view_org", "cases.record"} & self.permissions
        )


def auditor_is(*, tenant, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Auditor.objects.filter(tenant=tenant, user=user).exists()


def case_actor(*, tenant, user, person, permissions) -> CaseActor:
    perms = frozenset(permissions)
    if auditor_is(tenant=tenant, user=user):
        perms = perms | AUDITOR_PERMISSIONS
    return CaseActor(tenant=tenant, user=user, person=person, permissions=perms)


def case_visible(actor: CaseActor) -> QuerySet[Case]:
    qs = Case.objects.filter(tenant=actor.tenant)
    perms = actor.permissions
    if "cases.view_all" in perms or "cases.audit" in perms:
        return qs
    if actor.person is None:
        return qs.none()
    assigned = Assignment.objects.filter(
        tenant=actor.tenant, case=OuterRef("pk"), person=actor.person, ended_at=None
    )
    condition = Q(Exists(assigned))
    if "cases.view_org" in perms:
        own_orgs = Membership.objects.filter(
            tenant=actor.tenant, person=actor.person, role__in=STAFF_ROLES
        ).values("organisation")
        condition |= Q(organisation__in=own_orgs)
    elif "cases.record" not in perms:
        return qs.none()
    return qs.filter(condition)


def access_case_by_id(actor: CaseActor, pk: int) -> Case:
    case = (
        case_visible(actor)
        .select_related("case_type", "organisation", "initiative")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_roles(actor: CaseActor, case: Case) -> set[str]:
    """The actor's roles in this case, as process steps name them."""
    roles = set()
    if "cases.manage" in actor.permissions:
        roles.add("coordinator")
    if actor.person is not None:
        for a in case.assignments.all():
            if a.person_id == actor.person.pk and a.ended_at is None:
                roles.add(a.role)
    return roles


def party_details_allowed(actor: CaseActor, case: Case) -> bool:
    """Who may read the parties' names and contacts: not an auditor as such, not anyone
    who cannot see the case. (Assumes the case was found through ``case_visible``.)"""
    perms = actor.permissions
    if "cases.view_all" in perms:
        return True
    if actor.is_auditor_only:
        return False
    return bool(case_roles(actor, case)) or "cases.view_org" in perms


def case_list(actor: CaseActor) -> QuerySet[Case]:
    return (
        case_visible(actor)
        .select_related("case_type", "organisation")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(ended_at=None).select_related(
                    "person"
                ),
            ),
            Prefetch("steps", queryset=StepRecord.objects.order_by("performed_at")),
            "parties",
        )
        .order_by("-referred_on", "-id")
    )


def case_records(case: Case) -> list[Record]:
    return [
        Record(
            code=s.code,
            status=s.status,
            party=s.party_label or None,
            performed_by=s.performed_by_id,
            signed_off=s.signed_off_at is not None,
            at=s.performed_at,
        )
        for s in case.steps.all()
    ]


def case_state(case: Case, *, today: dt.date | None = None):
    """Every step of the case's process with where it stands (uses prefetched rows).
    Nothing of a closed case is overdue: the steps it was closed without are listed
    as discretion (closed before ...), with the reason for closing."""
    states = step_states(
        process_parse(case.process),
        case_records(case),
        parties=[p.label for p in case.parties.all()],
        referred_on=case.referred_on,
        today=today or timezone.localdate(),
    )
    if not case.is_open:
        for state in states:
            state.overdue = False
    return states


def case_current_step(states) -> str:
    for s in states:
        if not s.complete and not s.skipped:
            return s.step.name
    return ""


def case_trail(case: Case) -> QuerySet[LedgerEntry]:
    """The case's chained entries (run ``ledger_sequence`` first to include the
    waiting ones)."""
    return LedgerEntry.objects.filter(
        tenant_id=case.tenant_id, case_id=case.pk, seq__isnull=False
    ).order_by("seq")


def party_access_list(case: Case) -> QuerySet[PartyAccess]:
    return PartyAccess.objects.filter(
        tenant_id=case.tenant_id, case=case
    ).select_related("user", "party")


def case_type_list(*, tenant) -> QuerySet[CaseType]:
    return CaseType.objects.filter(tenant=tenant).order_by("name")


def cases_due_for_purge(*, tenant=None, now: dt.datetime | None = None) -> list[Case]:
    """Closed cases whose retention period has passed and whose parties are not erased."""
    now = now or timezone.now()
    qs = Case.objects.filter(
        status=Case.Status.CLOSED, parties_erased_at=None, legal_hold=False
    ).select_related("case_type")
    if tenant is not None:
        qs = qs.filter(tenant=tenant)
    return [
        c
        for c in qs.iterator()
        if c.closed_at + dt.timedelta(days=c.case_type.retention_days) <= now
    ]
