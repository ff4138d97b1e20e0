"""Qualitative evidence in the API: coding projects, their texts and codebook, codings,
and the agreement per code.

Who may do what follows ``qualitative.access``, as on the pages: reading and coding
need ``initiatives.change`` or ``activities.record``, keeping a project (codes, the
agreement) ``initiatives.change``; a project one may not see is a 404; a blind coder
lists only their own codings of the texts given to them blind."""

import datetime as dt

from django.db.models import Q
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.references import references_resolve
from coproduce.api.schemas import Id, IdIn, In, Text
from coproduce.initiatives.access import initiative_visible

from . import access, selectors, services
from .agreement import alpha_reading
from .models import Code, CoderAssignment, Coding

router = Router(tags=["qualitative"])


class DocumentPagination(Pagination):
    """Pages of texts: the case notes a page holds are logged as read, one row per case
    in the cases app's access log, as every read of party data is."""

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(
            queryset, pagination, request=request, **params
        )
        page["items"] = list(page["items"])
        if request is not None:
            access.case_note_read_log(
                request.actor, page["items"], channel="api:coding-documents"
            )
        return page


class ProjectIn(In):
    title: Text(200, min_length=1)
    initiative: IdIn | None = None
    description: Text(10000) = ""


class ProjectOut(Schema):
    id: int
    title: str
    initiative: int | None = Field(None, alias="initiative_id")
    description: str
    codebook_version: int
    created_at: dt.datetime


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    pseudonym: str
    attributes: dict


class CodeIn(In):
    name: Text(120, min_length=1)
    parent: IdIn | None = None
    definition: Text(10000) = ""
    inclusion: Text(10000) = ""
    exclusion: Text(10000) = ""
    example: Text(10000) = ""
    colour: str = Field("", pattern=r"^(#[0-9a-fA-F]{6})?$")


class CodeOut(Schema):
    id: int
    name: str
    parent: int | None = Field(None, alias="parent_id")
    definition: str
    inclusion: str
    exclusion: str
    example: str
    colour: str
    version: int


class CodingIn(In):
    document: IdIn
    code: IdIn
    start: int = Field(..., ge=0, le=2**31 - 1)
    end: int = Field(..., ge=1, le=2**31 - 1)


class CodingOut(Schema):
    id: int
    document: int = Field(..., alias="document_id")
    code: int = Field(..., alias="code_id")
    code_version: int
    coder: int | None = Field(None, alias="coder_id")
    coder_label: str
    start: int
    end: int
    created_at: dt.datetime


class AgreementOut(Schema):
    code: str
    code_id: int
    n_units: int
    krippendorff_alpha: float | None
    reading: str
    cohen_kappa: float | None
    percent_agreement: float | None
    disagreements: list[int] = Field(..., description="Texts to reconcile, by id")


class ProjectAgreementOut(Schema):
    coders: list[str]
    n_documents: int
    codes: list[AgreementOut]


def _project(request, id: int, *, manage: bool = False):
    if manage:
        access.project_manage_require(request.actor)
    else:
        access.qualitative_require(request.actor)
    return access.access_project_by_id(request.actor, id)


@router.get("/coding-projects", response={200: list[ProjectOut], **errors.READ_LIST})
@paginate(Pagination)
def coding_project_list(request):
    """The coding projects the caller may read."""
    access.qualitative_require(request.actor)
    return selectors.project_list(access.project_visible(request.actor))


@router.post("/coding-projects", response={201: ProjectOut, **errors.CREATE})
def coding_project_create(request, payload: ProjectIn):
    access.project_manage_require(request.actor)
    values = references_resolve(
        payload.model_dump(), {"initiative": initiative_visible(request.actor)}
    )
    project = services.project_create(
        tenant=request.tenant, actor=request.actor, **values
    )
    return Status(201, project)


@router.get("/coding-projects/{int:id}", response={200: ProjectOut, **errors.READ_ONE})
def coding_project_get(request, id: Id):
    return _project(request, id)


