"""Printed invitation letters: members without email get their personal link on paper, as
text and as a QR code of the same address; the link is the one an email would carry; the
print is recorded; nobody else's link is ever on the page; the page does not grow in
queries with the panel."""

import re

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.core.models import Event
from coproduce.evaluation import services
from coproduce.evaluation.models import Invitation, PanelMember
from coproduce.evaluation.tasks import invitation_link

from ... import factories as f
from .test_respond import open_wave

pytestmark = pytest.mark.django_db


def letters_url(wave, tenant="riverside"):
    return reverse(
        "wave-letters",
        kwargs={"tenant": tenant, "pk": wave.panel_id, "number": wave.number},
    )


def add_without_email(panel, coordinator, count):
    """``count`` participants of the panel's initiative with no email address."""
    activity = f.ActivityFactory(initiative=panel.initiative, tenant=panel.tenant)
    for _ in range(count):
        f.ParticipationFactory(activity=activity)
    services.panel_members_from_participants(panel=panel, actor=coordinator)


@pytest.fixture
def wave(tenant, coordinator):
    wave = open_wave(tenant, coordinator, emails=["a@example.org"])
    # two without an address, added after the wave opened: no link yet
    add_without_email(wave.panel, coordinator, 2)
    return wave


def printed_links(page: str) -> list[str]:
    return re.findall(r'<p class="letter-link">([^<]+)</p>', page)


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules a segno SVG path draws (absolute M, relative m and h), with the
    quiet zone included, as (row, column)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            length = int(float(a))
            dark |= {(int(y), int(x) + i) for i in range(length)}
            x += length
    return dark


def test_letters_for_the_members_without_email_with_their_own_link_and_its_qr_code(
    wave, coordinator, coordinator_client
):
    form = coordinator_client.get(letters_url(wave))
    assert form.status_code == 200
    assert (
        "2 members without an email address have not answered" in form.content.decode()
    )

    response = coordinator_client.post(
        letters_url(wave),
        {"who": "without_email", "help_contact": "Cora, 040 123 4567"},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    page = response.content.decode()
    without = PanelMember.objects.filter(panel=wave.panel, email="")
    invitations = Invitation.objects.filter(wave=wave, member__in=without)
    # their links were made as for an email: one invitation each, the emailed one kept
    assert invitations.count() == 2
    expected = sorted(invitation_link(i) for i in invitations)
    links = printed_links(page)
    assert sorted(links) == expected
    emailed = Invitation.objects.get(wave=wave, member__email="a@example.org")
    assert emailed.token not in page
    assert page.count('<article class="letter"') == 2
    # each QR code draws the QR code of the link printed above it
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 2
    for link, svg in zip(links, svgs, strict=True):
        qr = segno.make(link, error="m")
        border = 4
        wanted = {
            (r + border, c + border)
            for r, row in enumerate(qr.matrix)
            for c, dark in enumerate(row)
            if dark
        }
        assert qr_modules(svg) == wanted
        assert 'aria-hidden="true"' in svg
    assert "Or scan this QR code with your phone" in page
    assert "Call Cora, 040 123 4567" in page
    assert wave.panel.initiative.name in page
    assert "evaluation/letters.css" in page
    # recorded: who printed for whom, when; the contact kept for the next letters
    event = Event.objects.get(action="evaluation.wave.letters_printed")
    assert event.actor == coordinator
    assert event.data == {
        "wave": 1,
        "letters": 2,
        "pseudonyms": sorted(m.pseudonym for m in without),
    }
    assert all(i.letter_printed_at is not None for i in invitations)
    wave.panel.refresh_from_db()
    assert wave.panel.help_contact == "Cora, 040 123 4567"
    status = coordinator_client.get(
        reverse("panel-detail", kwargs={"tenant": "riverside", "pk": wave.panel_id})
    )
    assert "letter printed" in status.content.decode()


def test_printing_again_reuses_the_links_and_everyone_can_be_chosen(
    wave, coordinator_client
):
    data = {"who": "without_email", "help_contact": "Cora"}
    first = printed_links(
        coordinator_client.post(letters_url(wave), data).content.decode()
    )
    again = printed_links(
        coordinator_client.post(letters_url(wave), data).content.decode()
    )
    assert first == again
    everyone = coordinator_client.post(
        letters_url(wave), {"who": "everyone", "help_contact": "Cora"}
    ).content.decode()
    assert len(printed_links(everyone)) == 3
    emailed = Invitation.objects.get(wave=wave, member__email="a@example.org")
    assert invitation_link(emailed) in printed_links(everyone)


def test_answered_and_departed_members_get_no_letter(
    wave, coordinator, coordinator_client
):
    services.wave_letters_issue(wave=wave, actor=coordinator, help_contact="Cora")
    first, second = PanelMember.objects.filter(panel=wave.panel, email="").order_by(
        "pseudonym"
    )
    services.response_save(
        invitation=Invitation.objects.get(wave=wave, member=first),
        answers={"tp1": 5},
    )
    services.panel_member_withdraw(member=second, actor=coordinator)
    response = coordinator_client.post(
        letters_url(wave), {"who": "without_email", "help_contact": "Cora"}
    )
    assert response.status_code == 409
    assert "There is nobody to print a letter for" in response.content.decode()
    assert Event.objects.filter(action="evaluation.wave.letters_printed").count() == 1


def test_one_members_letter_only_of_this_panel(
    wave, tenant, coordinator, coordinator_client
):
    member = PanelMember.objects.filter(panel=wave.panel, email="").first()
    page = coordinator_client.post(
        letters_url(wave), {"member": member.pk, "help_contact": "Cora"}
    ).content.decode()
    invitation = Invitation.objects.get(wave=wave, member=member)
    assert printed_links(page) == [invitation_link(invitation)]
    # a member of another panel of the same tenant: not found, nothing printed
    other = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=f.InitiativeFactory(tenant=tenant),
        instrument=wave.panel.instrument,
        name="Another panel",
    )
    add_without_email(other, coordinator, 1)
    stranger = other.members.get()
    refused = coordinator_client.post(
        letters_url(wave), {"member": stranger.pk, "help_contact": "Cora"}
    )
    assert refused.status_code == 404
    assert (
        coordinator_client.get(letters_url(wave) + f"?member={stranger.pk}").status_code
        == 404
    )
    assert Event.objects.filter(action="evaluation.wave.letters_printed").count() == 1
    # all the letters of this wave: none of the other panel's links among them
    other_wave = services.wave_create(panel=other, actor=coordinator)
    services.wave_open(wave=other_wave, actor=coordinator, send=False)
    theirs = Invitation.objects.get(wave=other_wave, member=stranger)
    page = coordinator_client.post(
        letters_url(wave), {"who": "everyone", "help_contact": "Cora"}
    ).content.decode()
    assert len(printed_links(page)) == 3
    assert theirs.token not in page


