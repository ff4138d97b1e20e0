"""Changing and deleting outcomes, indicators and measurements: through the services (one
event each), refused to viewers (403) and to other tenants and people who cannot see the
initiative (404), and with optimistic locking as on the initiative's edit page: a save made
from an older version is refused with 409 and the values saved in the meantime."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.core.models import Event
from coproduce.outcomes.models import Indicator, Measurement, Outcome
from tests import factories as f

from .factories import IndicatorFactory, MeasurementFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


@pytest.fixture
def initiative(tenant):
    return f.InitiativeFactory(tenant=tenant, slug="pilot", name="Pilot")


@pytest.fixture
def outcome(initiative):
    return OutcomeFactory(initiative=initiative, name="Less loneliness")


@pytest.fixture
def indicator(outcome):
    return IndicatorFactory(
        outcome=outcome,
        name="Residents who know a neighbour",
        baseline=Decimal("40"),
        target=Decimal("90"),
    )


@pytest.fixture
def measurement(indicator):
    return MeasurementFactory(
        indicator=indicator, date=dt.date(2026, 1, 15), value=Decimal("45")
    )


def outcome_form(outcome, **changes):
    return {
        "kind": outcome.kind,
        "name": outcome.name,
        "description": outcome.description,
        "version": outcome.version,
        **changes,
    }


def indicator_form(indicator, **changes):
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": str(indicator.baseline),
        "target": str(indicator.target),
        "direction": indicator.direction,
        "version": indicator.version,
        **changes,
    }


def measurement_form(measurement, **changes):
    return {
        "date": measurement.date.isoformat(),
        "value": str(measurement.value),
        "note": measurement.note,
        "version": measurement.version,
        **changes,
    }


def edit_urls(tenant, initiative, outcome, indicator, measurement):
    slug = initiative.slug
    return {
        "outcome-update": url("outcome-update", tenant, slug=slug, pk=outcome.pk),
        "outcome-delete": url("outcome-delete", tenant, slug=slug, pk=outcome.pk),
        "indicator-update": url("indicator-update", tenant, slug=slug, pk=indicator.pk),
        "indicator-delete": url("indicator-delete", tenant, slug=slug, pk=indicator.pk),
        "measurement-update": url(
            "measurement-update", tenant, slug=slug, pk=measurement.pk
        ),
        "measurement-delete": url(
            "measurement-delete", tenant, slug=slug, pk=measurement.pk
        ),
    }


# --- the coordinator changes and deletes ------------------------------------------------


def test_the_outcome_page_links_to_every_edit_and_delete_page(
    coordinator_client, tenant, initiative, outcome, indicator, measurement
):
    html = coordinator_client.get(
        url("outcome-detail", tenant, slug=initiative.slug, pk=outcome.pk)
    ).content.decode()
    for link in edit_urls(tenant, initiative, outcome, indicator, measurement).values():
        assert f'href="{link}"' in html
    for page in edit_urls(tenant, initiative, outcome, indicator, measurement).values():
        assert coordinator_client.get(page).status_code == 200, page


def test_coordinator_changes_an_outcome(
    coordinator_client, tenant, initiative, outcome
):
    response = coordinator_client.post(
        url("outcome-update", tenant, slug=initiative.slug, pk=outcome.pk),
        outcome_form(outcome, name="Fewer lonely residents", kind="public"),
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.name, outcome.kind, outcome.version) == (
        "Fewer lonely residents",
        "public",
        2,
    )
    event = Event.objects.get(action="outcome.changed", object_id=outcome.pk)
    assert event.data["name"] == {
        "old": "Less loneliness",
        "new": "Fewer lonely residents",
    }


def test_coordinator_changes_an_indicator_and_the_model_rule_holds(
    coordinator_client, tenant, initiative, indicator
):
    target = url("indicator-update", tenant, slug=initiative.slug, pk=indicator.pk)
    refused = coordinator_client.post(
        target, indicator_form(indicator, target="30")
    )  # higher is better, below the baseline
    assert refused.status_code == 200
    assert "the target must be above the baseline" in refused.content.decode()
    indicator.refresh_from_db()
    assert indicator.target == Decimal("90")
    assert indicator.version == 1

    response = coordinator_client.post(
        target, indicator_form(indicator, target="80", unit="%")
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.target == Decimal("80")
    assert indicator.version == 2
    assert Event.objects.filter(
        action="indicator.changed", object_id=indicator.pk
    ).exists()


def test_coordinator_corrects_a_measurement(
    coordinator_client, tenant, initiative, measurement
):
    response = coordinator_client.post(
        url("measurement-update", tenant, slug=initiative.slug, pk=measurement.pk),
        measurement_form(measurement, value="47.5", note="recounted"),
    )
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.value == Decimal("47.5")
    assert measurement.note == "recounted"
    event = Event.objects.get(action="measurement.changed", object_id=measurement.pk)
    assert Decimal(event.data["value"]["new"]) == Decimal("47.5")
    assert Decimal(event.data["value"]["old"]) == Decimal("45")


def test_a_measurement_from_a_scale_keeps_its_value(
    coordinator_client, tenant, initiative, measurement
):
    Measurement.objects.filter(pk=measurement.pk).update(
        source=Measurement.Source.SCALE
    )
    measurement.refresh_from_db()
    target = url("measurement-update", tenant, slug=initiative.slug, pk=measurement.pk)
    # the value field is disabled: a posted value is ignored, the note is saved
    response = coordinator_client.post(
        target, measurement_form(measurement, value="99", note="wave 1")
    )
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.value == Decimal("45")
    assert measurement.note == "wave 1"


@pytest.mark.parametrize("name", ["outcome", "indicator", "measurement"])
def test_coordinator_deletes_after_confirming(
    coordinator_client, tenant, initiative, outcome, indicator, measurement, name
):
    obj = {"outcome": outcome, "indicator": indicator, "measurement": measurement}[name]
    model = type(obj)
    target = url(f"{name}-delete", tenant, slug=initiative.slug, pk=obj.pk)
    page = coordinator_client.get(target)
    assert page.status_code == 200
    assert "This cannot be undone" in page.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()

    response = coordinator_client.post(target)

    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    assert Event.objects.filter(
        action=f"{name}.deleted", object_id=obj.pk, actor__username="cora"
    ).exists()
    if name == "outcome":
        assert response["Location"] == url("outcome-list", tenant, slug="pilot")
    else:
        assert response["Location"] == url(
            "outcome-detail", tenant, slug="pilot", pk=outcome.pk
        )


# --- optimistic locking --------------------------------------------------------------


@pytest.mark.parametrize("name", ["outcome", "indicator", "measurement"])
def test_a_second_editor_is_refused_and_sees_what_the_first_saved(
    tenant,
    coordinator,
    make_member,
    client_for,
    initiative,
    outcome,
    indicator,
    measurement,
    name,
):
    obj, form, field, theirs, mine = {
        "outcome": (outcome, outcome_form, "name", "Theirs", "Mine"),
        "indicator": (indicator, indicator_form, "name", "Theirs", "Mine"),
        "measurement": (measurement, measurement_form, "note", "Theirs", "Mine"),
    }[name]
    target = url(f"{name}-update", tenant, slug=initiative.slug, pk=obj.pk)
    other = client_for(make_member(tenant, "coordinator"))
    me = client_for(coordinator)
    read = form(obj)  # both opened the page at version 1

    assert other.post(target, {**read, field: theirs}).status_code == 302
    response = me.post(target, {**read, field: mine})

    assert response.status_code == 409
    page = response.content.decode()
    assert f"Someone else changed this {name}" in page
    assert "The values saved in the meantime" in page
    assert theirs in page
    assert 'name="version" value="2"' in page  # saving again is deliberate
    obj.refresh_from_db()
    assert getattr(obj, field) == theirs
    assert obj.version == 2

    again = me.post(target, {**read, field: mine, "version": obj.version})

    assert again.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == mine
    assert obj.version == 3


# --- who may not ---------------------------------------------------------------------


def test_a_viewer_reads_but_may_not_change_or_delete(
    make_member, client_for, tenant, initiative, outcome, indicator, measurement
):
    viewer = client_for(make_member(tenant, "viewer"))
    detail = url("outcome-detail", tenant, slug=initiative.slug, pk=outcome.pk)
    html = viewer.get(detail).content.decode()
    assert "Less loneliness" in html
    assert "Change the outcome" not in html
    forms = {
        "outcome-update": outcome_form(outcome, name="x"),
        "indicator-update": indicator_form(indicator, name="x"),
        "measurement-update": measurement_form(measurement, value="1"),
    }
    for name, target in edit_urls(
        tenant, initiative, outcome, indicator, measurement
    ).items():
        assert viewer.get(target).status_code == 403, name
        assert viewer.post(target, forms.get(name, {})).status_code == 403, name
    for obj in (outcome, indicator, measurement):
        before = obj.version
        obj.refresh_from_db()  # still there, unchanged
        assert obj.version == before
    assert not Event.objects.filter(
        action__in=[
            "outcome.changed",
            "outcome.deleted",
            "indicator.changed",
            "indicator.deleted",
            "measurement.changed",
            "measurement.deleted",
        ]
    ).exists()


def test_someone_who_cannot_see_the_initiative_gets_404(
    make_member, client_for, tenant, initiative, outcome, indicator, measurement
):
    volunteer = client_for(make_member(tenant, "volunteer"))
    for name, target in edit_urls(
        tenant, initiative, outcome, indicator, measurement
    ).items():
        assert volunteer.get(target).status_code == 404, name
        assert volunteer.post(target, {}).status_code == 404, name


def test_another_tenant_gets_404_and_changes_nothing(
    make_member,
    client_for,
    tenant,
    other_tenant,
    initiative,
    outcome,
    indicator,
    measurement,
):
    outsider = client_for(make_member(other_tenant, "coordinator"))
    for name, target in edit_urls(
        tenant, initiative, outcome, indicator, measurement
    ).items():
        assert outsider.get(target).status_code == 404, name
        assert outsider.post(target, {}).status_code == 404, name
    # the same ids under their own tenant, with an initiative of the same slug
    f.InitiativeFactory(tenant=other_tenant, slug=initiative.slug)
    for name, target in edit_urls(
        other_tenant, initiative, outcome, indicator, measurement
    ).items():
        assert outsider.get(target).status_code == 404, name
        assert outsider.post(target, {"name": "x"}).status_code == 404, name
    assert Outcome.objects.filter(pk=outcome.pk).exists()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_a_measurement_is_reached_only_through_its_own_initiative(
    coordinator_client, tenant, initiative, measurement
):
    other = f.InitiativeFactory(tenant=tenant, slug="other")
    for name in ("measurement-update", "measurement-delete"):
        target = url(name, tenant, slug=other.slug, pk=measurement.pk)
        assert coordinator_client.get(target).status_code == 404
        assert coordinator_client.post(target, {}).status_code == 404
    assert Measurement.objects.filter(pk=measurement.pk).exists()
