"""The cases API (mounted under /api/v1 by ``coproduce.config.api``): case types
(processes as data), cases with their steps, sign-offs, assignments and closure, the
parties (each read logged) and the trail with its hashes.

What one may read follows ``access.case_visible`` with the request's actor, as on the
pages: a case one may not see is a 404. A role that may not do something is a 403
problem (``request.actor.require``, the same check as on the pages, grants included).
Parties appear by pseudonym everywhere except ``GET /cases/{case_id}/parties``.
Reads go through ``selectors.py``; writes through ``services.py``.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.references import object_get, references_resolve
from coproduce.api.schemas import Bool, Choice, DateIn, DateTimeIn, Id, IdIn, In, Text

from . import accountability, selectors, services
from .access import (
    AUDIT,
    access_case_by_id,
    access_step_by_id,
    case_close_require,
    case_visible,
    cases_require,
    party_details_allowed,
)
from .ledger import ledger_sequence, ledger_verify
from .models import Case, Party
from .process import PERFORMERS

router = Router(tags=["cases"])

Code = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
Performer = Annotated[str, Field(pattern="^(" + "|".join(PERFORMERS) + ")$")]
Version = Annotated[int, Field(ge=1, le=2**31 - 1, strict=True)]


def _case(request, case_id: int) -> Case:
    return access_case_by_id(request.actor, case_id)


# Case types -----------------------------------------------------------------------------


class ProcessStepIn(In):
    code: Code
    name: Text(200, min_length=1)
    performers: list[Performer] = Field(..., min_length=1, max_length=3)
    requires: list[Code] = Field(default_factory=list, max_length=50)
    per_party: Bool = False
    repeatable: Bool = False
    outcomes: list[Code] = Field(default_factory=list, max_length=20)
    needs_sign_off: Bool = False
    deadline_days: Annotated[int, Field(ge=0, le=3650, strict=True)] | None = None
    skippable: Bool = False
    closes: Bool = False
    description: Text(2000) = ""


class CaseTypeIn(In):
    slug: Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]{1,60}$")]
    name: Text(200, min_length=1)
    description: Text(10000) = ""
    legal_basis: Text(10000) = ""
    retention_days: Annotated[int, Field(ge=0, le=36500, strict=True)] = 730
    consent_wording: Text(10000) = ""
    steps: list[ProcessStepIn] = Field(..., min_length=1, max_length=50)


class StepOut(Schema):
    code: str
    name: str
    performers: list[str]
    requires: list[str]
    per_party: bool
    repeatable: bool
    outcomes: list[str]
    needs_sign_off: bool
    deadline_days: int | None
    skippable: bool
    closes: bool
    description: str


class CaseTypeOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    legal_basis: str
    retention_days: int
    consent_wording: str
    is_active: bool
    version: int
    steps: list[StepOut]


@router.get("/case-types", response={200: list[CaseTypeOut], **errors.READ_LIST})
@paginate(Pagination)
def case_type_list(request):
    cases_require(request.actor)
    return selectors.case_type_list(tenant=request.tenant)


@router.post("/case-types", response={201: CaseTypeOut, **errors.CREATE})
def case_type_create(request, payload: CaseTypeIn):
    """Define a case type: its steps in order, who performs each, sign-offs, deadlines
    (days from referral), which may be skipped (with a written reason), the legal basis."""
    request.actor.require("cases.manage")
    values = payload.model_dump()
    case_type = services.case_type_create(
        tenant=request.tenant, actor=request.actor, **values
    )
    return Status(201, case_type)


@router.get("/case-types/{int:type_id}", response={200: CaseTypeOut, **errors.READ_ONE})
def case_type_detail(request, type_id: Id):
    cases_require(request.actor)
    return object_get(selectors.case_type_list(tenant=request.tenant), type_id)


# Cases ----------------------------------------------------------------------------------


class PartyIn(In):
    role: Choice(Party.Role)
    given_name: Text(100) = ""
    family_name: Text(100) = ""
    email: Text(254) = ""
    phone: Text(40) = ""
    address: Text(300) = ""


class CaseIn(In):
    case_type: IdIn
    organisation: IdIn
    initiative: IdIn | None = None
    referrer: Choice(Case.Referrer)
    referrer_name: Text(200) = ""
    referred_on: DateIn
    parties: list[PartyIn] = Field(..., min_length=1, max_length=10)


class AssignmentOut(Schema):
    person: int
    name: str
    role: str


class PartyRef(Schema):
    pseudonym: str
    label: str
    role: str


class StepRecordOut(Schema):
    id: int
    code: str
    status: str
    party: str
    outcome: str
    reason: str
    performed_by: int
    occurred_at: dt.datetime = Field(description="When the step happened.")
    performed_at: dt.datetime = Field(description="When the step was recorded.")
    signed_off_by: int | None
    signed_off_at: dt.datetime | None


class StepStateOut(Schema):
    code: str
    name: str
    complete: bool
    skipped: bool
    awaiting_sign_off: bool
    overdue: bool
    due: dt.date | None
    parties_missing: list[str]


class CaseOut(Schema):
    id: int
    reference: str
    case_type: int
    organisation: int
    initiative: int | None
    referrer: str
    referrer_name: str
    referred_on: dt.date
    status: str
    closed_at: dt.datetime | None
    close_reason: str
    legal_hold: bool
    version: int
    parties: list[PartyRef]
    assignments: list[AssignmentOut]
    steps: list[StepRecordOut]
    process: list[StepStateOut]


def _case_out(case: Case) -> dict[str, Any]:
    case = selectors.case_detail_get(case)
    states = selectors.case_state(case)
    return {
        "id": case.pk,
        "reference": case.reference,
        "case_type": case.case_type_id,
        "organisation": case.organisation_id,
        "initiative": case.initiative_id,
        "referrer": case.referrer,
        "referrer_name": case.referrer_name,
        "referred_on": case.referred_on,
        "status": case.status,
        "closed_at": case.closed_at,
        "close_reason": case.close_reason,
        "legal_hold": case.legal_hold,
        "version": case.version,
        "parties": [
            {"pseudonym": str(p.pseudonym), "label": p.label, "role": p.role}
            for p in case.parties.all()
        ],
        "assignments": [
            {"person": a.person_id, "name": str(a.person), "role": a.role}
            for a in case.assignments.all()
            if a.ended_at is None
        ],
        "steps": [
            {
                "id": s.pk,
                "code": s.code,
                "status": s.status,
                "party": s.party_label,
                "outcome": s.outcome,
                "reason": s.reason,
                "performed_by": s.performed_by_id,
                "occurred_at": s.occurred_at,
                "performed_at": s.performed_at,
                "signed_off_by": s.signed_off_by_id,
                "signed_off_at": s.signed_off_at,
            }
            for s in case.steps.all()
        ],
        "process": [
            {
                "code": s.step.code,
                "name": s.step.name,
                "complete": s.complete,
                "skipped": s.skipped,
                "awaiting_sign_off": s.awaiting_sign_off,
                "overdue": s.overdue,
                "due": s.due,
                "parties_missing": s.parties_missing,
            }
            for s in states
        ],
    }


class CaseListOut(Schema):
    id: int
    reference: str
    case_type: int
    organisation: int
    referrer: str
    referred_on: dt.date
    status: str
    version: int

    @staticmethod
    def resolve_case_type(obj) -> int:
        return obj.case_type_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


@router.get("/cases", response={200: list[CaseListOut], **errors.READ_LIST})
@paginate(Pagination)
def case_list(request):
    """The cases the caller may see; parties are not listed (see the case's parties)."""
    cases_require(request.actor)
    return case_visible(request.actor).order_by("-referred_on", "-id")


@router.post("/cases", response={201: CaseOut, **errors.CREATE})
def case_register(request, payload: CaseIn):
    request.actor.require("cases.manage")
    tenant = request.tenant
    values = references_resolve(
        payload.model_dump(),
        {
            "case_type": selectors.case_type_list(tenant=tenant),
            "organisation": selectors.organisation_choices(tenant=tenant),
            "initiative": selectors.initiative_choices(tenant=tenant),
        },
    )
    case = services.case_register(tenant=tenant, actor=request.actor, **values)
    return Status(201, _case_out(case))


@router.get("/cases/{int:case_id}", response={200: CaseOut, **errors.READ_ONE})
def case_detail(request, case_id: Id):
    return _case_out(_case(request, case_id))


class CaseStepIn(In):
    code: Code
    version: Version
    party: Annotated[str, Field(pattern=r"^[A-Z]?$")] = ""
    outcome: Annotated[str, Field(pattern=r"^[a-z0-9_]{0,40}$")] = ""
    note: Text(5000) = ""
    skip: Bool = False
    reason: Text(2000) = ""
    occurred_at: DateTimeIn | None = Field(
        None, description="When the step happened (default: now)."
    )


@router.post("/cases/{int:case_id}/steps", response={201: CaseOut, **errors.CHANGE})
def case_step_record(request, case_id: Id, payload: CaseStepIn):
    """Record (or skip, with a written reason) one step, as the process allows; a stale
    ``version`` is a 409."""
    request.actor.require("cases.record")
    case = _case(request, case_id)
    values = payload.model_dump()
    version = values.pop("version")
    services.case_step_record(
        case=case, actor=request.actor, expected_version=version, **values
    )
    return Status(201, _case_out(case))


class VersionIn(In):
    version: Version


@router.post(
    "/cases/{int:case_id}/steps/{int:record_id}/sign-off",
    response={200: CaseOut, **errors.CHANGE},
)
def case_step_sign_off(request, case_id: Id, record_id: Id, payload: VersionIn):
    request.actor.require("cases.sign_off")
    case = _case(request, case_id)
    record = access_step_by_id(case=case, pk=record_id)
    services.case_step_sign_off(
        case=case,
        actor=request.actor,
        record=record,
        expected_version=payload.version,
    )
    return _case_out(case)


class AssignIn(In):
    mediators: list[IdIn] = Field(..., min_length=2, max_length=2)
    supervisor: IdIn
    version: Version


@router.post(
    "/cases/{int:case_id}/assignments", response={200: CaseOut, **errors.CHANGE}
)
def case_assign(request, case_id: Id, payload: AssignIn):
    """Assign a pair of volunteer mediators and a supervising professional."""
    request.actor.require("cases.manage")
    case = _case(request, case_id)
    people = selectors.person_choices(tenant=request.tenant)
    values = references_resolve(
        {"supervisor": payload.supervisor}, {"supervisor": people}
    )
    mediators = [
        references_resolve({"mediators": m}, {"mediators": people})["mediators"]
        for m in payload.mediators
    ]
    services.case_assign(
        case=case,
        actor=request.actor,
        mediators=mediators,
        supervisor=values["supervisor"],
        expected_version=payload.version,
    )
    return _case_out(case)


class CloseIn(In):
    reason: Text(2000, min_length=1)
    version: Version


@router.post("/cases/{int:case_id}/close", response={200: CaseOut, **errors.CHANGE})
def case_close(request, case_id: Id, payload: CloseIn):
    """Close the case with a reason (the case's coordinator or supervisor)."""
    case = _case(request, case_id)
    case_close_require(request.actor, case)
    services.case_close(
        case=case,
        actor=request.actor,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _case_out(case)


class PartyOut(Schema):
    id: int
    label: str
    pseudonym: str
    role: str
    given_name: str
    family_name: str
    email: str
    phone: str
    address: str
    erased_at: dt.datetime | None


@router.get(
    "/cases/{int:case_id}/parties", response={200: list[PartyOut], **errors.READ_ONE}
)
def case_parties(request, case_id: Id):
    """The parties' details: sensitive, and every read is logged (who, when, which case)."""
    actor = request.actor
    case = _case(request, case_id)
    if not party_details_allowed(actor, case):
        raise Http404
    return [
        {
            "id": p.pk,
            "label": p.label,
            "pseudonym": str(p.pseudonym),
            "role": p.role,
            "given_name": p.given_name,
            "family_name": p.family_name,
            "email": p.email,
            "phone": p.phone,
            "address": p.address,
            "erased_at": p.erased_at,
        }
        for p in services.party_details_read(case=case, actor=actor, channel="api")
    ]


class TrailEntryOut(Schema):
    seq: int
    case: int | None
    kind: str
    content: str
    content_hash: str
    prev_hash: str
    entry_hash: str
    created_at: dt.datetime
    slot: int | None
    slot_seq: int | None
    format: int
    key_id: str
    mac: str


@router.get(
    "/cases/{int:case_id}/trail",
    response={200: list[TrailEntryOut], **errors.READ_ONE},
)
def case_trail(request, case_id: Id):
    """The case's ledger entries with the hashes that prove them (auditors and
    coordinators). Check each: SHA-256(content) = content_hash, and entry_hash =
    SHA-256('coproduce-ledger-v2|tenant|seq|case|kind|created_at|slot|slot_seq|'
    'prev_hash|content_hash') (format 1: 'coproduce-ledger-v1|tenant|seq|case|kind|'
    'prev_hash|content_hash'); the MAC needs the site's key (`ledger verify`)."""
    request.actor.require(AUDIT)
    case = _case(request, case_id)
    ledger_sequence(tenant_id=case.tenant_id)  # nothing reads a trail with gaps
    return [
        {
            "seq": e.seq,
            "case": e.case_id,
            "kind": e.kind,
            "content": e.content,
            "content_hash": e.content_hash,
            "prev_hash": e.prev_hash,
            "entry_hash": e.entry_hash,
            "created_at": e.created_at,
            "slot": e.slot,
            "slot_seq": e.slot_seq,
            "format": e.format,
            "key_id": e.key_id,
            "mac": e.mac,
        }
        for e in selectors.case_trail(case)
    ]


# The ledger and accountability ------------------------------------------------------------


class VerificationOut(Schema):
    ok: bool = Field(..., description="Every entry checked and none found wrong")
    entries: int = Field(..., description="Entries checked")
    problem: str = Field(..., description="What is wrong with the first wrong entry")
    seq: int | None = Field(None, description="The first entry found wrong")
    head_seq: int = Field(..., description="The last entry of the chain")
    head_hash: str = Field(..., description="Its hash: keep it to check the next time")
    waiting: int = Field(..., description="Entries not yet chained (checked apart)")


@router.get("/ledger/verification", response={200: VerificationOut, **errors.READ_LIST})
def ledger_verification(request):
    """Chain what waits, then check the tenant's whole ledger: each entry's content
    hash, its link to the one before and its MAC (auditors). A broken chain is still a
    200, with ``ok`` false and the first entry found wrong."""
    request.actor.require(AUDIT)
    result = ledger_verify(tenant_id=request.tenant.pk)
    return {
        "ok": result.ok,
        "entries": result.entries,
        "problem": result.problem,
        "seq": result.seq,
        "head_seq": result.head_seq,
        "head_hash": result.head_hash,
        "waiting": result.waiting,
    }


class RelationOut(Schema):
    source: str
    target: str
    kind: str = Field(..., description="horizontal (peers) or vertical (answers to)")
    what: str
    count: int


class OverdueOut(Schema):
    case: int
    reference: str
    step: str
    name: str
    due: dt.date | None


class DiscretionOut(Schema):
    case: int
    reference: str
    what: str
    why: str


class AccountabilityOut(Schema):
    levels: list[list[str]] = Field(
        ..., description="The nodes from the top: referrer, organisation, supervisors, "
        "mediators"
    )  # fmt: skip
    relations: list[RelationOut]
    overdue: list[OverdueOut]
    discretion: list[DiscretionOut]


def _accountability(cases, levels, relations) -> dict[str, Any]:
    overdue, discretion = [], []
    for case in cases:
        states = selectors.case_state(case)
        ref = {"case": case.pk, "reference": case.reference}
        overdue += [
            {**ref, "step": s.step.code, "name": s.step.name, "due": s.due}
            for s in states
            if s.overdue
        ]
        discretion += [{**ref, **d} for d in accountability.discretion(case, states)]
    return {
        "levels": levels,
        "relations": [
            {
                "source": r.source,
                "target": r.target,
                "kind": r.kind,
                "what": r.what,
                "count": r.count,
            }
            for r in relations
        ],
        "overdue": overdue,
        "discretion": discretion,
    }


@router.get(
    "/cases/{int:case_id}/accountability",
    response={200: AccountabilityOut, **errors.READ_ONE},
)
def case_accountability(request, case_id: Id):
    """Who answers to whom in the case (its relations and how often each held), the
    steps overdue, and where the case left its process (discretion)."""
    case = selectors.case_detail_get(_case(request, case_id))
    levels, relations = accountability.case_relations(case)
    return _accountability([case], levels, relations)


@router.get("/accountability", response={200: AccountabilityOut, **errors.READ_LIST})
def service_accountability(request):
    """The same relations summed over the newest 500 cases the caller may read."""
    cases_require(request.actor)
    cases = selectors.accountability_cases(request.actor)
    levels, relations = accountability.service_relations(cases)
    return _accountability(cases, levels, relations)
