from decimal import Decimal

import pytest

from coproduce.initiatives.models import Initiative
from coproduce.initiatives.selectors import portfolio_summary, profile_for
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Stage

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_declared_co_design_without_residents_is_a_finding(tenant):
    initiative = f.InitiativeFactory(tenant=tenant, co_design=True)
    design = f.ActivityFactory(
        initiative=initiative, stage=Stage.DESIGN, level=Level.COLLABORATE
    )
    f.ParticipationFactory(activity=design, role=ActorRole.PROFESSIONAL)

    profile = profile_for(initiative)

    assert not profile.is_co_produced
    assert profile.matrix[Stage.DESIGN][ActorRole.PROFESSIONAL] == Level.COLLABORATE
    assert profile.matrix[Stage.DESIGN][ActorRole.RESIDENT] is None
    assert [finding.message for finding in profile.findings] == [
        "Co-design declared, but no resident, service user or volunteer took part in any "
        "design activity."
    ]


def test_resident_at_involve_makes_it_co_produced_and_keeps_the_highest_level(tenant):
    initiative = f.InitiativeFactory(
        tenant=tenant, co_delivery=True, declared_scope="individual"
    )
    consult = f.ActivityFactory(
        initiative=initiative, stage=Stage.DELIVERY, level=Level.CONSULT
    )
    involve = f.ActivityFactory(
        initiative=initiative,
        stage=Stage.DELIVERY,
        level=Level.INVOLVE,
        mode=Mode.DOING,
    )
    f.ParticipationFactory(
        activity=consult, role=ActorRole.RESIDENT, hours=Decimal("1.5")
    )
    f.ParticipationFactory(
        activity=involve, role=ActorRole.RESIDENT, hours=Decimal("4")
    )

    profile = profile_for(initiative)

    assert profile.co_produced_stages == [Stage.DELIVERY]
    assert profile.matrix[Stage.DELIVERY][ActorRole.RESIDENT] == Level.INVOLVE
    assert profile.citizen_hours == {
        Mode.VOICE: Decimal("1.5"),
        Mode.DOING: Decimal("4"),
    }
    assert profile.findings == []


def test_consult_only_is_not_co_production(tenant):
    initiative = f.InitiativeFactory(tenant=tenant, co_design=True)
    activity = f.ActivityFactory(
        initiative=initiative, stage=Stage.DESIGN, level=Level.CONSULT
    )
    f.ParticipationFactory(activity=activity, role=ActorRole.SERVICE_USER)

    profile = profile_for(initiative)

    assert not profile.is_co_produced
    assert "only at level 'Consult'" in profile.findings[0].message


def test_undeclared_co_production_is_reported_as_information(tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(
        initiative=initiative, stage=Stage.ASSESSMENT, level=Level.EMPOWER
    )
    f.ParticipationFactory(activity=activity, role=ActorRole.VOLUNTEER)

    profile = profile_for(initiative)

    assert profile.is_co_produced
    assert profile.findings[0].severity == "info"
    assert "co-assessment was not declared" in profile.findings[0].message


def test_one_citizen_per_activity_reads_as_individual(tenant):
    initiative = f.InitiativeFactory(
        tenant=tenant, co_delivery=True, declared_scope="collective"
    )
    for _ in range(2):
        activity = f.ActivityFactory(initiative=initiative, stage=Stage.DELIVERY)
        f.ParticipationFactory(activity=activity, role=ActorRole.SERVICE_USER)
        f.ParticipationFactory(activity=activity, role=ActorRole.PROFESSIONAL)

    profile = profile_for(initiative)

    assert profile.observed_scope == "individual"
    assert (profile.individual_activities, profile.collective_activities) == (2, 0)
    assert any("individual co-production" in x.message for x in profile.findings)


def test_portfolio_summary_separates_realised_from_rhetoric(tenant):
    real = f.InitiativeFactory(tenant=tenant, co_design=True)
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=real, stage=Stage.DESIGN),
        role=ActorRole.RESIDENT,
    )
    f.InitiativeFactory(
        tenant=tenant, co_design=True, co_delivery=True
    )  # declares, records nothing
    f.InitiativeFactory(tenant=f.TenantFactory())  # another tenant: not counted

    summary = portfolio_summary(Initiative.objects.filter(tenant=tenant))

    assert (summary["total"], summary["co_produced"], summary["rhetoric"]) == (2, 1, 1)
    design = next(s for s in summary["stages"] if s["stage"] == Stage.DESIGN)
    assert (design["declared"], design["realised"]) == (2, 1)