def test_refused_to_other_tenants_and_to_those_who_may_not_run_the_panel(
    wave, tenant, other_tenant, make_member, client_for
):
    data = {"who": "everyone", "help_contact": "Cora"}
    outsider = client_for(make_member(other_tenant, "tenant_admin"))
    assert outsider.get(letters_url(wave)).status_code == 404
    assert outsider.post(letters_url(wave), data).status_code == 404
    # the same panel number under the other tenant's address: not found either
    assert outsider.post(letters_url(wave, tenant="hillview"), data).status_code == 404
    for role in ("viewer", "professional", "volunteer"):
        client = client_for(make_member(tenant, role))
        response = client.post(letters_url(wave), data)
        assert response.status_code in (403, 404), role
        assert b"/respond/" not in response.content
    assert not Invitation.objects.filter(letter_printed_at__isnull=False).exists()
    assert not Event.objects.filter(action="evaluation.wave.letters_printed").exists()


def test_a_closed_wave_prints_no_letters_and_the_contact_is_required(
    wave, coordinator, coordinator_client
):
    missing = coordinator_client.post(letters_url(wave), {"who": "everyone"})
    assert missing.status_code == 422
    assert 'aria-invalid="true"' in missing.content.decode()
    services.wave_close(wave=wave, actor=coordinator)
    page = coordinator_client.get(letters_url(wave)).content.decode()
    assert "Letters can be printed only while the wave is open" in page
    refused = coordinator_client.post(
        letters_url(wave), {"who": "everyone", "help_contact": "Cora"}
    )
    assert refused.status_code == 409
    assert not printed_links(refused.content.decode())


def test_the_letters_take_a_bounded_number_of_queries(
    wave, coordinator, coordinator_client
):
    data = {"who": "without_email", "help_contact": "Cora"}
    wave.panel.help_contact = "Cora"  # kept from earlier letters: no change to write
    wave.panel.save()

    def count():
        # the member's actor kept first (tenancy.actor): the count is the letters' own
        coordinator_client.get(f"/t/{wave.panel.tenant.slug}/tokens/")
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator_client.post(letters_url(wave), data)
        assert response.status_code == 200
        return len(ctx), len(printed_links(response.content.decode()))

    small, n_small = count()
    add_without_email(wave.panel, coordinator, 8)
    large, n_large = count()
    assert (n_small, n_large) == (2, 10)
    assert large == small
