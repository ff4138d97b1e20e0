"""Who may read and code which coding project, given the request's actor.

- Coding and reading projects needs ``initiatives.change`` or ``activities.record`` (the
  staff: coordinators, professionals, tenant admins), and a project of an initiative is
  seen only by those who see the initiative (404 otherwise, as for one that does not
  exist); a project of the whole tenant by all such staff.
- Keeping a project (its codebook, its texts, the reliability sample, exchange with QDA
  tools) needs ``initiatives.change``.
- A coder given a document blind (``CoderAssignment.blind``) sees only their own codings
  of it, so that the agreement measured is between independent readings.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from coproduce.initiatives.access import initiative_visible
from coproduce.tenancy.actor import Actor

from .models import CoderAssignment, Coding, CodingProject, Document

CODE = frozenset({"initiatives.change", "activities.record"})
MANAGE = "initiatives.change"


def qualitative_require(actor: Actor) -> None:
    actor.require_any(CODE)


def project_manage_require(actor: Actor) -> None:
    actor.require(MANAGE)


def project_visible(
    actor: Actor, qs: QuerySet[CodingProject] | None = None
) -> QuerySet[CodingProject]:
    if qs is None:
        qs = CodingProject.objects.filter(tenant=actor.tenant)
    if not actor.can_any(CODE):
        return qs.none()
    return qs.filter(
        Q(initiative__isnull=True)
        | Q(initiative__in=initiative_visible(actor).values("pk"))
    )


def access_project_by_id(actor: Actor, pk: int) -> CodingProject:
    project = (
        project_visible(actor)
        .filter(pk=pk)
        .select_related("initiative", "tenant")
        .first()
    )
    if project is None:
        raise Http404
    return project


def access_document_by_id(actor: Actor, project: CodingProject, pk: int) -> Document:
    document = (
        Document.objects.filter(tenant=project.tenant, project=project, pk=pk)
        .select_related("project")
        .first()
    )
    if document is None:
        raise Http404
    return document


def is_blind_for(actor: Actor, document: Document) -> bool:
    return CoderAssignment.objects.filter(
        tenant=document.tenant_id, document=document, coder=actor.user, blind=True
    ).exists()


def coding_visible(actor: Actor, document: Document) -> QuerySet[Coding]:
    """The codings of ``document`` the actor may see: their own only where they code it
    blind, every coder's otherwise."""
    qs = Coding.objects.filter(tenant=document.tenant_id, document=document)
    if is_blind_for(actor, document):
        qs = qs.filter(coder=actor.user)
    return qs


def access_coding_by_id(actor: Actor, document: Document, pk: int) -> Coding:
    """A coding one may remove: one's own, or any with ``initiatives.change`` (not blind)."""
    coding = coding_visible(actor, document).filter(pk=pk).first()
    if coding is None:
        raise Http404
    return coding
