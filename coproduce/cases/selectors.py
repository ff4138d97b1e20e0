"""Reads of cases: every query the case pages, the API and the exports make. Who may see
which case is ``access.py``'s; these take what it let through."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from coproduce.initiatives.models import Initiative
from coproduce.people.models import Organisation, Person
from coproduce.tenancy.actor import Actor

from .access import case_visible
from .models import (
    Assignment,
    Case,
    CaseType,
    Document,
    LedgerEntry,
    LedgerHead,
    PartyAccess,
    StepRecord,
)
from .process import Record, process_parse, step_states


def case_list(actor: Actor) -> QuerySet[Case]:
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
            Prefetch(
                "steps", queryset=StepRecord.objects.order_by("occurred_at", "id")
            ),
            "parties",
        )
        .order_by("-referred_on", "-id")
    )


ACCOUNTABILITY_CASES = 500  # the newest cases the service's relations are summed over


def accountability_cases(actor: Actor) -> list[Case]:
    """The cases the service's accountability relations are read from: the newest
    ``ACCOUNTABILITY_CASES`` the actor may see, with what the relations need."""
    return list(case_list(actor).select_related("initiative")[:ACCOUNTABILITY_CASES])


def case_records(case: Case) -> list[Record]:
    return [
        Record(
            code=s.code,
            status=s.status,
            party=s.party_label or None,
            performed_by=s.performed_by_id,
            signed_off=s.signed_off_at is not None,
            at=s.occurred_at,
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


def case_detail_get(case: Case) -> Case:
    """The case with everything its page and the API show, prefetched."""
    return (
        Case.objects.filter(pk=case.pk)
        .select_related("case_type", "organisation", "initiative")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.select_related("person")
            ),
            Prefetch(
                "steps",
                queryset=StepRecord.objects.select_related(
                    "performed_by", "signed_off_by"
                ).order_by("occurred_at", "id"),
            ),
            "parties",
            Prefetch(
                "documents", queryset=Document.objects.select_related("uploaded_by")
            ),
        )
        .get()
    )


def _when(data: dict, key: str) -> dt.datetime | None:
    value = data.get(key)
    return parse_datetime(value) if isinstance(value, str) else None


def case_trail_rows(case: Case) -> list[dict]:
    """The case's chained entries as rows, each with when it was appended
    (``created_at``) and, for steps, when the step happened (``occurred_at``) and was
    recorded (``recorded_at``; entries from before steps had a date of their own name
    the recording time ``performed_at``). Run ``ledger_sequence`` first."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in case_trail(case).values(
            "seq",
            "kind",
            "case_id",
            "content",
            "content_hash",
            "prev_hash",
            "entry_hash",
            "created_at",
            "slot",
            "slot_seq",
            "format",
            "key_id",
            "mac",
        )
    ]
    for row in rows:
        data = json.loads(row["content"]).get("data") or {}
        row["occurred_at"] = _when(data, "occurred_at")
        row["recorded_at"] = _when(data, "recorded_at") or _when(data, "performed_at")
    return rows


def ledger_head(*, tenant) -> LedgerHead | None:
    return LedgerHead.objects.filter(tenant=tenant).first()


def party_access_list(case: Case) -> QuerySet[PartyAccess]:
    return PartyAccess.objects.filter(
        tenant_id=case.tenant_id, case=case
    ).select_related("user", "party")


def case_type_list(*, tenant) -> QuerySet[CaseType]:
    return CaseType.objects.filter(tenant=tenant).order_by("name", "id")


def case_type_choices(*, tenant) -> QuerySet[CaseType]:
    """The case types a new case may follow."""
    return CaseType.objects.filter(tenant=tenant, is_active=True)


def organisation_choices(*, tenant) -> QuerySet[Organisation]:
    return Organisation.objects.filter(tenant=tenant)


def initiative_choices(*, tenant) -> QuerySet[Initiative]:
    return Initiative.objects.filter(tenant=tenant)


def person_choices(*, tenant) -> QuerySet[Person]:
    """Whom a case may be assigned to (the service checks their roles)."""
    return Person.objects.filter(tenant=tenant)


def cases_due_for_purge(*, tenant, now: dt.datetime | None = None) -> list[Case]:
    """Closed cases of the tenant whose retention period has passed and whose parties
    are not erased."""
    now = now or timezone.now()
    qs = Case.objects.filter(
        tenant=tenant,
        status=Case.Status.CLOSED,
        parties_erased_at=None,
        legal_hold=False,
    ).select_related("case_type")
    return [
        c
        for c in qs.iterator()
        if c.closed_at is not None
        and c.closed_at + dt.timedelta(days=c.case_type.retention_days) <= now
    ]
