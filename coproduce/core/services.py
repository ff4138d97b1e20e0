"""The one path by which services save a row: validate it whole, check that everything it
points to belongs to the same tenant, save it and write the event row, in one transaction."""

from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from .errors import DomainError
from .events import event_record, snapshot, tenant_id_of

M = TypeVar("M", bound=models.Model)  # the model saved is the model returned


def _same_tenant_check(instance: models.Model) -> None:
    errors = {}
    for field in instance._meta.concrete_fields:
        if not field.is_relation or field.name == "tenant":
            continue
        related_model = field.related_model
        if related_model is None or not any(
            f.name == "tenant" for f in related_model._meta.fields
        ):
            continue
        related_id = getattr(instance, field.attname)
        if related_id is None:
            continue
        loaded = instance._state.fields_cache.get(field.name)
        if (
            loaded is not None
            and loaded.pk == related_id
            and loaded._state.adding is False
            and getattr(loaded, "tenant_id", None) == tenant_id_of(instance)
        ):
            continue  # the row was read from the database in this request: no query
        ok = related_model._base_manager.filter(
            pk=related_id, tenant_id=tenant_id_of(instance)
        ).exists()
        if not ok:
            errors[field.name] = ValidationError(
                "%(name)s %(id)s does not exist.",
                params={"name": field.verbose_name, "id": related_id},
            )
    if errors:
        raise ValidationError(errors)


def validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}"
            if field != "__all__"
            else " ".join(messages)
            for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _unique_errors_on_their_field(exc: ValidationError) -> ValidationError:
    """Django files a uniqueness over several fields ("a code per instrument") under no
    field; the last field named is the one the person typed (the others are its
    parents), so the form and the API can mark it."""
    errors = exc.error_dict
    general = errors.get(NON_FIELD_ERRORS, [])
    kept = []
    for error in general:
        fields = (error.params or {}).get("unique_check") or ()
        if error.code == "unique_together" and fields:
            errors.setdefault(fields[-1], []).append(error)
        else:
            kept.append(error)
    if kept:
        errors[NON_FIELD_ERRORS] = kept
    else:
        errors.pop(NON_FIELD_ERRORS, None)
    return ValidationError(errors)


def instance_validate(
    instance: models.Model, *, exclude: list[str] | None = None
) -> None:
    # Foreign keys that are set are checked once, below, for existence *and* tenant;
    # ``full_clean`` would first ask the database for each of them again.
    set_keys = [
        f.name
        for f in instance._meta.concrete_fields
        if f.is_relation and getattr(instance, f.attname) is not None
    ]
    try:
        # the steps of ``Model.full_clean``, in its order and with its exclusions
        excluded = set(exclude or [])
        errors: dict[str, list] = {}
        try:
            instance.clean_fields(exclude=excluded | set(set_keys))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        excluded |= {name for name in errors if name != NON_FIELD_ERRORS}
        for step in (instance.validate_unique, instance.validate_constraints):
            try:
                step(exclude=excluded)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise _unique_errors_on_their_field(exc) from None
    _same_tenant_check(instance)


@transaction.atomic
def instance_save(
    instance: M,
    *,
    actor,
    action: str,
    fields: list[str] | None = None,
    before: dict[str, Any] | None = None,
) -> M:
    """Validate and save ``instance``; record ``action`` with the changed values."""
    instance_validate(instance)
    created = instance.pk is None
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a race the validation above could not see
        raise DomainError(str(exc)) from exc
    data: dict[str, Any]
    if created or before is None:
        data = snapshot(instance, fields or [])
    else:
        after = snapshot(instance, list(before))
        data = {
            k: {"old": before[k], "new": after[k]}
            for k in before
            if before[k] != after[k]
        }
    event_record(obj=instance, action=action, actor=actor, data=data)
    return instance


def instance_update(instance: M, *, actor, action: str, values: dict[str, Any]) -> M:
    unknown = [k for k in values if not hasattr(instance, k)]
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(unknown)}")
    before = snapshot(instance, list(values))
    for key, value in values.items():
        setattr(instance, key, value)
    return instance_save(instance, actor=actor, action=action, before=before)


@transaction.atomic
def instance_delete(instance: models.Model, *, actor, action: str) -> None:
    data = {"name": str(instance)}
    pk = instance.pk
    try:
        with transaction.atomic():
            instance.delete()
    except models.ProtectedError as exc:
        names = ", ".join(
            sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects})
        )
        raise DomainError(
            f"'{data['name']}' cannot be deleted while {names} refer to it."
        ) from exc
    instance.pk = pk
    event_record(obj=instance, action=action, actor=actor, data=data)
