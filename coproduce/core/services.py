"""The one path by which services save a row: validate it whole, check that everything it
points to belongs to the same tenant, save it and write the event row, in one transaction."""

from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, FieldError, ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.constraints import CheckConstraint
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE

from .errors import DomainError
from .events import event_record, snapshot, tenant_id_of

M = TypeVar("M", bound=models.Model)  # the model saved is the model returned


def _same_tenant_check(instance: models.Model, known: tuple[str, ...] = ()) -> None:
    errors = {}
    for field in instance._meta.concrete_fields:
        if not field.is_relation or field.name == "tenant" or field.name in known:
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


def _checks_failed(
    instance: models.Model, checks: list[CheckConstraint], exclude: set[str], using: str
) -> list[ValidationError]:
    """The check constraints ``instance`` breaks, asked in one query: Django asks one
    query (in a savepoint of its own) per constraint. As ``CheckConstraint.validate``
    does, a constraint on an excluded field is not asked."""
    # Django's own map of the instance's values (CheckConstraint.validate reads it too)
    against = instance._get_field_expression_map(  # type: ignore[attr-defined]
        meta=instance._meta, exclude=exclude
    )
    query = Query(None)
    for name, value in against.items():
        if not hasattr(value, "resolve_expression"):
            value = Value(value)
        query.add_annotation(value, name, select=False)
    asked = []
    for n, check in enumerate(checks):
        condition = ExpressionWrapper(Q(check.condition), output_field=BooleanField())
        try:
            query.add_annotation(
                Coalesce(condition, Value(True), output_field=BooleanField()),
                f"_check_{n}",
            )
        except FieldError:  # it names an excluded field
            continue
        asked.append(check)
    if not asked:
        return []
    connection = connections[using]
    atomic = (
        transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    )
    with atomic:
        row = query.get_compiler(using=using).execute_sql(SINGLE)
    return [
        ValidationError(
            check.get_violation_error_message(), code=check.violation_error_code
        )
        for check, holds in zip(asked, row or (), strict=False)
        if not holds
    ]


def _constraints_validate(
    instance: models.Model, *, exclude: set[str], checked: tuple[str, ...]
) -> None:
    """``Model.validate_constraints`` without the constraints named in ``checked`` (the
    caller asked them itself, with its own message), and the check constraints asked
    together (``_checks_failed``)."""
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict[str, list] = {}
    for model_class, constraints in instance.get_constraints():
        checks = []
        for constraint in constraints:
            if constraint.name in checked:
                continue
            if isinstance(constraint, CheckConstraint):
                checks.append(constraint)
                continue
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as e:
                fields: Sequence[str] = getattr(constraint, "fields", ())
                if getattr(e, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(e)
                else:
                    errors = e.update_error_dict(errors)
        for error in _checks_failed(instance, checks, exclude, using) if checks else []:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def instance_validate(
    instance: models.Model,
    *,
    exclude: list[str] | None = None,
    checked: tuple[str, ...] = (),
    known: tuple[str, ...] = (),
) -> None:
    """Validate ``instance`` whole, as ``Model.full_clean`` does, in fewer queries.
    ``checked``: constraints the caller asked itself; ``known``: foreign keys the caller
    copied from a row of the same tenant it read (their tenant is not asked again)."""
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
        try:
            instance.validate_unique(exclude=excluded)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            _constraints_validate(instance, exclude=excluded, checked=checked)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise _unique_errors_on_their_field(exc) from None
    _same_tenant_check(instance, known)


def instance_save(
    instance: M,
    *,
    actor,
    action: str,
    fields: list[str] | None = None,
    before: dict[str, Any] | None = None,
    checked: tuple[str, ...] = (),
    known: tuple[str, ...] = (),
    savepoint: bool = True,
) -> M:
    """Validate and save ``instance``; record ``action`` with the changed values.
    ``checked`` and ``known``: see ``instance_validate``.

    ``savepoint=False`` for a caller whose own transaction is rolled back whole when
    this raises (it does not catch the error to go on writing): the save and its event
    then take no savepoints of their own (four statements fewer; the sign-up makes
    them while it holds its shift's lock). A failed save still raises ``DomainError``,
    and the caller's ``atomic`` rolls everything back."""
    with transaction.atomic(savepoint=savepoint):
        return _instance_save(
            instance, actor=actor, action=action, fields=fields, before=before,
            checked=checked, known=known, savepoint=savepoint,
        )  # fmt: skip


def _instance_save(
    instance: M,
    *,
    actor,
    action: str,
    fields: list[str] | None,
    before: dict[str, Any] | None,
    checked: tuple[str, ...],
    known: tuple[str, ...],
    savepoint: bool,
) -> M:
    instance_validate(instance, checked=checked, known=known)
    created = instance.pk is None
    try:
        with transaction.atomic(savepoint=savepoint):
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


def instance_update(
    instance: M,
    *,
    actor,
    action: str,
    values: dict[str, Any],
    savepoint: bool = True,
) -> M:
    unknown = [k for k in values if not hasattr(instance, k)]
    if unknown:
        raise DomainError(f"Unknown field: {', '.join(unknown)}")
    before = snapshot(instance, list(values))
    for key, value in values.items():
        setattr(instance, key, value)
    return instance_save(
        instance, actor=actor, action=action, before=before, savepoint=savepoint
    )


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
