"""Writes for collaboration. Each is one transaction, validated whole (every row it names
must belong to the tenant), and writes one ``core.Event``; what breaks a rule raises
``DomainError`` (or ``ValidationError`` naming the field) and writes nothing."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError
from coproduce.core.events import event_record
from coproduce.core.services import instance_save, instance_update
from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import Activity, Initiative
from coproduce.people.models import Organisation
from coproduce.tenancy.actor import Actor

from .access import may_change_learning, may_follow_up, may_write_for, own_organisations
from .models import (
    AdoptionFollowUp,
    AdoptionState,
    LearningEntry,
    LearningKind,
    Visibility,
)

LEARNING_FIELDS = [
    "kind",
    "title",
    "learnt",
    "evidence",
    "evidence_url",
    "learnt_on",
    "initiative",
    "source_organisation",
    "receiving_organisation",
    "owner_organisation",
    "visibility",
]


def _user(actor):
    user = getattr(actor, "user", actor)
    return (
        user if user is not None and getattr(user, "is_authenticated", False) else None
    )


def _rows(model, tenant, rows: Iterable, field: str) -> list:
    """``rows`` (instances or ids) as rows of ``model`` in ``tenant``: any other is
    refused naming ``field``."""
    ids = [getattr(r, "pk", r) for r in rows or ()]
    if not ids:
        return []
    found = {o.pk: o for o in model._base_manager.filter(tenant=tenant, pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {
                field: _("%(name)s %(ids)s do not exist.")
                % {"name": model._meta.verbose_name, "ids": ", ".join(missing)}
            }
        )
    return list(dict.fromkeys(found[i] for i in ids))


def _tenant_check(tenant, **rows) -> None:
    for field, row in rows.items():
        if row is not None and getattr(row, "tenant_id", None) != tenant.pk:
            raise ValidationError({field: _("This record belongs to another tenant.")})


@transaction.atomic
def learning_entry_create(
    *,
    actor: Actor,
    tenant,
    kind: str,
    title: str,
    learnt: str,
    learnt_on: date | None = None,
    initiative: Initiative | None = None,
    activities: Iterable[Activity | int] = (),
    organisations: Iterable[Organisation | int] = (),
    source_organisation: Organisation | None = None,
    receiving_organisation: Organisation | None = None,
    owner_organisation: Organisation | None = None,
    evidence: str = "",
    evidence_url: str = "",
    visibility: str = Visibility.PARTNERS,
    origin: str = "",
    origin_id: int | None = None,
) -> LearningEntry:
    """Record a lesson learnt across organisations (see the note in
    /work/notes/collaboration-learning-ready.txt for every argument).

    ``owner_organisation`` left empty is the actor's organisation when they work for
    exactly one (partner staff); partner staff may write only for their own. With
    ``origin``/``origin_id`` (another app's record) the same record makes one entry:
    a second call returns the entry made the first time, unchanged."""
    if actor.tenant is None or actor.tenant.pk != tenant.pk:
        raise PermissionDenied("collaboration.learning")
    _tenant_check(
        tenant,
        initiative=initiative,
        source_organisation=source_organisation,
        receiving_organisation=receiving_organisation,
        owner_organisation=owner_organisation,
    )
    if origin_id is not None:
        if not origin:
            raise ValidationError({"origin": _("Name the kind of record of origin.")})
        made = LearningEntry.objects.filter(
            tenant=tenant, origin=origin, origin_id=origin_id
        ).first()
        if made is not None:
            return made
    if owner_organisation is None and not actor.can_any(
        {"initiatives.change", "activities.record"}
    ):
        own = list(own_organisations(actor)[:2])
        if len(own) == 1:
            owner_organisation = own[0]
    if not may_write_for(actor, owner_organisation):
        raise PermissionDenied("collaboration.learning")
    if (
        initiative is not None
        and not initiative_visible(actor).filter(pk=initiative.pk).exists()
    ):
        raise ValidationError(
            {
                "initiative": _("Initiative %(id)s does not exist.")
                % {"id": initiative.pk}
            }
        )
    activity_rows = _rows(Activity, tenant, activities, "activities")
    if activity_rows and initiative is None:
        raise ValidationError(
            {"activities": _("Name the initiative the activities belong to.")}
        )
    strays = (
        [a for a in activity_rows if a.initiative_id != initiative.pk]
        if (initiative is not None)
        else []
    )
    if strays:
        raise ValidationError(
            {
                "activities": _("%(titles)s belong to another initiative.")
                % {"titles": ", ".join(a.title for a in strays)}
            }
        )
    organisation_rows = _rows(Organisation, tenant, organisations, "organisations")
    if kind not in LearningKind.values:
        raise ValidationError({"kind": _("Choose co-exploration or co-exploitation.")})
    entry = LearningEntry(
        tenant=tenant,
        kind=kind,
        title=(title or "").strip(),
        learnt=(learnt or "").strip(),
        evidence=(evidence or "").strip(),
        evidence_url=(evidence_url or "").strip(),
        learnt_on=learnt_on or timezone.localdate(),
        initiative=initiative,
        source_organisation=source_organisation,
        receiving_organisation=receiving_organisation,
        owner_organisation=owner_organisation,
        visibility=visibility,
        origin=origin,
        origin_id=origin_id,
        created_by=_user(actor),
    )
    entry = instance_save(
        entry,
        actor=actor,
        action="collaboration.learning.created",
        fields=LEARNING_FIELDS,
    )
    involved = list(
        dict.fromkeys(
            o
            for o in [source_organisation, receiving_organisation, *organisation_rows]
            if o is not None
        )
    )
    if activity_rows:
        entry.activities.set(activity_rows)
    if involved:
        entry.organisations.set(involved)
    if activity_rows or involved:
        event_record(
            obj=entry,
            action="collaboration.learning.linked",
            actor=actor,
            data={
                "activities": [a.pk for a in activity_rows],
                "organisations": [o.pk for o in involved],
            },
        )
    return entry


@transaction.atomic
def learning_entry_update(
    *, actor: Actor, entry: LearningEntry, **values
) -> LearningEntry:
    """Change an entry's own fields (not its links); the writer's side and managers."""
    unknown = set(values) - set(LEARNING_FIELDS)
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(sorted(unknown))}")
    entry = LearningEntry.objects.select_for_update().get(pk=entry.pk)
    if not may_change_learning(actor, entry):
        raise PermissionDenied("collaboration.learning")
    _tenant_check(
        entry.tenant,
        **{
            k: v
            for k, v in values.items()
            if k.endswith("organisation") or k == "initiative"
        },
    )
    return instance_update(
        entry, actor=actor, action="collaboration.learning.changed", values=values
    )


@transaction.atomic
def adoption_record(
    *,
    actor: Actor,
    entry: LearningEntry,
    state: str,
    on: date | None = None,
    organisation: Organisation | None = None,
    note: str = "",
) -> AdoptionFollowUp:
    """Follow a lesson up: ``organisation`` (the receiving one if not named) adopted it
    on ``on``, decided not to, or is considering it."""
    entry = LearningEntry.objects.select_for_update().get(pk=entry.pk)
    if not may_follow_up(actor, entry):
        raise PermissionDenied("collaboration.adoption")
    organisation = organisation or entry.receiving_organisation
    if organisation is None:
        raise ValidationError(
            {"organisation": _("Name the organisation that adopts the lesson.")}
        )
    _tenant_check(entry.tenant, organisation=organisation)
    if state not in AdoptionState.values:
        raise ValidationError(
            {"state": _("Choose adopted, not adopted or being considered.")}
        )
    on = on or timezone.localdate()
    if on < entry.learnt_on:
        raise ValidationError(
            {
                "date": _("The follow-up is dated before the lesson (%(date)s).")
                % {"date": entry.learnt_on.isoformat()}
            }
        )
    return instance_save(
        AdoptionFollowUp(
            tenant_id=entry.tenant_id,
            entry=entry,
            organisation=organisation,
            state=state,
            date=on,
            note=(note or "").strip(),
            created_by=_user(actor),
        ),
        actor=actor,
        action="collaboration.adoption.recorded",
        fields=["entry", "organisation", "state", "date", "note"],
        known=("entry",),
    )
