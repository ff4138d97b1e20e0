"""A coordinator builds an instrument from the library, invites the initiative's
participants, opens a wave; respondents answer through their link; reminders go out."""

import pytest
from django.core import mail

from coproduce.core.errors import ConflictError, DomainError
from coproduce.evaluation import services
from coproduce.evaluation.library import TRUST_PANEL
from coproduce.evaluation.models import (
    Answer,
    Invitation,
    Item,
    Panel,
    PanelMember,
    Wave,
)

from ... import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(tenant, coordinator):
    initiative = f.InitiativeFactory(tenant=tenant, name="Working Life Step")
    activity = f.ActivityFactory(initiative=initiative)
    for n in range(3):
        person = f.PersonFactory(tenant=tenant, email=f"p{n}@example.org")
        f.ParticipationFactory(activity=activity, person=person, role="service_user")
    f.ParticipationFactory(activity=activity, role="professional")
    instrument = services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name="Trust panel",
        keys=list(TRUST_PANEL),
        free_text=["What has changed for you?"],
    )
    return services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name="Trust",
    )


def test_library_copy_keeps_items_ranges_reverse_codes_and_sources(tenant, coordinator):
    instrument = services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="Control", keys=["personal_control"]
    )
    scale = instrument.scales.get()
    assert (scale.name, scale.minimum, scale.maximum) == (
        "Personal control (mastery)",
        1,
        4,
    )
    reversed_codes = sorted(
        instrument.items.filter(reverse=True).values_list("code", flat=True)
    )
    assert reversed_codes == ["pc1", "pc2", "pc3", "pc5", "pc7"]
    assert "Pearlin" in instrument.source_note
    with pytest.raises(DomainError, match="already has items"):
        services.instrument_add_library_scale(
            instrument=instrument, key="personal_control", actor=coordinator
        )
    # an own scale already holds the library scale's name (but none of its codes)
    services.scale_create(
        instrument=instrument,
        actor=coordinator,
        name="Satisfaction with the service",
        minimum=1,
        maximum=5,
    )
    with pytest.raises(DomainError, match="already has a scale named") as refused:
        services.instrument_add_library_scale(
            instrument=instrument, key="satisfaction", actor=coordinator
        )
    assert refused.value.field == "key"


def test_panel_from_participants_is_pseudonymous_and_not_duplicated(panel, coordinator):
    assert (
        services.panel_members_from_participants(
            panel=panel, actor=coordinator, roles=["service_user"]
        )
        == 3
    )
    assert (
        services.panel_members_from_participants(
            panel=panel, actor=coordinator, roles=["service_user"]
        )
        == 0
    )
    assert list(panel.members.values_list("pseudonym", flat=True)) == [
        "R-0001",
        "R-0002",
        "R-0003",
    ]
    assert (
        services.panel_members_from_emails(
            panel=panel, actor=coordinator, emails=["new@example.org", "p0@example.org"]
        )
        == 1
    )
    with pytest.raises(DomainError, match="line 2: 'nope' is not an email address"):
        services.panel_members_from_emails(
            panel=panel, actor=coordinator, emails=["a@example.org", "nope"]
        )
    assert panel.members.count() == 4


