"""A coordinator records many people at once (picked, pasted, a sign-in sheet) and signs
people up on their behalf; all or nothing, in a bounded number of statements."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.coproducers import services
from coproduce.coproducers.models import Notification, SignUp
from coproduce.core.models import Event
from coproduce.initiatives.models import Participation
from tests import factories as f

from .conftest import make_past

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(name, kwargs={"tenant": world.tenant.slug, **kwargs})


def sheet(text: str, name="sheet.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_paste_a_list_records_everyone_present_as_checking_in_does(world, client_for):
    services.shift_sign_up(shift=world.shifts[0], actor=world.actors["volunteer"])
    shift = make_past(world.shifts[0], hours_ago=1)
    client = client_for(world.users["coordinator"])
    response = client.post(
        url(world, "shift-attendance-add", pk=shift.pk),
        {"names": "Vera Member\n\nville member\nservice_user@example.org\n"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "3 people recorded as present." in page
    rows = {
        p.person.given_name: p
        for p in Participation.objects.filter(activity=shift.activity).select_related(
            "person"
        )
    }
    assert set(rows) == {"Vera", "Ville", "Sami"}
    assert {p.hours for p in rows.values()} == {Decimal("2.50")}  # the shift's hours
    assert rows["Sami"].role == "service_user"  # their role in the tenant
    assert rows["Vera"].role == "volunteer"
    signups = SignUp.objects.filter(shift=shift)
    assert {s.attendance for s in signups} == {"present"}
    assert all(s.participation_id for s in signups)


def test_pasted_lines_not_found_or_ambiguous_are_named_and_nothing_saved(
    world, client_for
):
    shift = make_past(world.shifts[0])
    f.PersonFactory(tenant=world.tenant, given_name="Aino", family_name="Virtanen")
    f.PersonFactory(tenant=world.tenant, given_name="Aino", family_name="Virtanen")
    client = client_for(world.users["coordinator"])
    response = client.post(
        url(world, "shift-attendance-add", pk=shift.pk),
        {"names": "Vera Member\nNobody Here\nAino Virtanen"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 2: nobody in the register is called or has the email" in page
    assert "Nobody Here" in page
    assert "Line 3: more than one person matches" in page
    assert not Participation.objects.filter(activity=shift.activity).exists()
    assert not SignUp.objects.filter(shift=shift).exists()


def test_people_of_another_tenant_are_not_found(world, other_tenant, client_for):
    shift = make_past(world.shifts[0])
    f.PersonFactory(
        tenant=other_tenant, given_name="Olli", family_name="Other", email="o@x.org"
    )
    response = client_for(world.users["coordinator"]).post(
        url(world, "shift-attendance-add", pk=shift.pk), {"names": "o@x.org"}
    )
    assert response.status_code == 400
    assert "Line 1: nobody in the register" in response.content.decode()


def test_picks_with_the_type_ahead_and_given_hours(world, client_for):
    shift = make_past(world.shifts[0])
    client = client_for(world.users["coordinator"])
    roster = client.get(url(world, "shift-roster", pk=shift.pk)).content.decode()
    assert url(world, "person-search") in roster  # the type-ahead asks the search
    vera, sami = world.person["volunteer"], world.person["service_user"]
    response = client.post(
        url(world, "shift-attendance-add", pk=shift.pk),
        {
            "person_1": f"Vera Member #{vera.pk}",
            "person_2": str(sami.pk),
            "role": "resident",
            "hours": "1.5",
        },
    )
    assert response.status_code == 302
    got = Participation.objects.filter(activity=shift.activity)
    assert {(p.person_id, p.role, p.hours) for p in got} == {
        (vera.pk, "resident", Decimal("1.50")),
        (sami.pk, "resident", Decimal("1.50")),
    }


def test_a_sign_in_sheet_with_role_and_hours(world, client_for):
    shift = make_past(world.shifts[0])
    client = client_for(world.users["coordinator"])
    response = client.post(
        url(world, "shift-attendance-add", pk=shift.pk),
        {
            "sheet": sheet(
                "nimi;sähköposti;rooli;tunnit\n"
                "Vera Member;;;2,5\n"
                ";service_user@example.org;Resident;\n"
            )
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    got = {
        p.person.given_name: (p.role, p.hours)
        for p in Participation.objects.filter(activity=shift.activity)
    }
    assert got == {
        "Vera": ("volunteer", Decimal("2.50")),
        "Sami": ("resident", Decimal("2.50")),
    }


def test_a_sheet_with_errors_names_line_and_column_and_saves_nothing(world, client_for):
    shift = make_past(world.shifts[0])
    response = client_for(world.users["coordinator"]).post(
        url(world, "shift-attendance-add", pk=shift.pk),
        {
            "sheet": sheet(
                "name,role,hours\n"
                "Vera Member,volunteer,2\n"
                "Ville Member,astronaut,2\n"
                "Veikko Member,volunteer,forty\n"
                ",volunteer,1\n"
            )
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 3, column role: “astronaut” is not a role." in page
    assert "Line 4, column hours: “forty” is not a number of hours" in page
    assert "Line 5: give the name or the email." in page
    assert not Participation.objects.filter(activity=shift.activity).exists()


def test_a_sheet_without_a_name_column_is_refused(world, client_for):
    shift = make_past(world.shifts[0])
    response = client_for(world.users["coordinator"]).post(
        url(world, "shift-attendance-add", pk=shift.pk),
        {"sheet": sheet("who,hours\nVera,2\n")},
    )
    assert response.status_code == 400
    assert "one of them must be name or email" in response.content.decode()


def test_someone_already_checked_in_or_listed_twice_refuses_the_lot(world):
    shift = world.shifts[0]
    signup = services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift)
    services.attendance_record(
        signup=signup, actor=world.actors["coordinator"], present=True
    )
    ville = world.person["volunteer2"]
    with pytest.raises(services.AttendanceRefused) as refused:
        services.attendance_add(
            shift=shift,
            actor=world.actors["coordinator"],
            attendees=[
                services.Attendee(person=world.person["volunteer"], line=1),
                services.Attendee(person=ville, line=2),
                services.Attendee(person=ville, line=3),
            ],
        )
    assert refused.value.problems == [
        "Line 1: Vera Member is already checked in.",
        "Line 3: Ville Member is listed twice.",
    ]
    assert not Participation.objects.filter(person=ville).exists()


def test_attendance_is_not_added_to_a_shift_far_ahead(world):
    with pytest.raises(services.DomainError, match="an hour before"):
        services.attendance_add(
            shift=world.shifts[1],
            actor=world.actors["coordinator"],
            attendees=[services.Attendee(person=world.person["volunteer"])],
        )


def test_a_walk_in_counts_though_the_shift_was_full(world):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer2"])
    waiting = services.shift_sign_up(shift=shift, actor=world.actors["volunteer3"])
    assert waiting.status == "waitlisted"
    make_past(shift)
    services.attendance_add(
        shift=shift,
        actor=world.actors["coordinator"],
        attendees=[services.Attendee(person=world.person["volunteer3"])],
    )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attendance) == ("confirmed", "present")


def test_volunteer_cannot_add_attendance_and_other_tenant_is_404(
    world, client_for, other_tenant, make_member
):
    shift = make_past(world.shifts[0])
    volunteer = client_for(world.users["volunteer"])
    for name in ("shift-attendance-add", "shift-signup-for"):
        response = volunteer.post(url(world, name, pk=shift.pk), {"names": "Vera"})
        assert response.status_code == 403
    stranger = make_member(other_tenant, "coordinator", username="otto")
    other = client_for(stranger)
    for name in ("shift-attendance-add", "shift-signup-for"):
        response = other.post(
            reverse(name, kwargs={"tenant": other_tenant.slug, "pk": shift.pk}),
            {"names": "Vera Member"},
        )
        assert response.status_code == 404
    assert not Participation.objects.filter(activity=shift.activity).exists()


def _people(world, n, batch):
    return [
        f.PersonFactory(
            tenant=world.tenant,
            given_name=f"P{i}",
            family_name=f"Bulk{batch}",
            email=f"p{i}.{batch}@x.org",
        )
        for i in range(n)
    ]


def _count(callable_):
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def _actor_kept(client, tenant) -> None:
    """A request first, so that the member's actor is kept (tenancy.actor) whatever the
    records made since did to it: the counts are the page's own."""
    client.get(f"/t/{tenant.slug}/tokens/")


