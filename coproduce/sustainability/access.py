"""Who may read and change the sustainability assessments, given the request's actor.

Staff who see every initiative or change them read the pages (``READ``); an assessment is
found through the initiatives the actor may see (404 otherwise); assessing needs
``initiatives.change``.
"""

from django.db.models import QuerySet
from django.http import Http404

from coproduce.initiatives.access import initiative_visible
from coproduce.tenancy.actor import Actor

from .models import Assessment

READ = frozenset({"initiatives.view_all", "initiatives.change"})
CHANGE = "initiatives.change"


def sustainability_read_require(actor: Actor) -> None:
    actor.require_any(READ)


def assessment_visible(
    actor: Actor, qs: QuerySet[Assessment] | None = None
) -> QuerySet[Assessment]:
    if qs is None:
        qs = Assessment.objects.filter(tenant=actor.tenant)
    return qs.filter(initiative__in=initiative_visible(actor).values("pk"))


def access_assessment_by_id(actor: Actor, pk: int) -> Assessment:
    assessment = (
        assessment_visible(actor)
        .filter(pk=pk)
        .select_related("initiative", "assessor")
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment
