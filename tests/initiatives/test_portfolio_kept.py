"""The portfolio's counts and filters from the kept figures agree with the SQL of
``portfolio_summary`` and follow the data: a new participation changes them at once."""

from decimal import Decimal

from coproduce.initiatives import selectors
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.vocab import ActorRole, Level, Stage

from .. import factories as f

FILTERS = [
    {},
    {"rhetoric": True},
    {"realised_stage": Stage.DESIGN},
    {"co_produced": "yes"},
    {"co_produced": "no"},
    {"declared_stage": Stage.DELIVERY},
]


def _world(tenant):
    designed = f.InitiativeFactory(tenant=tenant, co_design=True)
    f.ParticipationFactory(
        activity=f.ActivityFactory(
            initiative=designed, stage=Stage.DESIGN, level=Level.INVOLVE
        ),
        role=ActorRole.RESIDENT,
        hours=Decimal("2"),
    )
    f.InitiativeFactory(tenant=tenant, co_design=True, co_delivery=True)  # rhetoric
    f.ParticipationFactory(
        activity=f.ActivityFactory(
            initiative=f.InitiativeFactory(tenant=tenant),
            stage=Stage.DELIVERY,
            level=Level.INFORM,
        )
    )


def _both(tenant, filters):
    qs = Initiative.objects.filter(tenant=tenant)
    realised = selectors.realised_for(tenant=tenant)
    kept = selectors.portfolio_summary_kept(
        selectors.initiative_filter(qs, filters=filters, realised=realised),
        realised=realised,
        key=repr(sorted(filters.items())),
    )
    fresh = selectors.portfolio_summary(
        selectors.initiative_filter(qs, filters=filters)
    )
    return kept, fresh


def test_kept_counts_equal_the_sql_counts_for_every_filter(tenant):
    _world(tenant)
    for filters in FILTERS:
        kept, fresh = _both(tenant, filters)
        for key in ("total", "co_produced", "rhetoric", "stages"):
            assert kept[key] == fresh[key], (filters, key)
        assert {k: v for k, v in kept["hours"].items() if v} == {
            k: v for k, v in fresh["hours"].items() if v
        }


def test_a_new_participation_changes_the_kept_counts_at_once(tenant):
    _world(tenant)
    before, _ = _both(tenant, {"rhetoric": True})
    assert before["total"] == 1
    rhetoric = Initiative.objects.get(tenant=tenant, co_delivery=True)
    for stage in (Stage.DESIGN, Stage.DELIVERY):
        f.ParticipationFactory(
            activity=f.ActivityFactory(
                initiative=rhetoric, stage=stage, level=Level.COLLABORATE
            ),
            role=ActorRole.VOLUNTEER,
        )
    after, fresh = _both(tenant, {"rhetoric": True})
    assert after["total"] == fresh["total"] == 0
