"""The coordinator in the browser (issue 15): adds a side to a partnership by typing the
organisation's name, starts this year's partner survey, sees who has answered and, once a
partner has answered two yearly waves, reads the change and follows the link to the
evaluation report; every page passes axe-core."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from coproduce.collaboration import services
from coproduce.evaluation import services as evaluation_services
from coproduce.evaluation.models import Invitation, Wave

from .. import factories as f
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
        start_date=dt.date(2025, 1, 1),
        organisations=[w.hospital, w.ngo],
        initiative=w.initiative,
    )
    for n, side in enumerate(partnership.sides.all()):
        person = f.PersonFactory(tenant=tenant, email=f"side{n}@example.org")
        f.MembershipFactory(
            tenant=tenant, person=person, organisation=side.organisation
        )
        services.side_update(actor=coord, side=side, contact=person)
    w.partnership = partnership
    return w


def _answer_all(wave, value):
    items = wave.panel.instrument.items.filter(scale__isnull=False)
    for invitation in Invitation.objects.filter(wave=wave):
        evaluation_services.response_save(
            invitation=invitation, answers={i.code: value for i in items}
        )


def test_coordinator_adds_a_side_and_runs_the_partner_survey(page, w):
    t, p = w.tenant.slug, w.partnership
    login(page, "cora")
    page.goto(f"/t/{t}/collaboration/partnerships/{p.pk}/")
    audit(page)
    page.get_by_role("link", name="Add a side").click()
    expect(
        page.get_by_role("heading", name="Add a side to Discharge support")
    ).to_be_visible()
    audit(page)
    page.get_by_label("Organisation").fill("Seniors")
    page.get_by_label("What it brings").fill("Volunteers who visit at home")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Seniors' Club")).to_be_visible()

    page.get_by_role("link", name="Partner survey (yearly)").click()
    expect(
        page.get_by_role("heading", name="Partner survey: Discharge support")
    ).to_be_visible()
    audit(page)
    expect(page.get_by_text("No wave yet.")).to_be_visible()
    page.get_by_role("button", name="Start this year's wave").click()
    expect(page.get_by_text("Wave 1 is open")).to_be_visible()
    answers = page.locator("#partner-answers")
    expect(answers.get_by_text("not yet")).to_have_count(2)
    # the new side has no contact yet: it is said, not asked
    expect(page.get_by_text("has no contact person")).to_be_visible()
    audit(page)

    # the partners answer through their links; a year later, the second wave
    p.refresh_from_db()
    wave = Wave.objects.get(panel=p.panel)
    _answer_all(wave, 2)
    evaluation_services.wave_close(wave=wave, actor=w.actor(w.coordinator))
    Wave.objects.filter(pk=wave.pk).update(
        opened_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    )
    page.reload()
    page.get_by_role("button", name="Start this year's wave").click()
    second = Wave.objects.get(panel=wave.panel, number=2)
    _answer_all(second, 4)
    evaluation_services.wave_close(wave=second, actor=w.actor(w.coordinator))
    page.reload()
    expect(page.locator("#partner-change")).to_be_visible()
    audit(page)
    page.locator("#partner-report-link").click()
    page.wait_for_url(f"**/evaluation/panels/{wave.panel_id}/report/?before=1&after=2")
    page.wait_for_load_state()
    audit(page)
