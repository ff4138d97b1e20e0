"""schemathesis over the co-producers' operations (tag ``co-producers``) with a
volunteer's token: what a co-producer's own client can send. No server error, every
answer as the document says (a 403 for the coordinators' operations, a 404 for what is
not theirs), with ids that half of the time point at real rows: an opportunity open to
volunteers, its shift the volunteer has a place on, the volunteer's own waiting report.
tests/api/test_schemathesis.py runs the whole document with a coordinator's token."""

import datetime as dt
import os
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from .. import factories as f
from .test_schemathesis import CHECKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(tenant, coordinator, make_member, api_headers):
    from coproduce.coproducers import services
    from coproduce.coproducers.models import Claim
    from coproduce.people.models import Person
    from coproduce.tenancy.actor import actor_build

    volunteer = make_member(tenant, "volunteer")
    person = Person.objects.get(tenant=tenant, user=volunteer)
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    f.ParticipationFactory(activity=activity, person=person, role="volunteer")
    opportunity = services.opportunity_create(
        initiative=initiative,
        actor=actor_build(tenant=tenant, user=coordinator, role="coordinator"),
        first_starts_at=timezone.now() + dt.timedelta(days=7),
        minutes=120,
        title="Read to children",
        place="Library",
        capacity=3,
        open_to_volunteers=True,
        status="published",
    )
    shift = opportunity.shifts.get()
    services.shift_sign_up(
        shift=shift, actor=actor_build(tenant=tenant, user=volunteer, role="volunteer")
    )
    claim = Claim.objects.create(
        tenant=tenant, person=person, initiative=initiative, activity=activity,
        kind=Claim.Kind.HOURS, role="volunteer", hours=Decimal("2"),
        date=dt.date(2026, 3, 1),
    )  # fmt: skip
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "headers": api_headers(volunteer, tenant),
        "ids": {
            "opportunities": opportunity.pk,
            "shift_id": shift.pk,
            "claim_id": claim.pk,
        },
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _load_schema():
    from coproduce.config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    schema.config.phases.coverage.enabled = bool(
        os.environ.get("COPRODUCE_API_FUZZ_COVERAGE")
    )
    return schema.include(tag="co-producers")


schema = _load_schema()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_coproducer_operations_conform_with_a_volunteers_token(case, seeded):
    headers = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    header_mangled = headers is not None and headers.mode.is_negative
    if case.headers and "Authorization" in case.headers and not header_mangled:
        case.headers["Authorization"] = seeded["headers"]["Authorization"]
    resource = case.path.split("/")[3]
    for name, value in (case.path_parameters or {}).items():
        real = seeded["ids"].get(resource if name == "id" else name)
        valid = isinstance(value, int) and 1 <= value <= 2**63 - 1
        if real is not None and valid and value % 2 == 0:
            case.path_parameters[name] = real
    case.call_and_validate(checks=CHECKS)
