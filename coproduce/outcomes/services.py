"""Writes for outcomes and value: one transaction each, an event row for every change.

Outcomes depend on evaluation (an indicator may take its measurements from a panel's
scale), never the other way: what they need of it they read through its selectors."""

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.errors import ConflictError, DomainError
from coproduce.core.services import (
    instance_delete,
    instance_save,
    instance_update,
    validation_message,
)
from coproduce.evaluation import selectors as evaluation_selectors

from .models import (
    Cost,
    Indicator,
    Measurement,
    Outcome,
    OutcomeValuation,
    SroiModel,
    ValueRate,
)

CENT = Decimal("0.01")


def outcome_create(*, initiative, actor, **values: Any) -> Outcome:
    return instance_save(
        Outcome(tenant_id=initiative.tenant_id, initiative=initiative, **values),
        actor=actor,
        action="outcome.created",
        fields=["kind", "name", "description"],
    )


CONFLICT = {
    Outcome: gettext_lazy(
        "Someone else changed this outcome while you were editing it (now version "
        "%(v)s). Your changes were not saved; review the current values and save again."
    ),
    Indicator: gettext_lazy(
        "Someone else changed this indicator while you were editing it (now version "
        "%(v)s). Your changes were not saved; review the current values and save again."
    ),
    Measurement: gettext_lazy(
        "Someone else changed this measurement while you were editing it (now version "
        "%(v)s). Your changes were not saved; review the current values and save again."
    ),
}


