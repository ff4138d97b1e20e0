"""Reads for sustainability: temporary initiatives with their latest assessment, an
initiative's assessments with their scores (a fixed number of queries)."""

from django.db.models import Avg, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from coproduce.core.kept import data_fingerprint, kept, kept_key
from coproduce.initiatives.models import Initiative
from coproduce.people.models import Person

from .evidence import evidence_for, weaknesses
from .models import Assessment, Dimension, DimensionScore


def temporary_initiatives(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    latest = Assessment.objects.filter(initiative=OuterRef("pk")).order_by(
        "-assessed_on", "-id"
    )
    return (
        initiatives.filter(is_temporary=True)
        .annotate(
            latest_assessed_on=Subquery(latest.values("assessed_on")[:1]),
            latest_id=Subquery(latest.values("pk")[:1]),
            latest_mean=Subquery(
                DimensionScore.objects.filter(assessment=OuterRef("latest_id"))
                .values("assessment")
                .annotate(m=Avg("score"))
                .values("m")[:1]
            ),
        )
        .order_by("end_date", "name", "id")
    )


def assessment_list(initiative) -> list[Assessment]:
    return list(
        Assessment.objects.filter(tenant_id=initiative.tenant_id, initiative=initiative)
        .select_related("assessor")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=DimensionScore.objects.filter(tenant_id=initiative.tenant_id),
            )
        )
    )


def scores_by_dimension(assessment: Assessment) -> dict[str, DimensionScore]:
    return {s.dimension: s for s in assessment.scores.all()}


def history_rows(assessments: list[Assessment]) -> list[dict]:
    """One row per dimension, one score per assessment (oldest first)."""
    ordered = list(reversed(assessments))
    return [
        {
            "dimension": d,
            "label": Dimension(d).label,
            "scores": [scores_by_dimension(a).get(d) for a in ordered],
        }
        for d in Dimension.values
    ]


def person_names(*, tenant, ids: list[int]) -> dict[int, str]:
    """The names of the people ``ids`` still in the registry (for those who may read them)."""
    return {
        p.pk: p.name
        for p in Person.objects.filter(tenant=tenant, pk__in=ids).only(
            "given_name", "family_name"
        )
    }


def assessor_name(assessment: Assessment) -> str:
    """The assessor as people know them: the name on their account, else the name of the
    person linked to it, else the user name."""
    user = assessment.assessor
    if user is None:
        return ""
    if name := user.get_full_name():
        return name
    person = Person.objects.filter(tenant_id=assessment.tenant_id, user=user).first()
    return person.name if person else user.get_username()


def initiative_sustainability(initiative) -> dict:
    """What the records say now of how lasting ``initiative`` is (its evidence and, per
    dimension, what weakens it) and its assessments over time, newest first."""
    today = timezone.localdate()
    fingerprint = data_fingerprint(tenant_id=initiative.tenant_id)
    ev = kept(
        kept_key("sustainability.evidence", initiative.pk, initiative.updated_at,
                 fingerprint, today),
        lambda: evidence_for(initiative, today=today),
    )  # fmt: skip
    assessments = assessment_list(initiative)
    found = weaknesses(ev)
    return {
        "initiative": initiative,
        "evidence": ev,
        "dimensions": [
            {
                "dimension": d,
                "label": Dimension(d).label,
                "weaknesses": found.get(d, []),
            }
            for d in Dimension.values
        ],
        "assessments": assessments,
        "latest": assessments[0] if assessments else None,
        "history": history_rows(assessments),
        "history_dates": list(reversed(assessments)),
    }
