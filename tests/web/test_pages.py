"""The pages a coordinator walks through, and what other roles and tenants may not do."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.core.models import Event
from coproduce.initiatives.models import Activity, Initiative, Participation
from coproduce.initiatives.vocab import ActorRole, Level, Stage

from .. import factories as f

pytestmark = pytest.mark.django_db

END = dt.date(2026, 12, 31)


def url(name, tenant="riverside", **kwargs):
    return reverse(name, kwargs={"tenant": tenant, **kwargs})


def test_anonymous_visitor_is_sent_to_login(tenant, client):
    response = client.get(url("portfolio"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_with_one_tenant_lands_on_its_portfolio(tenant, coordinator, client):
    response = client.post(
        reverse("login"),
        {"username": "cora", "password": "pw-correct-horse"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("portfolio")
    assert b"Portfolio of initiatives" in response.content


def test_coordinator_creates_an_initiative_records_an_activity_and_sees_the_profile_change(
    tenant, coordinator_client
):
    lead = f.OrganisationFactory(tenant=tenant, name="Youth Services")
    resident = f.PersonFactory(tenant=tenant, given_name="Aino", family_name="Koski")

    response = coordinator_client.post(
        url("initiative-create"),
        {
            "name": "Skatepark by the river",
            "lead_organisation": lead.pk,
            "status": "planned",
            "co_design": "on",
            "declared_scope": "collective",
            "start_date": "2026-04-01",
        },
    )
    initiative = Initiative.objects.get(tenant=tenant, name="Skatepark by the river")
    assert response.status_code == 302
    assert response["Location"] == url("initiative-detail", slug=initiative.slug)
    page = coordinator_client.get(response["Location"]).content.decode()
    assert (
        "Co-design declared, but no resident, service user or volunteer took part"
        in page
    )
    assert "Not co-produced (yet)" in page

    response = coordinator_client.post(
        url("activity-create", slug=initiative.slug),
        {
            "title": "Design evening",
            "stage": "design",
            "kind": "workshop",
            "starts_at": "2026-04-10T18:00",
            "level": "4",
            "mode": "voice",
        },
    )
    activity = Activity.objects.get(initiative=initiative)
    assert response["Location"] == url(
        "activity-detail", slug=initiative.slug, pk=activity.pk
    )

    # htmx adds the participation in place and answers with the partial only
    response = coordinator_client.post(
        url("activity-detail", slug=initiative.slug, pk=activity.pk),
        {"person": resident.pk, "role": "resident", "hours": "2.5"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Aino Koski" in body
    assert "2.50" in body

    page = coordinator_client.get(
        url("initiative-detail", slug=initiative.slug)
    ).content.decode()
    assert "Co-design declared, but no resident" not in page
    assert 'class="badge yes">Co-produced' in page
    # the profile is rendered once per state of the data and per language
    finnish = coordinator_client.get(
        url("initiative-detail", slug=initiative.slug),
        headers={"accept-language": "fi"},
    ).content.decode()
    assert 'class="badge yes">Yhteistuotettu' in finnish
    assert (
        Event.objects.filter(tenant=tenant, action="participation.added").count() == 1
    )


def test_participation_form_without_htmx_redirects_and_refusal_names_the_problem(
    tenant, coordinator_client
):
    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    person = f.PersonFactory(tenant=tenant)
    path = url("activity-detail", slug=activity.initiative.slug, pk=activity.pk)

    response = coordinator_client.post(
        path, {"person": person.pk, "role": "volunteer", "hours": "3"}
    )
    assert response.status_code == 302

    # the same person in the same role again: refused, nothing written
    response = coordinator_client.post(
        path, {"person": person.pk, "role": "volunteer", "hours": "3"}
    )
    assert response.status_code == 422
    assert "already recorded in this activity" in response.content.decode()
    # negative hours: refused by the form
    response = coordinator_client.post(
        path, {"person": person.pk, "role": "resident", "hours": "-1"}
    )
    assert response.status_code == 422
    assert Participation.objects.filter(activity=activity).count() == 1


def test_activity_ending_before_it_starts_is_refused_and_nothing_written(
    tenant, coordinator_client
):
    initiative = f.InitiativeFactory(tenant=tenant)
    response = coordinator_client.post(
        url("activity-create", slug=initiative.slug),
        {
            "title": "Backwards",
            "stage": "delivery",
            "kind": "meeting",
            "starts_at": "2026-04-10T18:00",
            "ends_at": "2026-04-10T17:00",
            "level": "3",
            "mode": "doing",
        },
    )
    assert response.status_code == 200
    assert "The activity ends before it starts." in response.content.decode()
    assert not Activity.objects.filter(initiative=initiative).exists()


def test_second_editor_is_refused_and_sees_what_the_first_saved(
    tenant, coordinator, make_member, client_for
):
    initiative = f.InitiativeFactory(tenant=tenant, name="Original", status="planned")
    other = client_for(make_member(tenant, "coordinator"))
    mine = client_for(coordinator)
    form = {
        "name": "",
        "lead_organisation": initiative.lead_organisation_id,
        "status": "planned",
        "declared_scope": "collective",
        "version": initiative.version,
    }

    assert (
        other.post(
            url("initiative-update", slug=initiative.slug), {**form, "name": "Theirs"}
        ).status_code
        == 302
    )
    response = mine.post(
        url("initiative-update", slug=initiative.slug), {**form, "name": "Mine"}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this initiative" in page
    assert "Theirs" in page
    initiative.refresh_from_db()
    assert initiative.name == "Theirs"
    # saving again on purpose replaces their value
    assert (
        mine.post(
            url("initiative-update", slug=initiative.slug),
            {**form, "name": "Mine", "version": initiative.version},
        ).status_code
        == 302
    )
    initiative.refresh_from_db()
    assert initiative.name == "Mine"


def test_illegal_status_move_is_refused(tenant, coordinator_client):
    initiative = f.InitiativeFactory(tenant=tenant, status="idea")
    response = coordinator_client.post(
        url("initiative-update", slug=initiative.slug),
        {
            "name": initiative.name,
            "lead_organisation": initiative.lead_organisation_id,
            "status": "evaluated",
            "declared_scope": "collective",
            "version": initiative.version,
        },
    )
    assert (
        "cannot change from &#x27;Idea&#x27; to &#x27;Evaluated&#x27;"
        in response.content.decode()
    )
    initiative.refresh_from_db()
    assert initiative.status == "idea"


def test_portfolio_filters_show_where_co_production_is_rhetoric(
    tenant, coordinator_client
):
    real = f.InitiativeFactory(tenant=tenant, name="Real co-design", co_design=True)
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=real, stage=Stage.DESIGN),
        role=ActorRole.RESIDENT,
    )
    f.InitiativeFactory(tenant=tenant, name="Rhetoric only", co_design=True)

    page = coordinator_client.get(url("portfolio"), {"rhetoric": "on"}).content.decode()
    assert "Rhetoric only" in page
    assert "Real co-design" not in page
    page = coordinator_client.get(
        url("portfolio"), {"co_produced": "yes"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Real co-design" in page
    assert "Rhetoric only" not in page
    assert "<html" not in page


def test_person_with_demographics_needs_consent(tenant, coordinator_client):
    data = {"given_name": "Lea", "family_name": "Berg", "age_band": "30-44"}
    response = coordinator_client.post(url("person-create"), data)
    assert "only with the person&#x27;s consent" in response.content.decode()
    response = coordinator_client.post(
        url("person-create"), {**data, "demographics_consent": "on"}
    )
    assert response.status_code == 302


def test_registry_pages_create_and_show(tenant, coordinator_client):
    response = coordinator_client.post(
        url("organisation-create"), {"name": "Riverside Parish", "kind": "parish"}
    )
    assert response.status_code == 302
    org = coordinator_client.get(response["Location"]).content.decode()
    assert "Riverside Parish" in org
    response = coordinator_client.post(
        url("service-create"),
        {
            "identifier": "youth-work",
            "name": "Youth work",
            "description": "Open youth work.",
            "competent_authority": "",
            "channels": ["in_person", "bogus"],
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice. bogus" in response.content.decode()


@pytest.mark.parametrize("role", ["volunteer", "service_user", "partner", "viewer"])
def test_roles_without_the_right_cannot_create(role, tenant, make_member, client_for):
    client = client_for(make_member(tenant, role))
    initiative = f.InitiativeFactory(tenant=tenant)
    assert (
        client.post(
            url("organisation-create"), {"name": "X", "kind": "ngo"}
        ).status_code
        == 403
    )
    assert client.post(url("initiative-create"), {"name": "X"}).status_code == 403
    expected = 403 if role == "viewer" else 404  # others cannot even see the initiative
    assert (
        client.post(url("activity-create", slug=initiative.slug), {}).status_code
        == expected
    )


def test_volunteer_sees_only_initiatives_they_took_part_in(
    tenant, make_member, client_for
):
    user = make_member(tenant, "volunteer")
    mine = f.InitiativeFactory(tenant=tenant, name="Mine to see")
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=mine),
        person=user_person(user),
        role="volunteer",
    )
    hidden = f.InitiativeFactory(tenant=tenant, name="Not for volunteers")
    client = client_for(user)

    # they land on their own page, which links to the initiatives they are in
    assert client.get(url("portfolio")).status_code == 302
    page = client.get(url("portfolio") + "?view=initiatives").content.decode()
    assert "Mine to see" in page
    assert "Not for volunteers" not in page
    assert client.get(url("initiative-detail", slug=hidden.slug)).status_code == 404
    assert client.get(url("person-list")).status_code == 403


def user_person(user):
    from coproduce.people.models import Person

    return Person.objects.get(user=user)


def test_api_token_page_shows_the_key_once(tenant, coordinator_client):
    response = coordinator_client.post(url("token-list"), {"name": "reporting script"})
    page = response.content.decode()
    assert "shown only once" in page
    assert "cp_" in page
    again = coordinator_client.get(url("token-list")).content.decode()
    assert "reporting script" in again
    assert "shown only once" not in again


def test_list_and_detail_pages_use_a_bounded_number_of_queries(
    tenant, coordinator_client, django_assert_max_num_queries
):
    # one person and one service in every initiative: their pages grow with it too
    regular = f.PersonFactory(tenant=tenant)
    service = f.PublicServiceFactory(tenant=tenant)

    def grow(n):
        for _ in range(n):
            initiative = f.InitiativeFactory(
                tenant=tenant, co_design=True, is_temporary=True, end_date=END
            )
            initiative.services.add(service)
            activity = f.ActivityFactory(
                initiative=initiative, stage=Stage.DESIGN, level=Level.INVOLVE
            )
            f.ParticipationFactory(activity=activity, hours=Decimal("1"))
            f.ParticipationFactory(activity=activity, role=ActorRole.PROFESSIONAL)
            f.ParticipationFactory(activity=activity, person=regular)
            f.ContributionFactory(initiative=initiative)
            f.InitiativePartnerFactory(initiative=initiative)
            f.MembershipFactory(
                tenant=tenant, organisation=initiative.lead_organisation
            )
        return initiative, activity

    pages = lambda i, a: [  # noqa: E731
        url("portfolio"),
        url("initiative-detail", slug=i.slug),
        url("activity-detail", slug=i.slug, pk=a.pk),
        url("organisation-list"),
        url("person-list"),
        url("service-list"),
        url("organisation-detail", pk=i.lead_organisation_id),
        url("portfolio") + "?rhetoric=on",
        url("portfolio") + "?realised_stage=design&co_produced=yes",
        url("portfolio") + "?page=2",
        url("contribution-create", slug=i.slug),
        url("person-search") + "?q=a",
        url("organisation-search") + "?q=or",
        url("dashboard"),
        url("person-detail", pk=regular.pk),
        url("service-detail", pk=service.pk),
        url("initiative-dashboard", slug=i.slug),
        url("sustainability-initiative", slug=i.slug),
        url("representativeness-initiative", slug=i.slug),
        url("evaluation-index"),
        url("case-list"),
        url("export-index"),
        url("opportunity-list"),
        url("coding-project-list"),
    ]
    initiative, activity = grow(2)
    counts = {}
    for path in pages(initiative, activity):
        with django_assert_max_num_queries(40) as ctx:
            assert coordinator_client.get(path).status_code == 200
        counts[path] = len(ctx.captured_queries)
    initiative, activity = grow(8)
    for path_small, path_big in zip(counts, pages(initiative, activity), strict=True):
        with django_assert_max_num_queries(counts[path_small]) as ctx:
            assert coordinator_client.get(path_big).status_code == 200


def test_partner_survey_and_side_pages_use_a_bounded_number_of_queries(
    tenant, coordinator, coordinator_client, django_assert_max_num_queries
):
    """The partner survey page (sides, members, both waves' answers, the change) and the
    add-side page: as many queries with twelve sides as with three."""
    from coproduce.collaboration import services
    from coproduce.evaluation import services as evaluation_services
    from coproduce.evaluation.models import Invitation, Wave
    from tests.collaboration.helpers import actor_of

    coord = actor_of(coordinator, tenant)
    initiative = f.InitiativeFactory(tenant=tenant)

    def partnership(n):
        orgs = [f.OrganisationFactory(tenant=tenant) for _ in range(n)]
        p = services.partnership_create(
            actor=coord,
            tenant=tenant,
            name=f"Agreement of {n}",
            purpose="Work together",
            start_date=dt.date(2025, 1, 1),
            organisations=orgs,
            initiative=initiative,
        )
        for k, side in enumerate(p.sides.all()):
            person = f.PersonFactory(tenant=tenant, email=f"c{n}-{k}@example.org")
            f.MembershipFactory(
                tenant=tenant, person=person, organisation=side.organisation
            )
            services.side_update(actor=coord, side=side, contact=person)
        for year in range(2):
            wave = services.partner_wave_start(actor=coord, partnership=p, send=False)
            items = wave.panel.instrument.items.filter(scale__isnull=False)
            for k, invitation in enumerate(Invitation.objects.filter(wave=wave)):
                evaluation_services.response_save(
                    invitation=invitation,
                    answers={i.code: 1 + (k + year) % 5 for i in items},
                )
            evaluation_services.wave_close(wave=wave, actor=coord)
            Wave.objects.filter(pk=wave.pk).update(
                opened_at=dt.datetime(2024 + year, 4, 1, tzinfo=dt.UTC)
            )
        return p

    counts = []
    for n in (3, 12):
        p = partnership(n)
        paths = [
            url("collaboration-partner-panel", pk=p.pk),
            url("collaboration-side-add", pk=p.pk),
        ]
        measured = []
        # the member's actor kept first (tenancy.actor): the counts are the pages' own
        coordinator_client.get(url("token-list"))
        for path in paths:
            with django_assert_max_num_queries(60) as ctx:
                assert coordinator_client.get(path).status_code == 200
            measured.append(len(ctx.captured_queries))
        counts.append(measured)
    assert counts[1] == counts[0]


def test_history_records_who_changed_what(tenant, coordinator_client):
    initiative = f.InitiativeFactory(tenant=tenant, name="Before", status="planned")
    coordinator_client.post(
        url("initiative-update", slug=initiative.slug),
        {
            "name": "After",
            "lead_organisation": initiative.lead_organisation_id,
            "status": "running",
            "declared_scope": "collective",
            "version": initiative.version,
        },
    )
    event = Event.objects.get(tenant=tenant, action="initiative.changed")
    assert event.actor.username == "cora"
    assert event.data["name"] == {"old": "Before", "new": "After"}
    assert event.data["status"] == {"old": "planned", "new": "running"}
    page = coordinator_client.get(
        url("initiative-detail", slug=initiative.slug)
    ).content.decode()
    assert "initiative.changed" in page


def test_login_attempts_are_rate_limited(tenant, coordinator, client, settings):
    settings.COPRODUCE_LOGIN_RATE = (3, 60)
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        response = client.post(
            reverse("login"), {"username": "cora", "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("login"), {"username": "cora", "password": "pw-correct-horse"}
    )
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    cache.clear()


def test_delete_asks_first_and_refuses_what_is_still_referred_to(
    tenant, coordinator_client
):
    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    participation = f.ParticipationFactory(activity=activity)
    person_delete = url("person-delete", pk=participation.person_id)

    assert (
        "This cannot be undone"
        in coordinator_client.get(person_delete).content.decode()
    )
    response = coordinator_client.post(person_delete, follow=True)
    assert (
        "cannot be deleted while participations refer to it"
        in response.content.decode()
    )
    assert Participation.objects.filter(pk=participation.pk).exists()

    slug = activity.initiative.slug
    response = coordinator_client.post(
        url("activity-delete", slug=slug, pk=activity.pk)
    )
    assert response["Location"] == url("initiative-detail", slug=slug)
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert Event.objects.filter(
        tenant=tenant, action="activity.deleted", object_id=activity.pk
    ).exists()
    assert coordinator_client.post(person_delete).status_code == 302


def test_viewer_cannot_delete(tenant, make_member, client_for):
    viewer = client_for(make_member(tenant, "viewer"))
    initiative = f.InitiativeFactory(tenant=tenant)
    assert (
        viewer.post(url("initiative-delete", slug=initiative.slug)).status_code == 403
    )
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_partner_staff_see_their_organisations_initiatives_but_its_service_users_do_not(
    tenant, make_member, client_for
):
    ngo = f.OrganisationFactory(tenant=tenant, name="Kotona ry", kind="ngo")
    shared = f.InitiativeFactory(tenant=tenant, name="Shared with Kotona")
    f.InitiativePartnerFactory(initiative=shared, organisation=ngo)
    staff, user = make_member(tenant, "partner"), make_member(tenant, "service_user")
    f.MembershipFactory(
        tenant=tenant,
        person=user_person(staff),
        organisation=ngo,
        role="representative",
    )
    f.MembershipFactory(
        tenant=tenant, person=user_person(user), organisation=ngo, role="service_user"
    )

    assert (
        client_for(staff).get(url("initiative-detail", slug=shared.slug)).status_code
        == 200
    )
    assert (
        client_for(user).get(url("initiative-detail", slug=shared.slug)).status_code
        == 404
    )


def test_member_without_a_person_record_sees_an_empty_portfolio_not_an_error(
    tenant, make_member, client_for
):
    f.InitiativeFactory(tenant=tenant, name="Not yours")
    client = client_for(make_member(tenant, "volunteer", person=False))
    response = client.get(url("portfolio"))
    assert response.status_code == 200
    assert "Not yours" not in response.content.decode()


def test_a_contribution_cannot_be_moved_to_another_initiatives_activity(tenant):
    from coproduce.core.errors import DomainError
    from coproduce.initiatives.services import contribution_update

    contribution = f.ContributionFactory(
        tenant=tenant, initiative=f.InitiativeFactory(tenant=tenant)
    )
    elsewhere = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    with pytest.raises(DomainError, match="belongs to another initiative"):
        contribution_update(contribution=contribution, actor=None, activity=elsewhere)


def test_the_interface_speaks_finnish_and_swedish(tenant, coordinator_client):
    coordinator_client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    assert "Hankesalkku" in coordinator_client.get(url("portfolio")).content.decode()
    coordinator_client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    page = coordinator_client.get(url("portfolio")).content.decode()
    assert "Initiativportfölj" in page
    assert 'lang="sv"' in page


def test_tenant_admin_adds_a_colleague_changes_the_role_and_keeps_one_admin(
    tenant, make_member, client_for
):
    from django.contrib.auth import get_user_model
    from django.core import mail

    from coproduce.tenancy.models import TenantMembership

    admin_user = make_member(tenant, "tenant_admin", username="ada")
    admin = client_for(admin_user)
    response = admin.post(
        url("member-list"),
        {"username": "newbie", "email": "newbie@example.org", "role": "professional"},
    )
    assert response.status_code == 302
    newbie = get_user_model().objects.get(username="newbie")
    assert not client_for(newbie).login(
        username="newbie", password=""
    )  # no known password
    membership = TenantMembership.objects.get(tenant=tenant, user=newbie)
    assert membership.role == "professional"

    # the newcomer sets a password through the reset link
    client_for(newbie).logout()
    response = admin.post(reverse("password_reset"), {"email": "newbie@example.org"})
    assert response.status_code == 302
    assert "/accounts/password_reset/done/" in response["Location"]
    assert "newbie" in mail.outbox[0].body

    admin.post(url("member-change", pk=membership.pk), {"role": "coordinator"})
    membership.refresh_from_db()
    assert membership.role == "coordinator"

    own = TenantMembership.objects.get(tenant=tenant, user=admin_user)
    page = admin.post(
        url("member-change", pk=own.pk), {"role": "viewer"}, follow=True
    ).content.decode()
    assert "at least one tenant admin" in page
    own.refresh_from_db()
    assert own.role == "tenant_admin"

    admin.post(url("member-change", pk=membership.pk), {"action": "remove"})
    assert not TenantMembership.objects.filter(pk=membership.pk).exists()


def test_only_tenant_admins_manage_members(
    tenant, coordinator_client, other_tenant, make_member, client_for
):
    assert coordinator_client.get(url("member-list")).status_code == 403
    outsider = client_for(make_member(other_tenant, "tenant_admin"))
    assert outsider.get(url("member-list")).status_code == 404


def test_a_server_error_is_a_full_page_in_the_visitors_language(rf):
    from django.utils import translation
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in page
    assert "<h1>Something went wrong</h1>" in page
    assert "coproduce/site.css" in page
    with translation.override("fi"):
        finnish = server_error(rf.get("/")).content.decode()
    assert '<html lang="fi">' in finnish
    assert "<h1>Jokin meni vikaan</h1>" in finnish


def test_activity_page_lists_a_page_of_participants_the_latest_first(
    tenant, coordinator_client
):
    from coproduce.initiatives.views import PARTICIPANTS_PER_PAGE

    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    rows = f.ParticipationFactory.create_batch(
        PARTICIPANTS_PER_PAGE + 3, activity=activity
    )
    path = url("activity-detail", slug=activity.initiative.slug, pk=activity.pk)

    def removal(p):
        return f'action="{path}participations/{p.pk}/remove/"'

    page = coordinator_client.get(path).content.decode()
    assert f"{PARTICIPANTS_PER_PAGE + 3} participations" in page  # all counted
    assert page.count('/remove/"') == 2 * PARTICIPANTS_PER_PAGE  # action and hx-post
    assert removal(rows[-1]) in page  # the latest on the first page
    assert removal(rows[0]) not in page
    second = coordinator_client.get(path, {"page": 2}).content.decode()
    assert removal(rows[0]) in second


def test_a_contributions_activity_is_typed_and_only_the_initiatives_own(
    tenant, other_tenant, coordinator_client
):
    initiative = f.InitiativeFactory(tenant=tenant)
    evening = f.ActivityFactory(initiative=initiative, title="Repair evening")
    f.ActivityFactory.create_batch(3, initiative=initiative)
    elsewhere = f.ActivityFactory(
        initiative=f.InitiativeFactory(tenant=tenant), title="Repair evening"
    )
    foreign = f.ActivityFactory(
        initiative=f.InitiativeFactory(tenant=other_tenant), title="Repair evening"
    )
    form = coordinator_client.get(url("contribution-create", slug=initiative.slug))
    assert f'<option value="{evening.pk}"' not in form.content.decode()
    search = url("activity-search", slug=initiative.slug)
    assert search in form.content.decode()

    found = coordinator_client.get(
        search, {"q": "repair"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f"#{evening.pk}" in found
    assert f"#{elsewhere.pk}" not in found
    assert f"#{foreign.pk}" not in found

    def record(activity_text):
        return coordinator_client.post(
            url("contribution-create", slug=initiative.slug),
            {"kind": "materials", "description": "Paint", "date": "2026-01-05",
             "organisation": f.OrganisationFactory(tenant=tenant).pk,
             "activity": activity_text},
        )  # fmt: skip

    refused = record(f"Repair evening #{elsewhere.pk}")
    assert "not one of this initiative" in refused.content.decode()
    assert record("Repair evening").status_code == 302  # the initiative's only match
    assert initiative.contributions.get().activity == evening


def test_portfolio_results_kept_renew_with_every_change(tenant, coordinator_client):
    """The results are rendered once per state of the data: a new initiative (even
    saved outside the services) and a new participation show at once."""
    first = f.InitiativeFactory(tenant=tenant, name="Alpha garden", co_design=True)
    assert "Alpha garden" in coordinator_client.get(url("portfolio")).content.decode()
    f.InitiativeFactory(tenant=tenant, name="Beta kitchen")
    page = coordinator_client.get(url("portfolio")).content.decode()
    assert "Beta kitchen" in page
    assert "2 initiatives" in page
    co_produced = url("portfolio") + "?co_produced=yes"
    assert "Alpha garden" not in coordinator_client.get(co_produced).content.decode()
    activity = f.ActivityFactory(initiative=first, stage="design", level=4)
    f.ParticipationFactory(activity=activity, role="resident")
    page = coordinator_client.get(co_produced).content.decode()
    assert "Alpha garden" in page
    assert "Beta kitchen" not in page
