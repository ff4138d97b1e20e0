"""One role matrix drives the pages and the API (issue 10): every page under /t/<tenant>/
and every operation of /api/v1 declares the permission it needs and the object it shows;
``expected`` turns that, the permissions of ``coproduce/tenancy/roles.py`` and who may see
which object into the status each member must get. The web and the API read the same
declarations, so they cannot disagree without a test saying so.

- ``PAGES``: URL name -> ``Rule(need, obj)``; a new URL pattern that is not declared fails
  ``test_every_page_is_declared``.
- ``OPERATIONS``: (method, path) of ``/api/v1/openapi.json`` -> ``Rule``; a new operation
  that is not declared fails ``test_every_operation_is_declared``.
- ``need``: permissions that must all be held; a set among them means "any of these".
- ``obj``: the kind of object in the URL, which decides who may see it: ``tenant`` (every
  member of the tenant), ``initiative`` (``initiatives.view_all`` or taking part in or
  working for its lead or partner organisation), ``case`` (``cases.selectors``) and
  ``case_party`` (a case one may read the parties of).

Each page and operation is asked about three objects (see conftest): ``own`` (the
initiative, case, ... the members of riverside take part in), ``hidden`` (a second
initiative and case of riverside that only ``initiatives.view_all`` / ``cases.view_all``
sees; asked only of members for whom it differs from ``own``) and ``foreign`` (hillview's:
404 for everyone).

Expected status: 404 if the member may not see the object; else 403 without the
permission; else 200 for a page or a read (a POST-only page and a write answer anything
but 403/404/405/500: 201, 204, 302, 400, 409, 422 for an empty or dummy body).
Refusing for want of a permission before looking the object up (403 for an object one
may not see) reveals nothing, and many views and every API write do it; with
``MATRIX_STRICT_404=1`` in the environment the matrix demands 404 there too (the rule of
docs/permissions.md taken literally) and lists where it is not so.
"""

import json
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.urls import URLResolver, reverse
from django.urls.resolvers import RegexPattern

from coproduce.config import tenant_urls
from coproduce.config.api import api
from coproduce.tenancy.roles import AUDITOR_PERMISSIONS, PERMISSIONS
from coproduce.tenancy.services import api_token_create
from tests.conftest import Client

from .conftest import IDENTITIES

pytestmark = pytest.mark.django_db

# MATRIX_STRICT_404=1 lists where a refusal comes before the lookup.
STRICT_404 = os.environ.get("MATRIX_STRICT_404") == "1"

# Permissions (coproduce/tenancy/roles.py) ---------------------------------------------------

VIEW = "registry.view"
PEOPLE = "people.view"
REGISTRY_CHANGE = "registry.change"
VIEW_ALL = "initiatives.view_all"
CHANGE = "initiatives.change"
RECORD = "activities.record"
ADMIN = "tenant.admin"
EXPORT = "data.export"
CASES_MANAGE = "cases.manage"
CASES_RECORD = "cases.record"
CASES_SIGN_OFF = "cases.sign_off"
CASES_AUDIT = "cases.audit"
TAKE_PART = "coproducers.take_part"
CP_MANAGE = "coproducers.manage"
CP_VERIFY = "coproducers.verify"
# Opportunities: those who take part or keep them.
CP_ANY = frozenset({TAKE_PART, CP_MANAGE})
# Reported hours: one's own, or those one verifies.
CP_CLAIMS = frozenset({TAKE_PART, CP_VERIFY})
# Reading evaluations (instruments, panels, waves, reports): staff, partners included,
# of the initiatives they may see; volunteers and service users answer, they do not read.
EVALUATION_READ = frozenset({VIEW_ALL, CHANGE, VIEW})
# Reading and coding qualitative evidence: the staff.
QUAL_CODE = frozenset({CHANGE, RECORD})
# Writing in collaboration (learning entries, follow-ups, capabilities): the staff, and
# partner organisations' staff (the partner role takes part; with registry.view).
COLLAB_WRITE = frozenset({CHANGE, RECORD, TAKE_PART})
# Reading representativeness and sustainability.
ANALYSIS_READ = frozenset({VIEW_ALL, CHANGE})
# Crisis mode: the centre's staff (record) and those who call volunteers out.
CRISIS_ANY = frozenset({RECORD, CP_MANAGE})
# Posting a need: the centre's staff, and partner organisations' staff for the centres
# their organisation is a partner of (the fixture's partner works for the own
# initiative's partner organisation).
CRISIS_POST = frozenset({RECORD, "crisis.post_need"})
# Anything to do with cases at all.
CASES_ANY = frozenset({"cases.view_all", "cases.view_org", CASES_RECORD, CASES_AUDIT})
# Closing a case: the coordinator, or the professional supervising it.
CASES_CLOSE = frozenset({CASES_MANAGE, CASES_SIGN_OFF})


def permissions_of(identity: str) -> frozenset[str]:
    perms = PERMISSIONS[IDENTITIES[identity]]
    return perms | AUDITOR_PERMISSIONS if identity == "auditor" else perms


# Who the fixture links to the ``own`` objects (see conftest): taking part in the
# initiative, working for its lead (professional) or partner (partner) organisation,
# assigned to the case (the volunteer as mediator, the professional as supervisor, who
# also works for the case's organisation).
LINKED_TO_INITIATIVE = {"volunteer", "service_user", "professional", "partner"}
ASSIGNED_TO_CASE = {"volunteer", "professional"}


def visible(identity: str, obj: str | None, target: str) -> bool:
    perms = permissions_of(identity)
    if obj is None:
        return True
    if target == "foreign":
        return False
    if obj == "tenant":
        return True
    if obj == "registry":
        return "registry.view" in perms
    if obj == "people":
        return "people.view" in perms
    if obj == "initiative":
        return VIEW_ALL in perms or (
            target == "own" and identity in LINKED_TO_INITIATIVE
        )
    if obj == "participation":
        # the fixture's participation is the volunteer's: named to staff (people.view)
        # and to the volunteer, to nobody else who sees the initiative (issue 11)
        return visible(identity, "initiative", target) and (
            "people.view" in perms or (target == "own" and identity == "volunteer")
        )
    if obj == "opportunity":
        # coordinators every one; co-producers the published ones open to their role
        # (the fixture's own is open to volunteers, residents and partners; the hidden
        # one is a draft)
        return CP_MANAGE in perms or (target == "own" and TAKE_PART in perms)
    if obj == "claim":
        # verifiers those of the initiatives they read; co-producers their own (the own
        # claim is the volunteer's)
        return CP_VERIFY in perms or (target == "own" and identity == "volunteer")
    if obj in ("case", "case_party"):
        if "cases.view_all" in perms or CASES_AUDIT in perms:
            case = True
        elif target != "own" or not perms & CASES_ANY:
            case = False
        else:
            case = identity in ASSIGNED_TO_CASE
        if obj == "case" or not case:
            return case
        auditor_only = CASES_AUDIT in perms and not perms & (CASES_ANY - {CASES_AUDIT})
        if "cases.view_all" in perms:
            return True
        return not auditor_only and (
            identity in ASSIGNED_TO_CASE or "cases.view_org" in perms
        )
    if obj == "partnership":
        # the fixture's own partnership has the partner's organisation as a side
        return (
            VIEW in perms
            and (VIEW_ALL in perms or CHANGE in perms)
            or (target == "own" and identity == "partner")
        )
    if obj == "partnership_side":
        # the own side is the partner organisation's
        return CHANGE in perms or (target == "own" and identity == "partner")
    raise AssertionError(f"unknown kind of object {obj!r}")


@dataclass(frozen=True)
class Rule:
    need: tuple = ()  # all of these; a frozenset among them: any of it
    obj: str | None = None  # the kind of object, for who may see it
    key: str | None = None  # which fixture object fills the URL (default: obj)

    def permitted(self, perms) -> bool:
        return all(
            perms & p if isinstance(p, frozenset) else p in perms for p in self.need
        )


