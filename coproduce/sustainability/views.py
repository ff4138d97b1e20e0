"""Sustainability pages: temporary initiatives, the evidence the records give now with what
weakens it, assessments repeated over time, and a new assessment.

Reading needs ``initiatives.view_all`` or ``initiatives.change`` and an initiative the user
may see (404 otherwise); assessing needs ``initiatives.change``.
"""

import io

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from coproduce.core.spreadsheet import csv_writer
from coproduce.core.views import ServiceFormView, paginate
from coproduce.initiatives.access import access_initiative_by_slug, initiative_visible

from . import selectors, services
from .access import access_assessment_by_id, sustainability_read_require
from .charts import history_chart
from .forms import AssessmentForm
from .models import Dimension


class ReadMixin:
    def dispatch(self, request, *args, **kwargs):
        sustainability_read_require(request.actor)
        return super().dispatch(request, *args, **kwargs)


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


def _partner_text(p: dict) -> str:
    if p["until"]:
        return _("%(name)s (until %(date)s)") % {"name": p["name"], "date": p["until"]}
    # Evidence kept by assessments made before partners without an end date stopped
    # counting has no "took_part_on": they were counted for being open-ended.
    if p.get("took_part_on"):
        return _("%(name)s (took part on %(date)s)") % {
            "name": p["name"],
            "date": p["took_part_on"],
        }
    return _("%(name)s (no end date)") % {"name": p["name"]}


def _mover_links(request, ids: list[int]) -> list[dict]:
    """The people who moved to organising: by name, linked to their record, for those who
    may read people (``people.view``); by a pseudonym, unlinked, for the others."""
    if "people.view" not in request.permissions:
        return [{"text": _("person %(n)s") % {"n": pk}, "url": ""} for pk in ids]
    names = selectors.person_names(tenant=request.tenant, ids=ids)
    return [
        {"text": names[pk], "url": _url(request, "person-detail", pk=pk)}
        for pk in ids
        if pk in names  # a person erased since the assessment is not named
    ]


def evidence_lines(request, initiative, ev: dict) -> dict[str, list[dict]]:
    """Per dimension: sentences from the evidence, each with the records behind it."""
    if not ev.get("applicable"):
        return {}
    detail = _url(request, "initiative-detail", slug=initiative.slug)
    partner_links = [
        {
            "text": _partner_text(p),
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
    mover_links = _mover_links(request, ev["mover_ids"])
    end = ev["end_date"]
    return {
        Dimension.COLLABORATIONS: [
            {
                "text": _(
                    "Partner organisations committed beyond the end date (%(end)s), by "
                    "an agreed end date after it or by taking part since: %(n)s of %(m)s."
                )
                % {"n": ev["partners_lasting"], "m": ev["partners_total"], "end": end},
                "url": detail,
                "links": partner_links,
            }
        ],
        Dimension.PROCESSES: [
            {
                "text": _(
                    "Activities since the end date: %(n)s (kinds of activity: %(k)s)."
                )
                % {"n": ev["activities_after"], "k": ev["activity_kinds_after"]},
                "url": detail,
                "links": activity_links,
            }
        ],
        Dimension.EMPOWERMENT: [
            {
                "text": ngettext(
                    "%(n)s person moved from taking part to organising.",
                    "%(n)s people moved from taking part to organising.",
                    ev["movers"],
                )
                % {"n": ev["movers"]},
                "url": "",
                "links": mover_links,
            }
        ],
        Dimension.CAPACITY: [
            {
                "text": _(
                    "Training activities recorded: %(n)s; people who now organise: %(m)s."
                )
                % {"n": ev["training_activities"], "m": ev["movers"]},
                "url": detail,
                "links": [],
            }
        ],
        Dimension.FUTURE_NEEDS: [
            {
                "text": ngettext(
                    "%(n)s resident, service user or volunteer has taken part since the "
                    "end date; the latest activity was on %(last)s.",
                    "%(n)s residents, service users or volunteers have taken part since "
                    "the end date; the latest activity was on %(last)s.",
                    ev["citizens_after"],
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


def initiative_context(request, initiative) -> dict:
    context = selectors.initiative_sustainability(initiative)
    lines = evidence_lines(request, initiative, context["evidence"].to_dict())
    for dimension in context["dimensions"]:
        dimension["evidence"] = lines.get(dimension["dimension"], [])
    context["chart"] = history_chart(initiative, context["assessments"])
    return context


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
        assessment = access_assessment_by_id(self.request.actor, kwargs["pk"])
        scores = selectors.scores_by_dimension(assessment)
        lines = evidence_lines(self.request, assessment.initiative, assessment.evidence)
        return {
            "assessment": assessment,
            "assessor": selectors.assessor_name(assessment),
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
