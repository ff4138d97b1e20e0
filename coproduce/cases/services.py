"""Writes of the cases app: one transaction each, the case row locked, the process checked,
each row validated whole (``core.services.instance_validate``: one row's rules and that
everything it points to belongs to the case's tenant), and each event recorded once by
``case_event_record``: a ``core.Event`` of the tenant's audit trail and, from the same
payload, an entry of the tenant's ledger (the hash chain, see ledger.py).

Who may do what was checked before a service is called (``access.py``, the views and the
API, with the request's actor); the services apply the domain's rules: what the process
allows next, whose step it is in this case (the actor's roles in the case), what a state
allows. Refusals are ``DomainError`` messages in the active language.

Every service that changes a case takes ``expected_version`` (the version the caller
read): if someone else saved the case since, the change is refused with ``ConflictError``
naming the current state, and nothing is lost on either side.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.errors import ConflictError, DomainError
from coproduce.core.events import event_record, tenant_id_of
from coproduce.core.models import Event
from coproduce.core.services import instance_validate
from coproduce.people.models import Membership, Person
from coproduce.tenancy.actor import Actor
from coproduce.tenancy.models import TenantMembership

from .access import case_roles
from .ledger import NewEntry, canonical, ledger_append, ledger_lock, sha256_text, utc
from .models import (
    Assignment,
    Auditor,
    Case,
    CaseType,
    ConsentRecord,
    DataRequest,
    Document,
    Party,
    PartyAccess,
    StepRecord,
)
from .process import (
    CONCILIATION,
    CONCILIATION_LEGAL_BASIS,
    ProcessError,
    Record,
    process_parse,
    refusal,
    sign_off_refusal,
)
from .selectors import case_records, case_state, cases_due_for_purge

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# How far in the future a step's time may lie (clocks differ, forms are slow).
OCCURRED_TOLERANCE = dt.timedelta(minutes=5)
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# The first bytes each type must start with (a renamed executable is refused).
MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/vnd.oasis.opendocument.text": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        b"PK\x03\x04",
    ),
}
CONSENT_WORDING = (
    "I have been told what conciliation is, that taking part is voluntary and that I may "
    "withdraw my consent at any time. I consent to conciliation and to the processing "
    "of my personal data for it by the conciliation service."
)


def _person_ref(person) -> str | None:
    return f"person:{person.pk}" if person is not None else None


def _actor_ref(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.person is not None:
        return _person_ref(actor.person)
    if actor.user is not None and getattr(actor.user, "pk", None):
        return f"user:{actor.user.pk}"
    return None


# The one audit trail -----------------------------------------------------------------


def case_event_record(
    *,
    obj: models.Model,
    kind: str,
    actor: Actor | None,
    data: dict[str, Any],
) -> Event:
    """Record one event of the cases app, the only place that does: the ``core.Event``
    (action ``cases.<kind>``, on ``obj``: the case, or the case type or auditor
    designation outside a case) that the tenant's audit trail and the dashboards'
    refresh read, and the ledger entry of the same kind and payload, waiting to be
    chained. Both in the caller's transaction: they commit together or not at all."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_event_record must run inside a transaction")
    canonical(data)  # refuse what the ledger could not hash before anything is written
    case_id = obj.pk if isinstance(obj, Case) else None
    user = actor.user if actor is not None else None
    event = event_record(obj=obj, action=f"cases.{kind}", actor=user, data=data)
    ledger_append(
        tenant_id=tenant_id_of(obj),
        entries=[
            NewEntry(kind=kind, case_id=case_id, actor=_actor_ref(actor), data=data)
        ],
    )
    return event


def _need_person(actor: Actor) -> Person:
    if actor.person is None:
        raise DomainError(
            _(
                "Your account is not linked to a person of this tenant: ask a "
                "coordinator to link it before you record case work."
            )
        )
    return actor.person


def _lock(case: Case, expected_version: int | None) -> Case:
    locked = (
        Case.objects.select_for_update()
        .select_related("case_type")
        .get(pk=case.pk, tenant_id=case.tenant_id)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _(
                "Case %(reference)s was changed by someone else while you were working "
                "on it (it is now at version %(version)s, you had version "
                "%(expected)s). Nothing of yours was saved: look at its current state "
                "below and make your change again."
            )
            % {
                "reference": locked.reference,
                "version": locked.version,
                "expected": expected_version,
            }
        )
    return locked


