"""A partner organisation's staff member in the browser (issue 15): writes a learning
entry for the initiative, updates their side's commitment, reads the network; every page
passes axe-core, and the entry form works at 390 px."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from coproduce.collaboration import services
from coproduce.collaboration.models import Commitment, LearningEntry

from ..collaboration.helpers import world_make
from .conftest import audit, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def w(tenant, make_member, coordinator):
    w = world_make(tenant, make_member, coordinator)
    coord = w.actor(coordinator)
    partnership = services.partnership_create(
        actor=coord,
        tenant=tenant,
        name="Discharge support",
        purpose="Home from hospital with a neighbour's help.",
        start_date=dt.date(2026, 1, 1),
        organisations=[w.hospital, w.ngo],
    )
    side = partnership.sides.get(organisation=w.ngo)
    services.commitment_create(
        actor=coord,
        side=side,
        description="Call every patient the day after discharge",
        due_date=dt.date(2026, 2, 1),
    )
    services.learning_entry_create(
        actor=coord,
        tenant=tenant,
        kind="co_exploitation",
        title="Lists the day before",
        learnt="The ward sends the list of discharges the day before.",
        learnt_on=dt.date(2026, 1, 20),
        initiative=w.initiative,
        source_organisation=w.hospital,
        receiving_organisation=w.ngo,
    )
    w.partnership = partnership
    return w


def test_partner_writes_an_entry_updates_a_commitment_reads_the_network(page, w):
    t = w.tenant.slug
    login(page, "pia")
    page.goto(f"/t/{t}/collaboration/")
    audit(page)
    expect(page.get_by_text("Overdue:").first).to_be_visible()

    # write an entry for the initiative, at a phone's width
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/t/{t}/collaboration/learning/new/?initiative={w.initiative.slug}")
    audit(page)
    page.get_by_label("Co-exploration").check()
    page.get_by_label("Title").fill("Peer calls reach more")
    page.get_by_label("What was tried or learnt").fill(
        "Peer workers reach the patients the nurses do not."
    )
    page.get_by_label("Date").fill("2026-03-02")
    page.get_by_label("Learnt from (source organisation)").select_option(
        label="Neighbourhood Aid"
    )
    page.get_by_label("Learnt by (receiving organisation)").select_option(
        label="Hospital district"
    )
    page.get_by_label(w.activity.title).check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form scrolls sideways at 390 px ({width} px)"
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Peer calls reach more")).to_be_visible()
    audit(page)
    entry = LearningEntry.objects.get(title="Peer calls reach more")
    assert entry.owner_organisation == w.ngo
    assert list(entry.activities.all()) == [w.activity]
    page.set_viewport_size({"width": 1280, "height": 900})

    # update the NGO's commitment on the partnership's page
    page.goto(f"/t/{t}/collaboration/partnerships/{w.partnership.pk}/")
    audit(page)
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    page.get_by_role(
        "link", name="Update “Call every patient the day after discharge”"
    ).click()
    audit(page)
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("Note").fill("Done from February on")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Met", exact=True)).to_be_visible()
    assert Commitment.objects.get().state == "met"
    # the hospital's side is not theirs to keep
    expect(
        page.get_by_role("link", name="Update the side of Hospital district")
    ).to_have_count(0)

    # read the network: the chart and its numbers
    page.goto(f"/t/{t}/collaboration/network/")
    audit(page)
    expect(page.locator("svg[role=img]")).to_be_visible()
    table = page.get_by_role("table", name="Ties between organisations")
    expect(table).to_contain_text("Hospital district")
    expect(table).to_contain_text("Neighbourhood Aid")
    page.get_by_role("combobox", name="Year").select_option("2026")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?year=2026")
    audit(page)

    # the initiative's opportunity space and two-way relations
    for path in ("opportunity/", "relations/"):
        page.goto(f"/t/{t}/collaboration/initiatives/{w.initiative.slug}/{path}")
        audit(page)
