"""The learning log: entries between organisations, who may write and read them, their
adoption follow-ups, and refusals of another tenant's rows."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from coproduce.collaboration import access, services
from coproduce.collaboration.models import AdoptionFollowUp, LearningEntry
from coproduce.core.models import Event

from .. import factories as f
from .helpers import world_make


@pytest.fixture
def w(tenant, make_member, coordinator):
    return world_make(tenant, make_member, coordinator)


def _entry(w, actor, **kw):
    values = {
        "actor": actor,
        "tenant": w.tenant,
        "kind": "co_exploitation",
        "title": "Call the day after discharge",
        "learnt": "A volunteer's call the day after discharge catches missed medicines.",
        "learnt_on": dt.date(2026, 3, 1),
        "initiative": w.initiative,
        "source_organisation": w.ngo,
        "receiving_organisation": w.hospital,
    }
    values.update(kw)
    return services.learning_entry_create(**values)


def test_partner_staff_write_an_entry_for_their_own_organisation(w):
    pia = w.actor(w.partner_user)
    entry = _entry(w, pia, activities=[w.activity], evidence="12 of 40 calls")
    assert entry.owner_organisation == w.ngo  # defaulted to the writer's organisation
    assert entry.created_by == w.partner_user
    assert set(entry.organisations.all()) == {w.ngo, w.hospital}
    assert list(entry.activities.all()) == [w.activity]
    actions = set(
        Event.objects.filter(
            object_id=entry.pk, object_type="collaboration.learningentry"
        ).values_list("action", flat=True)
    )
    assert actions == {
        "collaboration.learning.created",
        "collaboration.learning.linked",
    }


def test_partner_staff_cannot_write_for_another_organisation(w):
    pia = w.actor(w.partner_user)
    with pytest.raises(PermissionDenied):
        _entry(w, pia, owner_organisation=w.hospital)
    assert not LearningEntry.objects.exists()


def test_a_volunteer_may_not_write(w, make_member):
    volunteer = make_member(w.tenant, "volunteer", username="vera")
    with pytest.raises(PermissionDenied):
        _entry(w, w.actor(volunteer), owner_organisation=w.ngo)


def test_another_tenants_rows_are_refused(w, other_tenant):
    foreign_org = f.OrganisationFactory(tenant=other_tenant, name="Elsewhere")
    foreign_activity = f.ActivityFactory(tenant=other_tenant)
    coord = w.actor(w.coordinator)
    with pytest.raises(ValidationError) as exc:
        _entry(w, coord, receiving_organisation=foreign_org)
    assert "receiving_organisation" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _entry(w, coord, activities=[foreign_activity.pk])
    assert "activities" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _entry(w, coord, organisations=[foreign_org])
    assert not LearningEntry.objects.exists()


def test_wrong_input_is_named(w):
    coord = w.actor(w.coordinator)
    with pytest.raises(ValidationError) as exc:
        _entry(w, coord, receiving_organisation=w.ngo)  # learning from itself
    assert "receiving_organisation" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _entry(w, coord, kind="gossip")
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _entry(w, coord, title="  ")
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _entry(w, coord, visibility="own", source_organisation=None)
    assert "owner_organisation" in exc.value.message_dict
    other = f.ActivityFactory(tenant=w.tenant)  # of another initiative
    with pytest.raises(ValidationError) as exc:
        _entry(w, coord, activities=[other])
    assert "activities" in exc.value.message_dict
    assert not LearningEntry.objects.exists()


def test_the_same_origin_makes_one_entry(w):
    coord = w.actor(w.coordinator)
    first = _entry(w, coord, origin="crisis.centre", origin_id=7)
    again = _entry(w, coord, origin="crisis.centre", origin_id=7, title="Other")
    assert again.pk == first.pk
    assert LearningEntry.objects.count() == 1


def test_visibility_own_partners_tenant(w, make_member):
    pia, otto = w.actor(w.partner_user), w.actor(w.outsider_user)
    own = _entry(w, pia, visibility="own", title="Own")
    partners = _entry(w, pia, visibility="partners", title="Partners")
    everyone = _entry(w, pia, visibility="tenant", title="Everyone")
    professional = w.actor(make_member(w.tenant, "professional", username="prof"))
    coordinator = w.actor(w.coordinator)

    def titles(actor):
        return set(access.learning_visible(actor).values_list("title", flat=True))

    assert titles(pia) == {"Own", "Partners", "Everyone"}
    # the Seniors' Club is no partner of the initiative
    assert titles(otto) == {"Everyone"}
    # the municipality's professional sees the initiative, not the NGO's own notes
    assert titles(professional) == {"Partners", "Everyone"}
    assert titles(coordinator) == {"Own", "Partners", "Everyone"}
    with pytest.raises(Http404):
        access.access_learning_by_id(otto, own.pk)
    assert access.access_learning_by_id(otto, everyone.pk) == everyone
    assert partners in access.learning_visible(professional)


def test_adoption_follow_ups(w, make_member):
    pia = w.actor(w.partner_user)
    entry = _entry(w, pia)
    coord = w.actor(w.coordinator)
    follow = services.adoption_record(
        actor=coord,
        entry=entry,
        state="adopted",
        on=dt.date(2026, 5, 2),
        note="Adopted by the discharge team",
    )
    assert follow.organisation == w.hospital  # the receiving organisation
    assert AdoptionFollowUp.objects.filter(entry=entry).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.adoption_record(
            actor=coord, entry=entry, state="adopted", on=dt.date(2026, 1, 1)
        )
    assert "date" in exc.value.message_dict
    # the Seniors' Club's staff are neither writer nor receiver
    with pytest.raises(PermissionDenied):
        services.adoption_record(
            actor=w.actor(w.outsider_user), entry=entry, state="not_adopted"
        )


def test_update_only_by_the_writers_side(w):
    pia = w.actor(w.partner_user)
    entry = _entry(w, pia)
    services.learning_entry_update(actor=pia, entry=entry, title="Call on day one")
    entry.refresh_from_db()
    assert entry.title == "Call on day one"
    with pytest.raises(PermissionDenied):
        services.learning_entry_update(
            actor=w.actor(w.outsider_user), entry=entry, title="x"
        )
