"""The yearly partner panel: the library's collaboration scale (marked adapted) asked of
each side's contact, and the change between two years tested by the evaluation report's
statistics (paired t-test against an independent computation)."""

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from scipy import stats

from coproduce.collaboration import services
from coproduce.evaluation import services as evaluation_services
from coproduce.evaluation.library import BY_KEY
from coproduce.evaluation.reports import report_build

from .. import factories as f
from .helpers import world_make


def test_the_collaboration_scale_is_in_the_library_marked_adapted():
    scale = BY_KEY["partnership_quality"]
    assert "Adapted" in str(scale.source)
    assert [i.reverse for i in scale.items].count(True) == 1


@pytest.fixture
def w(tenant, make_member, coordinator):
    return world_make(tenant, make_member, coordinator)


def test_two_years_of_the_partner_panel_and_the_change_tested(w):
    coord = w.actor(w.coordinator)
    orgs = [w.city, w.hospital, w.ngo, w.other_ngo]
    extra = [f.OrganisationFactory(tenant=w.tenant) for _ in range(4)]
    partnership = services.partnership_create(
        actor=coord,
        tenant=w.tenant,
        name="Home from hospital agreement",
        purpose="Who does what",
        start_date=dt.date(2025, 1, 1),
        organisations=orgs + extra,
        initiative=w.initiative,
    )
    for n, side in enumerate(partnership.sides.all()):
        contact = f.PersonFactory(tenant=w.tenant, email=f"contact{n}@example.org")
        f.MembershipFactory(
            tenant=w.tenant, person=contact, organisation=side.organisation
        )
        services.side_update(actor=coord, side=side, contact=contact)
    panel = services.partner_panel_create(actor=coord, partnership=partnership)
    assert services.partner_panel_create(actor=coord, partnership=partnership) == panel
    members = list(panel.members.order_by("pseudonym"))
    assert len(members) == 8
    items = list(
        panel.instrument.items.filter(scale__isnull=False).order_by("position")
    )
    rng = np.random.default_rng(15)
    scores = {}
    waves = []
    for year in range(2):
        wave = evaluation_services.wave_create(panel=panel, actor=coord)
        evaluation_services.wave_open(wave=wave, actor=coord, send=False)
        for member in members:
            base = 2 + year + rng.integers(0, 2)
            answers = {}
            for item in items:
                value = int(min(5, max(1, base + rng.integers(-1, 2))))
                answers[item.code] = value
            invitation = wave.invitations.get(member=member)
            evaluation_services.response_save(invitation=invitation, answers=answers)
            coded = [
                6 - answers[i.code] if i.reverse else answers[i.code] for i in items
            ]
            scores.setdefault(member.pk, []).append(np.mean(coded))
        evaluation_services.wave_close(wave=wave, actor=coord)
        waves.append(wave)
    report = report_build(panel=panel, before=waves[0], after=waves[1])
    (row,) = report.rows
    before = np.array([s[0] for s in scores.values()])
    after = np.array([s[1] for s in scores.values()])
    reference = stats.ttest_rel(after, before)
    assert row.result.n_pairs == 8
    assert row.result.mean_diff == pytest.approx(float(np.mean(after - before)))
    assert row.result.t == pytest.approx(float(reference.statistic))
    assert row.result.p_t == pytest.approx(float(reference.pvalue))


def test_a_standing_partnership_has_no_panel(w):
    coord = w.actor(w.coordinator)
    standing = services.partnership_create(
        actor=coord,
        tenant=w.tenant,
        name="Standing",
        purpose="Learning",
        start_date=dt.date(2025, 1, 1),
        organisations=[w.city, w.ngo],
    )
    with pytest.raises(ValidationError):
        services.partner_panel_create(actor=coord, partnership=standing)
