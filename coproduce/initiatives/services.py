"""Writes for initiatives and their value chain."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.core import i18n
from coproduce.core.errors import ConflictError, DomainError
from coproduce.core.events import event_record
from coproduce.core.services import instance_delete, instance_save, instance_update
from coproduce.people.models import PublicService

from .models import (
    INITIATIVE_FIELDS,
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)


def _unique_slug(tenant, name: str) -> str:
    base = slugify(name)[:70] or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(tenant=tenant, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def initiative_create(
    *,
    tenant,
    actor,
    services=(),
    translations: i18n.Versions | None = None,
    **values: Any,
) -> Initiative:
    values.setdefault("content_language", tenant.language)
    i18n.translations_validate(
        translations or {}, tenant, language=values["content_language"]
    )
    if not values.get("slug"):
        values["slug"] = _unique_slug(tenant, values.get("name", ""))
    initiative = instance_save(
        Initiative(tenant=tenant, **values),
        actor=actor,
        action="initiative.created",
        fields=INITIATIVE_FIELDS,
    )
    if services:
        initiative_services_set(initiative=initiative, services=services, actor=actor)
    i18n.versions_save(
        initiative, translations, actor=actor, action="initiative.translated"
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    actor,
    version: int | None = None,
    services=None,
    translations: i18n.Versions | None = None,
    **values: Any,
) -> Initiative:
    """Change an initiative. ``version`` is the version the editor read: if someone saved in
    between, the change is refused (nothing is overwritten) with the current state named."""
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if version is not None and version != current.version:
        raise ConflictError(
            _(
                "Someone else changed this initiative while you were editing it (now version "
                "%(v)s). Your changes were not saved; review the current values and save again."
            )
            % {"v": current.version}
        )
    new_status = values.get("status", current.status)
    if (
        new_status != current.status
        and new_status not in Initiative.TRANSITIONS[current.status]
    ):
        raise DomainError(
            _("The status cannot change from '%(old)s' to '%(new)s'.")
            % {
                "old": current.get_status_display(),
                "new": Initiative.Status(new_status).label
                if new_status in Initiative.Status.values
                else new_status,
            },
            field="status",
        )
    values["version"] = current.version + 1
    initiative = instance_update(
        current, actor=actor, action="initiative.changed", values=values
    )
    if services is not None:
        initiative_services_set(initiative=initiative, services=services, actor=actor)
    i18n.versions_save(
        initiative, translations, actor=actor, action="initiative.translated"
    )
    return initiative


def initiative_services_set(*, initiative: Initiative, services, actor) -> None:
    ids = [getattr(s, "pk", s) for s in services]
    found = set(
        PublicService.objects.filter(
            tenant_id=initiative.tenant_id, pk__in=ids
        ).values_list("pk", flat=True)
    )
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise DomainError(
            _("Public service %(ids)s does not exist.") % {"ids": ", ".join(missing)},
            field="services",
        )
    initiative.services.set(ids)
    event_record(
        obj=initiative,
        action="initiative.services.set",
        actor=actor,
        data={"services": sorted(ids)},
    )


def initiative_delete(*, initiative: Initiative, actor) -> None:
    instance_delete(initiative, actor=actor, action="initiative.deleted")


def partner_add(*, initiative: Initiative, actor, **values: Any) -> InitiativePartner:
    return instance_save(
        InitiativePartner(
            tenant_id=initiative.tenant_id, initiative=initiative, **values
        ),
        actor=actor,
        action="initiative.partner.added",
        fields=["organisation", "role"],
    )


def partner_update(
    *, partner: InitiativePartner, actor, **values: Any
) -> InitiativePartner:
    return instance_update(
        partner, actor=actor, action="initiative.partner.changed", values=values
    )


def partner_remove(*, partner: InitiativePartner, actor) -> None:
    instance_delete(partner, actor=actor, action="initiative.partner.removed")


ACTIVITY_FIELDS = [
    "stage",
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "level",
    "mode",
    "place",
]


def activity_create(*, initiative: Initiative, actor, **values: Any) -> Activity:
    return instance_save(
        Activity(tenant_id=initiative.tenant_id, initiative=initiative, **values),
        actor=actor,
        action="activity.created",
        fields=ACTIVITY_FIELDS,
    )


def activity_update(*, activity: Activity, actor, **values: Any) -> Activity:
    if "initiative" in values or "initiative_id" in values:
        raise DomainError(
            _("An activity cannot move to another initiative."), field="initiative"
        )
    return instance_update(
        activity, actor=actor, action="activity.changed", values=values
    )


def activity_delete(*, activity: Activity, actor) -> None:
    instance_delete(activity, actor=actor, action="activity.deleted")


@transaction.atomic
def participation_add(*, activity: Activity, actor, **values: Any) -> Participation:
    person = values.get("person")
    if (
        person is not None
        and Participation.objects.filter(
            activity=activity, person=person, role=values.get("role")
        ).exists()
    ):
        raise DomainError(
            _("%(person)s is already recorded in this activity in that role.")
            % {"person": person},
            field="person",
        )
    return instance_save(
        Participation(
            tenant_id=activity.tenant_id,
            initiative_id=activity.initiative_id,
            activity=activity,
            **values,
        ),
        actor=actor,
        action="participation.added",
        fields=["activity", "person", "organisation", "role", "hours"],
        # the duplicate is asked above, with its message; the initiative is the
        # activity's own
        checked=("participation_unique_person",),
        known=("initiative",),
    )


def participation_update(
    *, participation: Participation, actor, **values: Any
) -> Participation:
    if {"activity", "activity_id", "initiative", "initiative_id"} & set(values):
        raise DomainError(
            _("A participation cannot move to another activity."), field="activity"
        )
    return instance_update(
        participation, actor=actor, action="participation.changed", values=values
    )


def participation_remove(*, participation: Participation, actor) -> None:
    instance_delete(participation, actor=actor, action="participation.removed")


def _activity_in_initiative(activity, initiative_id: int) -> None:
    if activity is not None and activity.initiative_id != initiative_id:
        raise DomainError(
            _("The activity belongs to another initiative."), field="activity"
        )


def contribution_create(
    *, initiative: Initiative, actor, **values: Any
) -> Contribution:
    _activity_in_initiative(values.get("activity"), initiative.pk)
    return instance_save(
        Contribution(tenant_id=initiative.tenant_id, initiative=initiative, **values),
        actor=actor,
        action="contribution.created",
        fields=[
            "kind",
            "description",
            "date",
            "estimated_value",
            "person",
            "organisation",
        ],
    )


def contribution_update(
    *, contribution: Contribution, actor, **values: Any
) -> Contribution:
    _activity_in_initiative(values.get("activity"), contribution.initiative_id)
    return instance_update(
        contribution, actor=actor, action="contribution.changed", values=values
    )


def contribution_delete(*, contribution: Contribution, actor) -> None:
    instance_delete(contribution, actor=actor, action="contribution.deleted")
