"""Property-based run of the whole OpenAPI document against the app (schemathesis): no
response is a server error, and every response matches the document (status, content
type, headers, body)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coproduce.api.schemas import BIGINT

from .. import factories as f

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def db_connection_kept():
    """schemathesis calls the WSGI app directly, whose request signals would close the
    connection and with it the test's transaction (on PostgreSQL); Django's own test
    client disconnects them in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _case_seed(tenant, coordinator, make_member) -> dict[str, int]:
    """A conciliation case with its pair and supervisor, walked to an agreement that
    waits for its sign-off: what the cases paths' ``type_id``, ``case_id`` and
    ``record_id`` point at."""
    import datetime as dt

    from coproduce.cases import services
    from coproduce.cases.models import Case
    from coproduce.people.models import Person
    from coproduce.tenancy.actor import actor_build

    def actor(user, role):
        return actor_build(tenant=tenant, user=user, role=role)

    coord = actor(coordinator, "coordinator")
    mediators = [make_member(tenant, "volunteer") for _ in range(2)]
    supervisor = make_member(tenant, "professional")
    case_type = services.conciliation_install(tenant=tenant, actor=coord)
    case = services.case_register(
        tenant=tenant,
        actor=coord,
        case_type=case_type,
        organisation=f.OrganisationFactory(tenant=tenant),
        referrer="police",
        referred_on=dt.date(2026, 3, 2),
        parties=[{"role": "victim", "given_name": "Vera"}, {"role": "suspect"}],
    )
    services.case_assign(
        case=case,
        actor=coord,
        mediators=[Person.objects.get(tenant=tenant, user=u) for u in mediators],
        supervisor=Person.objects.get(tenant=tenant, user=supervisor),
        expected_version=None,
    )
    mediator = actor(mediators[0], "volunteer")
    record = None
    for code, values in [
        ("consent", {"party": "A"}),
        ("consent", {"party": "B"}),
        ("preparation", {}),
        ("meeting", {}),
        ("agreement", {"outcome": "agreement"}),
    ]:
        record = services.case_step_record(
            case=Case.objects.get(pk=case.pk),
            actor=mediator,
            code=code,
            expected_version=None,
            **values,
        )
    return {"type_id": case_type.pk, "case_id": case.pk, "record_id": record.pk}