def _versioned_update(instance, *, actor, action: str, version, values: dict):
    """Change ``instance`` (an Outcome, Indicator or Measurement) under a row lock.
    ``version`` is the version the editor read; if someone saved in between, the change
    is refused (ConflictError) and nothing is overwritten. Every save adds one."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if version is not None and version != current.version:
        raise ConflictError(str(CONFLICT[type(instance)]) % {"v": current.version})
    values["version"] = current.version + 1
    return instance_update(current, actor=actor, action=action, values=values)


@transaction.atomic
def outcome_update(
    *, outcome: Outcome, actor, version: int | None = None, **values: Any
) -> Outcome:
    return _versioned_update(
        outcome, actor=actor, action="outcome.changed", version=version, values=values
    )


def outcome_delete(*, outcome: Outcome, actor) -> None:
    instance_delete(outcome, actor=actor, action="outcome.deleted")


def _panel_check(*, outcome: Outcome, values: dict) -> None:
    panel, scale = values.get("panel"), values.get("scale")
    if panel is not None and panel.initiative_id != outcome.initiative_id:
        raise DomainError(_("The panel belongs to another initiative."), field="panel")
    if (
        panel is not None
        and scale is not None
        and scale.instrument_id != panel.instrument_id
    ):
        raise DomainError(
            _("The scale is not part of the panel's instrument."), field="scale"
        )


def indicator_create(*, outcome: Outcome, actor, **values: Any) -> Indicator:
    _panel_check(outcome=outcome, values=values)
    return instance_save(
        Indicator(tenant_id=outcome.tenant_id, outcome=outcome, **values),
        actor=actor,
        action="indicator.created",
        fields=["name", "unit", "baseline", "target", "direction", "scale", "panel"],
    )


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, actor, version: int | None = None, **values: Any
) -> Indicator:
    _panel_check(outcome=indicator.outcome, values=values)
    return _versioned_update(
        indicator,
        actor=actor,
        action="indicator.changed",
        version=version,
        values=values,
    )


def indicator_delete(*, indicator: Indicator, actor) -> None:
    instance_delete(indicator, actor=actor, action="indicator.deleted")


def measurement_record(
    *, indicator: Indicator, actor, source: str = Measurement.Source.ENTERED, **values
) -> Measurement:
    return instance_save(
        Measurement(
            tenant_id=indicator.tenant_id, indicator=indicator, source=source, **values
        ),
        actor=actor,
        action="measurement.recorded",
        fields=["date", "value", "source", "wave", "respondents", "note"],
    )


@transaction.atomic
def measurement_update(
    *, measurement: Measurement, actor, version: int | None = None, **values: Any
) -> Measurement:
    """Change a measurement. One taken from an evaluation scale keeps its date and value
    (they are the scale's mean in a wave, traced to the answers): only its note changes;
    take the measurements from the scale again to bring them up to date."""
    if measurement.source == Measurement.Source.SCALE:
        for name in ("date", "value"):
            if name in values and values[name] != getattr(measurement, name):
                raise DomainError(
                    _(
                        "This measurement is the mean of an evaluation scale in a wave; "
                        "take the measurements from the scale again instead of changing "
                        "it by hand."
                    ),
                    field=name,
                )
    return _versioned_update(
        measurement,
        actor=actor,
        action="measurement.changed",
        version=version,
        values=values,
    )


def measurement_delete(*, measurement: Measurement, actor) -> None:
    instance_delete(measurement, actor=actor, action="measurement.deleted")


def scale_mean_in_wave(*, indicator: Indicator, wave) -> tuple[float | None, int]:
    """The mean of the indicator's scale over the respondents who scored it in ``wave``,
    and the number of those respondents (``evaluation.selectors.scale_mean_in_wave``)."""
    if indicator.scale is None:
        return None, 0
    return evaluation_selectors.scale_mean_in_wave(
        wave=wave, scale_name=indicator.scale.name
    )


@transaction.atomic
def measurements_from_scale(*, indicator: Indicator, actor) -> list[Measurement]:
    """One measurement per wave of the indicator's panel that has answers: the scale's
    mean in that wave, dated when the wave closed (or opened). Waves already taken are
    updated, so running it again after more answers brings the numbers up to date."""
    scale = indicator.scale
    if scale is None or not indicator.panel_id:
        raise DomainError(_("This indicator takes no measurements from a scale."))
    saved = []
    for wave in evaluation_selectors.panel_waves_for_scale(
        tenant_id=indicator.tenant_id, panel_id=indicator.panel_id
    ):
        mean, n = scale_mean_in_wave(indicator=indicator, wave=wave)
        if mean is None:
            continue
        when = wave.closed_at or wave.opened_at or wave.created_at
        value = Decimal(str(round(mean, 4)))
        existing = Measurement.objects.filter(indicator=indicator, wave=wave).first()
        if existing:
            saved.append(
                _versioned_update(
                    existing,
                    actor=actor,
                    action="measurement.changed",
                    version=None,
                    values={"value": value, "respondents": n, "date": when.date()},
                )
            )
        else:
            saved.append(
                measurement_record(
                    indicator=indicator,
                    actor=actor,
                    source=Measurement.Source.SCALE,
                    date=when.date(),
                    value=value,
                    wave=wave,
                    respondents=n,
                    note=_("Mean of %(scale)s in %(wave)s")
                    % {"scale": scale.name, "wave": wave},
                )
            )
    return saved


# CSV import ----------------------------------------------------------------------------

IMPORT_COLUMNS = ("indicator", "date", "value")


class ImportRefused(DomainError):
    """A file refused whole: ``problems`` lists every problem as (line, column, value,
    message); ``lines()`` gives them as "line N: column 'X': ... (got 'v')"."""

    def __init__(self, problems: list[tuple[int, str, str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self, prefix: str = "") -> list[str]:
        return [
            f"{prefix}line {line}: "
            + (f"column '{column}': " if column else "")
            + message
            + (f" (got '{value}')" if column else "")
            for line, column, value, message in self.problems
        ]


@transaction.atomic
def measurements_import(*, tenant, text: str, actor=None) -> list[Measurement]:
    """Import measurements from CSV text, all or nothing.

    Columns: ``indicator`` (its id), ``date`` (YYYY-MM-DD), ``value`` (a number, with a
    point), optional ``note``. Any bad row refuses the whole file, naming the line, the
    column and the value. Indicators of other tenants do not exist here."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            [(1, "", "", _("missing column '%(c)s'") % {"c": c}) for c in missing]
        )
    indicators = {
        str(pk): pk
        for pk in Indicator.objects.filter(tenant=tenant).values_list("pk", flat=True)
    }
    problems: list[tuple[int, str, str, str]] = []
    rows = []
    for line, row in enumerate(reader, start=2):

        def bad(column, message, row=row, line=line):
            problems.append((line, column, row.get(column) or "", str(message)))

        indicator = indicators.get((row.get("indicator") or "").strip())
        if indicator is None:
            bad("indicator", _("no such indicator"))
        try:
            date = dt.date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            date = None
            bad("date", _("not a date (YYYY-MM-DD)"))
        try:
            value = Decimal((row.get("value") or "").strip())
            if not value.is_finite() or abs(value) >= Decimal("1e10"):
                raise InvalidOperation
        except InvalidOperation:
            value = None
            bad("value", _("not a number"))
        note = (row.get("note") or "").strip()
        if len(note) > 300:
            bad("note", _("longer than 300 characters"))
        rows.append((line, indicator, date, value, note))
    if not rows and not problems:
        problems.append((2, "", "", str(_("the file has no measurements"))))
    if problems:
        raise ImportRefused(problems)
    saved = []
    for line, indicator, date, value, note in rows:
        if indicator is None or date is None or value is None:
            continue  # refused above: every kept row has all three
        measurement = Measurement(
            tenant=tenant,
            indicator_id=indicator,
            date=date,
            value=value.quantize(Decimal("0.0001")),
            source=Measurement.Source.IMPORTED,
            note=note,
        )
        try:
            saved.append(
                instance_save(
                    measurement,
                    actor=actor,
                    action="measurement.imported",
                    fields=["indicator", "date", "value", "note"],
                )
            )
        except ValidationError as exc:
            raise ImportRefused([(line, "", "", validation_message(exc))]) from exc
    return saved


