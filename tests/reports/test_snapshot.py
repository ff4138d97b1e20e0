"""The tenant dashboard's figures are kept (DashboardSnapshot) and shown with their "as of"
time; after a change the page shows the figures it has, says newer ones are being computed,
queues one background recomputation, and shows the new figures once the task has run.
The dashboard's one-pass portfolio figures equal the portfolio page's."""

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.initiatives.models import Initiative, Participation
from coproduce.initiatives.selectors import portfolio_summary
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Stage
from coproduce.people.models import Person
from coproduce.reports import selectors, services
from coproduce.reports.models import ALL, DashboardSnapshot
from coproduce.reports.services import dashboard_refresh

from .. import factories as f
from ..representativeness.helpers import participants, population, serve

pytestmark = pytest.mark.django_db


def build(tenant):
    table = population(tenant, covers_tenant=True)
    initiative = f.InitiativeFactory(
        tenant=tenant, slug="harbour-pilot", name="Harbour pilot", co_design=True
    )
    serve(initiative, table)
    activity = f.ActivityFactory(initiative=initiative, stage="design", level=4)
    participants(activity, 30, age_band="30-44")
    participants(activity, 20, age_band="45-64")
    return initiative


def as_of(snapshot) -> str:
    when = timezone.localtime(snapshot.computed_at).strftime("%Y-%m-%d %H:%M")
    return f"Figures as of {when}"


@pytest.fixture
def slow(monkeypatch):
    """As on a large tenant: the figures are never recomputed in the request."""
    monkeypatch.setattr(services, "INLINE_SECONDS", 0)


def test_the_first_request_computes_and_keeps_the_figures_with_their_time(
    tenant, coordinator_client
):
    build(tenant)
    html = coordinator_client.get(f"/t/{tenant.slug}/dashboard/").content.decode()

    snapshot = DashboardSnapshot.objects.get(tenant=tenant, audience=ALL)
    assert as_of(snapshot) in html
    assert "50 people took part" in html
    assert "figures-refreshing" not in html
    assert snapshot.fingerprint == selectors.fingerprint(tenant=tenant)
    assert snapshot.refresh_requested_at is None


def test_after_a_change_the_page_shows_the_kept_figures_until_the_task_has_run(
    tenant, coordinator_client, slow, django_capture_on_commit_callbacks
):
    initiative = build(tenant)
    url = f"/t/{tenant.slug}/dashboard/"
    coordinator_client.get(url)
    first = DashboardSnapshot.objects.get(tenant=tenant)
    DashboardSnapshot.objects.filter(pk=first.pk).update(
        computed_at=first.computed_at - dt.timedelta(minutes=5)
    )
    first.refresh_from_db()

    participants(initiative.activities.first(), 7, age_band="65-74")  # the change
    with django_capture_on_commit_callbacks() as queued:
        html = coordinator_client.get(url).content.decode()
        again = coordinator_client.get(url).content.decode()

    # the figures kept, with their time and a note; one recomputation queued for both
    assert "50 people took part" in html
    assert as_of(first) in html
    assert "Newer figures are being computed" in html
    assert "50 people took part" in again
    assert len(queued) == 1
    assert DashboardSnapshot.objects.get(pk=first.pk).refresh_requested_at

    for callback in queued:  # commit: the task runs (the test settings run it at once)
        callback()

    html = coordinator_client.get(url).content.decode()
    snapshot = DashboardSnapshot.objects.get(pk=first.pk)
    assert "57 people took part" in html
    assert "Newer figures are being computed" not in html
    assert as_of(snapshot) in html
    assert snapshot.computed_at > first.computed_at
    assert snapshot.refresh_requested_at is None


def test_a_change_through_a_service_queues_the_recomputation_on_commit(
    tenant, coordinator_client, slow, django_capture_on_commit_callbacks
):
    initiative = build(tenant)
    url = f"/t/{tenant.slug}/dashboard/"
    assert ">0</td>" in coordinator_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"/t/{tenant.slug}/outcomes/initiatives/{initiative.slug}/new/",
            {"kind": "public", "name": "A safer harbour"},
        )
    assert response.status_code == 302

    snapshot = DashboardSnapshot.objects.get(tenant=tenant)
    assert snapshot.fingerprint == selectors.fingerprint(tenant=tenant)
    html = coordinator_client.get(url).content.decode()
    assert "Newer figures are being computed" not in html
    assert snapshot.data
    assert services._load(snapshot)["outcomes"]["outcomes"] == 1


def test_many_events_in_one_transaction_queue_one_recomputation(
    tenant, coordinator, django_capture_on_commit_callbacks
):
    from coproduce.outcomes.services import outcome_create

    initiative = build(tenant)
    services.dashboard_figures_get(tenant=tenant, audience=ALL)
    with django_capture_on_commit_callbacks() as queued:
        for n in range(5):
            outcome_create(
                initiative=initiative, actor=coordinator, kind="public", name=f"O{n}"
            )
    mine = [c for c in queued if getattr(c, "dashboard_tenant_id", None)]
    assert len(mine) == 1