def _closed_refuse(case: Case) -> None:
    if not case.is_open:
        raise DomainError(_("The case is closed."))


def _bump(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    case.refresh_from_db(fields=["version", "updated_at", "status"])


def party_details_hash(party: Party) -> str:
    """A salted hash of a party's details: what the ledger keeps instead of them."""
    return sha256_text(
        canonical(
            {
                "salt": party.salt,
                "given_name": party.given_name,
                "family_name": party.family_name,
                "email": party.email,
                "phone": party.phone,
                "address": party.address,
                "person": party.person_id,
            }
        )
    )


# Case types ------------------------------------------------------------------------------


@transaction.atomic
def case_type_create(
    *,
    tenant,
    actor: Actor,
    slug: str,
    name: str,
    steps: list[dict[str, Any]],
    legal_basis: str = "",
    description: str = "",
    retention_days: int = 730,
    consent_wording: str = "",
) -> CaseType:
    try:
        process = process_parse(steps)
    except ProcessError as exc:
        raise ValidationError({"steps": str(exc)}) from exc
    case_type = CaseType(
        tenant=tenant,
        slug=slug,
        name=name,
        steps=process.as_list(),
        legal_basis=legal_basis,
        description=description,
        retention_days=retention_days,
        consent_wording=consent_wording or CONSENT_WORDING,
    )
    instance_validate(case_type)
    case_type.save()
    case_event_record(
        obj=case_type,
        kind="case_type.defined",
        actor=actor,
        data={
            "case_type": case_type.pk,
            "slug": slug,
            "version": case_type.version,
            "process_sha256": sha256_text(canonical(case_type.steps)),
            "retention_days": retention_days,
        },
    )
    return case_type


def conciliation_install(*, tenant, actor: Actor) -> CaseType:
    """The shipped conciliation case type for this tenant (installed once, on demand)."""
    existing = CaseType.objects.filter(tenant=tenant, slug="conciliation").first()
    if existing is not None:
        return existing
    return case_type_create(
        tenant=tenant,
        actor=actor,
        slug="conciliation",
        name="Conciliation in criminal and civil cases",
        description=(
            "Restorative mediation by trained volunteer mediators in pairs, under the "
            "supervision of a professional of the conciliation office."
        ),
        legal_basis=CONCILIATION_LEGAL_BASIS,
        steps=CONCILIATION,
        retention_days=730,
        consent_wording=CONSENT_WORDING,
    )


# Cases -----------------------------------------------------------------------------------


@transaction.atomic
def case_register(
    *,
    tenant,
    actor: Actor,
    case_type: CaseType,
    organisation,
    referrer: str,
    referred_on: dt.date,
    parties: list[dict[str, Any]],
    referrer_name: str = "",
    initiative=None,
) -> Case:
    """Register a referred case with its parties; the referral step is recorded by the
    registering coordinator."""
    person = _need_person(actor)
    if not case_type.is_active:
        raise DomainError(_("This case type is no longer in use."), field="case_type")
    if not 1 <= len(parties) <= 10:
        raise DomainError(_("A case has between one and ten parties."), field="parties")
    ledger_lock(tenant.pk)  # serialises registrations too: references stay gapless
    year = referred_on.year
    number = Case.objects.filter(
        tenant=tenant, reference__startswith=f"C-{year}-"
    ).count()
    case = Case(
        tenant=tenant,
        reference=f"C-{year}-{number + 1:04d}",
        case_type=case_type,
        organisation=organisation,
        initiative=initiative,
        referrer=referrer,
        referrer_name=referrer_name,
        referred_on=referred_on,
        process=case_type.process.as_list(),
    )
    instance_validate(case, exclude=["process"])
    case.save()
    case_event_record(
        obj=case,
        kind="case.registered",
        actor=actor,
        data={
            "reference": case.reference,
            "case_type": case_type.pk,
            "case_type_version": case_type.version,
            "process_sha256": sha256_text(canonical(case.process)),
            "organisation": organisation.pk,
            "referrer": referrer,
            "referrer_name": referrer_name,
            "referred_on": referred_on.isoformat(),
        },
    )
    for i, values in enumerate(parties):
        party = Party(
            tenant=tenant,
            case=case,
            label=chr(ord("A") + i),
            salt=Party.new_salt(),
            **values,
        )
        instance_validate(party, exclude=["salt"])
        party.save()
        case_event_record(
            obj=case,
            kind="party.registered",
            actor=actor,
            data={
                "party": party.label,
                "role": party.role,
                "details_sha256": party_details_hash(party),
            },
        )
    now = timezone.now()
    referral = StepRecord(
        tenant=tenant,
        case=case,
        code=case.process[0]["code"],
        status=StepRecord.Status.DONE,
        performed_by=person,
        performed_at=now,
        occurred_at=now,
        note="",
    )
    _step_save(case, referral, actor)
    return case


def _step_data(step: StepRecord) -> dict[str, Any]:
    return {
        "step": step.code,
        "record": step.pk,
        "party": step.party_label or None,
        "outcome": step.outcome,
        "performed_by": _person_ref(step.performed_by),
        "occurred_at": utc(step.occurred_at),
        "recorded_at": utc(step.performed_at),
        "note_sha256": sha256_text(step.note) if step.note else None,
        "reason": step.reason,
    }


def _step_save(case: Case, step: StepRecord, actor: Actor) -> StepRecord:
    instance_validate(step)
    step.save()
    skipped = step.status == StepRecord.Status.SKIPPED
    case_event_record(
        obj=case,
        kind="step.skipped" if skipped else "step.recorded",
        actor=actor,
        data=_step_data(step),
    )
    return step


def _occurred_at(case: Case, occurred_at: dt.datetime | None, now: dt.datetime):
    """When the step happened: now unless given; never in the future (beyond a few
    minutes) nor before the day the case was referred."""
    if occurred_at is None:
        return now
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at > now + OCCURRED_TOLERANCE:
        raise DomainError(
            _("A step cannot have happened in the future (%(when)s).")
            % {"when": timezone.localtime(occurred_at).strftime("%Y-%m-%d %H:%M")},
            field="occurred_at",
        )
    opened = timezone.make_aware(dt.datetime.combine(case.referred_on, dt.time.min))
    if occurred_at < opened:
        raise DomainError(
            _("A step cannot have happened before the case was referred (%(date)s).")
            % {"date": case.referred_on.isoformat()},
            field="occurred_at",
        )
    return occurred_at


def _role_ok(person: Person, *, tenant_roles: set[str], org_roles: set[str]) -> bool:
    if person.user_id is not None:
        role = (
            TenantMembership.objects.filter(
                tenant_id=person.tenant_id, user_id=person.user_id
            )
            .values_list("role", flat=True)
            .first()
        )
        if role in tenant_roles:
            return True
    return Membership.objects.filter(
        tenant_id=person.tenant_id, person=person, role__in=org_roles
    ).exists()


@transaction.atomic
def case_assign(
    *,
    case: Case,
    actor: Actor,
    mediators: list[Person],
    supervisor: Person,
    expected_version: int | None,
) -> Case:
    """Assign a pair of volunteer mediators and a supervising professional (replacing
    earlier assignments, which are ended, not deleted)."""
    case = _lock(case, expected_version)
    _closed_refuse(case)
    if len(mediators) != 2 or mediators[0].pk == mediators[1].pk:
        raise DomainError(
            _("Assign two different volunteer mediators."), field="mediators"
        )
    if supervisor.pk in {m.pk for m in mediators}:
        raise DomainError(
            _("The supervisor cannot also be one of the mediators."),
            field="supervisor",
        )
    new = [
        (Assignment(case=case, person=m, role=Assignment.Role.MEDIATOR), "mediators")
        for m in mediators
    ] + [
        (
            Assignment(case=case, person=supervisor, role=Assignment.Role.SUPERVISOR),
            "supervisor",
        )
    ]
    for assignment, field in new:
        assignment.tenant_id = case.tenant_id
        try:  # a person of another tenant is refused here, on the field that named them
            instance_validate(assignment)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    for m in mediators:
        if not _role_ok(m, tenant_roles={"volunteer"}, org_roles={"volunteer"}):
            raise DomainError(
                _("%(person)s is not a volunteer: mediators are trained volunteers.")
                % {"person": m},
                field="mediators",
            )
    if not _role_ok(
        supervisor,
        tenant_roles={"professional", "coordinator", "tenant_admin"},
        org_roles={"professional"},
    ):
        raise DomainError(
            _("%(person)s is not a professional: the supervisor must be one.")
            % {"person": supervisor},
            field="supervisor",
        )
    Assignment.objects.filter(case=case, ended_at=None).update(ended_at=timezone.now())
    for assignment, _field in new:
        assignment.save()
    _bump(case)
    case_event_record(
        obj=case,
        kind="case.assigned",
        actor=actor,
        data={
            "mediators": [_person_ref(m) for m in mediators],
            "supervisor": _person_ref(supervisor),
        },
    )
    return case


@transaction.atomic
def case_step_record(
    *,
    case: Case,
    actor: Actor,
    code: str,
    expected_version: int | None,
    party: str = "",
    outcome: str = "",
    note: str = "",
    skip: bool = False,
    reason: str = "",
    occurred_at: dt.datetime | None = None,
    consent_channel: str = "in person",
) -> StepRecord:
    """Record (or skip, with a written reason) one step, if the process allows it now
    and it is the actor's in this case. ``occurred_at`` is when it happened (the
    meeting last week; now if not given); when it was recorded is kept apart."""
    person = _need_person(actor)
    case = _lock(case, expected_version)
    process = process_parse(case.process)
    parties = {p.label: p for p in Party.objects.filter(case=case)}
    problem = refusal(
        process,
        case_records(case),
        code=code,
        case_roles=case_roles(actor, case),
        parties=sorted(parties),
        party=party or None,
        outcome=outcome,
        skip=skip,
        reason=reason,
        is_open=case.is_open,
    )
    if problem:
        raise DomainError(problem)
    step_def = process.step(code)
    if step_def is None:  # refusal() above names an unknown step first
        raise DomainError(_("No such step in this case's process."))
    if step_def.closes:
        raise DomainError(_("Close the case with a reason instead (Close the case)."))
    now = timezone.now()
    happened = _occurred_at(case, occurred_at, now)
    per_party = step_def.per_party and not skip
    record = _step_save(
        case,
        StepRecord(
            tenant_id=case.tenant_id,
            case=case,
            code=code,
            status=StepRecord.Status.SKIPPED if skip else StepRecord.Status.DONE,
            party=parties.get(party) if per_party else None,
            party_label=party if per_party else "",
            outcome="" if skip else outcome,
            note=note,
            reason=reason.strip() if skip else "",
            performed_by=person,
            performed_at=now,
            occurred_at=happened,
        ),
        actor,
    )
    if code == "consent" and not skip:
        consent = ConsentRecord(
            tenant_id=case.tenant_id,
            case=case,
            party=parties[party],
            wording=case.case_type.consent_wording or CONSENT_WORDING,
            channel=consent_channel[:40],
            given_at=happened,
            recorded_by=person,
        )
        instance_validate(consent)
        consent.save()
        case_event_record(
            obj=case,
            kind="consent.given",
            actor=actor,
            data={
                "party": party,
                "consent": consent.pk,
                "wording_sha256": sha256_text(consent.wording),
                "channel": consent.channel,
                "given_at": utc(happened),
            },
        )
    _bump(case)
    return record


@transaction.atomic
def case_step_sign_off(
    *, case: Case, actor: Actor, record: StepRecord, expected_version: int | None
) -> StepRecord:
    """Sign off a step someone else recorded; only the case's supervisor (or a
    coordinator) may, as the process says."""
    person = _need_person(actor)
    case = _lock(case, expected_version)
    _closed_refuse(case)
    record = StepRecord.objects.select_for_update().get(pk=record.pk, case=case)
    problem = sign_off_refusal(
        process_parse(case.process).step(record.code),
        Record(
            code=record.code,
            status=record.status,
            performed_by=record.performed_by_id,
            signed_off=record.signed_off_at is not None,
        ),
        signer=person.pk,
        may_sign=bool(case_roles(actor, case) & {"supervisor", "coordinator"}),
    )
    if problem:
        raise DomainError(problem)
    record.signed_off_by = person
    record.signed_off_at = timezone.now()
    instance_validate(record)
    record.save(update_fields=["signed_off_by", "signed_off_at", "updated_at"])
    _bump(case)
    case_event_record(
        obj=case,
        kind="step.signed_off",
        actor=actor,
        data={
            "step": record.code,
            "record": record.pk,
            "signed_off_by": _person_ref(person),
            "signed_off_at": utc(record.signed_off_at),
        },
    )
    return record


@transaction.atomic
def case_close(
    *, case: Case, actor: Actor, reason: str, expected_version: int | None
) -> Case:
    """Close the case with a reason. Closing before every step is complete is allowed to
    the coordinator and the supervisor (a party withdrew, the case was returned), and it
    is recorded as such: the steps left open are named in the ledger."""
    person = _need_person(actor)
    case = _lock(case, expected_version)
    if not case.is_open:
        raise DomainError(_("The case is already closed."))
    if not reason.strip():
        raise DomainError(_("Give the reason for closing the case."), field="reason")
    process = process_parse(case.process)
    closing = next((s for s in process.steps if s.closes), None)
    performers = set(closing.performers) if closing else {"coordinator", "supervisor"}
    if not case_roles(actor, case) & performers:
        raise DomainError(
            _(
                "Only the case's coordinator or supervisor may close it; you are not "
                "entitled to it in this case."
            )
        )
    left_open = [
        s.step.code
        for s in case_state(case)
        if not s.complete and not s.skipped and not s.step.closes
    ]
    now = timezone.now()
    if closing is not None:
        _step_save(
            case,
            StepRecord(
                tenant_id=case.tenant_id,
                case=case,
                code=closing.code,
                status=StepRecord.Status.DONE,
                outcome="",
                note=reason.strip(),
                performed_by=person,
                performed_at=now,
                occurred_at=now,
            ),
            actor,
        )
    case.status = Case.Status.CLOSED
    case.closed_at = now
    case.close_reason = reason.strip()
    instance_validate(case, exclude=["process"])
    case.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    _bump(case)
    case_event_record(
        obj=case,
        kind="case.closed",
        actor=actor,
        data={
            "reason_sha256": sha256_text(case.close_reason),
            "closed_at": utc(now),
            "steps_left_open": left_open,
            "retention_days": case.case_type.retention_days,
        },
    )
    due = now + dt.timedelta(days=case.case_type.retention_days)
    transaction.on_commit(lambda: _purge_schedule(case.pk, due))
    return case


def _purge_schedule(case_id: int, due: dt.datetime) -> None:
    """Queue the purge for when the retention ends, where the task backend can wait
    (the database backend can; the in-process one of the tests cannot, and the daily
    ``coproduce cases purge`` covers it)."""
    from django_tasks import default_task_backend

    from .tasks import case_retention_purge

    if default_task_backend.supports_defer:
        case_retention_purge.using(run_after=due).enqueue(case_id=case_id)


@transaction.atomic
def case_legal_hold_set(
    *, case: Case, actor: Actor, hold: bool, reason: str, expected_version=None
) -> Case:
    if not reason.strip():
        raise DomainError(_("Give the reason for the legal hold."), field="reason")
    case = _lock(case, expected_version)
    case.legal_hold = hold
    instance_validate(case, exclude=["process"])
    case.save(update_fields=["legal_hold", "updated_at"])
    _bump(case)
    case_event_record(
        obj=case,
        kind="case.legal_hold",
        actor=actor,
        data={"hold": hold, "reason": reason.strip()},
    )
    return case


def _sniff_type(name: str, head: bytes) -> str:
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    content_type = DOCUMENT_TYPES.get(ext)
    if content_type is None:
        raise DomainError(
            _("Files of this type cannot be attached; use one of %(types)s.")
            % {"types": ", ".join(sorted(DOCUMENT_TYPES))},
            field="file",
        )
    magic = MAGIC.get(content_type)
    if magic and not any(head.startswith(m) for m in magic):
        raise DomainError(
            _("The file's content does not match its type (%(ext)s).") % {"ext": ext},
            field="file",
        )
    if content_type == "text/plain" and b"\x00" in head:
        raise DomainError(_("A text file cannot contain binary data."), field="file")
    return content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"


@transaction.atomic
def case_document_attach(
    *,
    case: Case,
    actor: Actor,
    file,
    title: str,
    expected_version: int | None,
    step: StepRecord | None = None,
) -> Document:
    person = _need_person(actor)
    case = _lock(case, expected_version)
    _closed_refuse(case)
    if not case_roles(actor, case) and not actor.can("cases.view_org"):
        raise DomainError(_("Only those working on the case may attach documents."))
    if file.size > MAX_DOCUMENT_BYTES:
        raise DomainError(_("The file is larger than 10 MB."), field="file")
    if file.size == 0:
        raise DomainError(_("The file is empty."), field="file")
    file.seek(0)
    head = file.read(16)
    content_type = _sniff_type(file.name or "", head)
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    document = Document(
        tenant_id=case.tenant_id,
        case=case,
        step=step,
        title=(title or file.name or "document")[:200],
        content_type=content_type,
        size=file.size,
        sha256=digest.hexdigest(),
        uploaded_by=person,
    )
    instance_validate(document, exclude=["file"])  # before the file is stored
    document.file.save(file.name or "document", file, save=False)
    document.save()
    _bump(case)
    case_event_record(
        obj=case,
        kind="document.attached",
        actor=actor,
        data={
            "document": document.pk,
            "sha256": document.sha256,
            "size": document.size,
            "content_type": content_type,
            "step": step.pk if step else None,
        },
    )
    return document


# Party data: reads logged, subject access, erasure, retention --------------------------


def party_access_log(
    *, case: Case, actor: Actor, channel: str, purpose: str = "", party=None
) -> None:
    PartyAccess.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        party=party,
        user=actor.user if getattr(actor.user, "pk", None) else None,
        channel=channel[:40],
        purpose=purpose[:200],
    )