# Value and cost --------------------------------------------------------------------------


@transaction.atomic
def value_rate_set(*, tenant, actor, role: str, **values: Any) -> ValueRate:
    """Set the tenant's rate for a role (create it or change it)."""
    rate = ValueRate.objects.filter(tenant=tenant, role=role).first()
    if rate is None:
        return instance_save(
            ValueRate(tenant=tenant, role=role, **values),
            actor=actor,
            action="value_rate.set",
            fields=["role", *values],
        )
    return instance_update(
        rate, actor=actor, action="value_rate.changed", values=values
    )


def _cost_amount(values: dict) -> dict:
    if values.get("kind") == Cost.Kind.TIME:
        hours, rate = values.get("hours"), values.get("hourly_rate")
        if hours is not None and rate is not None:
            values["amount"] = (hours * rate).quantize(CENT)
    else:
        values["hours"] = values["hourly_rate"] = None
    if values.get("amount") is None:
        raise DomainError(_("Give the amount spent."), field="amount")
    return values


def cost_create(*, initiative, actor, **values: Any) -> Cost:
    return instance_save(
        Cost(
            tenant_id=initiative.tenant_id,
            initiative=initiative,
            **_cost_amount(values),
        ),
        actor=actor,
        action="cost.created",
        fields=["kind", "description", "date", "hours", "hourly_rate", "amount"],
    )


def cost_delete(*, cost: Cost, actor) -> None:
    instance_delete(cost, actor=actor, action="cost.deleted")


@transaction.atomic
def sroi_model_set(*, initiative, actor, **values: Any) -> SroiModel:
    model = SroiModel.objects.filter(initiative=initiative).first()
    if model is None:
        return instance_save(
            SroiModel(tenant_id=initiative.tenant_id, initiative=initiative, **values),
            actor=actor,
            action="sroi_model.set",
            fields=list(values),
        )
    return instance_update(
        model, actor=actor, action="sroi_model.changed", values=values
    )


def valuation_create(*, initiative, actor, **values: Any) -> OutcomeValuation:
    return instance_save(
        OutcomeValuation(
            tenant_id=initiative.tenant_id, initiative=initiative, **values
        ),
        actor=actor,
        action="outcome_valuation.created",
        fields=list(values),
    )


def valuation_update(
    *, valuation: OutcomeValuation, actor, **values: Any
) -> OutcomeValuation:
    return instance_update(
        valuation, actor=actor, action="outcome_valuation.changed", values=values
    )


def valuation_delete(*, valuation: OutcomeValuation, actor) -> None:
    instance_delete(valuation, actor=actor, action="outcome_valuation.deleted")
