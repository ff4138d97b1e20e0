"""Qualitative pages: coding projects, the codebook, the coding page (select a passage,
apply a code), memos, the reliability sample, agreement per code, code frequencies by
group, and exchange with QDA tools.

Reading and coding need ``initiatives.change`` or ``activities.record``; keeping a project
(codebook, texts, sample, agreement, exchange) ``initiatives.change``. The permission is
asked first (403), then the project is found through what the actor may see (404).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from coproduce.core.errors import DomainError
from coproduce.core.views import form_add_errors, paginate
from coproduce.initiatives.access import initiative_visible

from . import access, selectors, services
from .forms import (
    CodeDeleteForm,
    CodeForm,
    CodeMemoForm,
    CodingForm,
    ImportForm,
    MemoForm,
    ProjectForm,
    SampleForm,
    UploadForm,
)


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


class CodeRequired:
    """Reading and coding: ``initiatives.change`` or ``activities.record``."""

    manage = False

    def dispatch(self, request, *args, **kwargs):
        if self.manage:
            access.project_manage_require(request.actor)
        else:
            access.qualitative_require(request.actor)
        if "pk" in kwargs:
            self.project = access.access_project_by_id(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class ManageRequired(CodeRequired):
    manage = True


def _refused(form, exc) -> None:
    form_add_errors(form, exc)


class ProjectListView(CodeRequired, TemplateView):
    template_name = "qualitative/project_list.html"

    def get_context_data(self, **kwargs):
        projects = selectors.project_list(access.project_visible(self.request.actor))
        return {
            "page": paginate(self.request, projects),
            "can_manage": self.request.actor.can(access.MANAGE),
        }


class ProjectCreateView(ManageRequired, View):
    def _form(self, data=None):
        return ProjectForm(data, initiatives=initiative_visible(self.request.actor))

    def _render(self, form):
        return render(
            self.request,
            "core/form.html",
            {
                "form": form,
                "title": _("New coding project"),
                "cancel_url": _url(self.request, "coding-project-list"),
            },
        )

    def get(self, request, **kwargs):
        return self._render(self._form())

    def post(self, request, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                project = services.project_create(
                    tenant=request.tenant, actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The project was created."))
                return redirect(project.get_absolute_url())
        return self._render(form)


class ProjectDetailView(CodeRequired, TemplateView):
    template_name = "qualitative/project_detail.html"

    def get_context_data(self, **kwargs):
        project = self.project
        mine = selectors.assignments_of(project, self.request.user)
        docs = selectors.document_list(
            project, access.document_visible(self.request.actor, project)
        )
        return {
            "project": project,
            "page": paginate(self.request, docs),
            "mine": mine,
            "progress": selectors.sample_progress(project),
            "can_manage": self.request.actor.can(access.MANAGE),
            "can_read_cases": access.may_read_case_notes(self.request.actor),
        }


class CollectView(ManageRequired, View):
    """POST ``what=answers``, ``notes``, ``sustainability``, ``learning`` or
    ``case_notes``: collect texts from the records (case notes only of the cases the
    actor may read the party details of)."""

    def post(self, request, pk, **kwargs):
        collect = {
            "notes": services.activity_notes_collect,
            "sustainability": services.sustainability_collect,
            "learning": services.learning_collect,
            "case_notes": services.case_notes_collect,
        }.get(request.POST.get("what", ""), services.answers_collect)
        n = collect(project=self.project, actor=request.actor)
        messages.success(request, _("Texts added: %(n)s.") % {"n": n})
        return redirect(self.project.get_absolute_url())


class UploadView(ManageRequired, View):
    def _render(self, form):
        return render(
            self.request,
            "qualitative/upload_form.html",
            {
                "form": form,
                "title": _("Upload a text to %(project)s") % {"project": self.project},
                "cancel_url": self.project.get_absolute_url(),
                "multipart": True,
            },
        )

    def get(self, request, pk, **kwargs):
        return self._render(UploadForm())

    def post(self, request, pk, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.document_upload(
                    project=self.project,
                    actor=request.actor,
                    name=upload.name,
                    content=upload.read(),
                    title=form.cleaned_data["title"],
                )
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The text was added."))
                return redirect(self.project.get_absolute_url())
        return self._render(form)


def _with_usage(project):
    usage = selectors.code_usage(project)
    nodes = selectors.codebook(project)
    for node in nodes:
        node.n_codings = usage.get(node.code.pk, 0)
    return nodes


class CodebookView(CodeRequired, View):
    """The codebook; a new code (``initiatives.change``)."""

    def _render(self, form, status=200):
        project = self.project
        return render(
            self.request,
            "qualitative/codebook.html",
            {
                "project": project,
                "codebook": _with_usage(project),
                "form": form,
                "can_manage": self.request.actor.can(access.MANAGE),
            },
            status=status,
        )

    def get(self, request, pk, **kwargs):
        # a theme suggestion brings its name and terms; the coder decides
        initial = {
            k: request.GET[k][:500] for k in ("name", "definition") if k in request.GET
        }
        return self._render(CodeForm(initial=initial, project=self.project))

    def post(self, request, pk, **kwargs):
        access.project_manage_require(request.actor)
        form = CodeForm(request.POST, project=self.project)
        if form.is_valid():
            try:
                services.code_create(
                    project=self.project, actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The code was added."))
                return redirect(_url(request, "codebook", pk=self.project.pk))
        return self._render(form)


class CodeEditView(ManageRequired, View):
    def _code(self):
        return access.access_code_by_id(self.project, self.kwargs["code"])

    def _render(self, form, code):
        return render(
            self.request,
            "qualitative/code_form.html",
            {
                "form": form,
                "project": self.project,
                "code": code,
                "versions": code.versions.all(),
            },
        )

    def get(self, request, pk, code, **kwargs):
        code = self._code()
        initial = {
            f: getattr(code, f)
            for f in (
                "name",
                "parent",
                "definition",
                "inclusion",
                "exclusion",
                "example",
                "colour",
            )
        }
        return self._render(
            CodeForm(initial=initial, project=self.project, code=code), code
        )

    def post(self, request, pk, code, **kwargs):
        code = self._code()
        form = CodeForm(request.POST, project=self.project, code=code)
        if form.is_valid():
            try:
                services.code_update(
                    code=code, actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The code was saved."))
                return redirect(_url(request, "codebook", pk=self.project.pk))
        return self._render(form, code)


def _marked(text: str, codings) -> list[dict]:
    """The text cut where codings start and end: each piece with the codes over it."""
    cuts = sorted(
        {0, len(text), *(c.start for c in codings), *(c.end for c in codings)}
    )
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        over = [c for c in codings if c.start <= a and c.end >= b]
        pieces.append({"text": text[a:b], "codes": sorted({c.code.name for c in over})})
    return pieces


class DocumentCodeView(CodeRequired, View):
    """The coding page: the text, the codings one may see, and the form to apply a code
    to a passage (the page's script fills start and end from a selection)."""

    def _document(self):
        return access.access_document_by_id(
            self.request.actor, self.project, self.kwargs["doc"]
        )

    def _render(self, document, form, memo_form=None, status=200):
        project = self.project
        codings = list(
            access.coding_visible(self.request.actor, document).select_related(
                "code", "coder"
            )
        )
        for coding in codings:
            coding.document = document  # the passage is cut from the text in hand
        memos = document.memos.select_related("author")
        if access.is_blind_for(self.request.actor, document):
            memos = memos.filter(author=self.request.user)
        assignment = selectors.assignments_of(project, self.request.user).get(
            document.pk
        )
        neighbours = list(
            access.document_visible(self.request.actor, project)
            .order_by("id")
            .values_list("pk", flat=True)
        )
        i = neighbours.index(document.pk)
        return render(
            self.request,
            "qualitative/document_code.html",
            {
                "project": project,
                "document": document,
                "codings": codings,
                "pieces": _marked(document.text, codings),
                "memos": memos,
                "form": form,
                "memo_form": memo_form or MemoForm(prefix="memo"),
                "assignment": assignment,
                "blind": access.is_blind_for(self.request.actor, document),
                "previous": neighbours[i - 1] if i > 0 else None,
                "next": neighbours[i + 1] if i + 1 < len(neighbours) else None,
                "codebook": selectors.codebook(project),
            },
            status=status,
        )

    def get(self, request, pk, doc, **kwargs):
        document = self._document()
        if document.case_id is not None:
            access.case_note_read_log(
                request.actor,
                [document],
                channel="page:coding",
                purpose=document.title,
            )
        return self._render(document, CodingForm(project=self.project))

    def post(self, request, pk, doc, **kwargs):
        document = self._document()
        form = CodingForm(request.POST, project=self.project)
        if form.is_valid():
            try:
                coding = services.coding_create(
                    document=document, actor=request.actor, **form.cleaned_data
                )
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(
                    request,
                    _("Coded “%(passage)s” as %(code)s.")
                    % {"passage": coding.passage[:80], "code": coding.code},
                )
                return redirect(_url(request, "coding-document", pk=pk, doc=doc))
        return self._render(document, form)


class CodingDeleteView(CodeRequired, View):
    def post(self, request, pk, doc, coding, **kwargs):
        document = access.access_document_by_id(request.actor, self.project, doc)
        obj = access.access_coding_by_id(request.actor, document, coding)
        try:
            services.coding_delete(coding=obj, actor=request.actor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The coding was removed."))
        return redirect(_url(request, "coding-document", pk=pk, doc=doc))


class MemoCreateView(CodeRequired, View):
    def post(self, request, pk, doc, **kwargs):
        document = access.access_document_by_id(request.actor, self.project, doc)
        form = MemoForm(request.POST, prefix="memo")
        if form.is_valid():
            try:
                services.memo_create(
                    project=self.project,
                    actor=request.actor,
                    document=document,
                    **form.cleaned_data,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The memo was saved."))
        else:
            messages.error(
                request, _("Write the memo and give the passage's start and end.")
            )
        return redirect(_url(request, "coding-document", pk=pk, doc=doc))


class DocumentDoneView(CodeRequired, View):
    """A coder of the sample has read the document through."""

    def post(self, request, pk, doc, **kwargs):
        document = access.access_document_by_id(request.actor, self.project, doc)
        try:
            services.assignment_done(document=document, actor=request.actor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Marked as read through."))
        return redirect(_url(request, "coding-document", pk=pk, doc=doc))


class SampleView(ManageRequired, View):
    def _render(self, form):
        return render(
            self.request,
            "core/form.html",
            {
                "form": form,
                "title": _("Reliability sample of %(project)s")
                % {"project": self.project},
                "intro": _(
                    "Documents drawn at random, each given to every coder chosen here; "
                    "their codings of them give the agreement per code."
                ),
                "cancel_url": self.project.get_absolute_url(),
                "submit_label": _("Draw the sample"),
            },
        )

    def get(self, request, pk, **kwargs):
        return self._render(SampleForm(tenant=request.tenant))

    def post(self, request, pk, **kwargs):
        form = SampleForm(request.POST, tenant=request.tenant)
        if form.is_valid():
            try:
                docs = services.reliability_sample_assign(
                    project=self.project,
                    actor=request.actor,
                    coders=list(form.cleaned_data["coders"]),
                    size=form.cleaned_data["size"],
                    blind=form.cleaned_data["blind"],
                )
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(
                    request, _("Documents in the sample: %(n)s.") % {"n": len(docs)}
                )
                return redirect(self.project.get_absolute_url())
        return self._render(form)


class AgreementView(ManageRequired, TemplateView):
    template_name = "qualitative/agreement.html"

    def get_context_data(self, **kwargs):
        return {
            "project": self.project,
            "agreement": selectors.project_agreement(self.project),
        }


class FrequenciesView(CodeRequired, TemplateView):
    template_name = "qualitative/frequencies.html"

    def get_context_data(self, **kwargs):
        visible = access.document_visible(self.request.actor, self.project)
        groups = selectors.group_choices(self.project, visible)
        group = self.request.GET.get("group", "kind")
        if group not in dict(groups):
            group = "kind"
        return {
            "project": self.project,
            "groups": groups,
            "frequencies": selectors.code_frequencies(
                self.project, group=group, documents=visible
            ),
            "cooccurrence": selectors.code_cooccurrence(self.project, visible),
        }


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ExportQdpxView(ManageRequired, View):
    def get(self, request, pk, **kwargs):
        from .refi import project_qdpx

        visible = access.document_visible(request.actor, self.project)
        access.case_note_read_log(
            request.actor,
            visible.filter(case__isnull=False).only("case_id"),
            channel="export:qdpx",
            purpose=str(self.project),
        )
        return _download(
            project_qdpx(self.project, documents=visible),
            f"project-{self.project.pk}.qdpx",
            "application/zip",
        )


class ExportQdcView(ManageRequired, View):
    def get(self, request, pk, **kwargs):
        from .refi import codebook_qdc

        return _download(
            codebook_qdc(self.project),
            f"codebook-{self.project.pk}.qdc",
            "application/xml",
        )


class ImportView(ManageRequired, View):
    def _render(self, form):
        return render(
            self.request,
            "qualitative/upload_form.html",
            {
                "form": form,
                "title": _("Import into %(project)s") % {"project": self.project},
                "intro": _(
                    "A codebook (.qdc) adds the codes this project lacks; a project (.qdpx) "
                    "also adds its texts, codings and memos."
                ),
                "cancel_url": self.project.get_absolute_url(),
                "multipart": True,
                "submit_label": _("Import"),
            },
        )

    def get(self, request, pk, **kwargs):
        return self._render(ImportForm())

    def post(self, request, pk, **kwargs):
        from .refi import refi_import

        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = refi_import(
                    project=self.project,
                    actor=request.actor,
                    name=upload.name,
                    content=upload.read(),
                )
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Imported: %(codes)s codes, %(documents)s texts, %(codings)s codings."
                    )
                    % summary,
                )
                return redirect(self.project.get_absolute_url())
        return self._render(form)


class ThemesView(CodeRequired, TemplateView):
    """Theme suggestions of the project's texts: top terms and the texts that carry
    them; a coder may turn one into a code (the codebook's form, filled in)."""

    template_name = "qualitative/themes.html"

    def get_context_data(self, **kwargs):
        return {
            "project": self.project,
            "themes": selectors.project_themes(
                self.project,
                documents=access.document_visible(self.request.actor, self.project),
            ),
            "can_manage": self.request.actor.can(access.MANAGE),
        }


class MixedMethodView(CodeRequired, TemplateView):
    """The trust change (or any scale's) of respondents whose comments carry a code,
    beside those whose comments do not."""

    template_name = "qualitative/mixed.html"

    def get_context_data(self, **kwargs):
        return {
            "project": self.project,
            "view": selectors.mixed_method(
                self.project, scale=self.request.GET.get("scale", "")
            ),
        }


class CodeDeleteView(ManageRequired, View):
    """Delete a code nobody applied, or merge a code into another (its codings, memos
    and sub-codes move there). GET shows what holds the code and asks; POST does it."""

    def _render(self, code, form, status=200):
        return render(
            self.request,
            "qualitative/code_delete.html",
            {
                "project": self.project,
                "code": code,
                "use": selectors.code_use(code),
                "form": form,
            },
            status=status,
        )

    def _form(self, code, data=None):
        return CodeDeleteForm(data, code=code, exclude=selectors.code_descendants(code))

    def get(self, request, pk, code, **kwargs):
        code = access.access_code_by_id(self.project, code)
        return self._render(code, self._form(code))

    def post(self, request, pk, code, **kwargs):
        code = access.access_code_by_id(self.project, code)
        form = self._form(code, request.POST)
        if form.is_valid():
            into = form.cleaned_data["merge_into"]
            try:
                if into is None:
                    services.code_delete(code=code, actor=request.actor)
                else:
                    moved = services.code_merge(
                        code=code, into=into, actor=request.actor
                    )
            except DomainError as exc:
                _refused(form, exc)
            else:
                if into is None:
                    messages.success(
                        request, _("The code %(code)s was deleted.") % {"code": code}
                    )
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(code)s was merged into %(into)s: %(n)s coding moved.",
                            "%(code)s was merged into %(into)s: %(n)s codings moved.",
                            moved["codings"],
                        )
                        % {"code": code, "into": into, "n": moved["codings"]},
                    )
                return redirect(_url(request, "codebook", pk=self.project.pk))
        return self._render(code, form, status=200)


