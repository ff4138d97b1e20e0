"""Pages fit the screen: on a phone (390 px), at 200 % zoom of a laptop (640 CSS px) and on
a laptop (1280 px) the page itself never scrolls sideways; a wide table scrolls in its own
labelled, focusable region instead; the accountability picture's labels do not overlap;
and each page still passes axe-core."""

import pytest
from django.utils import timezone

from coproduce.cases import services as cases
from coproduce.people.models import Membership, Person
from coproduce.tenancy.actor import actor_build

from .. import factories as f
from .conftest import audit, login

pytestmark = pytest.mark.e2e

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "laptop at 200 % zoom": {"width": 640, "height": 400},
    "laptop": {"width": 1280, "height": 800},
}

OVERFLOW = """() => ({
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    tables: [...document.querySelectorAll('main table')]
        .filter(t => !t.closest('.table-scroll'))
        .filter(t => t.scrollWidth > t.parentElement.clientWidth)
        .map(t => (t.querySelector('caption') || t).textContent.trim().slice(0, 60)),
    regions: [...document.querySelectorAll('.table-scroll')]
        .filter(r => getComputedStyle(r).overflowX !== 'auto'
                  || r.getBoundingClientRect().right > window.innerWidth + 1
                  || r.tabIndex !== 0 || r.getAttribute('role') !== 'region'
                  || !(r.getAttribute('aria-label') || r.getAttribute('aria-labelledby')))
        .map(r => r.outerHTML.slice(0, 120)),
})"""

OVERLAPS = """() => {
    const svg = document.querySelector('main svg');
    const box = e => e.getBBox();
    const labels = [...svg.querySelectorAll('text.edge-label')].map(box);
    const names = [...svg.querySelectorAll('text.node-name')].map(box);
    const nodes = [...svg.querySelectorAll('rect.node')].map(box);
    const hit = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
        && a.y < b.y + b.height && b.y < a.y + a.height;
    const clashes = (xs, ys) => xs.flatMap((a, i) => ys.filter(
        (b, j) => (xs !== ys || j > i) && hit(a, b)));
    return {
        labels: labels.length,
        overlaps: clashes(labels, labels).length + clashes(labels, nodes).length
            + clashes(names, names).length,
        width: svg.viewBox.baseVal.width,
        outside: labels.filter(b => b.x < 0 || b.x + b.width > svg.viewBox.baseVal.width)
            .length,
    };
}"""


@pytest.fixture
def records(tenant, coordinator, make_member):
    lead = f.OrganisationFactory(tenant=tenant, name="Riverside social services")
    initiative = f.InitiativeFactory(
        tenant=tenant,
        name="Neighbourhood kitchen with a rather long name for a narrow screen",
        lead_organisation=lead,
        co_design=True,
        co_delivery=True,
    )
    for n in range(4):
        f.InitiativePartnerFactory(
            initiative=initiative,
            organisation=f.OrganisationFactory(
                tenant=tenant, name=f"Partner association number {n}"
            ),
        )
    activity = f.ActivityFactory(
        initiative=initiative, title="Planning evening in the community hall"
    )
    for role in ("resident", "service_user", "community_group", "volunteer"):
        person = f.PersonFactory(
            tenant=tenant,
            email=f"a.very.long.address.of.a.{role}@example-municipality.fi",
            languages="Finnish, Swedish, Arabic, Somali, English",
        )
        f.ParticipationFactory(activity=activity, person=person, role=role)
    office = f.OrganisationFactory(tenant=tenant, name="Conciliation office")
    staff = {}
    for role, username, org_role in [
        ("professional", "sofia", Membership.Role.PROFESSIONAL),
        ("volunteer", "ville", Membership.Role.VOLUNTEER),
        ("volunteer", "venla", Membership.Role.VOLUNTEER),
    ]:
        user = make_member(tenant, role, username=username)
        staff[username] = Person.objects.get(user=user)
        f.MembershipFactory(
            tenant=tenant, person=staff[username], organisation=office, role=org_role
        )
    actor = actor_build(tenant=tenant, user=coordinator, role="coordinator")
    case = cases.case_register(
        tenant=tenant,
        actor=actor,
        case_type=cases.conciliation_install(tenant=tenant, actor=actor),
        organisation=office,
        referrer="police",
        referrer_name="Riverside police department",
        referred_on=timezone.localdate(),
        parties=[
            {"role": "victim", "given_name": "Vera", "family_name": "Victim"},
            {"role": "suspect", "given_name": "Sami", "family_name": "Suspect"},
        ],
    )
    case = cases.case_assign(
        case=case,
        actor=actor,
        mediators=[staff["ville"], staff["venla"]],
        supervisor=staff["sofia"],
        expected_version=case.version,
    )

    # steps that make every kind of relation: a pair, sign-offs, a supervisor doing a
    # mediator's step (consent), so that the accountability picture is at its busiest
    def step(person, code, **kwargs):
        user = person.user
        member = actor_build(
            tenant=tenant, user=user, role=tenant.memberships.get(user=user).role
        )
        current = type(case).objects.get(pk=case.pk)
        return cases.case_step_record(
            case=current,
            actor=member,
            code=code,
            expected_version=current.version,
            **kwargs,
        )

    step(staff["ville"], "consent", party="A")
    step(staff["sofia"], "consent", party="B")
    step(staff["venla"], "preparation")
    step(staff["ville"], "meeting")
    done = step(staff["venla"], "agreement", outcome="agreement")
    current = type(case).objects.get(pk=case.pk)
    cases.case_step_sign_off(
        case=current,
        actor=actor_build(tenant=tenant, user=staff["sofia"].user, role="professional"),
        record=done,
        expected_version=current.version,
    )
    base = f"/t/{tenant.slug}"
    return {
        "portfolio": f"{base}/",
        "initiative": f"{base}/initiatives/{initiative.slug}/",
        "people": f"{base}/people/",
        "case": f"{base}/cases/{case.pk}/",
        "accountability": f"{base}/cases/{case.pk}/accountability/",
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_pages_fit_the_screen_and_wide_tables_scroll_in_their_own_region(
    page, records, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    login(page, "cora")
    for name, path in records.items():
        page.goto(path)
        found = page.evaluate(OVERFLOW)
        assert found["page"] <= found["window"], (
            f"{name} at {viewport}: the page is {found['page']} px wide "
            f"in a window of {found['window']} px"
        )
        assert found["tables"] == [], f"{name} at {viewport}: tables clipped"
        assert found["regions"] == [], f"{name} at {viewport}: bad scroll regions"
        audit(page)


@pytest.mark.parametrize("picture", ["case", "service"])
def test_accountability_labels_do_not_overlap(page, records, picture):
    login(page, "cora")
    if picture == "case":
        page.goto(records["accountability"])
    else:
        page.goto(records["portfolio"] + "cases/accountability/")
    assert page.locator("main svg").count() == 1
    found = page.evaluate(OVERLAPS)
    assert found["labels"] >= 5, found  # every kind of relation is drawn
    assert found["overlaps"] == 0, f"{picture}: labels overlap: {found}"
    assert found["outside"] == 0, f"{picture}: labels cut at the edge: {found}"
