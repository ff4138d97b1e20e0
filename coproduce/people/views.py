"""Registry pages: organisations, people and their memberships, public services."""

from django.contrib import messages
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core.events import event_list_for
from coproduce.core.views import ServiceDeleteView, ServiceFormView, paginate
from coproduce.initiatives.models import Initiative, Participation
from coproduce.tenancy.permissions import TenantPermissionRequired

from . import selectors, services
from .cpsv import public_service_jsonld
from .forms import MembershipForm, OrganisationForm, PersonForm, PublicServiceForm
from .models import Organisation, PublicService


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


# Organisations ------------------------------------------------------------------------------


class OrganisationListView(TenantPermissionRequired, TemplateView):
    permission = "registry.view"
    template_name = "people/organisation_list.html"

    def get_context_data(self, **kwargs):
        filters = {
            "q": self.request.GET.get("q", "").strip(),
            "kind": self.request.GET.get("kind", ""),
        }
        qs = selectors.organisation_list(tenant=self.request.tenant, filters=filters)
        return {
            "page": paginate(self.request, qs),
            "filters": filters,
            "kinds": Organisation.Kind.choices,
        }


class OrganisationDetailView(TenantPermissionRequired, TemplateView):
    permission = "registry.view"
    template_name = "people/organisation_detail.html"

    def get_context_data(self, **kwargs):
        tenant = self.request.tenant
        organisation = selectors.access_organisation_by_id(
            tenant=tenant, pk=kwargs["pk"]
        )
        can_see_people = "people.view" in self.request.permissions
        return {
            "organisation": organisation,
            "units": organisation.units.filter(tenant=tenant),
            "memberships": organisation.memberships.filter(
                tenant=tenant
            ).select_related("person")
            if can_see_people
            else None,
            "services": organisation.services.filter(tenant=tenant),
            "led": Initiative.objects.filter(
                tenant=tenant, lead_organisation=organisation
            ),
            "partnerships": organisation.partnerships.filter(
                tenant=tenant
            ).select_related("initiative"),
            "events": event_list_for(organisation)[:20],
        }


class OrganisationCreateView(ServiceFormView):
    permission = "registry.change"
    form_class = OrganisationForm
    title = gettext_lazy("New organisation")

    def perform(self, form):
        return services.organisation_create(
            tenant=self.request.tenant, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "organisation-detail", pk=result.pk)