def party_details_read(
    *, case: Case, actor: Actor, channel: str, purpose: str = ""
) -> list[Party]:
    """The parties of a case with their details, and one access-log row for the read.
    The caller has checked ``access.party_details_allowed``."""
    party_access_log(case=case, actor=actor, channel=channel, purpose=purpose)
    return list(Party.objects.filter(case=case).order_by("label"))


def _party_blank(party: Party, now) -> None:
    party.given_name = party.family_name = party.email = party.phone = ""
    party.address = ""
    party.salt = ""
    party.person = None
    party.erased_at = now
    instance_validate(party, exclude=["salt"])
    party.save()


def _case_party_data_erase(case: Case, now) -> dict[str, int]:
    """Blank the parties, the confidential step notes and the documents of a case."""
    parties = list(Party.objects.filter(case=case, erased_at=None))
    for party in parties:
        _party_blank(party, now)
    notes = StepRecord.objects.filter(case=case).exclude(note="").update(note="")
    documents = list(Document.objects.filter(case=case))
    for d in documents:
        d.file.delete(save=False)
        d.delete()
    ConsentRecord.objects.filter(case=case).update(channel="")
    # the notes' pseudonymised copies in coding projects (qualitative) go with them,
    # with their codings and memos (through the reverse relation: no import of it here)
    case.coding_documents.all().delete()
    return {"parties": len(parties), "notes": notes, "documents": len(documents)}


