"""Answers in the database become the arrays the statistics read: on PostgreSQL through a
binary COPY, elsewhere through the ORM; both must give the same panel."""

import math

import numpy as np
import pytest
from django.db import connection

from coproduce.evaluation import selectors, services, vectors
from coproduce.evaluation.models import Answer, Invitation
from coproduce.evaluation.stats import analyse_panel

from ... import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_waves(tenant, coordinator):
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    for n in range(4):
        f.ParticipationFactory(
            activity=activity,
            person=f.PersonFactory(tenant=tenant, email=f"r{n}@example.org"),
        )
    instrument = services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name="Mix",
        keys=["trust_generalised", "motivation"],
        free_text=["Anything else?"],
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name="P",
    )
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    waves = [services.wave_create(panel=panel, actor=coordinator) for _ in range(2)]
    members = list(panel.members.order_by("pseudonym"))
    answers = {
        # wave 1: all four; wave 2: three (R-0004 left); R-0003 skips an item in wave 2
        0: [
            {
                "tg1": 5,
                "tg2": 6,
                "tg3": 7,
                "mo1": 4,
                "mo2": 4,
                "mo3": 2,
                "mo4": 5,
                "comment1": "fine",
            },
            {"tg1": 3, "tg2": 3, "tg3": 3, "mo1": 2, "mo2": 3, "mo3": 4, "mo4": 2},
            {"tg1": 8, "tg2": 7, "tg3": 9, "mo1": 5, "mo2": 5, "mo3": 1, "mo4": 5},
            {"tg1": 2, "tg2": 4, "tg3": 3, "mo1": 1, "mo2": 2, "mo3": 5, "mo4": 1},
        ],
        1: [
            {"tg1": 4, "tg2": 5, "tg3": 6, "mo1": 3, "mo2": 4, "mo3": 3, "mo4": 4},
            {"tg1": 3, "tg2": 2, "tg3": 2, "mo1": 2, "mo2": 2, "mo3": 4, "mo4": 2},
            {"tg1": 7, "tg2": "", "tg3": 8, "mo1": 5, "mo2": 4, "mo3": 2, "mo4": 5},
        ],
    }
    for w, wave in enumerate(waves):
        services.wave_open(wave=wave, actor=coordinator, send=False)
        for member, given in zip(members, answers[w], strict=False):
            invitation = wave.invitations.get(member=member)
            services.response_save(invitation=invitation, answers=given)
    return waves, members


def test_answers_become_one_row_per_respondent_and_wave(two_waves):
    (before, after), members = two_waves
    data = selectors.panel_data_for(before=before, after=after)

    assert data.items == (
        "tg1",
        "tg2",
        "tg3",
        "mo1",
        "mo2",
        "mo3",
        "mo4",
    )  # the free text is not a column
    assert sorted(
        zip(data.respondents.tolist(), data.waves.tolist(), strict=True)
    ) == sorted([(m.pk, 1) for m in members] + [(m.pk, 2) for m in members[:3]])
    row = {
        (r, w): i
        for i, (r, w) in enumerate(
            zip(data.respondents.tolist(), data.waves.tolist(), strict=True)
        )
    }
    assert data.values[row[(members[0].pk, 1)]].tolist() == [5, 6, 7, 4, 4, 2, 5]
    third_after = data.values[row[(members[2].pk, 2)]]
    assert math.isnan(third_after[1])
    assert third_after[0] == 7
    assert [s.name for s in data.scales] == [
        "Generalised trust",
        "Motivation to take part",
    ]
    assert data.scales[1].reverse == frozenset({"mo3"})


def test_the_analysis_reads_the_database_panel(two_waves):
    (before, after), members = two_waves
    report = analyse_panel(
        selectors.panel_data_for(before=before, after=after), before=1, after=2
    ).to_dict()
    trust, motivation = report["scales"]
    attrition = report["attrition"]
    assert (attrition["before"], attrition["after"], attrition["both"]) == (4, 3, 3)
    assert trust["n_pairs"] == 2  # R-0003 missed an item in wave 2: no score
    assert motivation["n_pairs"] == 3
    # generalised trust of R-0001: 6 -> 5; of R-0002: 3 -> 7/3
    assert trust["mean_before"] == pytest.approx((6 + 3) / 2)
    assert trust["mean_after"] == pytest.approx((5 + 7 / 3) / 2)