def R(*need, obj=None, key=None) -> Rule:
    kind = {
        None: None,
        "initiative": "initiative",
        "initiative_section": "initiative",
        "activity": "initiative",
        "participation": "participation",
        "partner": "initiative",
        "contribution": "initiative",
        "outcome": "initiative",
        "indicator": "initiative",
        "measurement": "initiative",
        "cost": "initiative",
        "valuation": "initiative",
        "panel": "initiative",
        "panel_member": "initiative",
        "wave": "initiative",
        "wave_member": "initiative",
        "assessment": "initiative",
        "case": "case",
        "case_step": "case",
        "case_document": "case_party",
        "case_party": "case_party",
        # the registry: organisations and services need registry.view to be seen at all,
        # people and their memberships people.view (people/access.py)
        "organisation": "registry",
        "service": "registry",
        "person": "people",
        "membership": "people",
        # the co-producers' side (coproducers/access.py)
        "opportunity": "opportunity",
        "shift": "opportunity",
        "claim": "claim",
        # crisis mode (crisis/access.py): a need is seen with its centre's initiative
        "need": "initiative",
        "crisis_callout": "initiative",
        # coding projects of an initiative (qualitative/access.py)
        "coding_project": "initiative",
        "coding_document": "initiative",
        "coding_code": "initiative",
        "coding_coding": "initiative",
        # collaboration (collaboration/access.py): learning entries of an initiative's
        # partners are read by those who see the initiative; a partnership by the
        # managers, initiatives.view_all and its sides' staff; a side (and its
        # commitments) kept by the managers and that side's staff
        "learning": "initiative",
        "capability": "initiative",
        "collaboration_initiative": "initiative",
        "partnership": "partnership",
        "partnership_side": "partnership_side",
        "commitment": "partnership_side",
        # reading a commitment: whoever reads its partnership
        "commitment_read": "partnership",
    }.get(obj, "tenant")
    return Rule(need=tuple(need), obj=kind, key=key or obj)


WRITE_OK = frozenset({200, 201, 204, 302, 400, 409, 422})


def expected(identity: str, rule: Rule, target: str, *, read: bool) -> frozenset[int]:
    """The statuses ``identity`` may get from a page or operation under ``rule``."""
    perms = permissions_of(identity)
    permitted = rule.permitted(perms)
    if not visible(identity, rule.obj, target):
        return frozenset({404} if permitted or STRICT_404 else {403, 404})
    if not permitted:
        return frozenset({403})
    return frozenset({200}) if read else WRITE_OK


# Pages: URL name -> what it needs -----------------------------------------------------------