def _coproducers_seed(tenant, coordinator, make_member, activity) -> dict[str, int]:
    """A published opportunity with a shift in a week, and hours a volunteer reported
    for ``activity``, waiting: what /opportunities/{id}, {shift_id} and {claim_id}
    point at."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from coproduce.coproducers.models import Claim
    from coproduce.coproducers.services import opportunity_create
    from coproduce.people.models import Person
    from coproduce.tenancy.actor import actor_build

    opportunity = opportunity_create(
        initiative=activity.initiative,
        actor=actor_build(tenant=tenant, user=coordinator, role="coordinator"),
        first_starts_at=timezone.now() + dt.timedelta(days=7),
        minutes=120,
        title="Help at the library",
        place="Library hall",
        capacity=3,
        status="published",
    )
    volunteer = Person.objects.get(tenant=tenant, user=make_member(tenant, "volunteer"))
    claim = Claim.objects.create(
        tenant=tenant,
        person=volunteer,
        initiative=activity.initiative,
        activity=activity,
        kind=Claim.Kind.HOURS,
        role="volunteer",
        hours=Decimal("2"),
        date=dt.date(2026, 3, 1),
    )
    return {
        "opportunities": opportunity.pk,
        "shift_id": opportunity.shifts.get().pk,
        "claim_id": claim.pk,
    }


def _research_seed(tenant, coordinator, initiative) -> dict[str, int]:
    """What the research areas' paths reach (issue 17): outcomes with an indicator,
    costs and a valued outcome (the SROI and its sensitivity), a population table the
    initiative is served by, a sustainability assessment, a panel with two answered
    waves, a token of the caller and a member of the tenant."""
    import datetime as dt

    from coproduce.sustainability import services as sustainability_services
    from coproduce.sustainability.models import Dimension
    from coproduce.tenancy.models import TenantMembership
    from coproduce.tenancy.services import api_token_create
    from tests.access.conftest import _instrument, _panel
    from tests.outcomes.factories import (
        CostFactory,
        IndicatorFactory,
        MeasurementFactory,
        OutcomeFactory,
        OutcomeValuationFactory,
    )
    from tests.representativeness.helpers import population, serve

    indicator = IndicatorFactory(outcome=OutcomeFactory(initiative=initiative))
    MeasurementFactory(indicator=indicator)
    CostFactory(initiative=initiative)
    OutcomeValuationFactory(initiative=initiative)
    table = population(tenant, name="Riverside area")
    serve(initiative, table)
    initiative.is_temporary = True
    initiative.end_date = dt.date(2026, 12, 31)
    initiative.save(update_fields=["is_temporary", "end_date"])
    assessment = sustainability_services.assessment_create(
        initiative=initiative,
        actor=coordinator,
        assessed_on=dt.date(2026, 3, 1),
        scores={
            d: {"score": 3, "rationale": "As recorded.", "weakness": ""}
            for d in Dimension.values
        },
    )
    panel, _members, _waves = _panel(
        tenant, coordinator, initiative, _instrument(tenant, coordinator), seed=1
    )
    token, _key = api_token_create(tenant=tenant, user=coordinator, name="fuzz")
    member = TenantMembership.objects.filter(tenant=tenant).exclude(user=coordinator)
    return {
        "table_id": table.pk,
        "assessment_id": assessment.pk,
        "panel_id": panel.pk,
        "token_id": token.pk,
        "member_id": member.first().pk,
    }


@pytest.fixture
def seeded(db_connection_kept, tenant, coordinator, api_headers, make_member):
    """A little of everything, so that detail paths also reach real rows."""
    initiative = f.InitiativeFactory(tenant=tenant, co_design=True)
    initiative.services.add(f.PublicServiceFactory(tenant=tenant))
    activity = f.ActivityFactory(initiative=initiative)
    participation = f.ParticipationFactory(activity=activity, role="volunteer")
    rows = {
        "organisations": initiative.lead_organisation,
        "people": participation.person,
        "memberships": f.MembershipFactory(tenant=tenant),
        "services": initiative.services.get(),
        "initiatives": initiative,
        "partners": f.InitiativePartnerFactory(initiative=initiative),
        "activities": activity,
        "participations": participation,
        "contributions": f.ContributionFactory(initiative=initiative),
    }
    return {
        "headers": api_headers(coordinator, tenant),
        # by resource for the paths' {id}, by name for the other path parameters
        "ids": {name: obj.pk for name, obj in rows.items()}
        | _case_seed(tenant, coordinator, make_member)
        | _coproducers_seed(tenant, coordinator, make_member, activity)
        | _research_seed(tenant, coordinator, initiative)
        | _coding_seed(tenant, coordinator, initiative),
    }


def _coding_seed(tenant, coordinator, initiative):
    """A coding project with a text, two codes (one applied) and a memo, so that the
    qualitative paths (change, merge, delete a code; delete the project) reach rows."""
    from coproduce.qualitative import services as qualitative
    from coproduce.qualitative.models import Document
    from coproduce.tenancy.actor import actor_build

    actor = actor_build(tenant=tenant, user=coordinator, role="coordinator")
    project = qualitative.project_create(
        tenant=tenant, actor=actor, title="Fuzzed", initiative=initiative
    )
    document = Document.objects.create(
        tenant=tenant, project=project, kind="upload", title="T", text="Kind staff."
    )
    used = qualitative.code_create(project=project, actor=actor, name="Kindness")
    qualitative.code_create(project=project, actor=actor, name="Warmth", parent=used)
    qualitative.coding_create(document=document, code=used, actor=actor, start=0, end=4)
    qualitative.memo_create(project=project, actor=actor, text="Memo", code=used)
    return {"coding-projects": project.pk, "code_id": used.pk}


def _load_schema():
    # Loaded at collection (schemathesis.pytest.from_fixture would wait for a fixture,
    # but does not work with pytest 9).
    from coproduce.config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = _load_schema()
# The coverage phase (every boundary of every field, a few thousand requests) doubles the
# run; it passes too, and runs with COPRODUCE_API_FUZZ_COVERAGE=1.
schema.config.phases.coverage.enabled = bool(
    os.environ.get("COPRODUCE_API_FUZZ_COVERAGE")
)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_api_conforms_to_its_openapi_document(case, seeded):
    # The token replaces the generated one; a case that leaves the header out on
    # purpose (to see a 401) keeps it out.
    headers = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    header_mangled = headers is not None and headers.mode.is_negative
    if case.headers and "Authorization" in case.headers and not header_mangled:
        case.headers["Authorization"] = seeded["headers"]["Authorization"]
    # Half of the valid generated ids point at a real row, the rest most likely at
    # nothing; invalid ones stay invalid. {id} is the resource's (/initiatives/{id});
    # other parameters are seeded by name (/cases/{case_id}) where the seed has one.
    resource = case.path.split("/")[3]
    for name, generated_id in (case.path_parameters or {}).items():
        real = seeded["ids"].get(resource if name == "id" else name)
        if real is None or not isinstance(generated_id, int):
            continue
        if 1 <= generated_id <= BIGINT and generated_id % 2 == 0:
            case.path_parameters[name] = real
    case.call_and_validate(checks=CHECKS)