@router.get(
    "/coding-projects/{int:id}/documents",
    response={200: list[DocumentOut], **errors.READ_ONE},
)
@paginate(DocumentPagination)
def coding_document_list(request, id: Id):
    """The texts the caller may read: a learning entry's copy to those who may read the
    entry, a case note's (pseudonymised) to those who may read the case's parties; each
    case note listed is logged as a read of the case's party data."""
    project = _project(request, id)
    return access.document_visible(request.actor, project).order_by("id")


@router.get(
    "/coding-projects/{int:id}/codes", response={200: list[CodeOut], **errors.READ_ONE}
)
def code_list(request, id: Id):
    """The codebook in tree order: parents before their children."""
    project = _project(request, id)
    return [node.code for node in selectors.codebook(project)]


@router.post(
    "/coding-projects/{int:id}/codes", response={201: CodeOut, **errors.CHANGE}
)
def code_create(request, id: Id, payload: CodeIn):
    project = _project(request, id, manage=True)
    values = references_resolve(
        payload.model_dump(),
        {"parent": Code.objects.filter(tenant=request.tenant, project=project)},
    )
    return Status(
        201, services.code_create(project=project, actor=request.actor, **values)
    )


@router.get(
    "/coding-projects/{int:id}/codings",
    response={200: list[CodingOut], **errors.READ_ONE},
)
@paginate(Pagination)
def coding_list(request, id: Id):
    """Every coding the caller may see: on texts given to them blind, their own only."""
    project = _project(request, id)
    blind = CoderAssignment.objects.filter(
        tenant=request.tenant, project=project, coder=request.actor.user, blind=True
    ).values("document")
    return (
        Coding.objects.filter(
            tenant=request.tenant,
            document__project=project,
            document__in=access.document_visible(request.actor, project).values("pk"),
        )
        .filter(~Q(document__in=blind) | Q(coder=request.actor.user))
        .order_by("document", "start", "end", "id")
    )


@router.post(
    "/coding-projects/{int:id}/codings", response={201: CodingOut, **errors.CHANGE}
)
def coding_create(request, id: Id, payload: CodingIn):
    project = _project(request, id)
    values = references_resolve(
        payload.model_dump(),
        {
            "document": access.document_visible(request.actor, project),
            "code": Code.objects.filter(tenant=request.tenant, project=project),
        },
    )
    return Status(201, services.coding_create(actor=request.actor, **values))


@router.get(
    "/coding-projects/{int:id}/agreement",
    response={200: ProjectAgreementOut, **errors.READ_ONE},
)
def coding_agreement(request, id: Id):
    """Per code, coders' agreement on whether it applies to a text: Krippendorff's alpha
    (nominal) with its conventional reading, Cohen's kappa (two coders), percent
    agreement, and the texts on which coders disagree."""
    project = _project(request, id, manage=True)
    result = selectors.project_agreement(project)
    return {
        "coders": result.coders,
        "n_documents": result.n_documents,
        "codes": [
            {
                "code": r.code.name,
                "code_id": r.code.pk,
                "n_units": r.agreement.n_units,
                "krippendorff_alpha": r.agreement.krippendorff_alpha,
                "reading": alpha_reading(r.agreement.krippendorff_alpha),
                "cohen_kappa": r.agreement.cohen_kappa,
                "percent_agreement": r.agreement.percent_agreement,
                "disagreements": [d.document.pk for d in r.disagreements],
            }
            for r in result.results
        ],
    }


@router.delete("/coding-projects/{int:id}", response={204: None, **errors.CHANGE})
def coding_project_delete(request, id: Id):
    """Delete the project whole: its texts (copies), codebook with its versions,
    codings, memos and sample, all or nothing."""
    project = _project(request, id, manage=True)
    services.project_delete(project=project, actor=request.actor)
    return Status(204, None)


@router.delete(
    "/coding-projects/{int:id}/codes/{int:code_id}",
    response={204: None, **errors.CHANGE},
)
def code_delete(request, id: Id, code_id: Id):
    """Delete a code nobody applied and without sub-codes (422 otherwise, naming
    ``merge_into``: merge it instead)."""
    project = _project(request, id, manage=True)
    code = access.access_code_by_id(project, code_id)
    services.code_delete(code=code, actor=request.actor)
    return Status(204, None)