PAGES: dict[str, Rule] = {
    # initiatives
    "portfolio": R(),
    "initiative-create": R(CHANGE),
    "initiative-detail": R(obj="initiative"),
    "initiative-update": R(CHANGE, obj="initiative"),
    "initiative-delete": R(CHANGE, obj="initiative"),
    "partner-add": R(CHANGE, obj="initiative"),
    "partner-remove": R(CHANGE, obj="partner"),
    "activity-create": R(RECORD, obj="initiative"),
    "activity-detail": R(obj="activity"),
    "activity-update": R(RECORD, obj="activity"),
    "activity-delete": R(RECORD, obj="activity"),
    "participation-remove": R(RECORD, obj="participation"),
    "contribution-create": R(RECORD, obj="initiative"),
    "activity-search": R(RECORD, obj="initiative"),
    "contribution-delete": R(RECORD, obj="contribution"),
    # registry
    "organisation-list": R(VIEW),
    "organisation-create": R(REGISTRY_CHANGE),
    "organisation-detail": R(VIEW, obj="organisation"),
    "organisation-update": R(REGISTRY_CHANGE, obj="organisation"),
    "organisation-delete": R(REGISTRY_CHANGE, obj="organisation"),
    "person-list": R(PEOPLE),
    "person-search": R(PEOPLE),
    "organisation-search": R(PEOPLE),
    "person-create": R(REGISTRY_CHANGE),
    "person-detail": R(PEOPLE, obj="person"),
    "person-update": R(REGISTRY_CHANGE, obj="person"),
    "person-delete": R(REGISTRY_CHANGE, obj="person"),
    "membership-create": R(REGISTRY_CHANGE, obj="person"),
    "membership-delete": R(REGISTRY_CHANGE, obj="membership"),
    "service-list": R(VIEW),
    "service-create": R(REGISTRY_CHANGE),
    "service-detail": R(VIEW, obj="service"),
    "service-cpsv": R(VIEW, obj="service"),
    "service-update": R(REGISTRY_CHANGE, obj="service"),
    "service-delete": R(REGISTRY_CHANGE, obj="service"),
    # publishing (issue 18 item 3 and 4): the open catalogue, the statement and notice
    "publishing": R(REGISTRY_CHANGE),
    "service-publish": R(REGISTRY_CHANGE, obj="service"),
    "service-withdraw": R(REGISTRY_CHANGE, obj="service"),
    "accessibility-statement-edit": R(ADMIN),
    "privacy-notice-edit": R(ADMIN),
    # tenancy
    "token-list": R(),
    "token-revoke": R(obj="token"),
    "member-list": R(ADMIN),
    "tenant-languages": R(ADMIN),
    "member-change": R(ADMIN, obj="tenant_member"),
    # exports (people: the strictest kind)
    "export-index": R(EXPORT),
    "export": R(EXPORT, PEOPLE, key="export"),
    # a panel's answers by pseudonym (exchange/panel_views.py): exporting and reading it
    "panel-data": R(EXPORT, EVALUATION_READ, obj="panel"),
    "panel-data-download": R(EXPORT, EVALUATION_READ, obj="panel"),
    "panel-datapackage": R(EXPORT, EVALUATION_READ, obj="panel"),
    "panel-codebook": R(EXPORT, EVALUATION_READ, obj="panel"),
    "panel-export": R(EXPORT, EVALUATION_READ, obj="panel", key="panel_export"),
    "panel-export-file": R(EXPORT, EVALUATION_READ, obj="panel", key="panel_export"),
    # research data beyond panels (issue 17): a tenant's datasets, one's own background
    # file of one, an initiative's representativeness, a coding project's codings
    "research-dataset": R(EXPORT, key="research_dataset"),
    "dataset-export": R(EXPORT, key="dataset_export"),
    "dataset-export-file": R(EXPORT, key="dataset_export"),
    "representativeness-data": R(EXPORT, ANALYSIS_READ, obj="initiative"),
    "codings-data": R(CHANGE, obj="coding_project"),
    # evaluation
    "evaluation-index": R(EVALUATION_READ),
    "instrument-list": R(EVALUATION_READ),
    "instrument-create": R(CHANGE),
    "instrument-detail": R(EVALUATION_READ, obj="instrument"),
    "scale-create": R(CHANGE, obj="instrument"),
    "library-scale-add": R(CHANGE, obj="instrument"),
    "item-create": R(CHANGE, obj="instrument"),
    "instrument-copy": R(CHANGE, obj="instrument"),
    "instrument-translations": R(CHANGE, obj="instrument"),
    "panel-create": R(CHANGE),
    "panel-detail": R(EVALUATION_READ, obj="panel"),
    "panel-members-participants": R(CHANGE, obj="panel"),
    "panel-members-emails": R(CHANGE, obj="panel"),
    "panel-member": R(CHANGE, obj="panel_member"),
    "panel-member-leave": R(CHANGE, obj="panel_member"),
    "panel-member-erase": R(CHANGE, obj="panel_member"),
    "wave-create": R(CHANGE, obj="panel"),
    "wave-open": R(CHANGE, obj="wave"),
    "wave-remind": R(CHANGE, obj="wave"),
    "wave-close": R(CHANGE, obj="wave"),
    # letters with the link for members without email; answering with a member
    "wave-letters": R(CHANGE, obj="wave"),
    "panel-member-answer": R(CHANGE, obj="wave_member"),
    "panel-report": R(EVALUATION_READ, obj="panel"),
    "panel-report-print": R(EVALUATION_READ, obj="panel"),
    "panel-report-csv": R(EVALUATION_READ, obj="panel"),
    "panel-report-comments-csv": R(EVALUATION_READ, obj="panel"),
    "panel-report-json": R(EVALUATION_READ, obj="panel"),
    # cases
    "case-list": R(CASES_ANY),
    "case-create": R(CASES_MANAGE),
    "case-type-list": R(CASES_ANY),
    "ledger-verify": R(CASES_AUDIT),
    "cases-accountability": R(CASES_ANY),
    "case-detail": R(obj="case"),
    "case-step": R(CASES_RECORD, obj="case"),
    "case-sign-off": R(CASES_SIGN_OFF, obj="case_step"),
    "case-assign": R(CASES_MANAGE, obj="case"),
    "case-close": R(CASES_CLOSE, obj="case"),
    "case-document-add": R(CASES_RECORD, obj="case"),
    "case-document": R(obj="case_document"),
    "case-parties": R(obj="case_party"),
    "party-export": R(CASES_MANAGE, obj="case_party"),
    "party-erase": R(CASES_MANAGE, obj="case_party"),
    # the trail page shows the case's entries to whoever may see the case; the export
    # that proves them with the hashes (page and API) is the auditors'
    "case-trail": R(obj="case"),
    "case-trail-export": R(CASES_AUDIT, obj="case"),
    "case-accountability": R(obj="case"),
    # outcomes, value and cost
    "value-rates": R(),
    "measurement-import": R(CHANGE),
    "outcome-list": R(obj="initiative"),
    "outcome-create": R(CHANGE, obj="initiative"),
    "outcome-detail": R(obj="outcome"),
    "outcome-update": R(CHANGE, obj="outcome"),
    "outcome-delete": R(CHANGE, obj="outcome"),
    "indicator-create": R(CHANGE, obj="outcome"),
    "indicator-update": R(CHANGE, obj="indicator"),
    "indicator-delete": R(CHANGE, obj="indicator"),
    "measurement-create": R(CHANGE, obj="indicator"),
    "measurements-from-scale": R(CHANGE, obj="indicator"),
    "measurement-update": R(CHANGE, obj="measurement"),
    "measurement-delete": R(CHANGE, obj="measurement"),
    "value": R(obj="initiative"),
    "value-participations": R(obj="initiative"),
    "value-contributions": R(obj="initiative"),
    "cost-create": R(CHANGE, obj="initiative"),
    "cost-delete": R(CHANGE, obj="cost"),
    "sroi-edit": R(CHANGE, obj="initiative"),
    "valuation-create": R(CHANGE, obj="initiative"),
    "valuation-update": R(CHANGE, obj="valuation"),
    "valuation-delete": R(CHANGE, obj="valuation"),
    # representativeness
    "representativeness-index": R(ANALYSIS_READ),
    "population-table-import": R(CHANGE),
    "population-table-detail": R(ANALYSIS_READ, obj="population_table"),
    "population-table-delete": R(CHANGE, obj="population_table"),
    "representativeness-setting": R(CHANGE),
    "representativeness-initiative": R(ANALYSIS_READ, obj="initiative"),
    "representativeness-area": R(CHANGE, obj="initiative"),
    "representativeness-csv": R(ANALYSIS_READ, obj="initiative"),
    # sustainability
    "sustainability-index": R(ANALYSIS_READ),
    "sustainability-initiative": R(ANALYSIS_READ, obj="initiative"),
    "sustainability-assess": R(CHANGE, obj="initiative"),
    "sustainability-csv": R(ANALYSIS_READ, obj="initiative"),
    "sustainability-assessment": R(ANALYSIS_READ, obj="assessment"),
    # qualitative evidence (issue 16): staff code; keeping a project needs CHANGE
    "coding-project-list": R(QUAL_CODE),
    "coding-project-create": R(CHANGE),
    "coding-project-detail": R(QUAL_CODE, obj="coding_project"),
    "coding-project-delete": R(CHANGE, obj="coding_project"),
    "coding-collect": R(CHANGE, obj="coding_project"),
    "coding-upload": R(CHANGE, obj="coding_project"),
    "codebook": R(QUAL_CODE, obj="coding_project"),
    "code-edit": R(CHANGE, obj="coding_code"),
    "code-delete": R(CHANGE, obj="coding_code"),
    "code-detail": R(QUAL_CODE, obj="coding_code"),
    "coding-document": R(QUAL_CODE, obj="coding_document"),
    "coding-remove": R(QUAL_CODE, obj="coding_coding"),
    "coding-memo": R(QUAL_CODE, obj="coding_document"),
    "coding-done": R(QUAL_CODE, obj="coding_document"),
    "coding-sample": R(CHANGE, obj="coding_project"),
    "coding-agreement": R(CHANGE, obj="coding_project"),
    "coding-frequencies": R(QUAL_CODE, obj="coding_project"),
    "coding-themes": R(QUAL_CODE, obj="coding_project"),
    "coding-mixed": R(QUAL_CODE, obj="coding_project"),
    "coding-qdpx": R(CHANGE, obj="coding_project"),
    "coding-qdc": R(CHANGE, obj="coding_project"),
    "coding-import": R(CHANGE, obj="coding_project"),
    # collaboration (issue 15): the area needs registry.view; writing learning entries
    # staff or partner organisations' staff (who take part); partnerships kept by CHANGE
    "collaboration-index": R(VIEW),
    "collaboration-partnership-list": R(VIEW),
    "collaboration-partnership-create": R(VIEW, CHANGE),
    "collaboration-partnership-detail": R(VIEW, obj="partnership"),
    "collaboration-partnership-edit": R(VIEW, CHANGE, obj="partnership"),
    "collaboration-side-edit": R(VIEW, obj="partnership_side"),
    # adding a side and the yearly partner survey: the managers
    "collaboration-side-add": R(VIEW, CHANGE, obj="partnership"),
    "collaboration-partner-panel": R(VIEW, CHANGE, obj="partnership"),
    "collaboration-commitment-create": R(VIEW, obj="partnership_side"),
    "collaboration-commitment-edit": R(VIEW, obj="commitment"),
    "collaboration-learning-list": R(VIEW),
    "collaboration-learning-create": R(VIEW, COLLAB_WRITE),
    "collaboration-learning-detail": R(VIEW, obj="learning"),
    "collaboration-adoption-create": R(VIEW, COLLAB_WRITE, obj="learning"),
    "collaboration-network": R(VIEW),
    "collaboration-opportunity": R(VIEW, obj="collaboration_initiative"),
    "collaboration-capability": R(VIEW, COLLAB_WRITE, obj="capability"),
    "collaboration-relations": R(VIEW, obj="collaboration_initiative"),
    "collaboration-relation-declare": R(VIEW, CHANGE, obj="collaboration_initiative"),
    # dashboards
    "dashboard": R(),
    "dashboard-print": R(),
    "dashboard-csv": R(key="section"),
    "dashboard-xlsx": R(),
    "initiative-dashboard-xlsx": R(obj="initiative"),
    "initiative-dashboard": R(obj="initiative"),
    "initiative-dashboard-print": R(obj="initiative"),
    "initiative-dashboard-csv": R(obj="initiative_section"),
    # co-producers acting for themselves (issue 13)
    "my-coproduction": R(TAKE_PART),
    "my-profile": R(TAKE_PART),
    "my-data": R(TAKE_PART),
    "my-calendar": R(TAKE_PART),
    "notification-list": R(TAKE_PART),
    "check-in": R(TAKE_PART),
    "claim-create": R(TAKE_PART),
    "claim-withdraw": R(TAKE_PART, obj="claim"),
    "claim-resubmit": R(TAKE_PART, obj="claim"),
    "opportunity-list": R(CP_ANY),
    "opportunity-create": R(CP_MANAGE),
    # crisis mode (issue 14)
    "crisis-centre": R(CRISIS_ANY, obj="initiative"),
    "crisis-switch": R(CHANGE, obj="initiative"),
    "crisis-need-create": R(CRISIS_POST, obj="initiative"),
    "crisis-decisions": R(RECORD, obj="initiative"),
    "crisis-coverage": R(RECORD, obj="initiative"),
    "crisis-review": R(RECORD, obj="initiative"),
    "crisis-need": R(CRISIS_ANY, obj="need"),
    "crisis-need-close": R(RECORD, obj="need"),
    # erasing the resident's details on request: coordinators (or the need's assignee)
    "crisis-resident-erase": R(CP_MANAGE, obj="need"),
    "crisis-callout": R(CP_MANAGE, obj="need"),
    "crisis-check-in": R(CP_MANAGE, obj="crisis_callout"),
    "crisis-check-out": R(CP_MANAGE, obj="crisis_callout"),
    "skill-list": R(CP_MANAGE),
    "coproducers-settings": R(ADMIN),
    "opportunity-detail": R(CP_ANY, obj="opportunity"),
    "opportunity-status": R(CP_MANAGE, obj="opportunity"),
    "shift-signup": R(TAKE_PART, obj="shift"),
    "shift-withdraw": R(TAKE_PART, obj="shift"),
    "shift-roster": R(CP_MANAGE, obj="shift"),
    "shift-attendance-close": R(CP_MANAGE, obj="shift"),
    "shift-sheet": R(CP_MANAGE, obj="shift"),
    "shift-attendance-add": R(CP_MANAGE, obj="shift"),
    "activity-attendance-add": R(RECORD, obj="activity"),
    "opportunity-edit": R(CP_MANAGE, obj="opportunity"),
    "shift-edit": R(CP_MANAGE, obj="shift"),
    "shift-create": R(CP_MANAGE, obj="opportunity"),
    "shift-cancel": R(CP_MANAGE, obj="shift"),
    "shift-signup-for": R(CP_MANAGE, obj="shift"),
    "claim-list": R(CP_VERIFY),
    "claim-decide": R(CP_VERIFY, obj="claim"),
}

