"""The respondent's form: refusals name each bad answer, an older form is refused with the
saved answers shown, a closed wave and an unknown link are clear, and a link reaches only
its own invitation."""

import pytest
from django.test import override_settings
from django.urls import reverse

from coproduce.evaluation import services
from coproduce.evaluation.models import Answer

from ... import factories as f

pytestmark = pytest.mark.django_db


def open_wave(
    tenant, user, *, emails=("a@example.org", "b@example.org"), keys=("trust_provider",)
):
    instrument = services.instrument_create_from_library(
        tenant=tenant,
        actor=user,
        name="Trust",
        keys=list(keys),
        free_text=["What changed?"],
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=user,
        initiative=f.InitiativeFactory(tenant=tenant, name="Step"),
        instrument=instrument,
        name="Trust panel",
    )
    services.panel_members_from_emails(panel=panel, actor=user, emails=list(emails))
    wave = services.wave_create(panel=panel, actor=user)
    services.wave_open(wave=wave, actor=user, send=False)
    return wave


def link(invitation):
    return reverse("respond", kwargs={"token": invitation.token})


@pytest.fixture
def wave(tenant, coordinator):
    return open_wave(tenant, coordinator)


@pytest.fixture
def invitation(wave):
    return wave.invitations.get(member__email="a@example.org")


def test_the_form_is_accessible_by_structure(client, invitation):
    page = client.get(link(invitation)).content.decode()
    # each rating item a fieldset whose legend is the question; radios labelled by number
    assert page.count("<fieldset") == 4
    assert (
        "<legend>How much do you trust the organisation that runs this service?</legend>"
        in page
    )
    assert (
        '<label for="q-tp1-0"><input type="radio" id="q-tp1-0" name="tp1" value="0">0<span class="visually-hidden"> – No trust at all</span></label>'
        in page
    )
    assert '<span class="visually-hidden"> – Complete trust</span>' in page
    # free text: a labelled textarea
    assert '<label for="q-comment1">What changed?</label>' in page
    assert '<textarea id="q-comment1" name="comment1"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_out_of_range_and_non_numbers_are_named_beside_their_questions_and_nothing_is_saved(
    client, invitation
):
    response = client.post(
        link(invitation), {"tp1": "5", "tp2": "11", "tp3": "lots", "version": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved." in page
    assert (
        '<p class="errorlist" id="q-tp2-error">Choose a whole number from 0 to 10.</p>'
        in page
    )
    assert (
        '<p class="errorlist" id="q-tp3-error">Choose a number from 0 to 10.</p>'
        in page
    )
    assert 'aria-describedby="q-tp2-error"' in page
    assert 'value="5" checked' in page  # what was typed is kept
    assert not Answer.objects.exists()
    assert "Error:" in page.split("</title>")[0]


def test_an_older_form_is_refused_and_the_saved_answers_are_shown(client, invitation):
    client.post(link(invitation), {"tp1": "4", "version": "0"})
    client.post(link(invitation), {"tp1": "6", "version": "1"})  # another window
    response = client.post(
        link(invitation), {"tp1": "2", "version": "1"}
    )  # the old tab
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed in another window" in page
    assert 'value="6" checked' in page
    assert 'name="version" value="2"' in page
    assert Answer.objects.get(item__code="tp1").value == 6


def test_a_closed_wave_says_so(client, wave, invitation, coordinator):
    services.wave_close(wave=wave, actor=coordinator)
    response = client.get(link(invitation))
    assert response.status_code == 200
    assert b"This survey is closed" in response.content
    assert b"<fieldset" not in response.content


def test_an_unknown_link_is_404(client, invitation):
    assert client.get(reverse("respond", kwargs={"token": "nope"})).status_code == 404
    assert (
        client.post(
            reverse("respond", kwargs={"token": "nope"}), {"tp1": "1"}
        ).status_code
        == 404
    )


def test_a_link_reaches_only_its_own_invitation(
    client, tenant, other_tenant, make_member, wave, invitation
):
    # someone else's answers in the same wave, and another tenant's wave
    other = wave.invitations.get(member__email="b@example.org")
    services.response_save(
        invitation=other, answers={"tp1": 3, "comment1": "B's secret words"}
    )
    elsewhere = open_wave(
        other_tenant, make_member(other_tenant, "coordinator"), emails=["z@example.org"]
    )
    theirs = elsewhere.invitations.get()
    services.response_save(invitation=theirs, answers={"tp1": 1})
    page = client.get(link(invitation)).content.decode()
    assert "B&#x27;s secret words" not in page
    assert "b@example.org" not in page
    assert " checked" not in page
    # item codes of the same name save only into the link's own invitation
    client.post(link(invitation), {"tp1": "8", "version": "0"})
    assert Answer.objects.get(member=invitation.member, item__code="tp1").value == 8
    assert Answer.objects.get(member=other.member, item__code="tp1").value == 3
    assert Answer.objects.get(member=theirs.member, item__code="tp1").value == 1
    # a question of another instrument is refused, not saved anywhere
    response = client.post(link(invitation), {"nope1": "1", "version": "1"})
    assert response.status_code == 422
    assert b"Unknown question" in response.content


@override_settings(
    COPRODUCE_RESPOND_UNKNOWN_RATE=(3, 60), COPRODUCE_RESPOND_SAVE_RATE=(2, 60)
)
def test_guessing_links_and_hammering_one_link_are_rate_limited(client, invitation):
    for n in range(3):
        assert (
            client.get(reverse("respond", kwargs={"token": f"guess{n}"})).status_code
            == 404
        )
    assert (
        client.get(link(invitation)).status_code == 429
    )  # this address guessed too much
    other = type(client)(REMOTE_ADDR="10.0.0.2")
    assert other.get(link(invitation)).status_code == 200
    assert other.post(link(invitation), {"tp1": "1", "version": "0"}).status_code == 302
    assert other.post(link(invitation), {"tp1": "2", "version": "1"}).status_code == 302
    response = other.post(link(invitation), {"tp1": "3", "version": "2"})
    assert response.status_code == 429
    assert Answer.objects.get(item__code="tp1").value == 2


def test_the_form_speaks_the_respondents_language(client, invitation):
    client.post(reverse("set_language"), {"language": "fi", "next": link(invitation)})
    page = client.get(link(invitation)).content.decode()
    assert '<html lang="fi">' in page
    # the form's own words, not only the page's language, are Finnish
    assert "Tallenna vastaukseni</button>" in page
    assert "Save my answers" not in page
    assert "nimesi sijaan niissä käytetään tunnuskoodia (pseudonyymiä)" in page
    assert "Tämä linkki on henkilökohtainen. Älä jaa sitä muille." in page
    assert '<h2 id="questions-title">Kysymykset</h2>' in page
    # and so is a refusal
    response = client.post(link(invitation), {"tp2": "11", "version": "0"})
    refused = response.content.decode()
    assert response.status_code == 422
    assert "Mitään ei tallennettu. Korjaa alla merkityt vastaukset:" in refused
    assert (
        '<p class="errorlist" id="q-tp2-error">Valitse kokonaisluku väliltä 0–10.</p>'
        in refused
    )
    assert not Answer.objects.exists()
    # someone else, in another browser, reads the same form in Swedish
    swedish = type(client)()
    swedish.post(reverse("set_language"), {"language": "sv", "next": link(invitation)})
    page = swedish.get(link(invitation)).content.decode()
    assert '<html lang="sv">' in page
    assert "Spara mina svar</button>" in page
    assert "i stället för ditt namn används en kod (pseudonym)" in page
    assert "Den här länken är personlig. Dela den inte med andra." in page
