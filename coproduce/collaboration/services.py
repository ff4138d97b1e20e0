"""Writes for collaboration. Each is one transaction, validated whole (every row it names
must belong to the tenant), and writes one ``core.Event``; what breaks a rule raises
``DomainError`` (or ``ValidationError`` naming the field) and writes nothing."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError
from coproduce.core.events import event_record
from coproduce.core.services import instance_save, instance_update
from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import Activity, Initiative
from coproduce.people.models import Organisation
from coproduce.tenancy.actor import Actor

from .access import (
    MANAGE,
    may_change_learning,
    may_follow_up,
    may_keep_side,
    may_write_for,
    own_organisations,
)
from .models import (
    AdoptionFollowUp,
    AdoptionState,
    Capability,
    Commitment,
    CommitmentState,
    LearningEntry,
    LearningKind,
    Partnership,
    PartnershipSide,
    StageRelation,
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


# Partnerships ---------------------------------------------------------------------------

PARTNERSHIP_FIELDS = [
    "name",
    "purpose",
    "initiative",
    "agreement_url",
    "agreement_reference",
    "start_date",
    "end_date",
    "review_date",
    "status",
]
SIDE_FIELDS = ["contact", "brings", "expects"]


@transaction.atomic
def partnership_create(
    *,
    actor: Actor,
    tenant,
    name: str,
    purpose: str,
    start_date: date,
    organisations: Iterable[Organisation | int],
    initiative: Initiative | None = None,
    agreement_url: str = "",
    agreement_reference: str = "",
    end_date: date | None = None,
    review_date: date | None = None,
    status: str = "active",
) -> Partnership:
    """A partnership between at least two organisations, each given its side."""
    actor.require(MANAGE)
    _tenant_check(tenant, initiative=initiative)
    sides = _rows(Organisation, tenant, organisations, "organisations")
    if len(sides) < 2:
        raise ValidationError(
            {"organisations": _("A partnership needs at least two organisations.")}
        )
    partnership = instance_save(
        Partnership(
            tenant=tenant,
            name=(name or "").strip(),
            purpose=(purpose or "").strip(),
            initiative=initiative,
            agreement_url=agreement_url,
            agreement_reference=agreement_reference,
            start_date=start_date,
            end_date=end_date,
            review_date=review_date,
            status=status,
        ),
        actor=actor,
        action="collaboration.partnership.created",
        fields=PARTNERSHIP_FIELDS,
    )
    for organisation in sides:
        side_add(actor=actor, partnership=partnership, organisation=organisation)
    return partnership


@transaction.atomic
def partnership_update(
    *, actor: Actor, partnership: Partnership, **values
) -> Partnership:
    actor.require(MANAGE)
    unknown = set(values) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(sorted(unknown))}")
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _tenant_check(partnership.tenant, initiative=values.get("initiative"))
    return instance_update(
        partnership,
        actor=actor,
        action="collaboration.partnership.changed",
        values=values,
    )


@transaction.atomic
def side_add(
    *, actor: Actor, partnership: Partnership, organisation: Organisation, **values
) -> PartnershipSide:
    actor.require(MANAGE)
    _tenant_check(partnership.tenant, organisation=organisation)
    if PartnershipSide.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        raise ValidationError(
            {
                "organisation": _("%(name)s is already a side of this partnership.")
                % {"name": organisation}
            }
        )
    return instance_save(
        PartnershipSide(
            tenant_id=partnership.tenant_id,
            partnership=partnership,
            organisation=organisation,
            **{k: v for k, v in values.items() if k in SIDE_FIELDS},
        ),
        actor=actor,
        action="collaboration.side.added",
        fields=["partnership", "organisation", *SIDE_FIELDS],
        known=("partnership",),
    )


def side_contacts(side: PartnershipSide):
    """Who may be a side's contact person: the people with a membership in its
    organisation or in a unit of it (a department of the county, say)."""
    from coproduce.people.models import Membership, Person

    organisations = Organisation.objects.filter(tenant_id=side.tenant_id).filter(
        Q(pk=side.organisation_id) | Q(parent_id=side.organisation_id)
    )
    return Person.objects.filter(
        tenant_id=side.tenant_id,
        pk__in=Membership.objects.filter(
            tenant_id=side.tenant_id, organisation__in=organisations.values("pk")
        ).values("person"),
    )


@transaction.atomic
def side_update(
    *, actor: Actor, side: PartnershipSide, version: int | None = None, **values
) -> PartnershipSide:
    """A side's staff update what their organisation brings and expects, and its contact.
    ``version``: the version the person read; if someone changed the side since, nothing
    is written (``ConflictError``), as for commitments."""
    from coproduce.core.errors import ConflictError

    unknown = set(values) - set(SIDE_FIELDS)
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(sorted(unknown))}")
    side = (
        PartnershipSide.objects.select_for_update()
        .select_related("partnership__tenant")
        .get(pk=side.pk)
    )
    if not may_keep_side(actor, side):
        raise PermissionDenied("collaboration.side")
    if version is not None and version != side.version:
        raise ConflictError(
            _("Someone else changed this side meanwhile: read it again.")
        )
    contact = values.get("contact")
    _tenant_check(side.partnership.tenant, contact=contact)
    if contact is not None and not side_contacts(side).filter(pk=contact.pk).exists():
        raise ValidationError(
            {
                "contact": _(
                    "%(person)s does not work for %(organisation)s or its units: the "
                    "contact is one of the side's own people."
                )
                % {"person": contact, "organisation": side.organisation}
            }
        )
    return instance_update(
        side,
        actor=actor,
        action="collaboration.side.changed",
        values={**values, "version": side.version + 1},
    )


@transaction.atomic
def commitment_create(
    *,
    actor: Actor,
    side: PartnershipSide,
    description: str,
    due_date: date | None = None,
    note: str = "",
) -> Commitment:
    if not may_keep_side(actor, side):
        raise PermissionDenied("collaboration.commitment")
    return instance_save(
        Commitment(
            tenant_id=side.tenant_id,
            side=side,
            description=(description or "").strip(),
            due_date=due_date,
            note=(note or "").strip(),
        ),
        actor=actor,
        action="collaboration.commitment.created",
        fields=["side", "description", "due_date", "note"],
        known=("side",),
    )


@transaction.atomic
def commitment_update(
    *, actor: Actor, commitment: Commitment, version: int | None = None, **values
) -> Commitment:
    """Change a commitment's state, date or note. ``version``: the version the person
    read; if someone changed it since, nothing is written (``ConflictError``)."""
    from coproduce.core.errors import ConflictError

    allowed = {"description", "due_date", "state", "note"}
    unknown = set(values) - allowed
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(sorted(unknown))}")
    commitment = (
        Commitment.objects.select_for_update()
        .select_related("side")
        .get(pk=commitment.pk)
    )
    if not may_keep_side(actor, commitment.side):
        raise PermissionDenied("collaboration.commitment")
    if version is not None and version != commitment.version:
        raise ConflictError(
            _("Someone else changed this commitment meanwhile: read it again.")
        )
    if "state" in values and values["state"] not in CommitmentState.values:
        raise ValidationError({"state": _("Choose a state from the list.")})
    values = {**values, "version": commitment.version + 1}
    return instance_update(
        commitment,
        actor=actor,
        action="collaboration.commitment.changed",
        values=values,
    )


# The opportunity space and declared relations ----------------------------------------------


@transaction.atomic
def capability_set(
    *, actor: Actor, initiative: Initiative, organisation: Organisation, **values
) -> Capability:
    """Declare (or change) what ``organisation`` could contribute to ``initiative``:
    managers for any partner, partner staff for their own organisation."""
    if not may_write_for(actor, organisation):
        raise PermissionDenied("collaboration.capability")
    _tenant_check(initiative.tenant, organisation=organisation)
    allowed = {"description", "hours", "in_kind_value", "money", "activities_led"}
    unknown = set(values) - allowed
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(sorted(unknown))}")
    existing = (
        Capability.objects.select_for_update()
        .filter(initiative=initiative, organisation=organisation)
        .first()
    )
    if existing is not None:
        return instance_update(
            existing,
            actor=actor,
            action="collaboration.capability.changed",
            values=values,
        )
    return instance_save(
        Capability(
            tenant_id=initiative.tenant_id,
            initiative=initiative,
            organisation=organisation,
            **values,
        ),
        actor=actor,
        action="collaboration.capability.declared",
        fields=["initiative", "organisation", *sorted(allowed)],
        known=("initiative",),
    )


@transaction.atomic
def stage_relation_declare(
    *,
    actor: Actor,
    initiative: Initiative,
    stage: str,
    relation: str,
    organisation: Organisation | None = None,
    group: str = "",
    note: str = "",
) -> StageRelation:
    actor.require(MANAGE)
    _tenant_check(initiative.tenant, organisation=organisation)
    return instance_save(
        StageRelation(
            tenant_id=initiative.tenant_id,
            initiative=initiative,
            stage=stage,
            relation=relation,
            organisation=organisation,
            group=group,
            note=note,
        ),
        actor=actor,
        action="collaboration.relation.declared",
        fields=["initiative", "stage", "relation", "organisation", "group", "note"],
        known=("initiative",),
    )


# The partner panel ----------------------------------------------------------------------

PARTNER_INSTRUMENT = "Partner survey: quality of the partnership"


@transaction.atomic
def partner_panel_create(
    *, actor: Actor, partnership: Partnership, language: str = "fi"
):
    """The yearly partner panel of a partnership inside an initiative: the library's
    collaboration scale (``partnership_quality``, adapted) asked of each side's contact
    person, one wave a year (``evaluation.services.wave_create``), the change between two
    years tested by the evaluation report (``evaluation.reports.report_build``). Made
    once: a second call returns the panel."""
    from coproduce.evaluation import services as evaluation_services
    from coproduce.evaluation.library import COLLABORATION_SCALE
    from coproduce.evaluation.models import Instrument, Panel

    actor.require(MANAGE)
    if partnership.initiative_id is None:
        raise ValidationError(
            {
                "initiative": _(
                    "A partner panel follows the partners of an initiative: this "
                    "partnership is standing."
                )
            }
        )
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    tenant = partnership.tenant
    if partnership.panel_id is not None:
        return partnership.panel
    name = _("Partner panel: %(name)s") % {"name": partnership.name}
    existing = Panel.objects.filter(
        tenant=tenant, initiative=partnership.initiative, name=name
    ).first()
    if existing is not None:  # made before the partnership kept its panel
        Partnership.objects.filter(pk=partnership.pk).update(panel=existing)
        return existing
    instrument = Instrument.objects.filter(
        tenant=tenant, name=PARTNER_INSTRUMENT
    ).first()
    if instrument is None:
        instrument = evaluation_services.instrument_create_from_library(
            tenant=tenant,
            actor=actor,
            name=PARTNER_INSTRUMENT,
            keys=[COLLABORATION_SCALE.key],
            free_text=[_("What should change in how we work together?")],
        )
    panel = evaluation_services.panel_create(
        tenant=tenant,
        actor=actor,
        initiative=partnership.initiative,
        instrument=instrument,
        name=name,
        language=language,
    )
    Partnership.objects.filter(pk=partnership.pk).update(panel=panel)
    _partner_members_add(partnership, panel, actor)
    return panel


def _partner_members_add(partnership: Partnership, panel, actor) -> int:
    """Each side's contact person with an address into the panel (those in it already
    are skipped): a side added, or a contact changed, since the last wave is asked too."""
    from coproduce.evaluation import services as evaluation_services

    emails = sorted(
        {
            email
            for email in PartnershipSide.objects.filter(
                tenant_id=partnership.tenant_id,
                partnership=partnership,
                contact__isnull=False,
            ).values_list("contact__email", flat=True)
            if email
        }
    )
    if not emails:
        return 0
    return evaluation_services.panel_members_from_emails(
        panel=panel, actor=actor, emails=emails
    )


@transaction.atomic
def partner_wave_start(
    *, actor: Actor, partnership: Partnership, closes_at=None, send: bool = True
):
    """Start this year's wave of the partner panel (made first if need be): the sides'
    contacts are brought up to date in the panel, the wave is made and opened, and each
    contact gets their personal link by email (the evaluation panels' respondent link:
    no account needed). One wave a year; the last one must be closed first."""
    from coproduce.evaluation import services as evaluation_services
    from coproduce.evaluation.models import Panel, Wave

    actor.require(MANAGE)
    panel = partner_panel_create(actor=actor, partnership=partnership)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    running = panel.waves.exclude(status=Wave.Status.CLOSED).first()
    if running is not None:
        raise DomainError(
            _("Wave %(n)s is still %(status)s: close it first.")
            % {"n": running.number, "status": running.get_status_display().lower()},
            field="wave",
        )
    year = timezone.localdate().year
    this_year = panel.waves.filter(opened_at__year=year).first()
    if this_year is not None:
        raise DomainError(
            _("This year's wave (%(n)s) has been asked already: one wave a year.")
            % {"n": this_year.number},
            field="wave",
        )
    _partner_members_add(partnership, panel, actor)
    if not panel.members.filter(withdrawn_at__isnull=True).exists():
        raise DomainError(
            _("No side has a contact person with an email address: name them first."),
            field="contact",
        )
    wave = evaluation_services.wave_create(
        panel=panel, actor=actor, closes_at=closes_at
    )
    evaluation_services.wave_open(wave=wave, actor=actor, send=send)
    return Wave.objects.get(pk=wave.pk)  # as opened
