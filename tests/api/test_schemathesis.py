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


@pytest.fixture
def seeded(db_connection_kept, tenant, coordinator, api_headers):
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
        "ids": {name: obj.pk for name, obj in rows.items()},
    }


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
    # nothing; invalid ones stay invalid.
    resource = case.path.split("/")[3]
    generated_id = (case.path_parameters or {}).get("id")
    if isinstance(generated_id, int) and 1 <= generated_id <= BIGINT:
        if generated_id % 2 == 0:
            case.path_parameters["id"] = seeded["ids"][resource]
    case.call_and_validate(checks=CHECKS)
