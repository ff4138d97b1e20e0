"""Those who run a panel correct a member's address and take a member out of the panel when
they ask, keeping or erasing their answers; the member's link and later waves follow."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.core.models import Event
from coproduce.evaluation import selectors, services
from coproduce.evaluation.models import Answer, Invitation, PanelMember

from .test_respond import link, open_wave

pytestmark = pytest.mark.django_db


def url(name, member, **kwargs):
    return reverse(
        name,
        kwargs={
            "tenant": "riverside",
            "pk": member.panel_id,
            "member_pk": member.pk,
            **kwargs,
        },
    )


@pytest.fixture
def wave(tenant, coordinator):
    return open_wave(tenant, coordinator, emails=["a@example.org", "b@example.org"])


@pytest.fixture
def member(wave):
    return wave.panel.members.get(email="a@example.org")


def test_a_corrected_address_gets_the_link_again_and_the_trail_keeps_no_address(
    wave, member, coordinator_client, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    Invitation.objects.filter(wave=wave).update(sent_at=timezone.now())  # all emailed
    page = coordinator_client.get(url("panel-member", member))
    assert page.status_code == 200
    assert "a@example.org" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        changed = coordinator_client.post(
            url("panel-member", member), {"email": "anna@example.org"}, follow=True
        )
    assert "The address is changed." in changed.content.decode()
    member.refresh_from_db()
    assert member.email == "anna@example.org"
    invitation = Invitation.objects.get(wave=wave, member=member)
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert link(invitation) in mail.outbox[0].body
    assert invitation.sent_at is not None
    event = Event.objects.get(action="evaluation.panel.member_address_changed")
    assert event.data == {"pseudonym": member.pseudonym, "links_sent_again": 1}
    assert "example.org" not in str(event.data)


def test_a_wrong_or_taken_address_is_refused_and_nothing_changes(
    member, coordinator_client
):
    for given, expected in [
        ("anna@", "Enter a valid email address."),
        ("B@example.org", "Another member of this panel has that address."),
    ]:
        page = coordinator_client.post(url("panel-member", member), {"email": given})
        assert page.status_code == 200
        assert expected in page.content.decode()
        assert 'aria-invalid="true"' in page.content.decode()
    member.refresh_from_db()
    assert member.email == "a@example.org"


def test_leaving_keeps_the_answers_and_stops_links_and_later_waves(
    wave, member, coordinator, coordinator_client, client
):
    first = Invitation.objects.get(wave=wave, member=member)
    services.response_save(invitation=first, answers={"tp1": 4})
    services.wave_close(wave=wave, actor=coordinator)
    second = services.wave_create(panel=wave.panel, actor=coordinator)
    services.wave_open(wave=second, actor=coordinator, send=False)
    open_link = link(Invitation.objects.get(wave=second, member=member))

    confirm = coordinator_client.get(url("panel-member-leave", member)).content.decode()
    assert "stay in the analyses under the pseudonym R-0001" in confirm
    assert "The link to 1 open wave they have not answered stops working" in confirm
    done = coordinator_client.post(url("panel-member-leave", member), follow=True)
    assert "R-0001 has left the panel" in done.content.decode()
    assert "left the panel" in done.content.decode()

    member.refresh_from_db()
    assert member.email == ""
    assert member.withdrawn_at is not None
    assert client.get(open_link).status_code == 404
    # the wave 1 answer still counts
    assert Answer.objects.filter(member=member, wave=wave).count() == 1
    data = selectors.panel_data_for(before=wave, after=second)
    assert member.pk in set(data.respondents.tolist())
    # a third wave does not invite them, nor does a new import of the same list
    services.wave_close(wave=second, actor=coordinator)
    third = services.wave_create(panel=wave.panel, actor=coordinator)
    assert services.wave_open(wave=third, actor=coordinator, send=False) == 1
    # and the page no longer offers to change the address
    page = coordinator_client.get(url("panel-member", member)).content.decode()
    assert "Change the address" not in page
    assert "answers kept" in page
    assert coordinator_client.post(url("panel-member-leave", member)).status_code == 409


def test_erasing_removes_every_answer_and_the_pseudonym_is_not_given_again(
    wave, member, coordinator, coordinator_client
):
    invitation = Invitation.objects.get(wave=wave, member=member)
    services.response_save(invitation=invitation, answers={"tp1": 4, "comment1": "Hi"})
    services.wave_close(wave=wave, actor=coordinator)

    confirm = coordinator_client.get(url("panel-member-erase", member)).content.decode()
    assert "Their 2 answers are erased" in confirm
    assert "cannot be undone" in confirm
    done = coordinator_client.post(url("panel-member-erase", member), follow=True)
    assert "2 answers were erased" in done.content.decode()

    assert not Answer.objects.filter(member=member).exists()
    assert not Invitation.objects.filter(member=member).exists()
    member.refresh_from_db()
    assert member.answers_erased_at is not None
    assert member.email == ""
    event = Event.objects.get(action="evaluation.panel.member_erased")
    assert event.data["answers_erased"] == 2
    services.panel_members_from_emails(
        panel=wave.panel, actor=coordinator, emails=["c@example.org"]
    )
    assert PanelMember.objects.get(email="c@example.org").pseudonym == "R-0003"


def test_a_member_who_left_sees_so_on_their_link_and_cannot_save(
    wave, member, coordinator, client
):
    invitation = Invitation.objects.get(wave=wave, member=member)
    services.response_save(invitation=invitation, answers={"tp1": 4})
    services.panel_member_withdraw(member=member, actor=coordinator)

    page = client.get(link(invitation))
    assert page.status_code == 200
    assert "You have left this panel" in page.content.decode()
    assert "Save my changes" not in page.content.decode()
    refused = client.post(link(invitation), {"tp1": "9", "version": "1"})
    assert refused.status_code == 409
    assert "nothing was saved" in refused.content.decode()
    assert Answer.objects.get(member=member, item__code="tp1").value == 4