class MergeIn(In):
    into: IdIn = Field(..., description="The code to merge into (same project).")


class MergeOut(Schema):
    into: CodeOut
    codings: int = Field(..., description="Codings moved to the code merged into.")
    duplicates: int = Field(
        ..., description="Codings dropped: the coder had coded the passage with both."
    )
    memos: int
    children: int = Field(
        ..., description="Sub-codes moved under the code merged into."
    )


@router.post(
    "/coding-projects/{int:id}/codes/{int:code_id}/merge",
    response={200: MergeOut, **errors.CHANGE},
)
def code_merge(request, id: Id, code_id: Id, payload: MergeIn):
    """Merge a code into another of the codebook: its codings (in the other code's
    meaning), memos and sub-codes move there, and it is deleted."""
    project = _project(request, id, manage=True)
    code = access.access_code_by_id(project, code_id)
    values = references_resolve(
        payload.model_dump(),
        {"into": Code.objects.filter(tenant=request.tenant, project=project)},
    )
    counts = services.code_merge(code=code, into=values["into"], actor=request.actor)
    into = Code.objects.get(tenant=request.tenant, pk=values["into"].pk)
    return {"into": into, **counts}


class CodePatch(In):
    name: Text(120, min_length=1) | None = None
    parent: IdIn | None = None
    definition: Text(10000) | None = None
    inclusion: Text(10000) | None = None
    exclusion: Text(10000) | None = None
    example: Text(10000) | None = None
    colour: str | None = Field(None, pattern=r"^(#[0-9a-fA-F]{6})?$")


@router.patch(
    "/coding-projects/{int:id}/codes/{int:code_id}",
    response={200: CodeOut, **errors.CHANGE},
)
def code_update(request, id: Id, code_id: Id, payload: CodePatch):
    """Change a code (the fields given). A change of its meaning (name, definition,
    rules, example) makes a new version and raises the codebook's version; codings
    made before keep the version they were made under. ``parent``: null places the
    code at the top."""
    project = _project(request, id, manage=True)
    code = access.access_code_by_id(project, code_id)
    values = payload.model_dump(exclude_unset=True)
    values = {k: v for k, v in values.items() if v is not None or k == "parent"}
    below = selectors.code_descendants(code) | {code.pk}
    values = references_resolve(
        values,
        {
            "parent": Code.objects.filter(
                tenant=request.tenant, project=project
            ).exclude(pk__in=below)
        },
    )
    return services.code_update(code=code, actor=request.actor, **values)


class MemoIn(In):
    text: Text(10000, min_length=1)
    code: IdIn | None = Field(None, description="A memo on a code: its id.")
    document: IdIn | None = Field(
        None, description="A memo on a passage: the text's id, with start and end."
    )
    start: int | None = Field(None, ge=0, le=2**31 - 1)
    end: int | None = Field(None, ge=1, le=2**31 - 1)


class MemoOut(Schema):
    id: int
    text: str
    code: int | None = Field(None, alias="code_id")
    document: int | None = Field(None, alias="document_id")
    start: int | None
    end: int | None
    author: int | None = Field(None, alias="author_id")
    created_at: dt.datetime


@router.get(
    "/coding-projects/{int:id}/memos",
    response={200: list[MemoOut], **errors.READ_ONE},
)
@paginate(Pagination)
def memo_list(request, id: Id):
    """The memos on the project's codes and on the passages of the texts the caller may
    read; on a text given to them blind, their own only."""
    project = _project(request, id)
    return selectors.memo_list(
        project,
        documents=access.document_visible(request.actor, project),
        user=request.actor.user,
    )


@router.post(
    "/coding-projects/{int:id}/memos", response={201: MemoOut, **errors.CHANGE}
)
def memo_create(request, id: Id, payload: MemoIn):
    """A memo on a code, or on a passage (``document``, ``start``, ``end``)."""
    project = _project(request, id)
    values = references_resolve(
        payload.model_dump(),
        {
            "document": access.document_visible(request.actor, project),
            "code": Code.objects.filter(tenant=request.tenant, project=project),
        },
    )
    return Status(
        201, services.memo_create(project=project, actor=request.actor, **values)
    )
