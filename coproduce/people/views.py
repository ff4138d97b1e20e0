"""Registry pages: organisations, people and their memberships, public services.

The registry knows nothing of the apps built on it. What they show on its pages (the
initiatives an organisation leads, a person's participations) they register as a page part
with ``page_part_register`` in their ``AppConfig.ready()``; the page renders each part where
its template says.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core import i18n
from coproduce.core.events import event_list_for
from coproduce.core.kept import data_fingerprint, kept, kept_key
from coproduce.core.views import ServiceDeleteView, ServiceFormView, paginate
from coproduce.tenancy.permissions import TenantPermissionRequired

from . import selectors, services
from .access import (
    access_membership_by_id,
    access_organisation_by_id,
    access_person_by_id,
    access_service_by_id,
    organisation_visible,
)
from .forms import (
    MembershipForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
    PublicServiceForm,
)
from .models import Organisation, PublicService

PAGES = ("organisation", "person", "service")
PagePart = Callable[..., str]
_page_parts: dict[str, list[PagePart]] = {page: [] for page in PAGES}


def page_part_register(page: str, part: PagePart) -> PagePart:
    """Show ``part(request, obj) -> html`` on every ``page`` (organisation, person or
    service) of the registry, in the order registered."""
    if part not in _page_parts[page]:
        _page_parts[page].append(part)
    return part


def _page_parts_render(request, page: str, obj) -> list[str]:
    """The parts of ``page`` for ``obj``, kept while the data, the record, the day and
    the reader are the same: a part shows what the reader may see (their permissions,
    their person) and may say what is overdue today. Parts are rendered without the
    request, so they hold no CSRF token of a reader's."""
    actor = request.actor
    key = kept_key(
        "page-parts",
        page,
        obj.pk,
        getattr(obj, "updated_at", None),
        data_fingerprint(tenant=request.tenant),
        timezone.localdate(),
        sorted(actor.permissions),
        getattr(actor.person, "pk", None),
        request.GET.urlencode(),
        language=True,
    )
    return kept(key, lambda: [part(request, obj) for part in _page_parts[page]])


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


# Organisations ------------------------------------------------------------------------------


def _page_counting(request, queryset, relation: str, *, as_: str):
    """The page of ``queryset``, each row given ``as_``: its count of ``relation``,
    counted for the page's rows only (``selectors.related_counts``)."""
    page = paginate(request, queryset)
    page.object_list = list(page.object_list)
    counts = selectors.related_counts(
        queryset.model, [row.pk for row in page.object_list], relation
    )
    for row in page.object_list:
        setattr(row, as_, counts.get(row.pk, 0))
    return page


class OrganisationListView(TenantPermissionRequired, TemplateView):
    permission = "registry.view"
    template_name = "people/organisation_list.html"

    def get_context_data(self, **kwargs):
        filters = {
            "q": self.request.GET.get("q", "").strip(),
            "kind": self.request.GET.get("kind", ""),
        }
        qs = selectors.organisation_list(self.request.actor, filters=filters)
        page = _page_counting(self.request, qs, "memberships", as_="n_members")
        return {
            "page": page,
            "filters": filters,
            "kinds": Organisation.Kind.choices,
        }


