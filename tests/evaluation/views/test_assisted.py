"""Answering with a member (by telephone, in person): staff who run the panel fill in the
member's own form; the response is marked as given with help (by whom, when), recorded in
the trail, shown as such in the panel, the report and its exports, and counted in the
analyses; answers the member gave themselves are never replaced unawares."""

import csv
import io

import pytest
from django.urls import reverse

from coproduce.core.models import Event
from coproduce.evaluation import services
from coproduce.evaluation.models import Answer, Invitation, PanelMember

from ... import factories as f
from .test_respond import link, open_wave

pytestmark = pytest.mark.django_db

ANSWERS = {
    "tp1": "7",
    "tp2": "8",
    "tp3": "6",
    "tp4": "9",
    "comment1": "Said on the phone",
}


def answer_url(wave, member, tenant="riverside"):
    return reverse(
        "panel-member-answer",
        kwargs={
            "tenant": tenant,
            "pk": wave.panel_id,
            "member_pk": member.pk,
            "number": wave.number,
        },
    )


@pytest.fixture
def wave(tenant, coordinator):
    return open_wave(tenant, coordinator)


@pytest.fixture
def member(wave):
    return wave.panel.members.get(email="a@example.org")


def test_staff_answer_with_the_member_and_the_response_is_marked_and_recorded(
    wave, member, coordinator, coordinator_client
):
    page = coordinator_client.get(answer_url(wave, member))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Answering with R-0001, wave 1" in body
    assert 'name="tp1"' in body
    assert 'name="replace_own"' not in body  # nothing of theirs to replace

    saved = coordinator_client.post(
        answer_url(wave, member), {**ANSWERS, "version": "0"}, follow=True
    )
    assert "The answers of R-0001 are saved, marked as given with help." in (
        saved.content.decode()
    )
    invitation = Invitation.objects.get(wave=wave, member=member)
    assert invitation.submitted_at is not None
    assert invitation.assisted_by == coordinator
    assert invitation.assisted_at == invitation.updated_at
    assert Answer.objects.get(member=member, item__code="tp1").value == 7
    event = Event.objects.get(action="evaluation.wave.answers_assisted")
    assert event.actor == coordinator
    assert event.data == {
        "wave": 1,
        "pseudonym": "R-0001",
        "answers": 5,
        "replaced_own_answers": False,
    }
    assert "Said on the phone" not in str(event.data)  # never the answers
    panel_page = coordinator_client.get(
        reverse("panel-detail", kwargs={"tenant": "riverside", "pk": wave.panel_id})
    ).content.decode()
    assert "answered with help" in panel_page
    assert "(1 with help)" in panel_page


def test_the_members_own_answers_are_not_replaced_without_confirmation(
    wave, member, coordinator_client, client
):
    invitation = Invitation.objects.get(wave=wave, member=member)
    client.post(link(invitation), {"tp1": "2", "version": "0"})
    page = coordinator_client.get(answer_url(wave, member)).content.decode()
    assert "The answers the member gave themselves" in page
    assert 'name="replace_own"' in page

    refused = coordinator_client.post(
        answer_url(wave, member), {**ANSWERS, "version": "1"}
    )
    assert refused.status_code == 409
    assert "The member has already answered through their own link" in (
        refused.content.decode()
    )
    assert Answer.objects.get(member=member, item__code="tp1").value == 2
    invitation.refresh_from_db()
    assert invitation.assisted_at is None

    # an older form (the member saved again meanwhile) is refused as in their own flow
    client.post(link(invitation), {"tp1": "3", "version": "1"})
    stale = coordinator_client.post(
        answer_url(wave, member), {**ANSWERS, "version": "1", "replace_own": "1"}
    )
    assert stale.status_code == 409
    assert Answer.objects.get(member=member, item__code="tp1").value == 3

    confirmed = coordinator_client.post(
        answer_url(wave, member), {**ANSWERS, "version": "2", "replace_own": "1"}
    )
    assert confirmed.status_code == 302
    assert Answer.objects.get(member=member, item__code="tp1").value == 7
    event = Event.objects.get(action="evaluation.wave.answers_assisted")
    assert event.data["replaced_own_answers"] is True
    invitation.refresh_from_db()
    assert not invitation.last_saved_by_member

    # the member changes them again themselves: the mark stays, and staff are asked again
    client.post(link(invitation), {"tp1": "4", "version": "3"})
    invitation.refresh_from_db()
    assert invitation.assisted_at is not None
    assert invitation.last_saved_by_member
    again = coordinator_client.get(answer_url(wave, member)).content.decode()
    assert 'name="replace_own"' in again


def test_a_second_assisted_save_changes_the_answers_like_a_second_own_save(
    wave, member, coordinator_client
):
    coordinator_client.post(answer_url(wave, member), {**ANSWERS, "version": "0"})
    page = coordinator_client.get(answer_url(wave, member)).content.decode()
    assert "The answers saved with help" in page
    assert 'name="replace_own"' not in page
    assert 'name="version" value="1"' in page
    assert 'id="q-tp1-7" name="tp1" value="7" checked' in page  # the saved answers
    changed = coordinator_client.post(
        answer_url(wave, member), {"tp1": "1", "version": "1"}
    )
    assert changed.status_code == 302
    assert Answer.objects.get(member=member, item__code="tp1").value == 1
    assert Answer.objects.get(member=member, item__code="tp2").value == 8


