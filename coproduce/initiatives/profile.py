"""The co-production profile of an initiative, computed from what was recorded.

Pure: rows aggregated by the selectors in SQL come in, a ``Profile`` comes out. The rules
follow the value chain school (Brix, Tuurnas & Mortensen): an initiative counts as
co-produced when at least one stage has an activity in which citizens, service users or
volunteers took part at level *involve* or higher.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .vocab import (
    CITIZEN_ROLES,
    CO_PRODUCTION_THRESHOLD,
    STAGE_CO_LABELS,
    ActorRole,
    Level,
    Mode,
    Scope,
    Stage,
)


@dataclass(frozen=True)
class CellRow:
    """One SQL group: participations of one role, in one stage and mode."""

    stage: str
    role: str
    mode: str
    max_level: int
    hours: Decimal
    participations: int


@dataclass(frozen=True)
class Finding:
    severity: (
        str  # "warning": declared but not realised; "info": realised but not declared
    )
    stage: str | None
    message: str


@dataclass
class Profile:
    # matrix[stage][role] = highest IAP2 level reached (None: nobody of that group took part)
    matrix: dict[str, dict[str, int | None]]
    hours: dict[str, Decimal]  # all participants' hours, by mode (voice / doing)
    citizen_hours: dict[str, Decimal]  # citizens' hours, by mode
    participations: int
    co_produced_stages: list[str]
    declared_stages: list[str]
    declared_scope: str
    observed_scope: (
        str | None
    )  # individual / collective / mixed, None without citizen activities
    individual_activities: int
    collective_activities: int
    activities: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_co_produced(self) -> bool:
        return bool(self.co_produced_stages)

    @property
    def observed_scope_label(self) -> str:
        if self.observed_scope == "mixed":
            return _("mixed (individual and collective)")
        return (
            str(Scope(self.observed_scope).label).lower() if self.observed_scope else ""
        )

    @property
    def total_hours(self) -> Decimal:
        return sum(self.hours.values(), Decimal("0"))

    @property
    def voice_share(self) -> float | None:
        """Share of citizens' hours spent on voice rather than doing (None without hours)."""
        total = sum(self.citizen_hours.values(), Decimal("0"))
        return float(self.citizen_hours[Mode.VOICE] / total) if total else None

    def level_label(self, stage: str, role: str) -> str:
        level = self.matrix[stage][role]
        return Level(level).label if level else ""

    def table(self) -> list[dict]:
        """The matrix as rows (one per stage), for the table beside the chart and exports."""
        return [
            {
                "stage": stage,
                "stage_label": Stage(stage).label,
                "co_produced": stage in self.co_produced_stages,
                "declared": stage in self.declared_stages,
                "cells": [
                    {
                        "role": role,
                        "level": self.matrix[stage][role],
                        "label": self.level_label(stage, role),
                    }
                    for role in ActorRole.values
                ],
            }
            for stage in Stage.values
        ]


def _role_label(role: str) -> str:
    return str(ActorRole(role).label).lower()


def profile_compute(
    *,
    declared_stages: list[str],
    declared_scope: str,
    rows: list[CellRow],
    individual_activities: int,
    collective_activities: int,
    activities: int,
) -> Profile:
    matrix: dict[str, dict[str, int | None]] = {
        stage: dict.fromkeys(ActorRole.values) for stage in Stage.values
    }
    hours = {mode: Decimal("0") for mode in Mode.values}
    citizen_hours = {mode: Decimal("0") for mode in Mode.values}
    participations = 0
    for row in rows:
        current = matrix[row.stage][row.role]
        matrix[row.stage][row.role] = max(current or 0, row.max_level)
        hours[row.mode] += row.hours or Decimal("0")
        if row.role in CITIZEN_ROLES:
            citizen_hours[row.mode] += row.hours or Decimal("0")
        participations += row.participations

    def best_citizen_level(stage: str) -> int:
        return max((matrix[stage][role] or 0 for role in CITIZEN_ROLES), default=0)

    co_produced = [
        s for s in Stage.values if best_citizen_level(s) >= CO_PRODUCTION_THRESHOLD
    ]

    if individual_activities and collective_activities:
        observed_scope = "mixed"
    elif collective_activities:
        observed_scope = Scope.COLLECTIVE.value
    elif individual_activities:
        observed_scope = Scope.INDIVIDUAL.value
    else:
        observed_scope = None

    findings: list[Finding] = []
    if activities == 0:
        findings.append(
            Finding(
                "warning",
                None,
                _("No activity has been recorded yet: the profile is empty."),
            )
        )
    for stage in Stage.values:
        co_label = STAGE_CO_LABELS[stage]
        stage_label = str(Stage(stage).label).lower()
        level = best_citizen_level(stage)
        if stage in declared_stages and level == 0:
            findings.append(
                Finding(
                    "warning",
                    stage,
                    _(
                        "%(co)s declared, but no resident, service user or volunteer took part in any "
                        "%(stage)s activity."
                    )
                    % {"co": co_label, "stage": stage_label},
                )
            )
        elif stage in declared_stages and level < CO_PRODUCTION_THRESHOLD:
            findings.append(
                Finding(
                    "warning",
                    stage,
                    _(
                        "%(co)s declared, but citizens took part in %(stage)s only at level "
                        "'%(level)s'; co-production needs 'involve' or higher."
                    )
                    % {
                        "co": co_label,
                        "stage": stage_label,
                        "level": Level(level).label,
                    },
                )
            )
        elif stage not in declared_stages and level >= CO_PRODUCTION_THRESHOLD:
            roles = [
                _role_label(role)
                for role in ActorRole.values
                if role in CITIZEN_ROLES
                and (matrix[stage][role] or 0) >= CO_PRODUCTION_THRESHOLD
            ]
            findings.append(
                Finding(
                    "info",
                    stage,
                    _(
                        "Citizens (%(roles)s) took part in %(stage)s at level '%(level)s', but "
                        "%(co)s was not declared."
                    )
                    % {
                        "roles": ", ".join(roles),
                        "stage": stage_label,
                        "level": Level(level).label,
                        "co": str(co_label).lower(),
                    },
                )
            )
    if declared_scope == Scope.COLLECTIVE and observed_scope == Scope.INDIVIDUAL:
        findings.append(
            Finding(
                "warning",
                None,
                _(
                    "Collective co-production declared, but every citizen activity had a single citizen "
                    "taking part: the records show individual co-production."
                ),
            )
        )
    elif declared_scope == Scope.INDIVIDUAL and observed_scope == Scope.COLLECTIVE:
        findings.append(
            Finding(
                "info",
                None,
                _(
                    "Individual co-production declared, but citizens took part together in every "
                    "citizen activity: the records show collective co-production."
                ),
            )
        )

    return Profile(
        matrix=matrix,
        hours=hours,
        citizen_hours=citizen_hours,
        participations=participations,
        co_produced_stages=co_produced,
        declared_stages=list(declared_stages),
        declared_scope=declared_scope,
        observed_scope=observed_scope,
        individual_activities=individual_activities,
        collective_activities=collective_activities,
        activities=activities,
        findings=findings,
    )