@transaction.atomic
def case_parties_purge(*, case: Case, actor: Actor | None = None) -> dict[str, int]:
    """Erase a closed case's party data at the end of its retention period."""
    case = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
    if case.is_open or case.legal_hold or case.parties_erased_at is not None:
        return {}
    now = timezone.now()
    counts = _case_party_data_erase(case, now)
    case.parties_erased_at = now
    case.save(update_fields=["parties_erased_at", "updated_at"])
    _bump(case)
    DataRequest.objects.create(
        tenant_id=case.tenant_id,
        kind=DataRequest.Kind.RETENTION,
        case=case,
        outcome="done",
        detail=canonical(counts),
    )
    case_event_record(
        obj=case,
        kind="party_data.erased",
        actor=actor,
        data={"why": "retention", **counts},
    )
    return counts


def retention_purge(*, tenant, now=None) -> list[str]:
    """Purge every case of the tenant whose retention period has passed (inside the
    tenant's scope); the references done."""
    done = []
    for case in cases_due_for_purge(tenant=tenant, now=now):
        if case_parties_purge(case=case):
            done.append(case.reference)
    return done


def subject_access_export(
    *,
    tenant,
    actor: Actor,
    party: Party | None = None,
    person: Person | None = None,
) -> dict[str, Any]:
    """Everything held about a party (or about a registered person, as party and as
    assigned co-producer), and a log row of the request."""
    parties = Party.objects.filter(tenant=tenant).select_related("case")
    if party is not None:
        parties = parties.filter(pk=party.pk)
    elif person is not None:
        parties = parties.filter(person=person)
    else:
        raise DomainError(_("Name the party or the person."))
    out: dict[str, Any] = {"generated_at": utc(timezone.now()), "as_party": []}
    with transaction.atomic():
        for p in parties:
            out["as_party"].append(
                {
                    "case": p.case.reference,
                    "case_type": p.case.case_type.name,
                    "pseudonym": p.label,
                    "role": p.role,
                    "given_name": p.given_name,
                    "family_name": p.family_name,
                    "email": p.email,
                    "phone": p.phone,
                    "address": p.address,
                    "erased_at": utc(p.erased_at) if p.erased_at else None,
                    "consents": [
                        {
                            "wording": c.wording,
                            "channel": c.channel,
                            "given_at": utc(c.given_at),
                            "withdrawn_at": utc(c.withdrawn_at)
                            if c.withdrawn_at
                            else None,
                        }
                        for c in p.consents.all()
                    ],
                    "steps": [
                        {
                            "step": s.code,
                            "outcome": s.outcome,
                            "at": utc(s.occurred_at),
                            "recorded_at": utc(s.performed_at),
                        }
                        for s in StepRecord.objects.filter(case=p.case, party=p)
                    ],
                    "purpose": "Conciliation under the case type's legal basis: "
                    + p.case.case_type.legal_basis[:300],
                    "retention_days_after_closure": p.case.case_type.retention_days,
                }
            )
            party_access_log(
                case=p.case,
                actor=actor,
                channel="subject-access",
                purpose="subject access request",
                party=p,
            )
            DataRequest.objects.create(
                tenant=tenant,
                kind=DataRequest.Kind.ACCESS,
                party=p,
                case=p.case,
                user=actor.user,
                outcome="done",
            )
        if person is not None:
            out["as_co_producer"] = [
                {
                    "case": a.case.reference,
                    "role": a.role,
                    "from": utc(a.created_at),
                    "until": utc(a.ended_at) if a.ended_at else None,
                }
                for a in Assignment.objects.filter(person=person).select_related("case")
            ]
    return out