# Pages that send some members on elsewhere: URL name -> the permission whose holders
# are redirected (302). Co-producers land on their own page instead of the portfolio.
REDIRECTED = {"portfolio": TAKE_PART}

# The export asked about: people, the kind that needs the most.
EXPORT_KWARGS = {"kind": "people", "fmt": "csv"}


def tenant_patterns():
    """(URL name, pattern, view class) of every page under /t/<tenant>/."""

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            else:
                yield p

    return [
        (p.name, p, getattr(p.callback, "view_class", None))
        for p in walk(tenant_urls.urlpatterns)
    ]


PATTERNS = tenant_patterns()
POST_ONLY = {
    name for name, _p, view in PATTERNS if view is not None and not hasattr(view, "get")
}


def pattern_kwargs(pattern) -> set[str]:
    if isinstance(pattern.pattern, RegexPattern):
        return set(re.compile(pattern.pattern._regex).groupindex)
    return set(pattern.pattern.converters)


def test_every_page_is_declared():
    names = [name for name, _p, _v in PATTERNS]
    assert all(names), "every page under /t/<tenant>/ has a URL name"
    assert len(names) == len(set(names)), "URL names are unique"
    assert set(names) - set(PAGES) == set(), "pages missing from the role matrix"
    assert set(PAGES) - set(names) == set(), "the matrix names pages that are gone"


def test_every_page_kwarg_is_filled(world):
    for name, pattern, _v in PATTERNS:
        if name not in PAGES:
            continue
        for target in TARGETS_OF[PAGES[name].obj or "none"]:
            kwargs = page_kwargs(world, "coordinator", name, target)
            assert set(kwargs) == pattern_kwargs(pattern), name


TARGETS_OF = {
    "none": ("own",),
    "tenant": ("own", "foreign"),
    "registry": ("own", "foreign"),
    "people": ("own", "foreign"),
    "initiative": ("own", "hidden", "foreign"),
    "participation": ("own", "hidden", "foreign"),
    "case": ("own", "hidden", "foreign"),
    "case_party": ("own", "hidden", "foreign"),
    "opportunity": ("own", "hidden", "foreign"),
    "claim": ("own", "hidden", "foreign"),
    "partnership": ("own", "hidden", "foreign"),
    "partnership_side": ("own", "hidden", "foreign"),
}


def page_kwargs(world, identity, name, target) -> dict:
    rule = PAGES[name]
    if rule.key is None:
        return {}
    if rule.key == "export":
        return dict(EXPORT_KWARGS)
    if rule.key == "panel_export":
        return panel_export_kwargs(world.targets[target]["panel"]["pk"])
    if rule.key == "section":
        return {"section": world.targets["own"]["initiative_section"]["section"]}
    if rule.key == "research_dataset":
        return {"key": "participations", "fmt": "csv"}
    if rule.key == "dataset_export":
        return dataset_export_kwargs(world.tenant, world.users[identity])
    if rule.key in ("token", "tenant_member") and target == "own":
        source = world.per_user[identity][rule.key]
    else:
        source = world.targets[target][rule.key]
    wanted = next(pattern_kwargs(p) for n, p, _v in PATTERNS if n == name)
    kwargs = {k: v for k, v in source.items() if k in wanted}
    if "fmt" in wanted and "fmt" not in kwargs:
        kwargs["fmt"] = "csv"  # research files: the streamed one
    return kwargs


def dataset_export_kwargs(tenant, user) -> dict:
    """A finished background file of a dataset, the member's own (made in the test's
    own transaction): the pages that follow and offer one."""
    from django.core.files.base import ContentFile

    from coproduce.exchange.models import DatasetExport

    export = DatasetExport(
        tenant=tenant,
        dataset="participations",
        requested_by=user,
        format="xlsx",
        status=DatasetExport.Status.DONE,
    )
    export.file.save("participations.xlsx", ContentFile(b"PK"), save=False)
    export.save()
    return {"export": export.pk}


def panel_export_kwargs(panel_id: int) -> dict:
    """A finished background export of the target's panel (made in the test's own
    transaction), for the pages that follow and offer one."""
    from django.core.files.base import ContentFile

    from coproduce.evaluation.models import Panel
    from coproduce.exchange.models import PanelExport

    panel = Panel.objects.get(pk=panel_id)
    export = PanelExport(
        tenant_id=panel.tenant_id,
        panel=panel,
        shape="wide",
        format="csv",
        status=PanelExport.Status.DONE,
    )
    export.file.save("panel.csv", ContentFile(b"respondent\n"), save=False)
    export.save()
    return {"pk": panel_id, "export": export.pk}


def page_url(world, identity, name, target) -> str:
    return reverse(
        name,
        kwargs={
            "tenant": world.tenant.slug,
            **page_kwargs(world, identity, name, target),
        },
    )


def cases_for(rule: Rule):
    """(identity, target) pairs to ask: ``hidden`` only where it differs from ``own``."""
    for identity in IDENTITIES:
        for target in TARGETS_OF[rule.obj or "none"]:
            if target == "hidden" and visible(identity, rule.obj, "hidden") == visible(
                identity, rule.obj, "own"
            ):
                continue
            yield identity, target


# Known failures, by exact test id: each turns into a failure once fixed (strict), and the
# mark goes. -------------------------------------------------------------------------------

