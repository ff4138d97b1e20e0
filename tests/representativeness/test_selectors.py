"""Who takes part, counted in SQL: distinct people, consented demographics only, small
groups suppressed everywhere, under-represented groups named."""

from coproduce.representativeness.disclosure import suppressed_cells
from coproduce.representativeness.models import Setting
from coproduce.representativeness.selectors import (
    participations_of,
    representativeness_for,
)

from .. import factories as f
from .helpers import participants, population


def result_for(initiative, table, stage=None):
    return representativeness_for(
        tenant=initiative.tenant,
        participations=participations_of(initiative=initiative, stage=stage),
        table=table,
    )


def age(result):
    return next(d for d in result["dimensions"] if d.dimension == "age_band")


def test_distinct_people_consented_only_and_not_given_counted(tenant):
    table = population(tenant)
    activity = f.ActivityFactory(initiative__tenant=tenant)
    people = participants(activity, 6, age_band="30-44", gender="woman")
    # the same people again in a second activity: counted once
    second = f.ActivityFactory(initiative=activity.initiative)
    for p in people:
        f.ParticipationFactory(activity=second, person=p)
    participants(activity, 7, consent=False)  # never guessed: "not given"
    participants(activity, 5, age_band="45-64", gender="undisclosed")

    result = result_for(activity.initiative, table)
    dim = age(result)
    assert result["total"] == 18
    assert dim.not_given == 7
    rows = {r.group: r for r in dim.rows}
    assert rows["30-44"].participants == 6
    assert rows["45-64"].participants == 5
    gender = next(d for d in result["dimensions"] if d.dimension == "gender")
    assert gender.not_given == 12  # no consent, or "prefer not to say"


def test_under_represented_group_named_plainly(tenant):
    table = population(tenant)
    activity = f.ActivityFactory(initiative__tenant=tenant)
    participants(activity, 40, age_band="30-44")
    participants(activity, 40, age_band="45-64")
    participants(activity, 15, age_band="18-29")
    participants(activity, 5, age_band="75+")
    dim = age(result_for(activity.initiative, table))
    assert (
        "People aged 18–29 are under-represented: 15 % of participants, "
        "20 % of the population." in dim.statements
    )
    assert dim.comparison.chisq.df == 4  # 65-74 has no participants: shown as 0


def test_small_groups_suppressed_with_secondary_suppression(tenant):
    table = population(tenant)
    activity = f.ActivityFactory(initiative__tenant=tenant)
    participants(activity, 30, age_band="30-44")
    participants(activity, 20, age_band="45-64")
    participants(activity, 8, age_band="18-29")
    participants(activity, 2, age_band="75+")
    dim = age(result_for(activity.initiative, table))
    rows = {r.group: r for r in dim.rows}
    assert rows["75+"].participants is None
    assert rows["75+"].suppressed_note == "fewer than 5"
    # else 75+ would be the total minus the others: the next smallest is hidden too
    assert rows["18-29"].participants is None
    assert rows["65-74"].participants == 0
    assert rows["75+"].share is None
    assert rows["75+"].ratio is None
    # the statistics see the hidden groups only as one merged group
    assert [g.group for g in dim.comparison.groups][-1] == "__hidden__"
    assert dim.comparison.groups[-1].participants == 10
    assert not any("75 or over" in s for s in dim.statements)


def test_threshold_is_the_tenants(tenant):
    Setting.objects.create(tenant=tenant, min_group_size=10)
    table = population(tenant)
    activity = f.ActivityFactory(initiative__tenant=tenant)
    participants(activity, 30, age_band="30-44")
    participants(activity, 9, age_band="18-29")
    participants(activity, 12, age_band="45-64")
    rows = {r.group: r for r in age(result_for(activity.initiative, table)).rows}
    assert rows["18-29"].participants is None
    assert rows["18-29"].suppressed_note == "fewer than 10"


def test_one_stage(tenant):
    table = population(tenant)
    design = f.ActivityFactory(initiative__tenant=tenant, stage="design")
    delivery = f.ActivityFactory(initiative=design.initiative, stage="delivery")
    participants(design, 6, age_band="30-44")
    participants(delivery, 9, age_band="45-64")
    result = result_for(design.initiative, table, stage="delivery")
    assert result["total"] == 9


def test_disclosure_rule():
    assert suppressed_cells([10, 3, 20], 5) == {0, 1}
    assert suppressed_cells([10, 3, 2, 20], 5) == {1, 2}
    assert suppressed_cells([10, 0, 20], 5) == set()
    assert suppressed_cells([3], 5) == {0}


def test_bounded_queries_whatever_the_size(tenant, django_assert_max_num_queries):
    table = population(tenant)
    activity = f.ActivityFactory(initiative__tenant=tenant)
    for size in (5, 40):
        participants(activity, size, age_band="30-44", gender="man")
        with django_assert_max_num_queries(4):
            result_for(activity.initiative, table)


def test_a_tiny_initiative_names_no_group_it_cannot_tell_about(tenant):
    table = population(tenant)
    activity = f.ActivityFactory(initiative__tenant=tenant)
    participants(activity, 3, age_band="30-44")
    participants(activity, 3, age_band="45-64")
    dim = age(result_for(activity.initiative, table))
    assert dim.statements == []
    rows = {r.group: r for r in dim.rows}
    assert rows["18-29"].participants == 0
    assert rows["18-29"].reading == "too_few"