def test_the_task_does_nothing_when_the_figures_are_current(tenant):
    build(tenant)
    services.dashboard_figures_get(tenant=tenant, audience=ALL)
    assert dashboard_refresh(tenant_id=tenant.pk, audience=ALL) == "current"


def test_figures_of_an_older_layout_or_unreadable_are_recomputed(
    tenant, coordinator_client, slow
):
    build(tenant)
    url = f"/t/{tenant.slug}/dashboard/"
    coordinator_client.get(url)
    DashboardSnapshot.objects.update(layout=0)
    assert "50 people took part" in coordinator_client.get(url).content.decode()
    assert DashboardSnapshot.objects.get().layout == selectors.LAYOUT
    DashboardSnapshot.objects.update(data=b"not a pickle", fingerprint="x")
    assert "50 people took part" in coordinator_client.get(url).content.decode()


def test_a_lost_request_is_queued_again_by_the_next_reader(tenant, slow):
    initiative = build(tenant)
    services.dashboard_figures_get(tenant=tenant, audience=ALL)
    participants(initiative.activities.first(), 1, age_band="18-29")
    long_ago = timezone.now() - dt.timedelta(seconds=services.STUCK_SECONDS + 1)
    DashboardSnapshot.objects.update(refresh_requested_at=long_ago)

    assert services.dashboard_refresh_request(tenant_id=tenant.pk) is True
    assert services.dashboard_refresh_request(tenant_id=tenant.pk) is False


def test_each_audience_has_its_own_figures(
    tenant, coordinator_client, make_member, client_for
):
    build(tenant)
    volunteer = make_member(tenant, "volunteer")
    coordinator_client.get(f"/t/{tenant.slug}/dashboard/")
    html = client_for(volunteer).get(f"/t/{tenant.slug}/dashboard/").content.decode()
    assert ">0 initiatives<" in html
    person = Person.objects.get(user=volunteer)
    audiences = set(DashboardSnapshot.objects.values_list("audience", flat=True))
    assert audiences == {ALL, f"p{person.pk}"}


def test_the_one_pass_portfolio_figures_equal_the_portfolio_page(tenant):
    def with_part(initiative, stage, level, role, mode=Mode.VOICE):
        activity = f.ActivityFactory(
            initiative=initiative, stage=stage, level=level, mode=mode
        )
        f.ParticipationFactory(activity=activity, role=role, hours=2)

    real = f.InitiativeFactory(tenant=tenant, co_design=True, co_delivery=True)
    with_part(real, Stage.DESIGN, Level.COLLABORATE, ActorRole.RESIDENT)
    with_part(real, Stage.DELIVERY, Level.INVOLVE, ActorRole.VOLUNTEER, Mode.DOING)
    half = f.InitiativeFactory(tenant=tenant, co_design=True, co_assessment=True)
    with_part(half, Stage.DESIGN, Level.EMPOWER, ActorRole.COMMUNITY_GROUP)
    with_part(half, Stage.ASSESSMENT, Level.CONSULT, ActorRole.RESIDENT)  # too low
    staff = f.InitiativeFactory(tenant=tenant, co_commissioning=True)
    with_part(staff, Stage.COMMISSIONING, Level.EMPOWER, ActorRole.PROFESSIONAL)
    undeclared = f.InitiativeFactory(tenant=tenant)
    with_part(undeclared, Stage.DELIVERY, Level.INVOLVE, ActorRole.SERVICE_USER)
    f.InitiativeFactory(tenant=tenant)  # nothing recorded
    elsewhere = f.InitiativeFactory(tenant=f.TenantFactory(), co_design=True)
    with_part(elsewhere, Stage.DESIGN, Level.EMPOWER, ActorRole.RESIDENT)

    initiatives = Initiative.objects.filter(tenant=tenant)
    mine = selectors.portfolio_totals(
        tenant=tenant,
        initiatives=initiatives,
        participations=Participation.objects.filter(tenant=tenant),
    )
    theirs = portfolio_summary(initiatives)
    expected = {
        **theirs,
        "stages": [
            {k: v for k, v in s.items() if k != "label"} for s in theirs["stages"]
        ],
    }
    assert mine == expected
    assert (mine["total"], mine["co_produced"], mine["rhetoric"]) == (5, 3, 2)

    some = initiatives.filter(pk__in=[real.pk, staff.pk])
    part = selectors.portfolio_totals(
        tenant=tenant,
        initiatives=some,
        participations=Participation.objects.filter(initiative__in=some),
    )
    assert (part["total"], part["co_produced"], part["rhetoric"]) == (2, 1, 1)