def test_add_many_takes_as_many_statements_for_10_as_for_2(world, client_for):
    client = client_for(world.users["coordinator"])
    counts = []
    for shift, n in ((world.shifts[0], 2), (world.shifts[1], 10)):
        make_past(shift, hours_ago=1 if n == 2 else 5)
        names = "\n".join(p.email for p in _people(world, n, n))
        _actor_kept(client, world.tenant)
        counts.append(
            _count(
                lambda shift=shift, names=names: client.post(
                    url(world, "shift-attendance-add", pk=shift.pk), {"names": names}
                )
            )
        )
        assert SignUp.objects.filter(shift=shift, attendance="present").count() == n
    assert counts[0] == counts[1]


def test_roster_takes_as_many_statements_for_10_as_for_2(world, client_for):
    client = client_for(world.users["coordinator"])
    counts = []
    for shift, n in ((world.shifts[0], 2), (world.shifts[1], 10)):
        make_past(shift, hours_ago=1 if n == 2 else 5)
        services.attendance_add(
            shift=shift,
            actor=world.actors["coordinator"],
            attendees=[services.Attendee(person=p) for p in _people(world, n, n)],
        )
        _actor_kept(client, world.tenant)
        counts.append(
            _count(
                lambda shift=shift: client.get(url(world, "shift-roster", pk=shift.pk))
            )
        )
    assert counts[0] == counts[1]


