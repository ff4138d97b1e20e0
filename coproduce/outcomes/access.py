"""Who may read and change outcomes, indicators, measurements, costs and valued outcomes,
given the request's actor: one rule for the pages and the API.

- Everything of an initiative is read through the initiatives the actor may see
  (``initiative_visible``): of any other, or missing, the same 404.
- Changing needs ``initiatives.change`` (``OUTCOMES_CHANGE``): 403 once the object is
  found (404 first).
- The tenant's value rates are read by every member and changed with the same permission.

``access_<thing>_by_id`` take the initiative found by ``access_initiative_by_slug`` or
``_by_id`` and look for the row under it only.
"""

from django.db.models import QuerySet
from django.http import Http404

from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import Initiative
from coproduce.tenancy.actor import Actor

from .models import Cost, Indicator, Measurement, Outcome, OutcomeValuation

OUTCOMES_CHANGE = "initiatives.change"


def outcomes_change_allowed(actor: Actor) -> bool:
    return actor.can(OUTCOMES_CHANGE)


def outcomes_change_require(actor: Actor) -> None:
    actor.require(OUTCOMES_CHANGE)


def _found(qs: QuerySet, pk: int):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def outcome_visible(
    actor: Actor, qs: QuerySet[Outcome] | None = None
) -> QuerySet[Outcome]:
    """Every outcome ``actor`` may read (of ``qs`` if given)."""
    if qs is None:
        qs = Outcome.objects.all()
    return qs.filter(
        tenant=actor.tenant, initiative__in=initiative_visible(actor).values("pk")
    )


def indicator_visible(
    actor: Actor, qs: QuerySet[Indicator] | None = None
) -> QuerySet[Indicator]:
    """Every indicator ``actor`` may read (of ``qs`` if given)."""
    if qs is None:
        qs = Indicator.objects.all()
    return qs.filter(
        tenant=actor.tenant,
        outcome__initiative__in=initiative_visible(actor).values("pk"),
    )


def access_outcome_by_id(*, initiative: Initiative, pk: int) -> Outcome:
    return _found(
        Outcome.objects.filter(tenant_id=initiative.tenant_id, initiative=initiative),
        pk,
    )


def access_indicator_by_id(*, initiative: Initiative, pk: int) -> Indicator:
    return _found(
        Indicator.objects.filter(
            tenant_id=initiative.tenant_id, outcome__initiative=initiative
        ).select_related("outcome", "scale", "panel"),
        pk,
    )


def access_measurement_by_id(*, initiative: Initiative, pk: int) -> Measurement:
    """A measurement of one of the initiative's indicators (404 otherwise)."""
    return _found(
        Measurement.objects.filter(
            tenant_id=initiative.tenant_id, indicator__outcome__initiative=initiative
        ).select_related("indicator__outcome"),
        pk,
    )


def access_cost_by_id(*, initiative: Initiative, pk: int) -> Cost:
    return _found(
        Cost.objects.filter(tenant_id=initiative.tenant_id, initiative=initiative), pk
    )


def access_valuation_by_id(*, initiative: Initiative, pk: int) -> OutcomeValuation:
    return _found(
        OutcomeValuation.objects.filter(
            tenant_id=initiative.tenant_id, initiative=initiative
        ),
        pk,
    )