class ProjectDeleteView(ManageRequired, View):
    """Delete a whole coding project, after a page that says what goes with it."""

    def get(self, request, pk, **kwargs):
        return render(
            request,
            "qualitative/project_delete.html",
            {
                "project": self.project,
                "contents": selectors.project_contents(self.project),
            },
        )

    def post(self, request, pk, **kwargs):
        title = self.project.title
        try:
            services.project_delete(project=self.project, actor=request.actor)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(self.project.get_absolute_url())
        messages.success(
            request, _("The coding project %(title)s was deleted.") % {"title": title}
        )
        return redirect(_url(request, "coding-project-list"))


class CodeDetailView(CodeRequired, View):
    """A code for its coders: its meaning and versions, the passages it was applied to
    (quotes, by pseudonym), and the memos on it, with a form for one more."""

    def _render(self, code, form, status=200):
        actor = self.request.actor
        page = paginate(
            self.request,
            selectors.code_quotes(
                code,
                documents=access.document_visible(actor, self.project),
                user=self.request.user,
            ),
        )
        quotes = list(page.object_list)
        if any(q.document.case_id for q in quotes):
            access.case_note_read_log(
                actor,
                [q.document for q in quotes],
                channel="page:code-quotes",
                purpose=str(code),
            )
        return render(
            self.request,
            "qualitative/code_detail.html",
            {
                "project": self.project,
                "code": code,
                "versions": code.versions.all(),
                "page": page,
                "quotes": quotes,
                "memos": code.memos.select_related("author"),
                "form": form,
                "can_manage": actor.can(access.MANAGE),
            },
            status=status,
        )

    def get(self, request, pk, code, **kwargs):
        code = access.access_code_by_id(self.project, code)
        return self._render(code, CodeMemoForm())

    def post(self, request, pk, code, **kwargs):
        code = access.access_code_by_id(self.project, code)
        form = CodeMemoForm(request.POST)
        if form.is_valid():
            try:
                services.memo_create(
                    project=self.project,
                    actor=request.actor,
                    code=code,
                    text=form.cleaned_data["text"],
                )
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The memo was saved."))
                return redirect(_url(request, "code-detail", pk=pk, code=code.pk))
        return self._render(code, form)