def test_sign_up_on_behalf_holds_capacity_and_waiting_list(world, client_for):
    shift = world.shifts[0]
    client = client_for(world.users["coordinator"])
    people = [world.person[k] for k in ("volunteer", "service_user", "volunteer2")]
    for person in people:
        response = client.post(
            url(world, "shift-signup-for", pk=shift.pk), {"person": str(person.pk)}
        )
        assert response.status_code == 302
    page = client.get(url(world, "shift-roster", pk=shift.pk)).content.decode()
    assert "Ville Member is on the waiting list." in page
    status = {
        s.person_id: (s.status, s.role) for s in SignUp.objects.filter(shift=shift)
    }
    assert status == {
        people[0].pk: ("confirmed", "volunteer"),
        people[1].pk: ("confirmed", "service_user"),
        people[2].pk: ("waitlisted", "volunteer"),
    }
    # they are told, as if they had signed up themselves
    assert Notification.objects.filter(person=people[2], kind="signup.waitlisted")
    again = client.post(
        url(world, "shift-signup-for", pk=shift.pk), {"person": str(people[0].pk)}
    )
    assert again.status_code == 400
    assert "has already signed up for this shift" in again.content.decode()


def test_service_users_do_not_see_those_signed_up_on_their_behalf(world, client_for):
    world.opportunity.team_visible = True
    world.opportunity.save()
    shift = world.shifts[0]
    coordinator = world.actors["coordinator"]
    services.shift_sign_up_for(
        shift=shift, actor=coordinator, person=world.person["volunteer"]
    )
    services.shift_sign_up(shift=shift, actor=world.actors["service_user"])
    page = client_for(world.users["service_user"]).get(
        url(world, "opportunity-detail", pk=world.opportunity.pk)
    )
    assert "Vera Member" not in page.content.decode()
    assert (
        client_for(world.users["service_user"])
        .get(url(world, "shift-roster", pk=shift.pk))
        .status_code
        == 403
    )


