"""Writes for sustainability: an assessment with its scores and the evidence of the day."""

import datetime as dt

from django.db import transaction

from coproduce.core.errors import DomainError
from coproduce.core.services import instance_save

from .evidence import evidence_for
from .models import Assessment, Dimension, DimensionScore


@transaction.atomic
def assessment_create(
    *,
    initiative,
    actor,
    assessed_on: dt.date,
    scores: dict[str, dict],
    summary: str = "",
) -> Assessment:
    """``scores[dimension] = {"score": 1..5, "rationale": str, "weakness": str}``; every
    dimension must be scored."""
    if not initiative.is_temporary or not initiative.end_date:
        raise DomainError(
            "Sustainability is assessed for temporary initiatives with an end date."
        )
    missing = [d for d in Dimension.values if d not in scores]
    if missing:
        raise DomainError(f"Score every dimension; missing: {', '.join(missing)}.")
    evidence = evidence_for(initiative, today=assessed_on).to_dict()
    assessment = instance_save(
        Assessment(
            tenant=initiative.tenant,
            initiative=initiative,
            assessed_on=assessed_on,
            assessor=actor if getattr(actor, "is_authenticated", False) else None,
            summary=summary,
            evidence=evidence,
        ),
        actor=actor,
        action="sustainability.assessed",
        fields=["initiative", "assessed_on", "summary"],
    )
    for dimension in Dimension.values:
        values = scores[dimension]
        row = DimensionScore(
            tenant=initiative.tenant,
            assessment=assessment,
            dimension=dimension,
            score=values["score"],
            rationale=values.get("rationale", ""),
            weakness=values.get("weakness", ""),
        )
        row.full_clean()
        row.save()
    return assessment