def test_a_member_added_after_the_wave_opened_gets_their_link_from_the_save(
    wave, tenant, coordinator, coordinator_client
):
    activity = f.ActivityFactory(initiative=wave.panel.initiative, tenant=tenant)
    f.ParticipationFactory(activity=activity)
    services.panel_members_from_participants(panel=wave.panel, actor=coordinator)
    late = PanelMember.objects.get(panel=wave.panel, email="")
    assert coordinator_client.get(answer_url(wave, late)).status_code == 200
    assert not Invitation.objects.filter(member=late).exists()  # a GET makes nothing
    coordinator_client.post(answer_url(wave, late), {**ANSWERS, "version": "0"})
    invitation = Invitation.objects.get(wave=wave, member=late)
    assert invitation.assisted_at is not None


def test_bad_answers_closed_waves_and_departed_members_save_nothing(
    wave, member, coordinator, coordinator_client
):
    bad = coordinator_client.post(
        answer_url(wave, member), {"tp1": "11", "version": "0"}
    )
    assert bad.status_code == 422
    assert "Choose a whole number from 0 to 10." in bad.content.decode()
    other = wave.panel.members.get(email="b@example.org")
    services.panel_member_withdraw(member=other, actor=coordinator)
    left = coordinator_client.post(answer_url(wave, other), {**ANSWERS, "version": "0"})
    assert left.status_code == 409
    services.wave_close(wave=wave, actor=coordinator)
    closed = coordinator_client.post(
        answer_url(wave, member), {**ANSWERS, "version": "0"}
    )
    assert closed.status_code == 409
    assert "has closed" in closed.content.decode()
    assert not Answer.objects.exists()
    assert not Event.objects.filter(action="evaluation.wave.answers_assisted").exists()


def test_volunteers_viewers_and_other_tenants_cannot_answer_for_a_member(
    wave, member, tenant, other_tenant, make_member, client_for
):
    for role in ("volunteer", "service_user", "viewer", "professional"):
        client = client_for(make_member(tenant, role))
        assert client.get(answer_url(wave, member)).status_code in (403, 404), role
        response = client.post(answer_url(wave, member), {**ANSWERS, "version": "0"})
        assert response.status_code in (403, 404), role
    volunteer = client_for(make_member(tenant, "volunteer", username="val"))
    assert volunteer.get(answer_url(wave, member)).status_code == 403
    outsider = client_for(make_member(other_tenant, "tenant_admin"))
    assert outsider.get(answer_url(wave, member)).status_code == 404
    assert outsider.post(answer_url(wave, member), ANSWERS).status_code == 404
    assert not Answer.objects.exists()


def test_a_member_of_another_panel_is_not_found(
    wave, member, tenant, coordinator, coordinator_client
):
    other = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=f.InitiativeFactory(tenant=tenant),
        instrument=wave.panel.instrument,
        name="Another panel",
    )
    services.panel_members_from_emails(
        panel=other, actor=coordinator, emails=["z@example.org"]
    )
    stranger = other.members.get()
    assert coordinator_client.get(answer_url(wave, stranger)).status_code == 404
    response = coordinator_client.post(
        answer_url(wave, stranger), {**ANSWERS, "version": "0"}
    )
    assert response.status_code == 404


def test_assisted_answers_are_in_the_analyses_and_flagged_in_the_exports(
    wave, member, coordinator, coordinator_client, client
):
    # wave 1: a answered with help, b on their own; wave 2: both on their own
    coordinator_client.post(answer_url(wave, member), {**ANSWERS, "version": "0"})
    own = Invitation.objects.get(wave=wave, member__email="b@example.org")
    client.post(link(own), {**ANSWERS, "comment1": "Typed myself", "version": "0"})
    services.wave_close(wave=wave, actor=coordinator)
    second = services.wave_create(panel=wave.panel, actor=coordinator)
    services.wave_open(wave=second, actor=coordinator, send=False)
    for invitation in second.invitations.all():
        services.response_save(
            invitation=invitation,
            answers={"tp1": 5, "tp2": 5, "tp3": 5, "tp4": 5},
        )
    base = {"tenant": "riverside", "pk": wave.panel_id}
    report = coordinator_client.get(reverse("panel-report", kwargs=base))
    page = report.content.decode()
    assert "Answered with help" in page
    assert "wave 1: 1 of 2; wave 2: 0 of 2" in page
    assert "given with help" in page
    data = coordinator_client.get(reverse("panel-report-json", kwargs=base)).json()
    assert data["waves"]["before"]["answered_with_help"] == 1
    # counted in the statistics as the members' own answers, not left out
    assert data["attrition"]["before"] == 2
    assert data["scales"][0]["n_pairs"] == 2
    flags = {c["text"]: c["assisted"] for c in data["comments"]}
    assert flags == {"Said on the phone": True, "Typed myself": False}
    rows = list(
        csv.DictReader(
            io.StringIO(
                coordinator_client.get(
                    reverse("panel-report-comments-csv", kwargs=base)
                ).content.decode()
            )
        )
    )
    assert {r["answer"]: r["answered_with_help"] for r in rows} == {
        "Said on the phone": "1",
        "Typed myself": "0",
    }