class OrganisationUpdateView(ServiceFormView):
    permission = "registry.change"
    form_class = OrganisationForm
    title = gettext_lazy("Edit organisation")

    def dispatch(self, request, *args, **kwargs):
        self.object = selectors.access_organisation_by_id(
            tenant=request.tenant, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return services.organisation_update(
            organisation=self.object, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "organisation-detail", pk=result.pk)

    def get_cancel_url(self):
        return _url(self.request, "organisation-detail", pk=self.object.pk)


class OrganisationDeleteView(ServiceDeleteView):
    permission = "registry.change"

    def get_object(self):
        return selectors.access_organisation_by_id(
            tenant=self.request.tenant, pk=self.kwargs["pk"]
        )

    def perform(self, obj):
        services.organisation_delete(organisation=obj, actor=self.request.user)

    def object_url(self, obj):
        return _url(self.request, "organisation-detail", pk=obj.pk)

    def success_url(self, obj):
        return _url(self.request, "organisation-list")


# People -------------------------------------------------------------------------------------


class PersonListView(TenantPermissionRequired, TemplateView):
    permission = "people.view"
    template_name = "people/person_list.html"

    def get_context_data(self, **kwargs):
        filters = {
            "q": self.request.GET.get("q", "").strip(),
            "organisation": self.request.GET.get("organisation", ""),
        }
        if not filters["organisation"].isdigit():
            filters["organisation"] = ""
        qs = selectors.person_list(
            tenant=self.request.tenant, filters=filters
        ).annotate(n_participations=Count("participations"))
        return {
            "page": paginate(self.request, qs),
            "filters": filters,
            "organisations": Organisation.objects.filter(
                tenant=self.request.tenant
            ).only("id", "name"),
        }


class PersonDetailView(TenantPermissionRequired, TemplateView):
    permission = "people.view"
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        tenant = self.request.tenant
        person = selectors.access_person_by_id(tenant=tenant, pk=kwargs["pk"])
        participations = (
            Participation.objects.filter(tenant=tenant, person=person)
            .select_related("activity", "initiative")
            .order_by("-activity__starts_at")[:50]
        )
        return {
            "person": person,
            "memberships": person.memberships.filter(tenant=tenant).select_related(
                "organisation"
            ),
            "participations": participations,
            "membership_form": MembershipForm(tenant=tenant),
            "can_change": "registry.change" in self.request.permissions,
            "events": event_list_for(person)[:20],
        }


class PersonDeleteView(ServiceDeleteView):
    permission = "registry.change"

    def get_object(self):
        return selectors.access_person_by_id(
            tenant=self.request.tenant, pk=self.kwargs["pk"]
        )

    def perform(self, obj):
        services.person_delete(person=obj, actor=self.request.user)

    def object_url(self, obj):
        return _url(self.request, "person-detail", pk=obj.pk)

    def success_url(self, obj):
        return _url(self.request, "person-list")


class PersonCreateView(ServiceFormView):
    permission = "registry.change"
    form_class = PersonForm
    title = gettext_lazy("New person")

    def perform(self, form):
        return services.person_create(
            tenant=self.request.tenant, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "person-detail", pk=result.pk)


class PersonUpdateView(ServiceFormView):
    permission = "registry.change"
    form_class = PersonForm
    title = gettext_lazy("Edit person")

    def dispatch(self, request, *args, **kwargs):
        self.object = selectors.access_person_by_id(
            tenant=request.tenant, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return services.person_update(
            person=self.object, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "person-detail", pk=result.pk)

    def get_cancel_url(self):
        return _url(self.request, "person-detail", pk=self.object.pk)


class MembershipCreateView(ServiceFormView):
    permission = "registry.change"
    form_class = MembershipForm
    title = gettext_lazy("Add a membership")

    def dispatch(self, request, *args, **kwargs):
        self.person = selectors.access_person_by_id(
            tenant=request.tenant, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.membership_create(
            tenant=self.request.tenant,
            actor=self.request.user,
            person=self.person,
            **form.values(),
        )

    def get_success_url_for(self, result):
        return _url(self.request, "person-detail", pk=self.person.pk)

    def get_cancel_url(self):
        return _url(self.request, "person-detail", pk=self.person.pk)


class MembershipDeleteView(TenantPermissionRequired, View):
    permission = "registry.change"

    def post(self, request, **kwargs):
        membership = selectors.access_membership_by_id(
            tenant=request.tenant, pk=kwargs["pk"]
        )
        services.membership_delete(membership=membership, actor=request.user)
        messages.success(request, _("Removed %(name)s.") % {"name": membership})
        return redirect(_url(request, "person-detail", pk=membership.person_id))


# Public services ----------------------------------------------------------------------------


class ServiceListView(TenantPermissionRequired, TemplateView):
    permission = "registry.view"
    template_name = "people/service_list.html"

    def get_context_data(self, **kwargs):
        filters = {
            "q": self.request.GET.get("q", "").strip(),
            "sector": self.request.GET.get("sector", ""),
        }
        qs = selectors.service_list(
            tenant=self.request.tenant, filters=filters
        ).annotate(n_initiatives=Count("initiatives"))
        return {
            "page": paginate(self.request, qs),
            "filters": filters,
            "sectors": PublicService.Sector.choices,
        }


class ServiceDetailView(TenantPermissionRequired, TemplateView):
    permission = "registry.view"
    template_name = "people/service_detail.html"

    def get_context_data(self, **kwargs):
        service = selectors.access_service_by_id(
            tenant=self.request.tenant, pk=kwargs["pk"]
        )
        channel_labels = dict(PublicService.Channel.choices)
        return {
            "service": service,
            "channels": [channel_labels.get(c, c) for c in service.channels],
            "initiatives": service.initiatives.filter(tenant=self.request.tenant),
            "events": event_list_for(service)[:20],
        }


class ServiceCpsvView(TenantPermissionRequired, View):
    """The service as CPSV-AP 3.2.0 JSON-LD, for a public service catalogue."""

    permission = "registry.view"

    def get(self, request, *, pk, **kwargs):
        service = selectors.access_service_by_id(tenant=request.tenant, pk=pk)
        document = public_service_jsonld(
            service,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            language=request.LANGUAGE_CODE,
        )
        response = JsonResponse(
            document,
            content_type="application/ld+json",
            json_dumps_params={"indent": 2},
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{service.identifier}.jsonld"'
        )
        return response


class PublicServiceDeleteView(ServiceDeleteView):
    permission = "registry.change"

    def get_object(self):
        return selectors.access_service_by_id(
            tenant=self.request.tenant, pk=self.kwargs["pk"]
        )

    def perform(self, obj):
        services.public_service_delete(service=obj, actor=self.request.user)

    def object_url(self, obj):
        return _url(self.request, "service-detail", pk=obj.pk)

    def success_url(self, obj):
        return _url(self.request, "service-list")


class ServiceCreateView(ServiceFormView):
    permission = "registry.change"
    form_class = PublicServiceForm
    title = gettext_lazy("New public service")

    def perform(self, form):
        return services.public_service_create(
            tenant=self.request.tenant, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "service-detail", pk=result.pk)


class ServiceUpdateView(ServiceFormView):
    permission = "registry.change"
    form_class = PublicServiceForm
    title = gettext_lazy("Edit public service")

    def dispatch(self, request, *args, **kwargs):
        self.object = selectors.access_service_by_id(
            tenant=request.tenant, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return services.public_service_update(
            service=self.object, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "service-detail", pk=result.pk)

    def get_cancel_url(self):
        return _url(self.request, "service-detail", pk=self.object.pk)
