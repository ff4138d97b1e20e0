"""The demo city and its eight scenarios (docs: /design/domain.md), as plain records.

The City of Riverside, a Nordic municipality, runs the eight co-production scenarios of
the domain, each recorded the way a coordinator would record it, tensions included:
declared 'Co's that the records do not bear out, professionals who are unsure of their
role, volunteers who are both mediators and crisis volunteers, a temporary space whose
lease ends. Everything is dated relative to fixed dates in 2025–2026 and every random
choice comes from a seeded generator, so two loads give the same demo.

- ``builder``: the fixed dates, the seed, the scenarios' slugs, the language mixes, the
  ``Builder`` and the helpers every scenario uses;
- ``city``: the City of Riverside's organisations, services, named people and accounts;
- ``s1_neighbourhood`` ... ``s8_trust_panel``: one module per scenario, its data at the
  top and short functions that make its activities;
- ``tenants``: ``demo_tenant()`` and ``hillview_tenant()``, the specs the loader loads.

What other code imports from ``coproduce.demo.scenarios`` is re-exported here.
"""

from . import (
    s1_neighbourhood,
    s2_conciliation,
    s3_portfolio,
    s4_opportunity_space,
    s5_integrated_service,
    s6_temporary_space,
    s7_crisis_centre,
    s8_trust_panel,
)
from .builder import (
    CONSENT_2025,
    DEMO_PASSWORD,
    DEMO_SLUG,
    DEMO_TODAY,
    DISTRICTS,
    FAKER_LOCALES,
    HILLVIEW_SLUG,
    MIX_CITY,
    MIX_CRISIS,
    MIX_FINNISH,
    MIX_NEWCOMERS,
    NAMES,
    SCENARIOS,
    SEED,
    TZ,
    Builder,
    activity,
    at,
    d,
    h,
    initiative,
    orgs,
    people,
)
from .city import ORGANISATIONS, SERVICES, USERS, named_people
from .tenants import demo_tenant, hillview_tenant

# The scenario functions under the names they had in the single module.
scenario_1 = s1_neighbourhood.initiatives
scenario_2 = s2_conciliation.initiatives
scenario_3 = s3_portfolio.initiatives
scenario_4 = s4_opportunity_space.initiatives
scenario_5 = s5_integrated_service.initiatives
scenario_6 = s6_temporary_space.initiatives
scenario_7 = s7_crisis_centre.initiatives
scenario_8 = s8_trust_panel.initiatives

__all__ = [
    "CONSENT_2025",
    "DEMO_PASSWORD",
    "DEMO_SLUG",
    "DEMO_TODAY",
    "DISTRICTS",
    "FAKER_LOCALES",
    "HILLVIEW_SLUG",
    "MIX_CITY",
    "MIX_CRISIS",
    "MIX_FINNISH",
    "MIX_NEWCOMERS",
    "NAMES",
    "ORGANISATIONS",
    "SCENARIOS",
    "SEED",
    "SERVICES",
    "TZ",
    "USERS",
    "Builder",
    "activity",
    "at",
    "d",
    "demo_tenant",
    "h",
    "hillview_tenant",
    "initiative",
    "named_people",
    "orgs",
    "people",
    "scenario_1",
    "scenario_2",
    "scenario_3",
    "scenario_4",
    "scenario_5",
    "scenario_6",
    "scenario_7",
    "scenario_8",
]
