"""The whole evaluation flow through the pages: a coordinator builds an instrument from the
library, a panel of the initiative's participants, opens a wave; a respondent answers through
the emailed link and changes an answer."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.evaluation.library import TRUST_PANEL
from coproduce.evaluation.models import (
    Answer,
    Instrument,
    Invitation,
    Item,
    Panel,
    PanelMember,
    Wave,
)

from ... import factories as f

pytestmark = pytest.mark.django_db


def url(name, tenant="riverside", **kwargs):
    return reverse(name, kwargs={"tenant": tenant, **kwargs})


@pytest.fixture
def initiative(tenant):
    initiative = f.InitiativeFactory(tenant=tenant, name="Working Life Step")
    activity = f.ActivityFactory(initiative=initiative)
    for n in range(3):
        person = f.PersonFactory(
            tenant=tenant,
            given_name=f"Secret{n}",
            family_name="Name",
            email=f"p{n}@example.org",
        )
        f.ParticipationFactory(activity=activity, person=person, role="service_user")
    f.ParticipationFactory(
        activity=activity,
        role="professional",
        person=f.PersonFactory(tenant=tenant, email="staff@example.org"),
    )
    return initiative


def test_coordinator_runs_a_panel_and_a_respondent_answers_through_the_link(
    tenant, initiative, coordinator_client, client, django_capture_on_commit_callbacks
):
    # given the library on the instruments page
    page = coordinator_client.get(url("instrument-list")).content.decode()
    assert "Trust in the service provider" in page
    assert "Pearlin Mastery Scale" in page  # a source note
    assert page.count("reverse-coded") >= 5

    # when the coordinator uses four library scales and a free-text question
    response = coordinator_client.post(
        url("instrument-create"),
        {
            "name": "Trust panel",
            "scales": list(TRUST_PANEL),
            "free_text": "What has changed for you?\n\n",
        },
    )
    instrument = Instrument.objects.get(tenant=tenant, name="Trust panel")
    assert response["Location"] == url("instrument-detail", pk=instrument.pk)
    assert instrument.items.count() == 16
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "How much do you trust the municipal council?" in page
    assert "What has changed for you?" in page
    assert "European Social Survey" in page

    # a panel of the initiative's service users
    response = coordinator_client.post(
        url("panel-create"),
        {
            "initiative": initiative.pk,
            "instrument": instrument.pk,
            "name": "Trust",
            "language": "sv",
        },
    )
    panel = Panel.objects.get(tenant=tenant, name="Trust")
    assert panel.language == "sv"
    assert response["Location"] == url("panel-detail", pk=panel.pk)
    response = coordinator_client.post(
        url("panel-members-participants", pk=panel.pk), {"roles": ["service_user"]}
    )
    assert response.status_code == 302
    assert panel.members.count() == 3
    page = coordinator_client.get(url("panel-detail", pk=panel.pk)).content.decode()
    assert "R-0001" in page
    assert "R-0003" in page
    assert "Secret0" not in page  # never names
    assert "p0@example.org" in page  # the coordinator sees addresses (bounces)

    # a wave, opened: the links are emailed in the background
    response = coordinator_client.post(url("wave-create", pk=panel.pk), {})
    wave = Wave.objects.get(panel=panel)
    assert (response.status_code, wave.number, wave.status) == (302, 1, "draft")
    confirm = coordinator_client.get(url("wave-open", pk=panel.pk, number=1))
    assert b"3 members of the panel get a personal link" in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url("wave-open", pk=panel.pk, number=1))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["p0@example.org"])
    link = re.search(r"https?://\S+/respond/(\S+)/", message.body)
    token = link.group(1)
    invitation = Invitation.objects.get(token=token)
    assert invitation.member.email == "p0@example.org"
    page = coordinator_client.get(url("panel-detail", pk=panel.pk)).content.decode()
    assert "invited" in page

    # the respondent opens the link: no account needed
    respond = reverse("respond", kwargs={"token": token})
    response = client.get(respond)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Working Life Step" in page
    assert "wave 1" in page
    assert "pseudonym" in page
    assert "<legend>How much do you trust the municipal council?</legend>" in page
    assert 'name="version" value="0"' in page
    assert "R-0001" not in page
    assert "p1@example.org" not in page

    # answers and saves
    answers = dict.fromkeys(
        Item.objects.filter(instrument=instrument, kind="scale").values_list(
            "code", flat=True
        ),
        "7",
    )
    answers["comment1"] = "I know whom to call now."
    response = client.post(respond, {**answers, "version": "0"})
    assert response.status_code == 302
    assert response["Location"] == f"{respond}?saved=1"
    page = client.get(response["Location"]).content.decode()
    assert "Your answers are saved." in page
    assert "I know whom to call now." in page
    assert 'name="version" value="1"' in page
    assert Answer.objects.filter(wave=wave, member=invitation.member).count() == 16

    # and changes one answer
    response = client.post(respond, {"tp1": "9", "version": "1"})
    assert response.status_code == 302
    assert (
        Answer.objects.get(wave=wave, member=invitation.member, item__code="tp1").value
        == 9
    )
    page = client.get(respond).content.decode()
    assert 'value="9" checked' in page

    # the coordinator sees one answer of three
    page = coordinator_client.get(url("panel-detail", pk=panel.pk)).content.decode()
    assert "33 %" in page
    assert "answered" in page

    # reminders reach the two who did not answer
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url("wave-remind", pk=panel.pk, number=1))
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p2@example.org"]

    # the used instrument cannot change, and offers a copy
    page = coordinator_client.get(
        url("instrument-detail", pk=instrument.pk)
    ).content.decode()
    assert "cannot change" in page
    assert "Add a question" not in page
    response = coordinator_client.post(
        url("item-create", pk=instrument.pk),
        {"code": "x", "text": "New?", "kind": "text"},
    )
    assert b"copy it to change it" in response.content
    response = coordinator_client.post(
        url("instrument-copy", pk=instrument.pk), {"name": "Trust panel 2027"}
    )
    copy = Instrument.objects.get(tenant=tenant, name="Trust panel 2027")
    assert response["Location"] == url("instrument-detail", pk=copy.pk)
    assert copy.items.count() == 16

    # closing the wave ends answering
    coordinator_client.post(url("wave-close", pk=panel.pk, number=1))
    assert Wave.objects.get(pk=wave.pk).status == "closed"
    response = client.get(respond)
    assert b"This survey is closed" in response.content
    response = client.post(respond, {"tp1": "3", "version": "2"})
    assert response.status_code == 409
    assert b"This survey is closed" in response.content
    assert (
        Answer.objects.get(wave=wave, member=invitation.member, item__code="tp1").value
        == 9
    )


def test_instrument_of_ones_own_with_a_scale_and_items(tenant, coordinator_client):
    coordinator_client.post(
        url("instrument-create"), {"name": "Own", "free_text": "Anything else?"}
    )
    instrument = Instrument.objects.get(tenant=tenant, name="Own")
    response = coordinator_client.post(
        url("scale-create", pk=instrument.pk),
        {
            "name": "Belonging",
            "minimum": "1",
            "maximum": "7",
            "minimum_label": "Not at all",
            "maximum_label": "Completely",
        },
    )
    assert response.status_code == 302
    scale = instrument.scales.get(name="Belonging")
    response = coordinator_client.post(
        url("item-create", pk=instrument.pk),
        {
            "code": "b1",
            "text": "I feel at home here.",
            "kind": "scale",
            "scale": scale.pk,
        },
    )
    assert response.status_code == 302
    response = coordinator_client.post(
        url("item-create", pk=instrument.pk),
        {
            "code": "b2",
            "text": "I feel an outsider.",
            "kind": "scale",
            "scale": scale.pk,
            "reverse": "on",
        },
    )
    assert instrument.items.get(code="b2").reverse
    response = coordinator_client.post(
        url("library-scale-add", pk=instrument.pk), {"key": "satisfaction"}
    )
    assert response.status_code == 302
    page = coordinator_client.get(
        url("instrument-detail", pk=instrument.pk)
    ).content.decode()
    assert "I feel an outsider." in page
    assert "Overall, I am satisfied" in page

    # refusals are shown on the form and nothing is saved
    response = coordinator_client.post(
        url("scale-create", pk=instrument.pk),
        {"name": "Upside down", "minimum": "5", "maximum": "1"},
    )
    assert response.status_code == 200
    assert b"The highest answer must be above the lowest." in response.content
    response = coordinator_client.post(
        url("item-create", pk=instrument.pk),
        {"code": "b3", "text": "Words?", "kind": "text", "scale": scale.pk},
    )
    assert response.status_code == 200
    assert not instrument.items.filter(code="b3").exists()
    response = coordinator_client.post(url("instrument-create"), {"name": "Empty"})
    assert b"Choose at least one scale" in response.content


def test_members_from_a_pasted_list_name_the_bad_lines(
    tenant, initiative, coordinator, coordinator_client
):
    from coproduce.evaluation import services

    instrument = services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="I", keys=["satisfaction"]
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name="P",
    )
    response = coordinator_client.post(
        url("panel-members-emails", pk=panel.pk),
        {"emails": "a@example.org\n\nnot an address\nb@example.org\nc@"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "line 3: &#x27;not an address&#x27; is not an email address" in page
    assert "line 5: &#x27;c@&#x27; is not an email address" in page
    assert not panel.members.exists()

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "list.txt", b"\xef\xbb\xbfd@example.org\r\ne@example.org\r\n"
    )
    response = coordinator_client.post(
        url("panel-members-emails", pk=panel.pk),
        {"emails": "a@example.org\nA@example.org", "file": upload},
    )
    assert response.status_code == 302
    assert sorted(
        PanelMember.objects.filter(panel=panel).values_list("email", flat=True)
    ) == ["a@example.org", "d@example.org", "e@example.org"]