# (None today: the disagreements this matrix found are fixed; a new one goes here with
# _xfail(reason, *ids) until it is.)

XFAIL: dict[str, str] = {}
USED: set[str] = set()


def _xfail(reason, *ids):
    for test_id in ids:
        assert test_id not in XFAIL, test_id
        XFAIL[test_id] = reason


EVERYWHERE = ("own", "hidden", "foreign")


def params(function, items):
    out = []
    for test_id, values in items:
        full = f"{function}[{test_id}]"
        marks = (
            [pytest.mark.xfail(strict=True, reason=XFAIL[full])]
            if full in XFAIL
            else []
        )
        USED.add(full)
        out.append(pytest.param(*values, id=test_id, marks=marks))
    return out


# Pages ----------------------------------------------------------------------------------------


def page_cases():
    for name, rule in PAGES.items():
        for identity, target in cases_for(rule):
            yield f"{identity}-{name}-{target}", (identity, name, target)


@pytest.fixture(scope="module")
def clients(world):
    made = {}
    for identity, user in world.users.items():
        client = Client()
        client.force_login(user)
        made[identity] = client
    return made


# What each request answered, so that the agreement test need not ask again.
ANSWERS: dict[tuple, tuple] = {}


def page_status(world, clients, identity, name, target):
    key = ("page", identity, name, target)
    if key not in ANSWERS:
        url = page_url(world, identity, name, target)
        client = clients[identity]
        response = client.post(url, {}) if name in POST_ONLY else client.get(url)
        ANSWERS[key] = response.status_code, url
    return ANSWERS[key]


@pytest.mark.parametrize(
    ("identity", "name", "target"), params("test_page", page_cases())
)
def test_page(world, clients, identity, name, target):
    rule = PAGES[name]
    status, url = page_status(world, clients, identity, name, target)
    want = expected(identity, rule, target, read=name not in POST_ONLY)
    if REDIRECTED.get(name) in permissions_of(identity):
        want = frozenset({302})
    assert status in want, f"{identity} {url}: {status}, expected {sorted(want)}"


# API ------------------------------------------------------------------------------------------

