"""Evidence from the records, assessments repeated over time, what weakens it named."""

import datetime as dt

from django.utils import timezone

from coproduce.sustainability.evidence import evidence_for, movers_of, weaknesses
from coproduce.sustainability.models import Assessment, Dimension

from .. import factories as f

END = dt.date(2025, 6, 30)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(18)))


def temporary(tenant):
    return f.InitiativeFactory(
        tenant=tenant,
        is_temporary=True,
        start_date=dt.date(2025, 1, 1),
        end_date=END,
        name="Vacant shop",
    )


def test_evidence_counts_what_lasts(tenant):
    initiative = temporary(tenant)
    f.InitiativePartnerFactory(initiative=initiative, end_date=None)
    f.InitiativePartnerFactory(initiative=initiative, end_date=dt.date(2026, 1, 1))
    f.InitiativePartnerFactory(initiative=initiative, end_date=dt.date(2026, 1, 1))
    f.InitiativePartnerFactory(initiative=initiative, end_date=END)
    early = f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 2, 1)), level=2
    )
    later = f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 9, 1)), level=4
    )
    f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 3, 1)), kind="training"
    )
    mover = f.PersonFactory(tenant=tenant)
    stayer = f.PersonFactory(tenant=tenant)
    f.ParticipationFactory(activity=early, person=mover, role="resident")
    f.ParticipationFactory(activity=later, person=mover, role="volunteer")
    f.ParticipationFactory(activity=early, person=stayer, role="resident")
    ev = evidence_for(initiative, today=dt.date(2026, 3, 1))
    # the open-ended partner that did nothing since the end is no evidence
    assert ev.partners_total == 4
    assert ev.partners_lasting == 2
    assert ev.partners_open_ended == 1
    assert ev.activities_after == 1
    assert ev.citizens_after == 1
    assert ev.training_activities == 1
    assert list(movers_of(initiative)) == [mover.pk]
    assert ev.movers == 1
    assert weaknesses(ev)[Dimension.EMPOWERMENT] == []


def test_weaknesses_named_plainly(tenant):
    initiative = temporary(tenant)
    ev = evidence_for(initiative, today=dt.date(2026, 3, 1))
    found = weaknesses(ev)
    assert found[Dimension.PROCESSES] == [
        "No activity has taken place since the end date (2025-06-30)."
    ]
    assert "Nobody has moved" in found[Dimension.EMPOWERMENT][0]
    assert found[Dimension.COLLABORATIONS]


def form_data(day: str, score: int) -> dict:
    data = {"assessed_on": day, "summary": "Looked at the lease."}
    for d in Dimension.values:
        data[f"{d}_score"] = score
        data[f"{d}_rationale"] = "because"
        data[f"{d}_weakness"] = ""
    return data


def test_assessments_over_time(tenant, coordinator_client):
    initiative = temporary(tenant)
    base = f"/t/{tenant.slug}/sustainability/initiatives/{initiative.slug}/"
    assert coordinator_client.get(base + "assess/").status_code == 200
    for day, score in (("2025-07-15", 2), ("2026-01-15", 4)):
        response = coordinator_client.post(base + "assess/", form_data(day, score))
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Assessment.objects.filter(initiative=initiative).count() == 2
    page = coordinator_client.get(base).content.decode()
    assert "2025-07-15" in page
    assert "2026-01-15" in page
    assert "No activity has taken place since the end date" in page
    csv = coordinator_client.get(base + "sustainability.csv").content.decode()
    assert csv.count("\n") == 11
    latest = Assessment.objects.filter(initiative=initiative).first()
    detail = coordinator_client.get(
        f"/t/{tenant.slug}/sustainability/assessments/{latest.pk}/"
    )
    assert detail.status_code == 200
    index = coordinator_client.get(f"/t/{tenant.slug}/sustainability/")
    assert "4.0" in index.content.decode()


def test_missing_score_is_refused(tenant, coordinator_client):
    initiative = temporary(tenant)
    data = form_data("2025-07-15", 3)
    data.pop("capacity_score")
    response = coordinator_client.post(
        f"/t/{tenant.slug}/sustainability/initiatives/{initiative.slug}/assess/", data
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_isolation_and_permissions(tenant, other_tenant, make_member, client_for):
    initiative = temporary(tenant)
    outsider = client_for(make_member(other_tenant, "coordinator"))
    path = f"/t/{other_tenant.slug}/sustainability/initiatives/{initiative.slug}/"
    assert outsider.get(path).status_code == 404
    viewer = client_for(make_member(tenant, "viewer"))
    own = f"/t/{tenant.slug}/sustainability/initiatives/{initiative.slug}/"
    assert viewer.get(own).status_code == 200
    assert viewer.get(own + "assess/").status_code == 403
    assert client_for(make_member(tenant, "volunteer")).get(own).status_code == 403


def test_bounded_queries(tenant, coordinator_client, django_assert_max_num_queries):
    initiative = temporary(tenant)
    activity = f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 9, 1))
    )
    for n in (3, 30):
        for _ in range(n):
            f.ParticipationFactory(activity=activity)
            f.InitiativePartnerFactory(initiative=initiative)
        with django_assert_max_num_queries(20):
            coordinator_client.get(
                f"/t/{tenant.slug}/sustainability/initiatives/{initiative.slug}/"
            )
        with django_assert_max_num_queries(12):
            coordinator_client.get(f"/t/{tenant.slug}/sustainability/")


