"""Who may do what, and every lookup through the tenant: another tenant's row is a 404
(or, named in a request body, a 422 on that field), never a hint that it exists."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from ninja.errors import AuthorizationError

from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import Initiative


def permission_require(request, permission: str) -> None:
    if permission not in request.permissions:
        raise AuthorizationError(message=f"Your role may not do this ({permission}).")


def initiatives_visible(request) -> QuerySet[Initiative]:
    return initiative_visible(request.actor)


def object_get(qs: QuerySet, pk: int) -> Model:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def references_resolve(
    values: dict[str, Any], refs: dict[str, QuerySet]
) -> dict[str, Any]:
    """Replace the ids named in a request body by the rows they point to, looked up in
    ``refs`` (querysets already limited to the tenant and to what the caller may see)."""
    errors = {}
    for field, qs in refs.items():
        if field not in values or values[field] is None:
            continue
        if isinstance(values[field], list):
            continue
        obj = qs.filter(pk=values[field]).first()
        if obj is None:
            errors[field] = ValidationError(
                "%(model)s %(id)s does not exist.",
                params={"model": qs.model._meta.verbose_name, "id": values[field]},
            )
        else:
            values[field] = obj
    if errors:
        raise ValidationError(errors)
    return values