OPERATIONS: dict[tuple[str, str], Rule] = {
    # registry
    ("GET", "/organisations"): R(VIEW),
    ("POST", "/organisations"): R(REGISTRY_CHANGE),
    ("GET", "/organisations/{id}"): R(VIEW, obj="organisation"),
    ("PATCH", "/organisations/{id}"): R(REGISTRY_CHANGE, obj="organisation"),
    ("DELETE", "/organisations/{id}"): R(REGISTRY_CHANGE, obj="organisation"),
    ("GET", "/people"): R(PEOPLE),
    ("POST", "/people"): R(REGISTRY_CHANGE),
    ("GET", "/people/{id}"): R(PEOPLE, obj="person"),
    ("PATCH", "/people/{id}"): R(REGISTRY_CHANGE, obj="person"),
    ("DELETE", "/people/{id}"): R(REGISTRY_CHANGE, obj="person"),
    ("GET", "/memberships"): R(PEOPLE),
    ("POST", "/memberships"): R(REGISTRY_CHANGE),
    ("GET", "/memberships/{id}"): R(PEOPLE, obj="membership"),
    ("PATCH", "/memberships/{id}"): R(REGISTRY_CHANGE, obj="membership"),
    ("DELETE", "/memberships/{id}"): R(REGISTRY_CHANGE, obj="membership"),
    ("GET", "/services"): R(VIEW),
    ("POST", "/services"): R(REGISTRY_CHANGE),
    ("GET", "/services/{id}"): R(VIEW, obj="service"),
    ("PATCH", "/services/{id}"): R(REGISTRY_CHANGE, obj="service"),
    ("DELETE", "/services/{id}"): R(REGISTRY_CHANGE, obj="service"),
    # initiatives and their value chain
    ("GET", "/initiatives"): R(),
    ("POST", "/initiatives"): R(CHANGE),
    ("GET", "/initiatives/{id}"): R(obj="initiative"),
    ("PATCH", "/initiatives/{id}"): R(CHANGE, obj="initiative"),
    ("DELETE", "/initiatives/{id}"): R(CHANGE, obj="initiative"),
    ("GET", "/initiatives/{id}/profile"): R(obj="initiative"),
    ("GET", "/portfolio"): R(),
    ("GET", "/partners"): R(),
    ("POST", "/partners"): R(CHANGE),
    ("GET", "/partners/{id}"): R(obj="partner"),
    ("PATCH", "/partners/{id}"): R(CHANGE, obj="partner"),
    ("DELETE", "/partners/{id}"): R(CHANGE, obj="partner"),
    ("GET", "/activities"): R(),
    ("POST", "/activities"): R(RECORD),
    ("GET", "/activities/{id}"): R(obj="activity"),
    ("PATCH", "/activities/{id}"): R(RECORD, obj="activity"),
    ("DELETE", "/activities/{id}"): R(RECORD, obj="activity"),
    ("GET", "/participations"): R(),
    ("POST", "/participations"): R(RECORD),
    ("GET", "/participations/{id}"): R(obj="participation"),
    ("PATCH", "/participations/{id}"): R(RECORD, obj="participation"),
    ("DELETE", "/participations/{id}"): R(RECORD, obj="participation"),
    ("GET", "/contributions"): R(),
    ("POST", "/contributions"): R(RECORD),
    ("GET", "/contributions/{id}"): R(obj="contribution"),
    ("PATCH", "/contributions/{id}"): R(RECORD, obj="contribution"),
    ("DELETE", "/contributions/{id}"): R(RECORD, obj="contribution"),
    # cases
    ("GET", "/case-types"): R(CASES_ANY),
    ("POST", "/case-types"): R(CASES_MANAGE),
    ("GET", "/case-types/{type_id}"): R(CASES_ANY, obj="case_type"),
    ("GET", "/cases"): R(CASES_ANY),
    ("POST", "/cases"): R(CASES_MANAGE),
    ("GET", "/cases/{case_id}"): R(obj="case"),
    ("POST", "/cases/{case_id}/steps"): R(CASES_RECORD, obj="case"),
    ("POST", "/cases/{case_id}/steps/{record_id}/sign-off"): R(
        CASES_SIGN_OFF, obj="case_step"
    ),
    ("POST", "/cases/{case_id}/assignments"): R(CASES_MANAGE, obj="case"),
    ("POST", "/cases/{case_id}/close"): R(CASES_CLOSE, obj="case"),
    ("GET", "/cases/{case_id}/parties"): R(obj="case_party"),
    ("GET", "/cases/{case_id}/trail"): R(CASES_AUDIT, obj="case"),
    # evaluation
    ("GET", "/instruments"): R(EVALUATION_READ),
    ("POST", "/instruments"): R(CHANGE),
    ("GET", "/instruments/{instrument_id}"): R(EVALUATION_READ, obj="instrument"),
    ("GET", "/scale-library"): R(EVALUATION_READ),
    ("POST", "/instruments/from-library"): R(CHANGE),
    ("POST", "/instruments/{instrument_id}/copy"): R(CHANGE, obj="instrument"),
    ("POST", "/instruments/{instrument_id}/scales"): R(CHANGE, obj="instrument"),
    ("POST", "/instruments/{instrument_id}/scales/from-library"): R(
        CHANGE, obj="instrument"
    ),
    ("POST", "/instruments/{instrument_id}/items"): R(CHANGE, obj="instrument"),
    ("PATCH", "/instruments/{instrument_id}/items/{item_id}"): R(
        CHANGE, obj="instrument_item"
    ),
    ("GET", "/panels"): R(EVALUATION_READ),
    ("POST", "/panels"): R(CHANGE),
    ("GET", "/panels/{panel_id}"): R(EVALUATION_READ, obj="panel"),
    ("POST", "/panels/{panel_id}/members/from-participants"): R(CHANGE, obj="panel"),
    ("POST", "/panels/{panel_id}/members/from-emails"): R(CHANGE, obj="panel"),
    ("GET", "/panels/{panel_id}/members"): R(EVALUATION_READ, obj="panel"),
    ("GET", "/panels/{panel_id}/members/{member_id}"): R(
        EVALUATION_READ, obj="panel_member"
    ),
    ("PATCH", "/panels/{panel_id}/members/{member_id}"): R(CHANGE, obj="panel_member"),
    ("POST", "/panels/{panel_id}/members/{member_id}/leave"): R(
        CHANGE, obj="panel_member"
    ),
    ("POST", "/panels/{panel_id}/members/{member_id}/erase"): R(
        CHANGE, obj="panel_member"
    ),
    ("GET", "/panels/{panel_id}/waves"): R(EVALUATION_READ, obj="panel"),
    ("POST", "/panels/{panel_id}/waves"): R(CHANGE, obj="panel"),
    ("GET", "/panels/{panel_id}/report"): R(EVALUATION_READ, obj="panel"),
    ("GET", "/waves/{wave_id}"): R(EVALUATION_READ, obj="wave"),
    ("POST", "/waves/{wave_id}/open"): R(CHANGE, obj="wave"),
    ("POST", "/waves/{wave_id}/remind"): R(CHANGE, obj="wave"),
    ("POST", "/waves/{wave_id}/close"): R(CHANGE, obj="wave"),
    # outcomes
    ("GET", "/initiatives/{id}/outcomes"): R(obj="initiative"),
    ("GET", "/initiatives/{id}/value"): R(obj="initiative"),
    ("GET", "/initiatives/{id}/indicators/{indicator_id}/measurements"): R(
        obj="indicator"
    ),
    ("POST", "/initiatives/{id}/indicators/{indicator_id}/measurements"): R(
        CHANGE, obj="indicator"
    ),
    # the co-producers' side (issue 13)
    ("GET", "/needs"): R(CRISIS_ANY),
    ("POST", "/needs"): R(CRISIS_POST),
    ("GET", "/needs/{id}"): R(CRISIS_ANY, obj="need"),
    ("POST", "/needs/{id}/close"): R(RECORD, obj="need"),
    ("GET", "/needs/{id}/matches"): R(CP_MANAGE, obj="need"),
    ("POST", "/needs/{id}/call-outs"): R(CP_MANAGE, obj="need"),
    ("GET", "/needs/{id}/call-outs"): R(CP_MANAGE, obj="need"),
    # the signed token of the link is the credential: anyone may try, a bad one is a 422
    ("POST", "/call-outs/answer"): R(),
    ("GET", "/initiatives/{id}/decisions"): R(RECORD, obj="initiative"),
    ("POST", "/initiatives/{id}/decisions"): R(RECORD, obj="initiative"),
    ("GET", "/opportunities"): R(CP_ANY),
    ("POST", "/opportunities"): R(CP_MANAGE),
    ("GET", "/opportunities/{id}"): R(CP_ANY, obj="opportunity"),
    ("GET", "/shifts/{shift_id}"): R(CP_ANY, obj="shift"),
    ("POST", "/shifts/{shift_id}/sign-up"): R(TAKE_PART, obj="shift"),
    ("POST", "/shifts/{shift_id}/withdraw"): R(TAKE_PART, obj="shift"),
    ("POST", "/shifts/{shift_id}/check-in"): R(TAKE_PART, obj="shift"),
    ("POST", "/shifts/{shift_id}/attendance"): R(CP_MANAGE, obj="shift"),
    ("GET", "/me/sign-ups"): R(TAKE_PART),
    ("PATCH", "/opportunities/{id}"): R(CP_MANAGE, obj="opportunity"),
    ("POST", "/opportunities/{id}/status"): R(CP_MANAGE, obj="opportunity"),
    ("POST", "/opportunities/{id}/shifts"): R(CP_MANAGE, obj="opportunity"),
    ("PATCH", "/shifts/{shift_id}"): R(CP_MANAGE, obj="shift"),
    ("POST", "/shifts/{shift_id}/cancel"): R(CP_MANAGE, obj="shift"),
    ("POST", "/shifts/{shift_id}/close-attendance"): R(CP_MANAGE, obj="shift"),
    ("POST", "/shifts/{shift_id}/attendees"): R(CP_MANAGE, obj="shift"),
    ("POST", "/shifts/{shift_id}/sign-ups"): R(CP_MANAGE, obj="shift"),
    ("GET", "/shifts/{shift_id}/sign-ups"): R(CP_MANAGE, obj="shift"),
    ("POST", "/claims/{claim_id}/resubmit"): R(TAKE_PART, obj="claim"),
    ("POST", "/claims/{claim_id}/withdraw"): R(TAKE_PART, obj="claim"),
    ("GET", "/me/notifications"): R(TAKE_PART),
    ("POST", "/me/notifications/read"): R(TAKE_PART),
    ("POST", "/me/calendar-feed/renew"): R(TAKE_PART),
    ("GET", "/claims"): R(CP_CLAIMS),
    ("POST", "/claims"): R(TAKE_PART),
    ("POST", "/claims/{claim_id}/verify"): R(CP_VERIFY, obj="claim"),
    ("POST", "/claims/{claim_id}/return"): R(CP_VERIFY, obj="claim"),
    ("GET", "/me/profile"): R(TAKE_PART),
    ("PATCH", "/me/profile"): R(TAKE_PART),
    ("GET", "/me/data"): R(TAKE_PART),
    # qualitative evidence (issue 16)
    ("GET", "/coding-projects"): R(QUAL_CODE),
    ("POST", "/coding-projects"): R(CHANGE),
    ("GET", "/coding-projects/{id}"): R(QUAL_CODE, obj="coding_project"),
    ("GET", "/coding-projects/{id}/documents"): R(QUAL_CODE, obj="coding_project"),
    ("GET", "/coding-projects/{id}/codes"): R(QUAL_CODE, obj="coding_project"),
    ("POST", "/coding-projects/{id}/codes"): R(CHANGE, obj="coding_project"),
    ("GET", "/coding-projects/{id}/codings"): R(QUAL_CODE, obj="coding_project"),
    ("POST", "/coding-projects/{id}/codings"): R(QUAL_CODE, obj="coding_project"),
    ("GET", "/coding-projects/{id}/agreement"): R(CHANGE, obj="coding_project"),
    ("DELETE", "/coding-projects/{id}"): R(CHANGE, obj="coding_project"),
    ("DELETE", "/coding-projects/{id}/codes/{code_id}"): R(CHANGE, obj="coding_code"),
    ("POST", "/coding-projects/{id}/codes/{code_id}/merge"): R(
        CHANGE, obj="coding_code"
    ),
    ("PATCH", "/coding-projects/{id}/codes/{code_id}"): R(CHANGE, obj="coding_code"),
    ("GET", "/coding-projects/{id}/memos"): R(QUAL_CODE, obj="coding_project"),
    ("POST", "/coding-projects/{id}/memos"): R(QUAL_CODE, obj="coding_project"),
    # the ledger and accountability of cases (issue 17)
    ("GET", "/ledger/verification"): R(CASES_AUDIT),
    ("GET", "/accountability"): R(CASES_ANY),
    ("GET", "/cases/{case_id}/accountability"): R(obj="case"),
    # outcomes and value, the rest (issue 17)
    ("GET", "/initiatives/{id}/indicators"): R(obj="initiative"),
    ("GET", "/initiatives/{id}/costs"): R(obj="initiative"),
    ("GET", "/initiatives/{id}/sroi"): R(obj="initiative"),
    ("GET", "/value-rates"): R(),
    # representativeness and sustainability (issue 17)
    ("GET", "/population-tables"): R(ANALYSIS_READ),
    ("GET", "/population-tables/{table_id}"): R(ANALYSIS_READ, obj="population_table"),
    ("GET", "/initiatives/{id}/representativeness"): R(ANALYSIS_READ, obj="initiative"),
    ("GET", "/sustainability"): R(ANALYSIS_READ),
    ("GET", "/initiatives/{id}/sustainability"): R(ANALYSIS_READ, obj="initiative"),
    ("GET", "/sustainability-assessments/{assessment_id}"): R(
        ANALYSIS_READ, obj="assessment"
    ),
    # dashboards (issue 17)
    ("GET", "/dashboard"): R(),
    ("GET", "/initiatives/{id}/dashboard"): R(obj="initiative"),
    # members, roles and one's own tokens (issue 17)
    ("GET", "/roles"): R(),
    ("GET", "/members"): R(ADMIN),
    ("PATCH", "/members/{member_id}"): R(ADMIN, obj="tenant_member"),
    ("DELETE", "/members/{member_id}"): R(ADMIN, obj="tenant_member"),
    ("GET", "/tokens"): R(),
    ("POST", "/tokens"): R(),
    ("POST", "/tokens/{token_id}/revoke"): R(obj="token"),
    # a panel's answers at response level (issue 17)
    ("GET", "/panels/{panel_id}/responses"): R(EXPORT, EVALUATION_READ, obj="panel"),
    # collaboration (issue 15)
    ("GET", "/partnerships"): R(VIEW),
    ("POST", "/partnerships"): R(VIEW, CHANGE),
    ("GET", "/partnerships/{id}"): R(VIEW, obj="partnership"),
    # a side's contact and words: that side's staff and the managers
    ("PATCH", "/partnerships/{id}/sides/{side_id}"): R(VIEW, obj="partnership_side"),
    ("POST", "/partnerships/{id}/sides/{side_id}/commitments"): R(
        VIEW, obj="partnership_side"
    ),
    ("GET", "/commitments/{id}"): R(VIEW, obj="commitment_read"),
    ("PATCH", "/commitments/{id}"): R(VIEW, obj="commitment"),
    ("GET", "/learning-entries"): R(VIEW),
    ("POST", "/learning-entries"): R(VIEW, COLLAB_WRITE),
    ("GET", "/learning-entries/{id}"): R(VIEW, obj="learning"),
    ("GET", "/learning-entries/{id}/follow-ups"): R(VIEW, obj="learning"),
    ("POST", "/learning-entries/{id}/follow-ups"): R(
        VIEW, COLLAB_WRITE, obj="learning"
    ),
    ("GET", "/collaboration/network"): R(VIEW),
    ("GET", "/initiatives/{id}/opportunity-space"): R(
        VIEW, obj="collaboration_initiative"
    ),
    ("GET", "/initiatives/{id}/stage-relations"): R(
        VIEW, obj="collaboration_initiative"
    ),
}