def test_many_participants_of_an_initiatives_activity(world, client_for):
    import datetime as dt

    from django.utils import timezone

    from coproduce.initiatives.models import Activity

    start = timezone.now() - dt.timedelta(days=1)
    activity = f.ActivityFactory(
        tenant=world.tenant,
        initiative=world.initiative,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    assert Activity.objects.filter(pk=activity.pk).exists()
    page_url = reverse(
        "activity-attendance-add",
        kwargs={
            "tenant": world.tenant.slug,
            "slug": world.initiative.slug,
            "pk": activity.pk,
        },
    )
    client = client_for(world.users["coordinator"])
    detail = client.get(
        reverse(
            "activity-detail",
            kwargs={
                "tenant": world.tenant.slug,
                "slug": world.initiative.slug,
                "pk": activity.pk,
            },
        )
    ).content.decode()
    assert page_url in detail
    refused = client.post(page_url, {"names": "Vera Member\nNobody Here"})
    assert refused.status_code == 400
    assert "Line 2: nobody in the register" in refused.content.decode()
    assert not Participation.objects.filter(activity=activity).exists()
    response = client.post(
        page_url,
        {
            "sheet": sheet(
                "email,role\nservice_user@example.org,\nvolunteer@example.org,\n"
            )
        },
    )
    assert response.status_code == 302
    got = {
        (p.person.given_name, p.role, p.hours)
        for p in Participation.objects.filter(activity=activity)
    }
    assert got == {
        ("Sami", "service_user", Decimal("3.00")),
        ("Vera", "volunteer", Decimal("3.00")),
    }
    # no sign-ups: this activity is no shift
    assert not SignUp.objects.filter(person=world.person["volunteer"]).exists()
    assert client_for(world.users["volunteer"]).post(page_url, {}).status_code == 403


def test_a_shifts_activity_goes_through_its_shift(world, client_for):
    shift = make_past(world.shifts[0])
    response = client_for(world.users["coordinator"]).post(
        reverse(
            "activity-attendance-add",
            kwargs={
                "tenant": world.tenant.slug,
                "slug": world.initiative.slug,
                "pk": shift.activity_id,
            },
        ),
        {"names": "Vera Member"},
    )
    assert response.status_code == 302
    signup = SignUp.objects.get(shift=shift, person=world.person["volunteer"])
    assert signup.attendance == "present"


def test_the_service_refuses_a_person_of_another_tenant(world, other_tenant):
    stranger = f.PersonFactory(tenant=other_tenant)
    shift = make_past(world.shifts[0])
    with pytest.raises(services.DomainError, match="not in this tenant"):
        services.attendance_add(
            shift=shift,
            actor=world.actors["coordinator"],
            attendees=[services.Attendee(person=stranger)],
        )
    assert not SignUp.objects.filter(person=stranger).exists()


def test_the_tenant_decides_whether_teams_are_shown(
    world, client_for, other_tenant, make_member
):
    """An opportunity shows its team to those with a place only while the tenant's
    administrator allows it; coordinators always see it; only administrators change
    it, and only for their tenant."""
    from coproduce.coproducers.access import tenant_allows_teams
    from coproduce.coproducers.models import CoproducerSettings

    world.opportunity.team_visible = True
    world.opportunity.save()
    shift = world.shifts[0]
    for name in ("volunteer", "volunteer2"):
        services.shift_sign_up(shift=shift, actor=world.actors[name])
    detail = url(world, "opportunity-detail", pk=world.opportunity.pk)
    vera = client_for(world.users["volunteer"])
    assert "Ville Member" in vera.get(detail).content.decode()

    settings_url = url(world, "coproducers-settings")
    coordinator = client_for(world.users["coordinator"])
    assert coordinator.post(settings_url, {}).status_code == 403  # not an admin
    assert tenant_allows_teams(world.tenant.pk)
    admin = client_for(make_member(world.tenant, "tenant_admin", username="adam"))
    page = admin.get(settings_url).content.decode()
    assert re.search(r'<input[^>]*name="teams_visible"[^>]*checked', page)
    response = admin.post(settings_url, {})  # the box unticked
    assert response.status_code == 302
    assert not tenant_allows_teams(world.tenant.pk)
    assert "Ville Member" not in vera.get(detail).content.decode()
    assert "Ville Member" in coordinator.get(detail).content.decode()
    assert Event.objects.filter(action="coproducers.settings_changed").count() == 1
    # another tenant keeps its default
    assert tenant_allows_teams(other_tenant.pk)
    assert not CoproducerSettings.objects.filter(tenant=other_tenant).exists()
    admin.post(settings_url, {"teams_visible": "on"})
    assert "Ville Member" in vera.get(detail).content.decode()


def test_the_kept_blank_add_form_posts_to_each_rosters_own_shift(world, client_for):
    """The blank "add people" fields are kept for the tenant; the form around them (its
    action and CSRF token) is each page's own, and a refused form shows its errors."""
    client = client_for(world.users["coordinator"])
    pages = {
        shift.pk: client.get(url(world, "shift-roster", pk=shift.pk)).content.decode()
        for shift in world.shifts[:2]
    }
    for pk, html in pages.items():
        action = url(world, "shift-attendance-add", pk=pk)
        assert f'action="{action}"' in html
        assert "Choose people" in html
    refused = client.post(
        url(world, "shift-attendance-add", pk=world.shifts[0].pk),
        {"names": "nobody-of-this-name@example.org"},
    )
    assert "Nothing was saved" in refused.content.decode()
