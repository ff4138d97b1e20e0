"""A step has two times: when it happened (the meeting held last week, as the form says)
and when it was recorded (now). Both are kept, hashed into the ledger and shown."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from coproduce.cases.ledger import ledger_sequence
from coproduce.cases.models import Case, ConsentRecord, LedgerEntry, StepRecord
from coproduce.cases.selectors import case_trail_rows
from coproduce.cases.services import OCCURRED_TOLERANCE
from coproduce.core.errors import DomainError

from .conftest import step

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred_a_fortnight_ago(world):
    Case.objects.filter(pk=world.case.pk).update(
        referred_on=timezone.localdate() - dt.timedelta(days=14)
    )
    return world


def test_a_step_held_last_week_keeps_its_date_in_the_trail_and_the_ledger(
    referred_a_fortnight_ago, client_for
):
    world = referred_a_fortnight_ago
    held = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(days=7)
    held = held.replace(hour=10, minute=30)
    client = client_for(world.users.vol1)
    base = f"/t/{world.tenant.slug}/cases/{world.case.pk}"
    # the form asks when it happened, and offers now
    assert 'name="occurred_at"' in client.get(f"{base}/").content.decode()
    before = timezone.now()
    response = client.post(
        f"{base}/steps/",
        {
            "code": "consent",
            "party": "A",
            "occurred_at": held.strftime("%Y-%m-%dT%H:%M"),
            "version": Case.objects.get(pk=world.case.pk).version,
        },
    )
    assert response.status_code == 302
    record = StepRecord.objects.get(case=world.case, code="consent")
    assert record.occurred_at == held
    assert record.performed_at >= before  # recorded now, not last week
    assert ConsentRecord.objects.get(case=world.case).given_at == held

    ledger_sequence(tenant_id=world.tenant.pk)
    entry = LedgerEntry.objects.get(
        kind="step.recorded", content__contains=f'"record":{record.pk},'
    )
    data = json.loads(entry.content)["data"]
    assert data["occurred_at"] == held.astimezone(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )
    assert data["recorded_at"] == record.performed_at.astimezone(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )
    [row] = [r for r in case_trail_rows(world.case) if r["seq"] == entry.seq]
    assert (row["occurred_at"], row["recorded_at"]) == (held, record.performed_at)
    trail = client.get(f"{base}/trail/").content.decode()
    assert held.strftime("%Y-%m-%d %H:%M") in trail
    recorded = timezone.localtime(record.performed_at).strftime("%Y-%m-%d %H:%M:%S")
    assert recorded in trail
    detail = client.get(f"{base}/").content.decode()
    assert held.strftime("%Y-%m-%d %H:%M") in detail


def test_a_step_without_a_time_happened_now(world):
    before = timezone.now()
    record = step(world, world.users.vol1, "consent", party="A")
    assert before <= record.occurred_at == record.performed_at <= timezone.now()


def test_a_step_in_the_future_or_before_the_referral_is_refused(
    referred_a_fortnight_ago,
):
    world = referred_a_fortnight_ago
    now = timezone.now()
    with pytest.raises(DomainError, match="in the future") as exc:
        step(
            world,
            world.users.vol1,
            "consent",
            party="A",
            occurred_at=now + OCCURRED_TOLERANCE + dt.timedelta(minutes=1),
        )
    assert exc.value.field == "occurred_at"
    with pytest.raises(DomainError, match="before the case was referred"):
        step(
            world,
            world.users.vol1,
            "consent",
            party="A",
            occurred_at=now - dt.timedelta(days=15),
        )
    assert not StepRecord.objects.filter(case=world.case, code="consent").exists()
    # a clock a minute fast is tolerated
    record = step(
        world,
        world.users.vol1,
        "consent",
        party="A",
        occurred_at=now + dt.timedelta(minutes=1),
    )
    assert record.occurred_at > record.performed_at


def test_the_api_takes_when_a_step_happened(referred_a_fortnight_ago, api_headers):
    from tests.api.conftest import ApiClient

    world = referred_a_fortnight_ago
    api = ApiClient(api_headers(world.users.vol1, world.tenant))
    held = (timezone.now() - dt.timedelta(days=3)).replace(microsecond=0)
    response = api.post(
        f"/cases/{world.case.pk}/steps",
        {
            "code": "consent",
            "party": "A",
            "occurred_at": held.isoformat(),
            "version": Case.objects.get(pk=world.case.pk).version,
        },
    )
    assert response.status_code == 201, response.data
    [consent] = [s for s in response.data["steps"] if s["code"] == "consent"]
    assert dt.datetime.fromisoformat(consent["occurred_at"]) == held
    assert dt.datetime.fromisoformat(consent["performed_at"]) > held
