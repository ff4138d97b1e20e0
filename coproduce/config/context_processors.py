"""What every page's template knows of the tenant, and its main menu.

The menu shows a member only the sections they may open: each link's test is the check its
view makes (the view's ``permission``, or the function the view calls), imported from the
view, so that the two cannot drift apart (tests/core/test_nav.py requests every link shown
to every role). It lives in config, the one package that may know every app.
"""

from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from coproduce.cases.access import cases_allowed
from coproduce.collaboration.access import READ as COLLABORATION_READ
from coproduce.coproducers.access import VERIFY, coproducers_allowed, takes_part
from coproduce.evaluation.access import EVALUATION_READ
from coproduce.exchange.views import ExportIndexView
from coproduce.people.views import OrganisationListView, PersonListView, ServiceListView
from coproduce.publishing.views import PublishingView
from coproduce.qualitative.access import CODE as QUALITATIVE_CODE
from coproduce.tenancy.views import MemberListView


def _has(permission: str):
    return lambda request: permission in request.permissions


def _always(request) -> bool:
    return True


def _evaluation(request) -> bool:
    return request.actor.can_any(EVALUATION_READ)


def _qualitative(request) -> bool:
    return request.actor.can_any(QUALITATIVE_CODE)


def _cases(request) -> bool:
    return cases_allowed(request.actor)


def _portfolio(request) -> bool:
    # co-producers land on their own page instead (initiatives.views.PortfolioView)
    return not takes_part(request.actor)


def _takes_part(request) -> bool:
    return takes_part(request.actor)


def _opportunities(request) -> bool:
    return coproducers_allowed(request.actor)


def _entries():
    return [
        ("my-coproduction", _("My co-production"), _takes_part),
        ("portfolio", _("Portfolio"), _portfolio),
        ("opportunity-list", _("Opportunities"), _opportunities),
        ("claim-list", _("Hours to verify"), _has(VERIFY)),
        (
            "organisation-list",
            _("Organisations"),
            _has(OrganisationListView.permission),
        ),
        ("service-list", _("Public services"), _has(ServiceListView.permission)),
        ("publishing", _("Publishing"), _has(PublishingView.permission)),
        ("person-list", _("People"), _has(PersonListView.permission)),
        ("dashboard", _("Dashboard"), _always),
        ("evaluation-index", _("Evaluation"), _evaluation),
        ("coding-project-list", _("Coding"), _qualitative),
        ("collaboration-index", _("Collaboration"), _has(COLLABORATION_READ)),
        ("case-list", _("Cases"), _cases),
        ("export-index", _("Exports"), _has(ExportIndexView.permission)),
        ("member-list", _("Members"), _has(MemberListView.permission)),
        ("token-list", _("API tokens"), _always),
    ]


def menu(request) -> list[dict]:
    """The main menu's links for ``request``'s member: label, url, whether it is this page."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        return []
    items = []
    for name, label, allowed in _entries():
        try:
            url = reverse(name, kwargs={"tenant": tenant.slug})
        except NoReverseMatch:  # a section this deployment does not serve
            continue
        if allowed(request):
            items.append({"label": label, "url": url, "current": request.path == url})
    return items


def tenant(request):
    return {
        "tenant": getattr(request, "tenant", None),
        "role": getattr(request, "role", None),
        "perms_tenant": getattr(request, "permissions", frozenset()),
        # computed only when a template shows the menu (not for partials or the API)
        "menu": cache(lambda: menu(request)),
    }
