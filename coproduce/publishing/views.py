"""Public linked data, the vocabularies, the statement pages, and the tenant admin's
publishing pages.

Public (no login, outside /t/): a published service's persistent IRI
(``/id/service/<tenant>/<identifier>``: Turtle, JSON-LD or N-Triples by ``Accept``; a
browser is sent (303 See Other) to the service's page, which asks for a log-in as
before), the SKOS vocabularies (``/def/<scheme>``), each tenant's accessibility statement
and privacy notice (``/public/<tenant>/...``) and the site's own (``/accessibility/``,
``/privacy/``).
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_scopes import scope

from coproduce.core.views import ServiceFormView, TenantPermissionRequired, paginate
from coproduce.initiatives.cpsv import public_service_jsonld
from coproduce.people.access import access_service_by_id

from . import defaults, iri, negotiation, selectors, services
from .forms import AccessibilityStatementForm, PrivacyNoticeForm
from .languages import content_language, text_in
from .vocabularies import SCHEMES, scheme_graph

# Public: linked data ---------------------------------------------------------------------


class ServiceDataView(View):
    """A published service at its IRI: the data without login, HTML for browsers."""

    def get(self, request, *, tenant, identifier):
        found = selectors.public_tenant(tenant)
        if found is None:
            raise Http404
        with scope(tenant=found):
            service = selectors.published_service(found, identifier)
            if service is None:  # not published (or none): nothing is said of it
                raise Http404
            media_type = negotiation.preferred(request)
            if media_type is None:
                return negotiation.not_acceptable()
            if media_type == negotiation.HTML:
                page = reverse(
                    "service-detail", kwargs={"tenant": found.slug, "pk": service.pk}
                )
                response = HttpResponseRedirect(page, status=303)
                return negotiation.vary(response)
            document = public_service_jsonld(service)
        return negotiation.rdf_response(media_type, document=document)

    def head(self, request, **kwargs):
        return self.get(request, **kwargs)


class VocabularyView(View):
    """A SKOS concept scheme (or one of its concepts: the whole scheme is its document)."""

    def get(self, request, *, scheme, code=None):
        found = SCHEMES.get(scheme)
        if found is None or (code is not None and found.concept(code) is None):
            raise Http404
        media_type = negotiation.preferred(request)
        if media_type is None:
            return negotiation.not_acceptable()
        if media_type != negotiation.HTML:
            return negotiation.rdf_response(media_type, graph=scheme_graph(found))
        if code is not None:
            response = redirect(f"{reverse('vocabulary', args=[scheme])}#{code}")
            response.status_code = 303
            return negotiation.vary(response)
        concepts = [
            {
                "code": c.code,
                "label": c.label,
                "definition": c.definition,
                "iri": iri.concept_iri(found.slug, c.code),
            }
            for c in found.concepts
        ]
        response = render(
            request,
            "publishing/vocabulary.html",
            {
                "scheme": found,
                "scheme_iri": iri.scheme_iri(found.slug),
                "concepts": concepts,
                "formats": [
                    ("Turtle", negotiation.TURTLE),
                    ("JSON-LD", negotiation.JSONLD),
                ],
            },
        )
        return negotiation.vary(response)


# Public: the statement and the notice ------------------------------------------------------


class _PublicPage(TemplateView):
    """A page of a tenant (``tenant`` in the URL) or of the site (no tenant), readable by
    anyone: what a public body must publish."""

    def get(self, request, *args, tenant=None, **kwargs):
        found = None
        if tenant is not None:
            found = selectors.public_tenant(tenant)
            if found is None:
                raise Http404
        with scope(tenant=found):
            context = self.build(found)
        context["public_tenant"] = found
        return self.render_to_response(context)

    def build(self, tenant) -> dict:
        raise NotImplementedError


class AccessibilityStatementView(_PublicPage):
    template_name = "publishing/accessibility.html"

    def build(self, tenant):
        statement = selectors.accessibility_statement(tenant)
        fallback = content_language(tenant) if tenant else None
        return {
            "statement": statement,
            "body": tenant.name if tenant else settings.COPRODUCE_OPERATOR_NAME,
            "non_accessible": text_in(
                statement.non_accessible, str(defaults.NON_ACCESSIBLE), fallback
            ),
            "burden": text_in(statement.disproportionate_burden, "", fallback),
        }


class PrivacyNoticeView(_PublicPage):
    template_name = "publishing/privacy.html"

    def build(self, tenant):
        notice = selectors.privacy_notice(tenant)
        fallback = content_language(tenant) if tenant else None
        return {
            "notice": notice,
            "controller": notice.controller
            or (tenant.name if tenant else settings.COPRODUCE_OPERATOR_NAME),
            "sections": [
                (title, text_in(value, str(default), fallback))
                for title, value, default in (
                    (_("Purposes of processing"), notice.purposes, defaults.PURPOSES),
                    (_("Legal bases"), notice.legal_bases, defaults.LEGAL_BASES),
                    (_("Recipients"), notice.recipients, defaults.RECIPIENTS),
                    (_("Retention"), notice.retention, defaults.RETENTION),
                )
            ],
        }


# The tenant admin's pages ----------------------------------------------------------------


class PublishingView(TenantPermissionRequired, TemplateView):
    """Which services the tenant publishes, their IRIs, and the public pages."""

    permission = "registry.change"
    template_name = "publishing/index.html"

    def get_context_data(self, **kwargs):
        tenant = self.request.tenant
        page = paginate(self.request, selectors.services_with_publication(tenant))
        for service in page.object_list:
            service.iri = iri.service_iri(tenant.slug, service.identifier)
        return {"page": page, "iri_base": iri.base()}


class _PublicationChange(TenantPermissionRequired, View):
    permission = "registry.change"
    http_method_names = ["post"]

    def post(self, request, *, pk, **kwargs):
        service = access_service_by_id(request.actor, pk)
        self.change(service, request.actor)
        messages.success(request, self.message % {"name": service.name})
        return redirect("publishing", tenant=request.tenant.slug)


class ServicePublishView(_PublicationChange):
    message = _("%(name)s is published: its address answers without log-in.")

    def change(self, service, actor):
        services.service_publish(service=service, actor=actor)


class ServiceWithdrawView(_PublicationChange):
    message = _("%(name)s is no longer published.")

    def change(self, service, actor):
        services.service_withdraw(service=service, actor=actor)


class _StatementEdit(ServiceFormView):
    permission = "tenant.admin"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.read(self.request.tenant)
        return kwargs

    def get_success_url_for(self, result) -> str:
        return reverse("publishing", kwargs={"tenant": self.request.tenant.slug})

    def get_cancel_url(self) -> str | None:
        return reverse("publishing", kwargs={"tenant": self.request.tenant.slug})


class AccessibilityStatementEditView(_StatementEdit):
    form_class = AccessibilityStatementForm
    title = _("Accessibility statement")
    read = staticmethod(selectors.accessibility_statement)

    def perform(self, form):
        return services.accessibility_statement_save(
            tenant=self.request.tenant, actor=self.request.actor, **form.values()
        )


class PrivacyNoticeEditView(_StatementEdit):
    form_class = PrivacyNoticeForm
    title = _("Privacy notice")
    read = staticmethod(selectors.privacy_notice)

    def perform(self, form):
        return services.privacy_notice_save(
            tenant=self.request.tenant, actor=self.request.actor, **form.values()
        )