SCHEMA = api.get_openapi_schema(path_prefix="")


def schema_operations():
    for path, ops in SCHEMA["paths"].items():
        for method, op in ops.items():
            yield method.upper(), path, op


def test_every_operation_is_declared():
    found = {(m, p) for m, p, _op in schema_operations()}
    assert found - set(OPERATIONS) == set(), "operations missing from the role matrix"
    assert set(OPERATIONS) - found == set(), "the matrix names operations that are gone"


def test_openapi_document_lists_the_same_operations(world):
    """The served document is the one the matrix is read from."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = {
        (m.upper(), p.removeprefix("/api/v1"))
        for p, ops in response.json()["paths"].items()
        for m in ops
    }
    assert served == set(OPERATIONS)


# Bodies that pass validation where the schema alone cannot say so.
BODY_EXTRA = {
    ("POST", "/instruments/from-library"): {"free_text": ["How are you?"]},
}


def _sample(schema, name=""):
    """A value that satisfies ``schema`` (required fields only), for a body that passes
    validation, so that what answers is the permission check or the service."""
    if "$ref" in schema:
        ref = schema["$ref"].split("/")[-1]
        return _sample(SCHEMA["components"]["schemas"][ref], name)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _sample(options[0], name)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _sample(props[k], k) for k in schema.get("required", [])}
    if kind == "array":
        count = max(schema.get("minItems", 1), 1)
        return [_sample(schema["items"], name.removesuffix("s")) for _ in range(count)]
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = schema.get("format")
        choice = re.match(r"\^\(?([\w-]+)\|", schema.get("pattern", ""))
        if fmt == "date":
            return "2026-03-01"
        if fmt == "date-time":
            return "2026-03-01T10:00:00+02:00"
        if fmt == "email" or "email" in name:
            return "someone@example.org"
        if choice:
            return choice.group(1)
        return "x" * max(schema.get("minLength", 1), 1)
    return None


def body_for(method, path):
    op = SCHEMA["paths"][path][method.lower()]
    if "requestBody" not in op:
        return None
    body = _sample(op["requestBody"]["content"]["application/json"]["schema"])
    return body | BODY_EXTRA.get((method, path), {})


def api_path(world, path, rule, target, identity=None) -> str:
    if rule.key in ("token", "tenant_member") and target == "own":
        source = world.per_user[identity][rule.key]
    else:
        source = world.targets[target].get(rule.key, {}) if rule.key else {}
    return "/api/v1" + re.sub(r"{(\w+)}", lambda m: str(source[m.group(1)]), path)


@pytest.fixture(scope="module")
def api_clients(world):
    made = {}
    for identity, user in world.users.items():
        _token, key = api_token_create(tenant=world.tenant, user=user, name="matrix")
        made[identity] = Client(headers={"Authorization": f"Bearer {key}"})
    return made


def api_status(world, api_clients, identity, method, path, target):
    key = ("api", identity, method, path, target)
    if key not in ANSWERS:
        rule = OPERATIONS[(method, path)]
        url = api_path(world, path, rule, target, identity)
        body = body_for(method, path)
        kwargs = (
            {"data": json.dumps(body), "content_type": "application/json"}
            if body is not None
            else {}
        )
        response = getattr(api_clients[identity], method.lower())(url, **kwargs)
        ANSWERS[key] = response.status_code, url, response.content[:300]
    return ANSWERS[key]


def api_cases():
    for (method, path), rule in OPERATIONS.items():
        for identity, target in cases_for(rule):
            yield (
                f"{identity}-{method}-{path}-{target}",
                (identity, method, path, target),
            )


@pytest.mark.parametrize(
    ("identity", "method", "path", "target"), params("test_api", api_cases())
)
def test_api(world, api_clients, identity, method, path, target):
    rule = OPERATIONS[(method, path)]
    status, url, content = api_status(
        world, api_clients, identity, method, path, target
    )
    want = expected(identity, rule, target, read=method == "GET")
    assert status in want, (
        f"{identity} {method} {url}: {status}, expected {sorted(want)}: {content!r}"
    )


def test_pages_and_operations_share_the_rule():
    """Where a page and an operation read the same thing, the matrix declares one rule."""
    for page, op in AGREE:
        assert PAGES[page].need == OPERATIONS[op].need, (page, op)
        assert PAGES[page].obj == OPERATIONS[op].obj, (page, op)


# Agreement: a page and the operation that read the same thing answer alike ---------------

AGREE = [
    ("portfolio", ("GET", "/portfolio")),
    ("coding-project-list", ("GET", "/coding-projects")),
    ("coding-project-detail", ("GET", "/coding-projects/{id}")),
    ("coding-agreement", ("GET", "/coding-projects/{id}/agreement")),
    ("collaboration-partnership-detail", ("GET", "/partnerships/{id}")),
    ("collaboration-learning-detail", ("GET", "/learning-entries/{id}")),
    ("collaboration-network", ("GET", "/collaboration/network")),
    ("collaboration-opportunity", ("GET", "/initiatives/{id}/opportunity-space")),
    ("initiative-detail", ("GET", "/initiatives/{id}")),
    ("activity-detail", ("GET", "/activities/{id}")),
    ("organisation-list", ("GET", "/organisations")),
    ("organisation-detail", ("GET", "/organisations/{id}")),
    ("person-list", ("GET", "/people")),
    ("person-detail", ("GET", "/people/{id}")),
    ("service-list", ("GET", "/services")),
    ("service-detail", ("GET", "/services/{id}")),
    ("outcome-list", ("GET", "/initiatives/{id}/outcomes")),
    ("value", ("GET", "/initiatives/{id}/value")),
    ("instrument-list", ("GET", "/instruments")),
    ("instrument-detail", ("GET", "/instruments/{instrument_id}")),
    ("evaluation-index", ("GET", "/panels")),
    ("panel-detail", ("GET", "/panels/{panel_id}")),
    ("panel-report", ("GET", "/panels/{panel_id}/report")),
    ("panel-report-json", ("GET", "/panels/{panel_id}/report")),
    ("case-list", ("GET", "/cases")),
    ("case-type-list", ("GET", "/case-types")),
    ("case-detail", ("GET", "/cases/{case_id}")),
    ("case-parties", ("GET", "/cases/{case_id}/parties")),
    ("case-trail-export", ("GET", "/cases/{case_id}/trail")),
    ("crisis-need", ("GET", "/needs/{id}")),
    ("opportunity-list", ("GET", "/opportunities")),
    ("opportunity-detail", ("GET", "/opportunities/{id}")),
    ("my-data", ("GET", "/me/data")),
    ("ledger-verify", ("GET", "/ledger/verification")),
    ("cases-accountability", ("GET", "/accountability")),
    ("case-accountability", ("GET", "/cases/{case_id}/accountability")),
    ("value-rates", ("GET", "/value-rates")),
    ("representativeness-index", ("GET", "/population-tables")),
    ("population-table-detail", ("GET", "/population-tables/{table_id}")),
    ("representativeness-initiative", ("GET", "/initiatives/{id}/representativeness")),
    ("sustainability-index", ("GET", "/sustainability")),
    ("sustainability-initiative", ("GET", "/initiatives/{id}/sustainability")),
    (
        "sustainability-assessment",
        ("GET", "/sustainability-assessments/{assessment_id}"),
    ),
    ("dashboard", ("GET", "/dashboard")),
    ("initiative-dashboard", ("GET", "/initiatives/{id}/dashboard")),
    ("member-list", ("GET", "/members")),
    ("token-list", ("GET", "/tokens")),
    ("panel-data", ("GET", "/panels/{panel_id}/responses")),
    ("initiative-dashboard-xlsx", ("GET", "/initiatives/{id}/dashboard")),
    ("dashboard-xlsx", ("GET", "/dashboard")),
]


def agree_cases():
    for page, (method, path) in AGREE:
        for identity, target in cases_for(PAGES[page]):
            yield f"{identity}-{page}-{target}", (identity, page, method, path, target)


def _allowed(status) -> bool:
    return status < 400


@pytest.mark.parametrize(
    ("identity", "page", "method", "path", "target"),
    params("test_web_and_api_agree", agree_cases()),
)
def test_web_and_api_agree(
    world, clients, api_clients, identity, page, method, path, target
):
    web, url = page_status(world, clients, identity, page, target)
    api_, api_url, _content = api_status(
        world, api_clients, identity, method, path, target
    )
    assert _allowed(web) == _allowed(api_), (
        f"{identity}: {url} answers {web}, {method} {api_url} answers {api_}"
    )


# The menu: every link of the navigation answers -------------------------------------------


class _Nav(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self.depth += 1
        elif tag == "a" and self.depth:
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "nav":
            self.depth -= 1


def menu_links(client, url):
    response = client.get(url, follow=True)  # co-producers land on their own page
    assert response.status_code == 200
    parser = _Nav()
    parser.feed(response.content.decode())
    return [
        link.split("?")[0] for link in parser.links if link and link.startswith("/t/")
    ]


def menu_cases():
    for identity in IDENTITIES:
        yield f"{identity}-menu", (identity,)


@pytest.mark.parametrize("identity", params("test_menu_links_answer", menu_cases()))
def test_menu_links_answer(world, clients, identity):
    client = clients[identity]
    links = menu_links(
        client, reverse("portfolio", kwargs={"tenant": world.tenant.slug})
    )
    assert links
    refused = {link: client.get(link).status_code for link in links}
    refused = {link: s for link, s in refused.items() if s != 200}
    assert refused == {}, f"{identity}'s menu links pages that refuse them"


def test_every_known_failure_names_a_test():
    """A mark whose id no longer exists (renamed page, role) would hide nothing: refuse it."""
    assert set(XFAIL) - USED == set()


# Who took part: names and ids of other people (issue 11, item 2) -----------------------------

# Roles that learn who else took part: people.view (staff) everyone; people.view_team
# (volunteers, partners) the professionals and volunteers of the activities they took
# part in; everyone else only themselves. Nobody without people.view sees a service user
# or a resident.
TEAM = "people.view_team"


def _participants_hidden_from(world, identity):
    """(given names, person ids) of the participants ``identity`` must not learn of."""
    from coproduce.cases.models import Assignment
    from coproduce.initiatives.models import Participation
    from coproduce.people.models import Person

    me = Person.objects.filter(user=world.users[identity], tenant=world.tenant).first()
    mine = Participation.objects.filter(person=me).values("activity_id")
    # a case's mediators and supervisor are named to whoever may read the case: they
    # are its staff, not clients (the case's parties are never named, see cases)
    case_staff = (
        set(Assignment.objects.values_list("person_id", flat=True))
        if permissions_of(identity) & CASES_ANY
        else set()
    )
    hidden = {}
    for p in Participation.objects.filter(
        tenant=world.tenant, person__isnull=False
    ).select_related("person"):
        if me is not None and p.person_id == me.pk:
            continue
        team = (
            TEAM in permissions_of(identity)
            and p.activity_id in {m["activity_id"] for m in mine}
            and p.role in ("professional", "volunteer")
        )
        if not team and p.person_id not in case_staff:
            hidden[p.person_id] = p.person.given_name
    return set(hidden.values()), set(hidden), me.pk if me else None


def _person_ids(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("person", "person_id") and isinstance(item, int):
                yield item
            else:
                yield from _person_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _person_ids(item)


@pytest.mark.parametrize(
    "identity", [i for i in IDENTITIES if PEOPLE not in permissions_of(i)]
)
def test_no_role_without_people_view_learns_who_else_took_part(
    world, clients, api_clients, identity
):
    """Every page and every read of the API, as each role without ``people.view``: no
    name of a participant they may not learn of, no such person's id."""
    names, ids, me = _participants_hidden_from(world, identity)
    assert names  # the world has participants to hide from everyone asked here
    leaks = []
    for name in PAGES:
        if name in POST_ONLY:
            continue
        for target in ("own", "hidden"):
            url = page_url(world, identity, name, target)
            response = clients[identity].get(url)
            if response.status_code != 200:
                continue
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            )
            text = body.decode("utf-8", "replace")
            leaks += [f"page {url}: {n}" for n in sorted(names) if n in text]
    for (method, path), rule in OPERATIONS.items():
        if method != "GET":
            continue
        for target in ("own", "hidden"):
            url = api_path(world, path, rule, target, identity)
            response = api_clients[identity].get(url)
            if response.status_code != 200 or "json" not in response["Content-Type"]:
                continue
            text = response.content.decode()
            leaks += [f"api {url}: {n}" for n in sorted(names) if n in text]
            shown = set(_person_ids(json.loads(text))) & ids
            leaks += [f"api {url}: person {i}" for i in sorted(shown)]
    assert not leaks, "\n".join(leaks)