def party_erase(*, party: Party, actor: Actor, reason: str) -> Party:
    """Erase a party's details on request, unless the case is open or under legal hold
    (GDPR Art. 17(3)(b) and (e)). Both the erasure and a refusal are logged."""
    if not reason.strip():
        raise DomainError(_("Give the reason for the erasure."), field="reason")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=party.case_id)
        party = Party.objects.select_for_update().get(pk=party.pk)
        if party.erased_at is not None:
            raise DomainError(_("This party's details are already erased."))
        if case.is_open:
            problem = _(
                "The case is still open: its party data is needed to conduct it and "
                "cannot be erased before the case is closed."
            )
        elif case.legal_hold:
            problem = _(
                "The case is under a legal hold: its party data cannot be erased "
                "until the hold is lifted."
            )
        else:
            _party_blank(party, timezone.now())
            DataRequest.objects.create(
                tenant_id=case.tenant_id,
                kind=DataRequest.Kind.ERASURE,
                party=party,
                case=case,
                user=actor.user,
                outcome="done",
                detail=reason.strip()[:500],
            )
            _bump(case)
            case_event_record(
                obj=case,
                kind="party_data.erased",
                actor=actor,
                data={"why": "request", "party": party.label},
            )
            return party
    DataRequest.objects.create(
        tenant_id=case.tenant_id,
        kind=DataRequest.Kind.ERASURE,
        party=party,
        case=case,
        user=actor.user,
        outcome="refused",
        detail=problem,
    )
    raise DomainError(problem)


@transaction.atomic
def auditor_designate(*, tenant, actor: Actor, user, note: str = "") -> Auditor:
    """Designate a member as auditor of the cases (their actor gains ``cases.audit``
    from their next request on, see ``access.auditor_grant``)."""
    if not TenantMembership.objects.filter(tenant=tenant, user=user).exists():
        raise DomainError(_("Only a member of this tenant can be an auditor."))
    existing = Auditor.objects.filter(tenant=tenant, user=user).first()
    if existing is not None:
        return existing
    auditor = Auditor(tenant=tenant, user=user, note=note)
    instance_validate(auditor)
    auditor.save()
    case_event_record(
        obj=auditor,
        kind="auditor.designated",
        actor=actor,
        data={"user": f"user:{user.pk}"},
    )
    return auditor
