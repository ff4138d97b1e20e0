"""Sustainability in the API: the temporary initiatives with their latest assessment,
what the records say now of how lasting an initiative is (the evidence and what weakens
each dimension), and its assessments with their scores.

As on the pages (``sustainability.access``): reading needs ``initiatives.view_all`` or
``initiatives.change`` (403 otherwise); an initiative one may not see, and its
assessments, are a 404. The people who moved from taking part to organising are named
by id only to those who may read people (``people.view``), as the page links them.
"""

import datetime as dt

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.schemas import Id
from coproduce.initiatives.access import access_initiative_by_id, initiative_visible

from . import selectors
from .access import access_assessment_by_id, sustainability_read_require
from .models import Assessment, Dimension

router = Router(tags=["sustainability"])


class TemporaryInitiativeOut(Schema):
    id: int
    name: str
    end_date: dt.date | None
    latest_assessed_on: dt.date | None
    latest_assessment: int | None = Field(None, alias="latest_id")
    latest_mean: float | None = Field(description="Mean score of the latest (1..5)")


@router.get(
    "/sustainability", response={200: list[TemporaryInitiativeOut], **errors.READ_LIST}
)
@paginate(Pagination)
def sustainability_list(request):
    """The temporary initiatives the caller may see, the soonest to end first."""
    sustainability_read_require(request.actor)
    return selectors.temporary_initiatives(initiative_visible(request.actor))


class PartnerEvidenceOut(Schema):
    organisation_id: int
    name: str
    until: str | None = None
    took_part_on: str | None = None


class ActivityEvidenceOut(Schema):
    id: int
    date: str
    title: str


class EvidenceOut(Schema):
    applicable: bool = Field(description="false: the initiative has no end date")
    end_date: str | None
    ended: bool
    partners_total: int
    partners_lasting: int = Field(description="Committed beyond the end date")
    partners_open_ended: int = Field(description="Without an end date: not evidence")
    partners_lasting_items: list[PartnerEvidenceOut]
    activities_after: int
    activities_after_items: list[ActivityEvidenceOut]
    activity_kinds_after: int
    citizens_after: int
    last_activity: str | None
    training_activities: int
    movers: int = Field(description="Moved from taking part to organising")
    mover_ids: list[int] = Field(
        description="Their person ids (empty without people.view)"
    )


class ScoreOut(Schema):
    dimension: str
    score: int = Field(description="1 absent .. 5 strong")
    rationale: str
    weakness: str


class AssessmentOut(Schema):
    id: int
    initiative: int
    assessed_on: dt.date
    summary: str
    scores: list[ScoreOut]


class AssessmentDetailOut(AssessmentOut):
    assessor: str
    evidence: EvidenceOut | None = Field(description="As the records said that day")


class SustainabilityDimensionOut(Schema):
    dimension: str
    label: str
    weaknesses: list[str]


class SustainabilityOut(Schema):
    initiative: int
    evidence: EvidenceOut
    dimensions: list[SustainabilityDimensionOut]
    assessments: list[AssessmentOut] = Field(description="Newest first")


def _evidence(request, ev: dict) -> dict | None:
    if not ev:
        return None
    ev = dict(ev)
    ev.setdefault("mover_ids", [])
    if "people.view" not in request.permissions:
        ev["mover_ids"] = []
    return ev


def _assessment(a: Assessment) -> dict:
    scores = selectors.scores_by_dimension(a)
    return {
        "id": a.pk,
        "initiative": a.initiative_id,
        "assessed_on": a.assessed_on,
        "summary": a.summary,
        "scores": [
            {
                "dimension": d,
                "score": scores[d].score,
                "rationale": scores[d].rationale,
                "weakness": scores[d].weakness,
            }
            for d in Dimension.values
            if d in scores
        ],
    }


@router.get(
    "/initiatives/{int:id}/sustainability",
    response={200: SustainabilityOut, **errors.READ_ONE},
)
def initiative_sustainability(request, id: Id):
    """The evidence the records give now, what weakens each dimension, and every
    assessment with its scores."""
    sustainability_read_require(request.actor)
    initiative = access_initiative_by_id(request.actor, id)
    found = selectors.initiative_sustainability(initiative)
    return {
        "initiative": initiative.pk,
        "evidence": _evidence(request, found["evidence"].to_dict()),
        "dimensions": [
            {
                "dimension": d["dimension"],
                "label": str(d["label"]),
                "weaknesses": [str(w) for w in d["weaknesses"]],
            }
            for d in found["dimensions"]
        ],
        "assessments": [_assessment(a) for a in found["assessments"]],
    }


@router.get(
    "/sustainability-assessments/{int:assessment_id}",
    response={200: AssessmentDetailOut, **errors.READ_ONE},
)
def sustainability_assessment(request, assessment_id: Id):
    """One assessment: its scores, why, what weakens each, and the evidence kept."""
    sustainability_read_require(request.actor)
    a = access_assessment_by_id(request.actor, assessment_id)
    return {
        **_assessment(a),
        "assessor": selectors.assessor_name(a),
        "evidence": _evidence(request, a.evidence),
    }