class OrganisationDetailView(TenantPermissionRequired, TemplateView):
    permission = "registry.view"
    template_name = "people/organisation_detail.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        organisation = access_organisation_by_id(actor, kwargs["pk"])
        of_it = {"organisation": organisation.pk}
        return {
            "organisation": organisation,
            "units": selectors.organisation_list(
                actor, filters={"parent": organisation.pk}
            ),
            "memberships": selectors.membership_list(actor, filters=of_it)
            if actor.can("people.view")
            else None,
            "services": selectors.service_list(
                actor, filters={"competent_authority": organisation.pk}
            ),
            "parts": _page_parts_render(self.request, "organisation", organisation),
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
        self.object = access_organisation_by_id(request.actor, kwargs["pk"])
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
        return access_organisation_by_id(self.request.actor, self.kwargs["pk"])

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
        form = PersonFilterForm(
            self.request.GET or None,
            tenant=self.request.tenant,
            organisations=organisation_visible(self.request.actor),
        )
        filters = form.filters()
        qs = selectors.person_list(self.request.actor, filters=filters)
        page = _page_counting(
            self.request, qs, "participations", as_="n_participations"
        )
        return {
            "page": page,
            "filters": filters,
            "form": form,
        }


class PersonDetailView(TenantPermissionRequired, TemplateView):
    permission = "people.view"
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        person = access_person_by_id(actor, kwargs["pk"])
        return {
            "person": person,
            "memberships": selectors.membership_list(
                actor, filters={"person": person.pk}
            ),
            "parts": _page_parts_render(self.request, "person", person),
            "can_change": "registry.change" in self.request.permissions,
            "events": event_list_for(person)[:20],
        }


class PersonDeleteView(ServiceDeleteView):
    permission = "registry.change"

    def get_object(self):
        return access_person_by_id(self.request.actor, self.kwargs["pk"])

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
        self.object = access_person_by_id(request.actor, kwargs["pk"])
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
        self.person = access_person_by_id(request.actor, kwargs["pk"])
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
        membership = access_membership_by_id(request.actor, kwargs["pk"])
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
        qs = selectors.service_list(self.request.actor, filters=filters)
        page = _page_counting(self.request, qs, "initiatives", as_="n_initiatives")
        # the labels read once (``get_sector_display`` hashes the whole choice list on
        # each call)
        sectors = dict(PublicService.Sector.choices)
        statuses = dict(PublicService.Status.choices)
        for service in page.object_list:
            service.sector_label = sectors.get(service.sector, service.sector)
            service.status_label = statuses.get(service.status, service.status)
        return {
            "page": page,
            "filters": filters,
            "sectors": PublicService.Sector.choices,
        }


class ServiceDetailView(TenantPermissionRequired, TemplateView):
    permission = "registry.view"
    template_name = "people/service_detail.html"

    def get_context_data(self, **kwargs):
        service = access_service_by_id(self.request.actor, kwargs["pk"])
        channel_labels = dict(PublicService.Channel.choices)
        return {
            "service": service,
            "name": i18n.localized(service, "name"),
            "description": i18n.localized(service, "description"),
            "channels": [channel_labels.get(c, c) for c in service.channels],
            "life_events": [
                dict(PublicService.LifeEvent.choices).get(e, e)
                for e in service.life_events or []
            ],
            "parts": _page_parts_render(self.request, "service", service),
            "events": event_list_for(service)[:20],
        }


class PublicServiceDeleteView(ServiceDeleteView):
    permission = "registry.change"

    def get_object(self):
        return access_service_by_id(self.request.actor, self.kwargs["pk"])

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
            tenant=self.request.tenant,
            actor=self.request.user,
            translations=form.translations(),
            **form.values(),
        )

    def get_success_url_for(self, result):
        return _url(self.request, "service-detail", pk=result.pk)


class ServiceUpdateView(ServiceFormView):
    permission = "registry.change"
    form_class = PublicServiceForm
    title = gettext_lazy("Edit public service")

    def dispatch(self, request, *args, **kwargs):
        self.object = access_service_by_id(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return services.public_service_update(
            service=self.object,
            actor=self.request.user,
            translations=form.translations(),
            **form.values(),
        )

    def get_success_url_for(self, result):
        return _url(self.request, "service-detail", pk=result.pk)

    def get_cancel_url(self):
        return _url(self.request, "service-detail", pk=self.object.pk)


# Type-ahead search ---------------------------------------------------------------------


class RecordSearchView(TenantPermissionRequired, View):
    """Suggestions for a ``RecordSearchField``: with htmx the ``<option>``s of its
    ``<datalist>``; without, a page listing the matches (the text to type is each line).
    The words come as ``q``, or under the field's own name (``?name=person&person=…``).
    A subclass gives ``search(actor, text)`` and ``label``, or ``found`` for a search
    that needs more of the request (initiatives' activities of one initiative)."""

    template_name = "people/search.html"
    search: Callable
    label: Callable
    title = ""

    def get(self, request, **kwargs):
        text = request.GET.get("q") or request.GET.get(request.GET.get("name", ""), "")
        found = self.found(request, text[:200], **kwargs)
        labels = [type(self).label(obj) for obj in found]
        if request.htmx:
            return HttpResponse(
                format_html_join(
                    "", '<option value="{}"></option>', ((x,) for x in labels)
                )
            )
        return render(
            request,
            self.template_name,
            {"title": self.title, "q": text, "labels": labels, "searched": bool(text)},
        )

    def found(self, request, text: str, **kwargs) -> list:
        return type(self).search(request.actor, text)


class PersonSearchView(RecordSearchView):
    permission = "people.view"
    search = staticmethod(selectors.person_search)
    label = staticmethod(selectors.person_label)
    title = gettext_lazy("Find a person")


class OrganisationSearchView(RecordSearchView):
    permission = "people.view"
    search = staticmethod(selectors.organisation_search)
    label = staticmethod(selectors.organisation_label)
    title = gettext_lazy("Find an organisation")
