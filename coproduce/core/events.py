"""The audit trail: every service that changes state writes one event through here."""

from typing import Any

from django.db import models

from .models import Event


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool, dict)):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def event_record(
    *, obj: models.Model, action: str, actor=None, data: dict[str, Any] | None = None
) -> Event:
    return Event.objects.create(
        tenant_id=obj.tenant_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        data={k: _plain(v) for k, v in (data or {}).items()},
    )


def event_list_for(obj: models.Model):
    return Event.objects.filter(
        tenant_id=obj.tenant_id, object_type=obj._meta.label_lower, object_id=obj.pk
    ).select_related("actor")


def events_record(
    *, objs: list[models.Model], action: str, actor=None, fields: list[str]
) -> None:
    """One ``action`` event per object, as ``event_record`` writes them after a create
    (the created values of ``fields``), inserted in batches: for imports of many rows."""
    actor = actor if actor is not None and actor.is_authenticated else None
    Event.objects.bulk_create(
        (
            Event(
                tenant_id=obj.tenant_id,
                actor=actor,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=obj.pk,
                data=snapshot(obj, fields),
            )
            for obj in objs
        ),
        batch_size=1000,
    )