def test_postgres_copy_and_orm_paths_agree(two_waves):
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path exists on PostgreSQL only")
    (before, after), _ = two_waves
    fast = selectors._vectors_postgres([before.pk, after.pk], 7)
    slow = selectors._vectors_orm([before.pk, after.pk], 7)
    order_fast = np.lexsort(fast[:2])
    order_slow = np.lexsort(slow[:2])
    for a, b in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(a[order_fast], b[order_slow])


def _vector(wave, member):
    return vectors.unpack(wave.invitations.get(member=member).scale_values).tolist()


def test_a_changed_answer_changes_the_vector_and_keeps_the_others(two_waves):
    (before, after), members = two_waves
    assert _vector(after, members[2])[:3] == [
        7,
        pytest.approx(float("nan"), nan_ok=True),
        8,
    ]
    # both waves are still open: R-0001 changes one wave 1 answer and clears the comment
    invitation = before.invitations.get(member=members[0])
    services.response_save(invitation=invitation, answers={"tg2": 1, "comment1": ""})
    assert _vector(before, members[0]) == [5, 1, 7, 4, 4, 2, 5]
    data = selectors.panel_data_for(before=before, after=after)
    first = np.flatnonzero((data.respondents == members[0].pk) & (data.waves == 1))
    assert data.values[first[0]].tolist() == [5, 1, 7, 4, 4, 2, 5]


def test_answers_without_a_vector_are_packed_before_the_analysis(two_waves):
    """Rows written around the services (an old import, a fix by hand) still count: the
    vectors are rebuilt from the answer rows, to the same bytes the form stores."""
    (before, after), members = two_waves
    stored = {
        inv.pk: bytes(inv.scale_values)
        for inv in Invitation.objects.filter(wave__in=[before, after]).exclude(
            submitted_at=None
        )
    }
    expected = selectors.panel_data_for(before=before, after=after)
    Invitation.objects.filter(pk__in=stored).update(scale_values=None)
    Answer.objects.filter(wave=before, member=members[1], item__code="tg1").update(
        value=9
    )

    data = selectors.panel_data_for(before=before, after=after)

    rebuilt = dict(
        Invitation.objects.filter(pk__in=stored).values_list("pk", "scale_values")
    )
    changed = before.invitations.get(member=members[1]).pk
    assert {pk: bytes(v) for pk, v in rebuilt.items() if pk != changed} == {
        pk: v for pk, v in stored.items() if pk != changed
    }
    second = np.flatnonzero((data.respondents == members[1].pk) & (data.waves == 1))[0]
    assert data.values[second].tolist() == [9, 3, 3, 2, 3, 4, 2]
    np.testing.assert_array_equal(
        np.delete(data.values, second, axis=0),
        np.delete(expected.values, second, axis=0),
    )


def test_a_partial_save_without_a_vector_keeps_the_answers_in_the_rows(two_waves):
    """A save changing one answer merges it into the saved ones: read from the vector, or
    from the answer rows where the vector is missing (written around the services)."""
    (before, after), members = two_waves
    invitation = before.invitations.get(member=members[1])
    Invitation.objects.filter(pk=invitation.pk).update(scale_values=None)

    services.response_save(invitation=invitation, answers={"mo3": 5})

    assert _vector(before, members[1]) == [3, 3, 3, 2, 3, 5, 2]
    rows = dict(
        Answer.objects.filter(wave=before, member=members[1]).values_list(
            "item__code", "value"
        )
    )
    assert rows == {
        "tg1": 3,
        "tg2": 3,
        "tg3": 3,
        "mo1": 2,
        "mo2": 3,
        "mo3": 5,
        "mo4": 2,
    }


def test_a_cleared_comment_and_an_unanswered_rating_are_saved_as_such(two_waves):
    (before, after), members = two_waves
    invitation = before.invitations.get(member=members[0])

    services.response_save(invitation=invitation, answers={"comment1": "", "tg1": ""})

    saved = {
        code: (value, text)
        for code, value, text in Answer.objects.filter(
            wave=before, member=members[0]
        ).values_list("item__code", "value", "text")
    }
    assert saved["comment1"] == (None, "")
    assert saved["tg1"] == (None, "")
    assert saved["tg2"] == (6, "")
    assert math.isnan(_vector(before, members[0])[0])
