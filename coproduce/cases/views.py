"""Case pages: thin views that find the case through ``access.py`` with the request's
actor, call one service and answer. A case one may not see is a 404 on every page and
export; a page the actor's role may not use is a 403."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from coproduce.core.errors import ConflictError, DomainError
from coproduce.core.services import validation_message
from coproduce.core.spreadsheet import csv_writer
from coproduce.core.views import TenantPermissionRequired, paginate

from . import accountability, labels, selectors, services
from .access import (
    access_case_by_id,
    access_document_by_id,
    access_party_by_id,
    access_step_by_id,
    case_close_require,
    case_roles,
    cases_require,
    party_details_allowed,
)
from .forms import (
    AssignForm,
    CaseRegisterForm,
    CloseForm,
    DocumentForm,
    EraseForm,
    StepForm,
    VersionForm,
)
from .ledger import ledger_sequence, ledger_verify, utc
from .models import Case
from .process import process_parse


def _cases_require(request) -> None:
    cases_require(request.actor)


def _case(request, pk: int, *, full: bool = False) -> Case:
    case = access_case_by_id(request.actor, pk)
    return selectors.case_detail_get(case) if full else case


def _url(request, name, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


class CaseListView(View):
    def get(self, request, **kwargs):
        _cases_require(request)
        actor = request.actor
        page = paginate(request, selectors.case_list(actor), per_page=50)
        rows = []
        for case in page.object_list:
            states = selectors.case_state(case)
            rows.append(
                {
                    "case": case,
                    "current": selectors.case_current_step(states),
                    "overdue": [s.step.name for s in states if s.overdue],
                    "mediators": [
                        a.person for a in case.assignments.all() if a.role == "mediator"
                    ],
                }
            )
        return render(
            request,
            "cases/case_list.html",
            {"page": page, "rows": rows, "actor": actor},
        )


class CaseCreateView(TenantPermissionRequired, View):
    permission = "cases.manage"

    def _render(self, request, form, status=200):
        return render(request, "cases/case_form.html", {"form": form}, status=status)

    def get(self, request, **kwargs):
        return self._render(request, CaseRegisterForm(tenant=request.tenant))

    def post(self, request, **kwargs):
        form = CaseRegisterForm(request.POST, tenant=request.tenant)
        if form.is_valid():
            try:
                case = services.case_register(
                    tenant=request.tenant, actor=request.actor, **form.values()
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error(None, validation_message(exc))
            else:
                messages.success(
                    request, _("Case %(ref)s registered.") % {"ref": case.reference}
                )
                return redirect(_url(request, "case-detail", pk=case.pk))
        return self._render(request, form, status=422)


class CaseDetailView(View):
    def get(self, request, pk, **kwargs):
        return self.page(request, pk)

    @staticmethod
    def page(request, pk, *, error="", forms=None, status=200):
        actor = request.actor
        case = _case(request, pk, full=True)
        states = selectors.case_state(case)
        roles = case_roles(actor, case)
        version = {"version": case.version}
        forms = forms or {}
        context = {
            "case": case,
            "states": labels.labelled_states(states),
            "roles": roles,
            "error": error,
            "parties": case.parties.all(),
            "assignments": [a for a in case.assignments.all() if a.ended_at is None],
            "documents": case.documents.all(),
            "steps": labels.labelled_steps(
                process_parse(case.process), case.steps.all()
            ),
            "can_record": case.is_open and actor.can("cases.record") and bool(roles),
            "can_manage": actor.can("cases.manage"),
            "can_sign": actor.can("cases.sign_off")
            and bool(roles & {"supervisor", "coordinator"}),
            "can_close": case.is_open
            and actor.can("cases.record")
            and bool(roles & {"supervisor", "coordinator"}),
            "can_parties": party_details_allowed(actor, case),
            "step_form": forms.get("step")
            or StepForm(initial=version, case=case, auto_id="step_%s"),
            "assign_form": forms.get("assign")
            or AssignForm(initial=version, tenant=request.tenant, auto_id="assign_%s"),
            "close_form": forms.get("close")
            or CloseForm(initial=version, auto_id="close_%s"),
            "document_form": forms.get("document")
            or DocumentForm(initial=version, auto_id="doc_%s"),
        }
        return render(request, "cases/case_detail.html", context, status=status)


class _CaseActionView(TenantPermissionRequired, View):
    """POST a form to one service; a refusal re-renders the case with the reason, a
    conflict (stale version) with the current state and 409. ``permission`` is the
    role's; whose step it is in the case is the service's (the process) to say."""

    permission = "cases.record"

    def make_form(self, request, case):
        raise NotImplementedError

    def check(self, request, case) -> None:
        """Refuse (403) who may see the case but may not do this to it."""

    def perform(self, request, case, form):
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        case = _case(request, pk)
        self.check(request, case)
        form = self.make_form(request, case)
        if form.is_valid():
            try:
                message = self.perform(request, case, form)
            except ConflictError as exc:
                return CaseDetailView.page(request, pk, error=exc.message, status=409)
            except DomainError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error(None, validation_message(exc))
            else:
                messages.success(request, message)
                return redirect(_url(request, "case-detail", pk=pk))
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return CaseDetailView.page(request, pk, error=errors, status=422)


class CaseStepView(_CaseActionView):
    def make_form(self, request, case):
        return StepForm(request.POST, case=case)

    def perform(self, request, case, form):
        d = form.cleaned_data
        services.case_step_record(
            case=case,
            actor=request.actor,
            code=d["code"],
            party=d["party"],
            outcome=d["outcome"],
            note=d["note"],
            skip=d["skip"],
            reason=d["reason"],
            occurred_at=d["occurred_at"],
            expected_version=d["version"],
        )
        return _("Step recorded.")


class CaseSignOffView(_CaseActionView):
    permission = "cases.sign_off"

    def make_form(self, request, case):
        return VersionForm(request.POST)

    def perform(self, request, case, form):
        record = access_step_by_id(case=case, pk=self.kwargs["step"])
        services.case_step_sign_off(
            case=case,
            actor=request.actor,
            record=record,
            expected_version=form.cleaned_data["version"],
        )
        return _("Step signed off.")


class CaseAssignView(_CaseActionView):
    permission = "cases.manage"

    def make_form(self, request, case):
        return AssignForm(request.POST, tenant=request.tenant)

    def perform(self, request, case, form):
        d = form.cleaned_data
        services.case_assign(
            case=case,
            actor=request.actor,
            mediators=[d["mediator_1"], d["mediator_2"]],
            supervisor=d["supervisor"],
            expected_version=d["version"],
        )
        return _("Mediators and supervisor assigned.")


class CaseCloseView(_CaseActionView):
    def check(self, request, case) -> None:
        case_close_require(request.actor, case)

    def make_form(self, request, case):
        return CloseForm(request.POST)

    def perform(self, request, case, form):
        services.case_close(
            case=case,
            actor=request.actor,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        return _("Case closed.")


class CaseDocumentAddView(_CaseActionView):
    def make_form(self, request, case):
        return DocumentForm(request.POST, request.FILES)

    def perform(self, request, case, form):
        services.case_document_attach(
            case=case,
            actor=request.actor,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            expected_version=form.cleaned_data["version"],
        )
        return _("Document attached.")


class CaseDocumentView(View):
    """A document may hold party data: only those who may read it, and the read is
    logged like any read of party data."""

    def get(self, request, pk, doc, **kwargs):
        actor = request.actor
        case = _case(request, pk)
        document = access_document_by_id(actor, case=case, pk=doc)
        services.party_access_log(
            case=case, actor=actor, channel="page:document", purpose=document.title
        )
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{case.reference}-{document.pk}",
            content_type=document.content_type,
        )


class CasePartiesView(View):
    """The only page with the parties' names and contacts; every view is logged."""

    def get(self, request, pk, **kwargs):
        actor = request.actor
        case = _case(request, pk)
        if not party_details_allowed(actor, case):
            raise Http404
        parties = services.party_details_read(
            case=case,
            actor=actor,
            channel="page:party-details",
            purpose=request.GET.get("purpose", "")[:200],
        )
        return render(
            request,
            "cases/case_parties.html",
            {
                "case": case,
                "parties": parties,
                "accesses": selectors.party_access_list(case)[:50]
                if actor.can("cases.manage")
                else None,
                "can_manage": actor.can("cases.manage"),
                "erase_form": EraseForm(auto_id="erase_%s"),
            },
        )