def test_opening_a_wave_sends_personal_links_and_reminders_reach_only_non_respondents(
    panel, coordinator, django_capture_on_commit_callbacks
):
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    wave = services.wave_create(panel=panel, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.wave_open(wave=wave, actor=coordinator) == 4
        )  # 3 service users + 1 professional
    # the professional made by the factory has no email: 3 messages
    assert len(mail.outbox) == 3
    first = Invitation.objects.filter(wave=wave, member__email="p0@example.org").get()
    to_first = next(m for m in mail.outbox if m.to == ["p0@example.org"])
    assert f"http://127.0.0.1:8000/respond/{first.token}/" in to_first.body
    assert sum(first.token in m.body for m in mail.outbox) == 1  # a link is personal

    services.response_save(
        invitation=first, answers={"tp1": 7, "comment1": "More trust now."}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.wave_remind(wave=wave, actor=coordinator)
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p2@example.org"]
    assert all("Reminder" in m.subject for m in mail.outbox)


def test_answers_are_checked_whole_and_nothing_is_half_saved(panel, coordinator):
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    wave = services.wave_create(panel=panel, actor=coordinator)
    services.wave_open(wave=wave, actor=coordinator, send=False)
    invitation = wave.invitations.first()

    with pytest.raises(DomainError) as exc:
        services.response_save(
            invitation=invitation, answers={"tp1": 5, "tp2": 11, "tl1": "lots"}
        )
    assert exc.value.errors == {
        "tp2": "Choose a whole number from 0 to 10.",
        "tl1": "Choose a number from 0 to 10.",
    }
    assert not Answer.objects.filter(wave=wave).exists()

    saved = services.response_save(invitation=invitation, answers={"tp1": 5, "tp2": 6})
    assert saved.version == 1
    services.response_save(
        invitation=invitation, answers={"tp2": 8}, version=1
    )  # change until closed
    assert dict(
        Answer.objects.filter(wave=wave).values_list("item__code", "value")
    ) == {"tp1": 5.0, "tp2": 8.0}
    with pytest.raises(ConflictError):
        services.response_save(
            invitation=invitation, answers={"tp2": 1}, version=1
        )  # an older form

    services.wave_close(wave=wave, actor=coordinator)
    with pytest.raises(DomainError, match="closed"):
        services.response_save(invitation=invitation, answers={"tp1": 1})


def test_a_used_instrument_cannot_be_changed_but_can_be_copied(panel, coordinator):
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    services.wave_open(
        wave=services.wave_create(panel=panel, actor=coordinator),
        actor=coordinator,
        send=False,
    )
    with pytest.raises(DomainError, match="copy it"):
        services.item_create(
            instrument=panel.instrument,
            actor=coordinator,
            code="x",
            text="?",
            kind=Item.Kind.TEXT,
        )
    copy = services.instrument_copy(
        instrument=panel.instrument, name="Trust panel (2027)", actor=coordinator
    )
    assert copy.items.count() == panel.instrument.items.count() == 16
    services.item_create(
        instrument=copy,
        actor=coordinator,
        code="x",
        text="New question?",
        kind=Item.Kind.TEXT,
    )


def test_waves_are_numbered_and_opened_once(panel, coordinator):
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    first, second = (
        services.wave_create(panel=panel, actor=coordinator) for _ in range(2)
    )
    assert (first.number, second.number) == (1, 2)
    services.wave_open(wave=first, actor=coordinator, send=False)
    with pytest.raises(DomainError, match="already open"):
        services.wave_open(wave=first, actor=coordinator, send=False)
    assert Wave.objects.get(pk=first.pk).status == "open"


@pytest.mark.django_db(transaction=True)
def test_two_windows_saving_one_link_at_once_keep_one_whole_set(panel, coordinator):
    """Two connections save the same personal link from the same form at the same moment:
    one save wins whole, the other is refused as a conflict, nothing is mixed."""
    import threading

    from django.db import connection
    from django_scopes import scopes_disabled

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers (PostgreSQL)")
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    wave = services.wave_create(panel=panel, actor=coordinator)
    services.wave_open(wave=wave, actor=coordinator, send=False)
    invitation = wave.invitations.first()
    barrier, outcomes = threading.Barrier(2), {}

    def save(value):
        try:
            with scopes_disabled():
                mine = Invitation.objects.get(pk=invitation.pk)
                barrier.wait()
                services.response_save(
                    invitation=mine, answers={"tp1": value, "tp2": value}, version=0
                )
            outcomes[value] = "saved"
        except ConflictError:
            outcomes[value] = "conflict"
        except BaseException as exc:  # noqa: BLE001 (failed below)
            outcomes[value] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(v,)) for v in (2, 6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    winner = next(v for v, outcome in outcomes.items() if outcome == "saved")
    with scopes_disabled():
        values = set(
            Answer.objects.filter(wave=wave, member=invitation.member).values_list(
                "value", flat=True
            )
        )
        assert values == {winner}
        assert Invitation.objects.get(pk=invitation.pk).version == 1


def test_emails_speak_the_panels_language_or_the_one_a_member_answered_in(
    panel, coordinator, django_capture_on_commit_callbacks
):
    Panel.objects.filter(pk=panel.pk).update(language="fi")
    panel.refresh_from_db()
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    first = services.wave_create(panel=panel, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.wave_open(wave=first, actor=coordinator)
    assert {m.subject for m in mail.outbox} == {"Kerro mielipiteesi: Trust"}
    assert all("Vastaa tästä" in m.body for m in mail.outbox)
    # p1 answers wave 1 in Swedish; their next invitation is in Swedish, the others' Finnish
    invitation = Invitation.objects.get(wave=first, member__email="p1@example.org")
    services.response_save(invitation=invitation, answers={"tp1": 5}, language="sv")
    # answering in the panel's own language changes nothing to remember
    same = Invitation.objects.get(wave=first, member__email="p0@example.org")
    services.response_save(invitation=same, answers={"tp1": 6}, language="fi")
    assert PanelMember.objects.get(pk=same.member_id).language == ""
    services.wave_close(wave=first, actor=coordinator)
    mail.outbox.clear()
    second = services.wave_create(panel=panel, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.wave_open(wave=second, actor=coordinator)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["p1@example.org"] == "Berätta vad du tycker: Trust"
    assert subjects["p0@example.org"] == "Kerro mielipiteesi: Trust"
