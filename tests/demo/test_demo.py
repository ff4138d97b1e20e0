"""`coproduce demo`: the demo city holds the eight scenarios of domain.md, loads once,
reloads with --reset, prints how to log in, and refuses to seed a production site."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coproduce.coproducers.models import Shift
from coproduce.core.models import Event
from coproduce.demo import loader
from coproduce.demo.scenarios import (
    DEMO_PASSWORD,
    DEMO_SLUG,
    DEMO_TODAY,
    HILLVIEW_SLUG,
    SCENARIOS,
    demo_tenant,
)
from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import Activity, Initiative, Participation
from coproduce.initiatives.selectors import (
    initiative_filter,
    portfolio_summary,
    profile_for,
)
from coproduce.initiatives.vocab import ActorRole, Level, Stage
from coproduce.people.models import Membership, Person, PublicService
from coproduce.tenancy.actor import actor_build
from coproduce.tenancy.models import Tenant, TenantMembership
from coproduce.tenancy.roles import Role

pytestmark = pytest.mark.django_db

USERNAMES = [
    "admin",
    "coordinator",
    "professional",
    "volunteer",
    "serviceuser",
    "viewer",
    "partner",
]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module (it takes seconds); remove it afterwards so that
    other modules find an empty database."""
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        call_command("demo", "--no-serve", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        loader.demo_unload()


@pytest.fixture
def demo(demo_output):
    return Tenant.objects.get(slug=DEMO_SLUG)


def initiative(tenant, slug):
    return Initiative.objects.get(tenant=tenant, slug=slug)


def counts():
    return {
        slug: dict(loader.tenant_counts(Tenant.objects.get(slug=slug)))
        for slug in (DEMO_SLUG, HILLVIEW_SLUG)
    } | {"users": get_user_model().objects.count()}


# --- what the demo holds -------------------------------------------------------------


def test_the_eight_scenarios_exist_with_activities_and_participations(demo):
    assert sorted(SCENARIOS) == list(range(1, 9))
    assert 8 <= len(SCENARIOS[3]) <= 12
    for slugs in SCENARIOS.values():
        for slug in slugs:
            found = initiative(demo, slug)
            assert Activity.objects.filter(initiative=found).exists(), slug
            assert Participation.objects.filter(initiative=found).exists(), slug


def test_statuses_and_dates_agree_with_the_demo_date(demo):
    for found in Initiative.objects.filter(tenant=demo):
        if found.status in (Initiative.Status.CLOSED, Initiative.Status.EVALUATED):
            assert found.end_date < DEMO_TODAY, found.slug
        elif found.status == Initiative.Status.RUNNING:
            assert found.start_date <= DEMO_TODAY, found.slug
            assert found.end_date is None or found.end_date >= DEMO_TODAY, found.slug
        elif found.status == Initiative.Status.PLANNED:
            assert found.start_date > DEMO_TODAY, found.slug
    # (but the shifts open for sign-up: what is coming, by the clock; coproducers; and
    # the needs of scenario 7's second wave in crisis mode)
    from coproduce.crisis.models import Need

    last = (
        Activity.objects.filter(tenant=demo)
        .exclude(
            pk__in=Shift.objects.filter(
                tenant=demo,
                opportunity__status="published",
                starts_at__gt=timezone.now(),
            ).values("activity")
        )
        .exclude(pk__in=Need.objects.filter(tenant=demo).values("shift__activity"))
        .order_by("-starts_at")
        .first()
    )
    assert last.starts_at.date() < DEMO_TODAY


def test_scenario_1_is_co_produced_in_design_and_delivery(demo):
    pilot = initiative(demo, SCENARIOS[1][0])
    profile = profile_for(pilot)

    assert profile.co_produced_stages == [Stage.DESIGN, Stage.DELIVERY]
    assert profile.findings == []
    # the manager's question: who took part at which stage
    assert profile.matrix[Stage.COMMISSIONING][ActorRole.RESIDENT] == Level.CONSULT
    assert profile.matrix[Stage.DESIGN][ActorRole.RESIDENT] == Level.EMPOWER
    assert profile.matrix[Stage.DESIGN][ActorRole.COMMUNITY_GROUP] == Level.COLLABORATE
    assert profile.matrix[Stage.ASSESSMENT][ActorRole.PROFESSIONAL] == Level.INVOLVE
    departments = (
        Participation.objects.filter(initiative=pilot, role=ActorRole.PROFESSIONAL)
        .values("person__memberships__organisation")
        .distinct()
        .count()
    )
    assert departments >= 4


def test_scenario_2_mediators_work_in_pairs_and_the_volunteer_is_one(demo):
    service = initiative(demo, SCENARIOS[2][0])
    sessions = Activity.objects.filter(
        initiative=service, kind=Activity.Kind.MEDIATION_SESSION
    )
    assert sessions.count() == 16
    for session in sessions:
        roles = list(session.participations.values_list("role", flat=True))
        assert roles == [ActorRole.VOLUNTEER, ActorRole.VOLUNTEER]
    volunteer = Person.objects.get(tenant=demo, user__username="volunteer")
    assert sessions.filter(participations__person=volunteer).count() == 6
    supervision = Activity.objects.filter(
        initiative=service, title__startswith="Supervision"
    )
    assert supervision.filter(participations__role=ActorRole.PROFESSIONAL).count() == 6
    assert service.partners.filter(
        organisation__name="Riverside Police Department", role="referrer"
    ).exists()
    conciliation = service.services.get()
    assert conciliation.legal_resource == (
        "Act on Conciliation in Criminal and Certain Civil Cases (1015/2005)"
    )
    assert Stage.DELIVERY in profile_for(service).co_produced_stages


def test_scenario_3_the_portfolio_shows_real_and_rhetorical_co_production(demo):
    portfolio = Initiative.objects.filter(tenant=demo, slug__in=SCENARIOS[3])

    strategy = profile_for(initiative(demo, "digital-support-strategy"))
    assert not strategy.is_co_produced
    assert [finding.message for finding in strategy.findings] == [
        "Co-design declared, but no resident, service user or volunteer took part in "
        "any design activity.",
        "Co-assessment declared, but no resident, service user or volunteer took part "
        "in any assessment activity.",
    ]
    park = profile_for(initiative(demo, "riverside-park-master-plan"))
    assert "only at level 'Consult'" in park.findings[0].message
    housing = profile_for(initiative(demo, "housing-advice-for-young-people"))
    assert housing.observed_scope == "individual"
    assert "records show individual co-production" in housing.findings[0].message

    rhetoric = initiative_filter(portfolio, filters={"rhetoric": "1"})
    assert set(rhetoric.values_list("slug", flat=True)) == {
        "riverside-park-master-plan",
        "digital-support-strategy",
        "culture-for-seniors",
    }
    real = set(
        initiative_filter(portfolio, filters={"co_produced": "1"}).values_list(
            "slug", flat=True
        )
    )
    assert {"reading-buddies", "snow-buddies", "eastside-community-gardens"} <= real
    assert not real & {"digital-support-strategy", "traffic-safety-plan"}

    scopes = {profile_for(i).observed_scope for i in portfolio}
    assert {"individual", "collective"} <= scopes
    voice = [profile_for(i).voice_share for i in portfolio]
    assert 0.0 in voice
    assert 1.0 in voice

    summary = portfolio_summary(portfolio)
    assert summary["total"] == len(SCENARIOS[3])
    assert 0 < summary["rhetoric"] < summary["co_produced"] < summary["total"]


def test_scenario_4_organisations_co_produce_across_boundaries(demo):
    path = initiative(demo, SCENARIOS[4][0])
    partners = {p.organisation.name: p.role for p in path.partners.all()}
    assert path.lead_organisation.name == "Youth Services"  # the city
    assert partners["Riverside Hospital District"] == "co_lead"
    assert partners["Mieli Riverside Mental Health Association"] == "delivery"  # an NGO
    assert partners["Riverside Lutheran Parish"] == "host"
    as_partners = set(
        Participation.objects.filter(
            initiative=path,
            organisation__isnull=False,
            activity__stage=Stage.ASSESSMENT,
        ).values_list("organisation__name", flat=True)
    )
    assert "Riverside Hospital District" in as_partners
    assert profile_for(path).co_produced_stages == [
        Stage.DESIGN,
        Stage.DELIVERY,
        Stage.ASSESSMENT,
    ]


def test_scenario_5_providers_are_users_in_another_stage(demo):
    welcome = initiative(demo, SCENARIOS[5][0])
    amina = Person.objects.get(tenant=demo, given_name="Amina", family_name="Warsame")
    roles = dict(
        Participation.objects.filter(initiative=welcome, person=amina)
        .values_list("activity__stage", "role")
        .distinct()
    )
    assert roles == {
        Stage.DESIGN: ActorRole.SERVICE_USER,
        Stage.DELIVERY: ActorRole.PROFESSIONAL,
    }
    kotona = set(
        Participation.objects.filter(
            initiative=welcome, organisation__name="Kotona Multicultural Association"
        ).values_list("activity__stage", "role")
    )
    assert (Stage.DESIGN, ActorRole.COMMUNITY_GROUP) in kotona
    assert (Stage.DELIVERY, ActorRole.PARTNER) in kotona
    service = welcome.services.get()
    for name in (
        "description",
        "sector",
        "legal_resource",
        "processing_time",
        "keywords",
    ):
        assert getattr(service, name), name
    assert service.competent_authority.name == "Integration Services"
    assert len(service.channels) == 4
    assert welcome.partners.count() == 5


def test_scenario_6_is_temporary_until_the_lease_ends_with_contributions_in_kind(demo):
    space = initiative(demo, SCENARIOS[6][0])
    assert space.is_temporary
    assert space.end_date.isoformat() == "2025-12-31"
    # the lease ended before the demo's today, and activities went on after it
    assert space.end_date < DEMO_TODAY
    assert space.status == Initiative.Status.CLOSED
    after = Activity.objects.filter(
        initiative=space, starts_at__date__gt=space.end_date
    )
    assert 2 <= after.count() <= 4
    assert all(a.starts_at.date() < DEMO_TODAY for a in after)
    kinds = set(space.contributions.values_list("kind", flat=True))
    assert {"premises", "equipment"} <= kinds
    assert space.contributions.filter(description__icontains="furniture").exists()
    groups = Participation.objects.filter(
        initiative=space, role=ActorRole.COMMUNITY_GROUP
    )
    assert groups.count() >= 20
    assert profile_for(space).co_produced_stages == Stage.values


def test_scenario_7_mobilises_volunteers_across_languages(demo):
    centre = initiative(demo, SCENARIOS[7][0])
    shifts = Activity.objects.filter(
        initiative=centre, kind=Activity.Kind.VOLUNTEER_SHIFT, stage=Stage.DELIVERY
    )
    assert shifts.count() >= 40
    volunteers = Person.objects.filter(
        participations__initiative=centre, participations__role=ActorRole.VOLUNTEER
    ).distinct()
    first_languages = {p.languages.split(", ")[0] for p in volunteers}
    assert {"fi", "so", "ar", "uk"} <= first_languages
    assert len(first_languages) >= 6
    assert shifts.filter(participations__person__user__username="volunteer").exists()
    assert centre.is_temporary
    assert centre.status == Initiative.Status.CLOSED


def test_scenario_8_has_sixty_service_users_and_two_survey_waves(demo):
    programme = initiative(demo, SCENARIOS[8][0])
    users = (
        Participation.objects.filter(initiative=programme, role=ActorRole.SERVICE_USER)
        .values("person")
        .distinct()
        .count()
    )
    assert users == 60
    waves = Activity.objects.filter(
        initiative=programme, kind=Activity.Kind.SURVEY_WAVE, stage=Stage.ASSESSMENT
    ).order_by("starts_at")
    assert [w.participations.count() for w in waves] == [60, 52]
    assert (waves[1].starts_at - waves[0].starts_at).days >= 170
    assert waves[0].participations.filter(person__user__username="serviceuser").exists()


def test_people_hold_several_roles_and_a_third_gave_demographics(demo):
    people = Person.objects.filter(tenant=demo)
    consented = people.filter(demographics_consent_at__isnull=False)
    assert 0.28 <= consented.count() / people.count() <= 0.4
    assert not consented.filter(age_band="").exists()
    assert (
        not people.filter(demographics_consent_at__isnull=True)
        .exclude(age_band="")
        .exists()
    )
    professional = Person.objects.get(tenant=demo, user__username="professional")
    assert set(professional.memberships.values_list("role", flat=True)) == {
        Membership.Role.PROFESSIONAL,
        Membership.Role.VOLUNTEER,
    }
    services = PublicService.objects.filter(tenant=demo)
    assert not services.filter(legal_resource="").count() > 2
    assert not services.filter(sector="").exists()


def test_every_record_has_its_audit_event(demo):
    events = Event.objects.filter(tenant=demo)
    for label, model in (
        ("initiatives.participation", Participation),
        ("initiatives.activity", Activity),
        ("initiatives.initiative", Initiative),
        ("people.person", Person),
    ):
        ids = set(model.objects.filter(tenant=demo).values_list("pk", flat=True))
        logged = set(
            events.filter(object_type=label).values_list("object_id", flat=True)
        )
        assert ids == logged, label
    one = Participation.objects.filter(tenant=demo, person__isnull=False).first()
    event = events.get(object_type="initiatives.participation", object_id=one.pk)
    assert event.action == "participation.added"
    assert event.actor.username == "coordinator"
    assert event.data == {
        "activity": one.activity_id,
        "person": one.person_id,
        "organisation": None,
        "role": one.role,
        "hours": event.data["hours"],
    }
    assert Decimal(event.data["hours"]) == one.hours


# --- users and isolation -------------------------------------------------------------


def test_one_user_per_role_each_with_a_person_in_the_demo(demo):
    roles = dict(
        TenantMembership.objects.filter(tenant=demo).values_list(
            "user__username", "role"
        )
    )
    assert roles == {
        "admin": Role.TENANT_ADMIN,
        "coordinator": Role.COORDINATOR,
        "professional": Role.PROFESSIONAL,
        "volunteer": Role.VOLUNTEER,
        "serviceuser": Role.SERVICE_USER,
        "viewer": Role.VIEWER,
        "partner": Role.PARTNER,
    }
    for username in USERNAMES:
        assert Person.objects.filter(tenant=demo, user__username=username).exists()
        assert (
            get_user_model()
            .objects.get(username=username)
            .check_password(DEMO_PASSWORD)
        )
    partner = Person.objects.get(tenant=demo, user__username="partner")
    assert partner.memberships.get().organisation.kind == "ngo"


def test_the_volunteer_sees_only_their_own_initiatives(demo):
    volunteer = Person.objects.get(tenant=demo, user__username="volunteer")
    visible = set(
        initiative_visible(
            actor_build(tenant=demo, user=volunteer.user, role=Role.VOLUNTEER)
        ).values_list("slug", flat=True)
    )
    assert {SCENARIOS[2][0], SCENARIOS[7][0]} <= visible
    assert SCENARIOS[8][0] not in visible
    assert len(visible) < Initiative.objects.filter(tenant=demo).count()


def test_the_other_tenant_is_invisible_to_the_demo_users(demo, client):
    hillview = Tenant.objects.get(slug=HILLVIEW_SLUG)
    assert Initiative.objects.filter(tenant=hillview).count() == 1
    assert not TenantMembership.objects.filter(
        tenant=hillview, user__username__in=USERNAMES
    ).exists()

    client.login(username="coordinator", password=DEMO_PASSWORD)
    assert (
        client.get(reverse("portfolio", kwargs={"tenant": DEMO_SLUG})).status_code
        == 200
    )
    other = client.get(reverse("portfolio", kwargs={"tenant": HILLVIEW_SLUG}))
    assert other.status_code == 404
    client.login(username="hillview", password=DEMO_PASSWORD)
    mine = reverse("portfolio", kwargs={"tenant": HILLVIEW_SLUG})
    assert client.get(mine).status_code == 200
    assert (
        client.get(reverse("portfolio", kwargs={"tenant": DEMO_SLUG})).status_code
        == 404
    )


# --- the command ---------------------------------------------------------------------


def test_the_output_names_the_address_and_every_user(demo_output):
    assert "http://127.0.0.1:8000/" in demo_output
    assert DEMO_PASSWORD in demo_output
    for username in [*USERNAMES, "hillview"]:
        assert f"    {username} " in demo_output
    assert "Loaded the demo" in demo_output


def test_a_second_run_loads_nothing(demo, settings):
    settings.DEBUG = True
    before = counts()
    out = io.StringIO()

    call_command("demo", "--no-serve", "--port", "8123", stdout=out)

    assert counts() == before
    assert "nothing loaded" in out.getvalue()
    assert "http://127.0.0.1:8123/" in out.getvalue()


def test_reset_deletes_and_reloads_the_demo(demo, settings):
    settings.DEBUG = True
    before = counts()
    out = io.StringIO()

    call_command("demo", "--no-serve", "--reset", stdout=out)

    assert "Deleted the demo tenants demo, hillview" in out.getvalue()
    assert Tenant.objects.get(slug=DEMO_SLUG).pk != demo.pk
    assert counts() == before


def test_a_failed_load_leaves_no_half_demo(demo, monkeypatch):
    loader.demo_unload()
    users = get_user_model().objects.count()

    def crash(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "partner_add", crash)
    with pytest.raises(RuntimeError):
        loader.demo_load()

    assert not Tenant.objects.filter(slug__in=[DEMO_SLUG, HILLVIEW_SLUG]).exists()
    assert get_user_model().objects.count() == users


def test_refuses_to_load_when_debug_is_off(demo, settings):
    settings.DEBUG = False
    loader.demo_unload()

    with pytest.raises(CommandError, match="DEBUG is off") as refused:
        call_command("demo", "--no-serve")

    assert "--force" in str(refused.value)
    assert not Tenant.objects.filter(slug=DEMO_SLUG).exists()


def test_serves_on_the_port_without_the_autoreloader(demo, settings, monkeypatch):
    from coproduce.demo.management.commands import demo as command

    settings.DEBUG = False
    calls = []
    monkeypatch.setattr(command, "call_command", lambda *a, **kw: calls.append((a, kw)))

    call_command("demo", "--force", "--port", "8765", stdout=io.StringIO())

    assert calls[-1] == (("runserver", "127.0.0.1:8765"), {"use_reloader": False})
    assert calls[0][0] == ("migrate",)


def test_the_demo_is_the_same_on_every_load():
    first, second = demo_tenant(), demo_tenant()
    assert [(p.given_name, p.family_name, p.demographics) for p in first.people] == [
        (p.given_name, p.family_name, p.demographics) for p in second.people
    ]
    assert [len(a.parts) for i in first.initiatives for a in i.activities] == [
        len(a.parts) for i in second.initiatives for a in i.activities
    ]


def test_every_scenario_page_renders_and_the_volunteer_sees_only_their_own(
    demo, client
):
    client.login(username="coordinator", password=DEMO_PASSWORD)
    for slugs in SCENARIOS.values():
        for slug in slugs:
            url = reverse(
                "initiative-detail", kwargs={"tenant": DEMO_SLUG, "slug": slug}
            )
            assert client.get(url).status_code == 200, slug

    client.login(username="volunteer", password=DEMO_PASSWORD)

    def page(slug):
        url = reverse("initiative-detail", kwargs={"tenant": DEMO_SLUG, "slug": slug})
        return client.get(url).status_code

    assert page(SCENARIOS[2][0]) == 200
    assert page(SCENARIOS[8][0]) == 404


def test_a_machine_fetches_a_demo_service_as_turtle_and_it_conforms(demo, client):
    """The demo's open catalogue: Welcome Point (scenario 5's integrated service) at its
    persistent IRI, without log-in, conforming to the CPSV-AP 3.2.0 shapes, with its
    legal resource as a Finlex ELI and its co-producers' roles from the vocabulary."""
    from pyshacl import validate
    from rdflib import Graph, URIRef

    from tests.initiatives.test_cpsv import SHAPES

    response = client.get(
        f"/id/service/{DEMO_SLUG}/welcome-point", HTTP_ACCEPT="text/turtle"
    )
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    ok, _graph, report = validate(graph, shacl_graph=SHAPES, inference="none")
    assert ok, report
    service = URIRef(f"http://data.test/id/service/{DEMO_SLUG}/welcome-point")
    legal = graph.value(service, URIRef("http://data.europa.eu/m8g/hasLegalResource"))
    assert str(legal) == "http://data.finlex.fi/eli/sd/2023/681"
    roles = {
        str(role)
        for role in graph.objects(None, URIRef("http://data.europa.eu/m8g/role"))
    }
    assert "http://data.test/def/co-production-role/lead" in roles
    assert len(roles) >= 2