class PartyExportView(TenantPermissionRequired, View):
    """Subject access: everything held about one party, as JSON (logged)."""

    permission = "cases.manage"

    def get(self, request, pk, party, **kwargs):
        case = _case(request, pk)
        party_obj = access_party_by_id(case=case, pk=party)
        data = services.subject_access_export(
            tenant=request.tenant, actor=request.actor, party=party_obj
        )
        response = JsonResponse(
            data, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = (
            f'attachment; filename="subject-access-{case.reference}-{party_obj.label}.json"'
        )
        return response


class PartyEraseView(TenantPermissionRequired, View):
    permission = "cases.manage"

    def post(self, request, pk, party, **kwargs):
        case = _case(request, pk)
        party_obj = access_party_by_id(case=case, pk=party)
        form = EraseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for the erasure."))
        else:
            try:
                services.party_erase(
                    party=party_obj,
                    actor=request.actor,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The party's details were erased."))
        return redirect(_url(request, "case-parties", pk=pk))


def _trail_rows(case):
    ledger_sequence(tenant_id=case.tenant_id)  # nothing reads a trail with gaps
    return selectors.case_trail_rows(case)


class CaseTrailView(View):
    """The case's entries in the ledger with their hashes, for anyone who may see the
    case; the export that proves them (and ``GET /cases/{id}/trail``) is for auditors."""

    def get(self, request, pk, **kwargs):
        case = _case(request, pk)
        return render(
            request, "cases/case_trail.html", {"case": case, "rows": _trail_rows(case)}
        )


class CaseTrailExportView(TenantPermissionRequired, View):
    """The trail with the hashes that prove it, as JSON or CSV (auditors, coordinators)."""

    permission = "cases.audit"

    def get(self, request, pk, fmt, **kwargs):
        actor = request.actor
        if fmt not in ("json", "csv"):
            raise Http404
        case = _case(request, pk)
        rows = _trail_rows(case)
        head = selectors.ledger_head(tenant=request.tenant)
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="trail-{case.reference}.csv"'
            )
            writer = csv_writer(response)
            writer.writerow(
                [
                    "seq",
                    "case",
                    "kind",
                    "content",
                    "content_hash",
                    "prev_hash",
                    "entry_hash",
                ]
            )
            for r in rows:
                writer.writerow(
                    [
                        r["seq"],
                        r["case_id"],
                        r["kind"],
                        r["content"],
                        r["content_hash"],
                        r["prev_hash"],
                        r["entry_hash"],
                    ]
                )
            return response
        data = {
            "format": "coproduce-ledger-v2",
            "tenant": {"id": request.tenant.pk, "slug": request.tenant.slug},
            "case": {"id": case.pk, "reference": case.reference},
            "exported_by": f"user:{actor.user.pk}",
            "head": {"seq": head.seq, "entry_hash": head.entry_hash} if head else None,
            "how_to_verify": (
                "For each entry: SHA-256(content as UTF-8) must equal content_hash; "
                "SHA-256 of the ASCII text 'coproduce-ledger-v2|<tenant id>|<seq>|"
                "<case id>|<kind>|<created_at>|<slot>|<slot_seq>|<prev_hash>|"
                "<content_hash>' (empty for a missing case, slot or slot_seq; entries "
                "of format 1: 'coproduce-ledger-v1|<tenant id>|<seq>|<case id>|<kind>|"
                "<prev_hash>|<content_hash>', and created_at must be the content's "
                "'at') must equal entry_hash. Then compare entry_hash values and the "
                "head with a checkpoint or your own copy of the chain. `coproduce "
                "ledger check-file` does the first two; the MACs need the site's "
                "ledger key (`coproduce ledger verify`)."
            ),
            "entries": [
                {
                    "seq": r["seq"],
                    "case": r["case_id"],
                    "kind": r["kind"],
                    "content": r["content"],
                    "content_hash": r["content_hash"],
                    "prev_hash": r["prev_hash"],
                    "entry_hash": r["entry_hash"],
                    "created_at": utc(r["created_at"]),
                    "slot": r["slot"],
                    "slot_seq": r["slot_seq"],
                    "format": r["format"],
                    "key_id": r["key_id"],
                    "mac": r["mac"],
                }
                for r in rows
            ],
        }
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="trail-{case.reference}.json"'
        )
        return response


