"""Who may read and code which coding project, given the request's actor.

- Coding and reading projects needs ``initiatives.change`` or ``activities.record`` (the
  staff: coordinators, professionals, tenant admins), and a project of an initiative is
  seen only by those who see the initiative (404 otherwise, as for one that does not
  exist); a project of the whole tenant by all such staff.
- Keeping a project (its codebook, its texts, the reliability sample, exchange with QDA
  tools) needs ``initiatives.change``.
- A learning entry's copy is read by those who may read the entry
  (``collaboration.access.learning_visible``); a case note's copy (pseudonymised, still
  sensitive) only by those who may read the case's party details
  (``cases.access.case_visible`` and ``party_details_allowed``), and each such read is
  logged as the cases app logs reads of party data. Anyone else does not see it at all:
  not listed, not counted, a 404 on its page.
- A coder given a document blind (``CoderAssignment.blind``) sees only their own codings
  of it, so that the agreement measured is between independent readings.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from coproduce.initiatives.access import initiative_visible
from coproduce.tenancy.actor import Actor

from .models import Code, CoderAssignment, Coding, CodingProject, Document

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


def may_read_case_notes(actor: Actor) -> bool:
    """Whether ``actor`` may read any case's notes at all (see ``case_notes_readable``)."""
    from coproduce.cases.access import auditor_only, cases_allowed

    return cases_allowed(actor) and not auditor_only(actor)


def case_notes_readable(actor: Actor):
    """The cases whose notes ``actor`` may read: those the cases app shows them and
    whose party details it lets them read (an auditor as such reads trails, never
    notes). Mirrors ``cases.access.party_details_allowed`` over ``case_visible``."""
    from coproduce.cases.access import case_visible

    cases = case_visible(actor)
    return cases if may_read_case_notes(actor) else cases.none()


def document_visible(actor: Actor, project: CodingProject) -> QuerySet[Document]:
    """The project's documents ``actor`` may read: all but the copies of learning
    entries they may not read and of case notes they may not read."""
    from coproduce.collaboration.access import learning_visible

    return Document.objects.filter(tenant=project.tenant_id, project=project).filter(
        Q(learning_entry__isnull=True)
        | Q(learning_entry__in=learning_visible(actor).values("pk")),
        Q(case__isnull=True) | Q(case__in=case_notes_readable(actor).values("pk")),
    )


def case_note_read_log(
    actor: Actor, documents, *, channel: str, purpose: str = ""
) -> None:
    """One row in the cases app's access log per case whose notes ``documents`` show."""
    from coproduce.cases.models import Case
    from coproduce.cases.services import party_access_log

    case_ids = sorted({d.case_id for d in documents if d.case_id is not None})
    for case in Case.objects.filter(tenant=actor.tenant, pk__in=case_ids):
        party_access_log(case=case, actor=actor, channel=channel, purpose=purpose)


def access_document_by_id(actor: Actor, project: CodingProject, pk: int) -> Document:
    document = (
        document_visible(actor, project)
        .filter(pk=pk)
        .select_related("project", "case")
        .first()
    )
    if document is None:
        raise Http404
    if document.case is not None:
        from coproduce.cases.access import party_details_allowed

        if not party_details_allowed(actor, document.case):
            raise Http404
    return document


def access_code_by_id(project: CodingProject, pk: int) -> Code:
    """A code of ``project``'s codebook (found through the project one may see)."""
    code = Code.objects.filter(tenant=project.tenant_id, project=project, pk=pk).first()
    if code is None:
        raise Http404
    return code


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
