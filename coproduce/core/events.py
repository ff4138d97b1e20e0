"""The audit trail: every service that changes state writes one event through here."""

from collections.abc import Sequence
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


def tenant_id_of(obj: models.Model) -> int:
    """The tenant of a tenant-owned row. Every domain table has its ``tenant`` key, but
    core imports no app, so no base class of ours declares it to the type checker."""
    return obj.tenant_id  # type: ignore[attr-defined]


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def event_record(
    *, obj: models.Model, action: str, actor=None, data: dict[str, Any] | None = None
) -> Event:
    """Record ``action`` on ``obj``. ``actor`` is the request's Actor (its user is named)
    or a user; core knows neither class, only that an actor carries ``user``."""
    user = getattr(actor, "user", actor)
    return Event.objects.create(
        tenant_id=tenant_id_of(obj),
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        data={k: _plain(v) for k, v in (data or {}).items()},
    )


def event_list_for(obj: models.Model):
    return Event.objects.filter(
        tenant_id=tenant_id_of(obj), object_type=obj._meta.label_lower, object_id=obj.pk
    ).select_related("actor")


def events_record(
    *, objs: Sequence[models.Model], action: str, actor=None, fields: list[str]
) -> None:
    """One ``action`` event per object, as ``event_record`` writes them after a create
    (the created values of ``fields``), inserted in batches: for imports of many rows."""
    user = getattr(actor, "user", actor)
    user = user if user is not None and user.is_authenticated else None
    Event.objects.bulk_create(
        (
            Event(
                tenant_id=tenant_id_of(obj),
                actor=user,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=obj.pk,
                data=snapshot(obj, fields),
            )
            for obj in objs
        ),
        batch_size=1000,
    )