_discretion = accountability.discretion


class CaseAccountabilityView(View):
    def get(self, request, pk, **kwargs):
        case = _case(request, pk, full=True)
        states = selectors.case_state(case)
        levels, relations = accountability.case_relations(case)
        chart = accountability.relations_svg(
            levels,
            relations,
            chart_id="case-relations",
            title=_("Accountability relations of case %(ref)s")
            % {"ref": case.reference},
        )
        return render(
            request,
            "cases/accountability.html",
            {
                "case": case,
                "chart": chart,
                "relations": relations,
                "discretion": _discretion(case, states),
                "overdue": [{"case": case, "state": s} for s in states if s.overdue],
            },
        )


class ServiceAccountabilityView(View):
    def get(self, request, **kwargs):
        _cases_require(request)
        cases = selectors.accountability_cases(request.actor)
        levels, relations = accountability.service_relations(cases)
        chart = accountability.relations_svg(
            levels,
            relations,
            chart_id="service-relations",
            title=_("Accountability relations of the service"),
        )
        discretion, overdue = [], []
        for case in cases:
            states = selectors.case_state(case)
            discretion += [{"case": case, **d} for d in _discretion(case, states)]
            overdue += [{"case": case, "state": s} for s in states if s.overdue]
        return render(
            request,
            "cases/accountability.html",
            {
                "case": None,
                "chart": chart,
                "relations": relations,
                "discretion": discretion,
                "overdue": overdue,
            },
        )


class LedgerVerifyView(TenantPermissionRequired, View):
    permission = "cases.audit"

    def get(self, request, **kwargs):
        return render(request, "cases/ledger.html", {"result": None})

    def post(self, request, **kwargs):
        result = ledger_verify(tenant_id=request.tenant.pk)
        return render(
            request,
            "cases/ledger.html",
            {"result": result},
            status=200 if result.ok else 409,
        )


class CaseTypeListView(View):
    def get(self, request, **kwargs):
        _cases_require(request)
        actor = request.actor
        types = list(selectors.case_type_list(tenant=request.tenant))
        return render(
            request,
            "cases/case_types.html",
            {
                "types": types,
                "can_manage": actor.can("cases.manage"),
                "has_conciliation": any(t.slug == "conciliation" for t in types),
            },
        )

    def post(self, request, **kwargs):
        request.actor.require("cases.manage")
        services.conciliation_install(tenant=request.tenant, actor=request.actor)
        messages.success(request, _("The conciliation case type is installed."))
        return redirect(_url(request, "case-type-list"))
