"""The demo's two tenants: the City of Riverside with the eight scenarios, and the Town of
Hillview, a small second tenant that shows the tenants cannot see each other."""

from coproduce.initiatives.vocab import Scope
from coproduce.tenancy.models import Tenant
from coproduce.tenancy.roles import Role

from ..spec import (
    OrganisationSpec,
    ServiceSpec,
    TenantSpec,
    UserSpec,
)
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
    AB,
    AK,
    CH,
    DEMO_SLUG,
    HILLVIEW_SLUG,
    MIX_FINNISH,
    MR,
    SEC,
    SEED,
    ST,
    Builder,
    K,
    L,
    M,
    R,
    S,
    activity,
    at,
    d,
    initiative,
    people,
)
from .city import ORGANISATIONS, SERVICES, USERS, named_people

# The scenarios in the order they are made: each draws from the builder's generator.
SCENARIOS_IN_ORDER = [
    s1_neighbourhood,
    s2_conciliation,
    s3_portfolio,
    s4_opportunity_space,
    s5_integrated_service,
    s6_temporary_space,
    s7_crisis_centre,
    s8_trust_panel,
]


def demo_tenant() -> TenantSpec:
    """The City of Riverside with the eight scenarios."""
    b = Builder(SEED)
    named_people(b)
    initiatives = [i for module in SCENARIOS_IN_ORDER for i in module.initiatives(b)]
    return TenantSpec(
        slug=DEMO_SLUG,
        name="City of Riverside",
        kind=Tenant.Kind.MUNICIPALITY,
        actor="coordinator",
        users=USERS,
        organisations=ORGANISATIONS,
        people=list(b.people.values()),
        services=SERVICES,
        initiatives=initiatives,
    )


HILLVIEW_VOLUNTEERS = {
    "prefix": "hvvol",
    "n": 3,
    "organisation": "hvlibrary",
    "role": MR.VOLUNTEER,
    "title": "Home delivery volunteer",
    "mix": MIX_FINNISH,
    "ages": [AB.A30_44, AB.A65_74],
    "consent_at": at("2025-10-01", "12:00"),
}
HILLVIEW_USERS = [
    UserSpec(
        "hillview",
        Role.COORDINATOR,
        "hillview",
        "library director; sees nothing of Riverside, as Riverside sees "
        "nothing of Hillview",
    )
]
HILLVIEW_ORGANISATIONS = [
    OrganisationSpec("town", "Town of Hillview", K.PUBLIC_AGENCY),
    OrganisationSpec("hvlibrary", "Hillview Library", K.DEPARTMENT, "town"),
]
HILLVIEW_SERVICES = [
    ServiceSpec(
        "home-delivery",
        "Library home delivery",
        "Books delivered to residents who cannot visit the library.",
        "hvlibrary",
        SEC.EDUC,
        (CH.HOME_VISIT, CH.PHONE),
        "Public Libraries Act (1492/2016)",
    )
]
HOME_DELIVERY = {
    "scenario": 0,
    "slug": "library-home-delivery",
    "name": "Library home delivery with volunteers",
    "description": "Volunteers bring books to residents who cannot come to the library.",
    "lead": "hvlibrary",
    "status": ST.RUNNING,
    "start_date": d("2025-10-01"),
    "place": "Hillview",
    "co_delivery": True,
    "declared_scope": Scope.INDIVIDUAL,
    "services": ["home-delivery"],
}


def hillview_tenant() -> TenantSpec:
    """A second, small tenant: the demo users cannot see it, and its coordinator sees nothing
    of Riverside."""
    b = Builder(SEED + 1)
    b.person(
        "hillview",
        "Kaisa",
        "Rautio",
        languages="fi, en",
        memberships=[("town", MR.PROFESSIONAL, "Library director")],
    )
    readers = b.crowd(**HILLVIEW_VOLUNTEERS)
    acts = [
        activity(
            S.DESIGN,
            "Planning the delivery rounds with volunteers",
            AK.WORKSHOP,
            at("2025-10-07", "17:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(readers, R.VOLUNTEER, 2),
            people(["hillview"], R.PROFESSIONAL, 2),
        ),
        activity(
            S.DELIVERY,
            "Home delivery round",
            AK.VOLUNTEER_SHIFT,
            at("2025-10-21", "10:00"),
            3,
            L.INVOLVE,
            M.DOING,
            people(readers[:2], R.VOLUNTEER, 3),
        ),
    ]
    return TenantSpec(
        slug=HILLVIEW_SLUG,
        name="Town of Hillview",
        kind=Tenant.Kind.MUNICIPALITY,
        actor="hillview",
        users=HILLVIEW_USERS,
        organisations=HILLVIEW_ORGANISATIONS,
        people=list(b.people.values()),
        services=HILLVIEW_SERVICES,
        initiatives=[initiative(HOME_DELIVERY, acts)],
    )
