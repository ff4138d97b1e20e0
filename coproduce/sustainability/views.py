"""Sustainability pages: temporary initiatives, the evidence the records give now with what
weakens it, assessments repeated over time, and a new assessment.

Reading needs ``initiatives.view_all`` or ``initiatives.change`` and an initiative the user
may see (404 otherwise); assessing needs ``initiatives.change``.
"""

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core import charts
from coproduce.core.spreadsheet import csv_writer
from coproduce.core.views import ServiceFormView, paginate
from coproduce.initiatives.access import access_initiative_by_slug, initiative_visible

from . import selectors, services
from .evidence import evidence_for, weaknesses
from .forms import AssessmentForm
from .models import Dimension

READ = ("initiatives.view_all", "initiatives.change")


class ReadMixin:
    def dispatch(self, request, *args, **kwargs):
        if not any(p in request.permissions for p in READ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


def evidence_lines(request, initiative, ev: dict) -> dict[str, list[dict]]:
    """Per dimension: sentences from the evidence, each with the records behind it."""
    if not ev.get("applicable"):
        return {}
    people = "people.view" in request.permissions
    detail = _url(request, "initiative-detail", slug=initiative.slug)
    partner_links = [
        {
            "text": p["name"]
            + (
                f" ({_('until')} {p['until']})"
                if p["until"]
                else f" ({_('open-ended')})"
            ),
            "url": _url(request, "organisation-detail", pk=p["organisation_id"]),
        }
        for p in ev["partners_lasting_items"]
    ]
    activity_links = [
        {
            "text": f"{a['date']} {a['title']}",
            "url": _url(request, "activity-detail", slug=initiative.slug, pk=a["id"]),
        }
        for a in ev["activities_after_items"]
    ]
    mover_links = (
        [
            {
                "text": _("person %(n)s") % {"n": pk},
                "url": _url(request, "person-detail", pk=pk),
            }
            for pk in ev["mover_ids"]
        ]
        if people
        else []
    )
    end = ev["end_date"]
    return {
        Dimension.COLLABORATIONS: [
            {
                "text": _(
                    "%(n)s of %(m)s partner organisations are committed beyond the end "
                    "date (%(end)s)."
                )
                % {"n": ev["partners_lasting"], "m": ev["partners_total"], "end": end},
                "url": detail,
                "links": partner_links,
            }
        ],
        Dimension.PROCESSES: [
            {
                "text": _("%(n)s activities since the end date, of %(k)s kinds.")
                % {"n": ev["activities_after"], "k": ev["activity_kinds_after"]},
                "url": detail,
                "links": activity_links,
            }
        ],
        Dimension.EMPOWERMENT: [
            {
                "text": _("%(n)s people moved from taking part to organising.")
                % {"n": ev["movers"]},
                "url": "",
                "links": mover_links,
            }
        ],
        Dimension.CAPACITY: [
            {
                "text": _(
                    "%(n)s training activities recorded; %(m)s people now organise."
                )
                % {"n": ev["training_activities"], "m": ev["movers"]},
                "url": detail,
                "links": [],
            }
        ],
        Dimension.FUTURE_NEEDS: [
            {
                "text": _(
                    "%(n)s residents, service users or volunteers have taken part since "
                    "the end date; the latest activity was on %(last)s."
                )
                % {"n": ev["citizens_after"], "last": ev["last_activity"] or "–"},
                "url": detail,
                "links": [],
            }
        ],
    }


class IndexView(ReadMixin, TemplateView):
    template_name = "sustainability/index.html"

    def get_context_data(self, **kwargs):
        qs = selectors.temporary_initiatives(initiative_visible(self.request.actor))
        return {"page": paginate(self.request, qs)}


def history_chart(initiative, assessments) -> str:
    last = list(reversed(assessments))[-2:]
    colours = ["#9bb7d4", "#0b4f8a"][-len(last) :]
    scores = [selectors.scores_by_dimension(a) for a in last]
    return charts.paired_bars(
        title=_("Sustainability scores: %(name)s") % {"name": initiative.name},
        desc=_(
            "Score of each dimension (1 absent to 5 strong) at the latest assessments; "
            "the same numbers are in the table beside the chart."
        ),
        groups=[str(Dimension(d).label) for d in Dimension.values],
        series=[
            (str(a.assessed_on), colour)
            for a, colour in zip(last, colours, strict=True)
        ],
        values=[
            [s[d].score if d in s else 0 for s in scores] for d in Dimension.values
        ],
        chart_id="sustainability-chart",
    )


def initiative_context(request, initiative) -> dict:
    ev = evidence_for(initiative)
    assessments = selectors.assessment_list(initiative)
    lines = evidence_lines(request, initiative, ev.to_dict())
    found = weaknesses(ev)
    dimensions = [
        {
            "dimension": d,
            "label": Dimension(d).label,
            "evidence": lines.get(d, []),
            "weaknesses": found.get(d, []),
        }
        for d in Dimension.values
    ]
    return {
        "initiative": initiative,
        "evidence": ev,
        "dimensions": dimensions,
        "assessments": assessments,
        "latest": assessments[0] if assessments else None,
        "history": selectors.history_rows(assessments),
        "history_dates": [a for a in reversed(assessments)],
        "chart": history_chart(initiative, assessments) if assessments else "",
    }


class InitiativeView(ReadMixin, TemplateView):
    template_name = "sustainability/initiative.html"

    def get_context_data(self, **kwargs):
        initiative = access_initiative_by_slug(self.request.actor, kwargs["slug"])
        context = initiative_context(self.request, initiative)
        context["can_change"] = "initiatives.change" in self.request.permissions
        return context


class AssessmentCreateView(ServiceFormView):
    permission = "initiatives.change"
    form_class = AssessmentForm
    template_name = "sustainability/assessment_form.html"
    title = gettext_lazy("New sustainability assessment")
    success_message = gettext_lazy("The assessment was saved.")

    def initiative(self):
        return access_initiative_by_slug(self.request.actor, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.initiative()
        context.update(initiative_context(self.request, initiative))
        return context

    def perform(self, form):
        return services.assessment_create(
            initiative=self.initiative(),
            actor=self.request.user,
            assessed_on=form.cleaned_data["assessed_on"],
            summary=form.cleaned_data["summary"],
            scores=form.scores(),
        )

    def get_cancel_url(self):
        return _url(self.request, "sustainability-initiative", slug=self.kwargs["slug"])

    def get_success_url_for(self, result):
        return _url(self.request, "sustainability-assessment", pk=result.pk)


class AssessmentDetailView(ReadMixin, TemplateView):
    template_name = "sustainability/assessment_detail.html"

    def get_context_data(self, **kwargs):
        assessment = selectors.access_assessment_by_id(
            tenant=self.request.tenant,
            initiatives=initiative_visible(self.request.actor),
            pk=kwargs["pk"],
        )
        scores = selectors.scores_by_dimension(assessment)
        lines = evidence_lines(self.request, assessment.initiative, assessment.evidence)
        return {
            "assessment": assessment,
            "initiative": assessment.initiative,
            "rows": [
                {
                    "label": Dimension(d).label,
                    "score": scores.get(d),
                    "evidence": lines.get(d, []),
                }
                for d in Dimension.values
            ],
        }


def history_csv(initiative, assessments) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        ["initiative", "assessed_on", "dimension", "score", "rationale", "weakness"]
    )
    for a in reversed(assessments):
        scores = selectors.scores_by_dimension(a)
        for d in Dimension.values:
            s = scores.get(d)
            writer.writerow(
                [
                    initiative.slug,
                    a.assessed_on.isoformat(),
                    d,
                    s.score if s else "",
                    s.rationale if s else "",
                    s.weakness if s else "",
                ]
            )
    return out.getvalue()


class InitiativeCsvView(ReadMixin, View):
    def get(self, request, *, tenant, slug):
        initiative = access_initiative_by_slug(request.actor, slug)
        response = HttpResponse(
            history_csv(initiative, selectors.assessment_list(initiative)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="sustainability-{initiative.slug}.csv"'
        )
        return response
