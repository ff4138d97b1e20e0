"""Rows named in a request: another tenant's row, or one the caller may not see, is a 404
(or, named in a request body, a 422 on that field), never a hint that it exists. Who may
see what is each app's access.py; these helpers only look up in what it allows."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404


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
