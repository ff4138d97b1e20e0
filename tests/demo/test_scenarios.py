"""The scenarios as plain records, without the database: the same demo on every call, and
module data that a caller's changes to one demo cannot leak into the next."""

from coproduce.demo.scenarios import SCENARIOS, demo_tenant, hillview_tenant


def test_every_call_makes_the_same_demo():
    assert demo_tenant() == demo_tenant()
    assert hillview_tenant() == hillview_tenant()


def test_the_initiatives_are_the_scenarios_in_order():
    slugs = [i.slug for i in demo_tenant().initiatives]
    assert slugs == [slug for n in sorted(SCENARIOS) for slug in SCENARIOS[n]]
    assert [i.scenario for i in demo_tenant().initiatives] == [
        n for n in sorted(SCENARIOS) for _ in SCENARIOS[n]
    ]


def test_changing_one_demo_leaves_the_next_alone():
    first = demo_tenant()
    pilot = first.initiatives[0]
    pilot.partners.append(("city", "funder"))
    pilot.services.clear()
    pilot.contributions.clear()
    for person in first.people:
        if person.demographics:
            person.demographics["district"] = "Elsewhere"
    second = demo_tenant()
    assert second.initiatives[0].services
    assert ("city", "funder") not in second.initiatives[0].partners
    assert second.initiatives[0].contributions
    assert all(
        p.demographics["district"] != "Elsewhere"
        for p in second.people
        if p.demographics
    )