def test_evidence_is_what_the_records_said_on_the_day(tenant):
    """An assessment entered later for an earlier day does not count what came after."""
    initiative = temporary(tenant)
    early = f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 2, 1)), level=2
    )
    later = f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 9, 1)), level=4
    )
    f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 10, 1)), kind="training"
    )
    mover = f.PersonFactory(tenant=tenant)
    f.ParticipationFactory(activity=early, person=mover, role="resident")
    f.ParticipationFactory(activity=later, person=mover, role="resident")

    on_the_day = evidence_for(initiative, today=dt.date(2025, 8, 1))
    now = evidence_for(initiative, today=dt.date(2026, 3, 1))

    assert (on_the_day.activities_after, on_the_day.citizens_after) == (0, 0)
    assert (on_the_day.movers, on_the_day.training_activities) == (0, 0)
    assert on_the_day.last_activity == "2025-02-01"
    assert (now.activities_after, now.citizens_after) == (2, 1)
    assert (now.movers, now.training_activities) == (1, 1)


def test_open_ended_partners_are_no_evidence_of_commitment(tenant):
    """Eight partner rows without an end date and nothing since the end: none counts."""
    initiative = temporary(tenant)
    for _ in range(8):
        f.InitiativePartnerFactory(initiative=initiative, end_date=None)
    f.ActivityFactory(initiative=initiative, starts_at=at(dt.date(2025, 3, 1)))
    ev = evidence_for(initiative, today=dt.date(2026, 3, 1))
    assert (ev.partners_total, ev.partners_lasting, ev.partners_open_ended) == (8, 0, 8)
    found = weaknesses(ev)[Dimension.COLLABORATIONS]
    assert any("No partner organisation is committed" in w for w in found)
    assert any("8 partner organisations have no end date recorded" in w for w in found)


def test_open_ended_partner_counts_when_it_took_part_since(tenant):
    initiative = temporary(tenant)
    whole = f.InitiativePartnerFactory(initiative=initiative, end_date=None)
    staffed = f.InitiativePartnerFactory(initiative=initiative, end_date=None)
    idle = f.InitiativePartnerFactory(initiative=initiative, end_date=None)
    after = f.ActivityFactory(initiative=initiative, starts_at=at(dt.date(2025, 9, 1)))
    before = f.ActivityFactory(initiative=initiative, starts_at=at(END))
    f.ParticipationFactory(
        activity=after, person=None, organisation=whole.organisation, role="partner"
    )
    worker = f.PersonFactory(tenant=tenant)
    f.MembershipFactory(
        tenant=tenant,
        person=worker,
        organisation=staffed.organisation,
        role="professional",
    )
    f.ParticipationFactory(activity=after, person=worker, role="professional")
    f.ParticipationFactory(
        activity=before, person=None, organisation=idle.organisation, role="partner"
    )
    ev = evidence_for(initiative, today=dt.date(2026, 3, 1))
    assert ev.partners_lasting == 2
    assert ev.partners_open_ended == 1
    assert {p["organisation_id"] for p in ev.partners_lasting_items} == {
        whole.organisation_id,
        staffed.organisation_id,
    }
    assert {p["took_part_on"] for p in ev.partners_lasting_items} == {"2025-09-01"}
    # a visit planned after the day of the assessment is not evidence yet
    assert evidence_for(initiative, today=dt.date(2025, 8, 1)).partners_lasting == 0


def test_movers_named_to_those_who_may_see_people(tenant, make_member, client_for):
    initiative = temporary(tenant)
    early = f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 2, 1)), level=2
    )
    later = f.ActivityFactory(
        initiative=initiative, starts_at=at(dt.date(2025, 9, 1)), level=4
    )
    mover = f.PersonFactory(tenant=tenant, given_name="Aino", family_name="Mover")
    f.ParticipationFactory(activity=early, person=mover, role="resident")
    f.ParticipationFactory(activity=later, person=mover, role="volunteer")
    path = f"/t/{tenant.slug}/sustainability/initiatives/{initiative.slug}/"
    coordinator = client_for(make_member(tenant, "coordinator"))
    page = coordinator.get(path).content.decode()
    assert "Aino Mover" in page
    assert f"person {mover.pk}" not in page
    assert f"/t/{tenant.slug}/people/{mover.pk}/" in page
    viewer = client_for(make_member(tenant, "viewer"))  # no people.view
    page = viewer.get(path).content.decode()
    assert "Aino Mover" not in page
    assert f"person {mover.pk}" in page
    assert f"/t/{tenant.slug}/people/{mover.pk}/" not in page


def test_assessor_shown_by_name(tenant, coordinator, coordinator_client):
    initiative = temporary(tenant)
    base = f"/t/{tenant.slug}/sustainability/initiatives/{initiative.slug}/"
    coordinator_client.post(base + "assess/", form_data("2025-07-15", 3))
    assessment = Assessment.objects.get(initiative=initiative)
    detail = f"/t/{tenant.slug}/sustainability/assessments/{assessment.pk}/"
    # no name on the account: the linked person's name (make_member gives "Cora Member")
    page = coordinator_client.get(detail).content.decode()
    assert "Assessed by Cora Member." in page
    coordinator.first_name, coordinator.last_name = "Coral", "Lindqvist"
    coordinator.save()
    page = coordinator_client.get(detail).content.decode()
    assert "Assessed by Coral Lindqvist." in page
    assert f"Assessed by {coordinator.username}." not in page
