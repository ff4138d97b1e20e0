"""Scenario 8's trust panel in the demo reads as a real evaluation: sixty answered at the
start, fifty-two after six months, and trust in the provider, in local government and
generalised trust fell beyond chance, as in Fledderus, Brandsen & Honingh (2015)."""

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from coproduce.demo import loader
from coproduce.demo.scenarios import DEMO_SLUG, SCENARIOS
from coproduce.evaluation.models import Answer, Invitation, Item, Panel, Wave
from coproduce.evaluation.reports import report_build, report_waves, waves_pick
from coproduce.evaluation.selectors import panel_data_for
from coproduce.evaluation.stats.panel import (
    per_respondent,
    respondents_code,
    scale_items,
    scale_score,
)
from coproduce.tenancy.models import Tenant

pytestmark = pytest.mark.django_db

TRUST = {
    "provider": "Trust in the service provider",
    "government": "Trust in local government",
    "generalised": "Generalised trust",
    "fellows": "Trust in fellow participants",
}


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        loader.demo_load()
    yield
    with django_db_blocker.unblock():
        loader.demo_unload()


@pytest.fixture
def panel(demo_loaded):
    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    return Panel.objects.select_related("initiative", "instrument").get(
        tenant=tenant, initiative__slug=SCENARIOS[8][0]
    )


@pytest.fixture
def report(panel):
    before, after = waves_pick(report_waves(panel))
    return report_build(panel=panel, before=before, after=after)


def test_sixty_answered_the_first_wave_and_fifty_two_both(panel, report):
    waves = list(panel.waves.order_by("number"))
    assert [w.status for w in waves] == [Wave.Status.CLOSED] * 2
    assert (waves[1].opened_at - waves[0].opened_at).days >= 170
    assert panel.members.count() == 60
    answered = [
        Invitation.objects.filter(wave=w, submitted_at__isnull=False).count()
        for w in waves
    ]
    assert answered == [60, 52]
    a = report.stats.attrition
    assert (a.before, a.after, a.both) == (60, 52, 52)
    # one who left the programme asked to leave the panel: no address, answers kept
    leaver = panel.members.get(withdrawn_at__isnull=False)
    assert leaver.email == ""
    assert leaver.answers_erased_at is None
    assert not Invitation.objects.filter(wave=waves[1], member=leaver).exclude(
        submitted_at=None
    )
    assert Invitation.objects.filter(wave=waves[0], member=leaver).get().submitted_at
    scales = [row.name for row in report.rows]
    assert scales[:4] == list(TRUST.values())
    assert "Motivation to take part" in scales
    assert "Personal control (mastery)" in scales


def test_answers_keep_the_rules_of_the_form(panel):
    answers = Answer.objects.filter(wave__panel=panel).select_related("item__scale")
    for answer in answers:
        if answer.item.kind == Item.Kind.TEXT:
            assert answer.value is None
            assert answer.text
        else:
            scale = answer.item.scale
            assert answer.value == int(answer.value)
            assert scale.minimum <= answer.value <= scale.maximum


def test_trust_fell_beyond_chance(report):
    by_name = {row.name: row.result for row in report.rows}
    for key in ("provider", "government", "generalised"):
        result = by_name[TRUST[key]]
        assert result.mean_diff < 0, key
        assert result.p_holm < 0.05, key
        assert result.ci95[1] < 0, key
        assert result.n_pairs >= 48, key
    for row in report.rows:
        assert row.result.alpha_before > 0.6, row.name


def test_fellow_trust_fell_where_trust_in_the_provider_fell(panel, report):
    before, after = report.before, report.after
    data = panel_data_for(before=before, after=after)
    coded = respondents_code(data.respondents)
    rows_b = np.flatnonzero(data.waves == before.number)
    rows_a = np.flatnonzero(data.waves == after.number)
    n = len(coded.ids)
    change = {}
    for spec in data.scales:
        score = scale_score(scale_items(data, spec))
        b = per_respondent(score, coded.codes, rows_b, n)
        a = per_respondent(score, coded.codes, rows_a, n)
        change[spec.name] = a - b
    provider, fellows = change[TRUST["provider"]], change[TRUST["fellows"]]
    both = ~np.isnan(provider) & ~np.isnan(fellows)
    r = np.corrcoef(provider[both], fellows[both])[0, 1]
    assert r > 0.4
    fell = provider[both] < 0
    assert fellows[both][fell].mean() < 0
    assert fellows[both][fell].mean() < fellows[both][~fell].mean()


def test_comments_explain_the_numbers_by_pseudonym(report):
    wave_2 = [c for c in report.comments if c.wave == report.after.number]
    assert len(wave_2) >= 8
    texts = " ".join(c.text for c in wave_2)
    assert "help each other" in texts  # good words about the peers
    assert "eager" in texts or "keep going" in texts  # motivation fell
    assert "less say" in texts or "decisions are made" in texts  # personal control
    assert all(c.pseudonym.startswith("R-") for c in report.comments)


def test_the_coordinator_reads_the_report_page(panel, client_for):
    client = client_for(get_user_model().objects.get(username="coordinator"))
    url = reverse("panel-report", kwargs={"tenant": DEMO_SLUG, "pk": panel.pk})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trust in the service provider fell by" in page
    assert "the fall is unlikely to be chance" in page
    for name in ("panel-report-csv", "panel-report-json", "panel-report-print"):
        url = reverse(name, kwargs={"tenant": DEMO_SLUG, "pk": panel.pk})
        assert client.get(url).status_code == 200


def test_members_without_email_got_letters_and_some_answered_with_help(panel):
    invitations = Invitation.objects.filter(wave__panel=panel)
    without = invitations.filter(member__email="")
    assert without.exists()
    assert not without.filter(sent_at__isnull=False).exists()  # no email went to them
    assert without.filter(letter_printed_at__isnull=True).count() == 0
    helped = invitations.filter(assisted_at__isnull=False)
    assert 0 < helped.count() < without.filter(submitted_at__isnull=False).count()
    assert not helped.filter(member__email__gt="").exists()
    assert not helped.filter(assisted_by__isnull=True).exists()


def test_the_trust_panel_can_be_answered_wholly_in_swedish_and_finnish(panel):
    """Every text a respondent reads has its Swedish and Finnish version; the ESS items'
    English is marked as the published wording, every Finnish and Swedish text as
    coproduce's own (no published translation is claimed)."""
    from coproduce.core import i18n

    instrument = panel.instrument
    texts = [(panel, "name"), (instrument, "instructions")]
    texts += [
        (scale, field)
        for scale in instrument.scales.all()
        for field in ("name", "minimum_label", "maximum_label")
    ]
    texts += [(item, "text") for item in instrument.items.all()]
    for obj, field in texts:
        versions = i18n.translations(obj, field)
        assert {"en", "fi", "sv"} <= set(versions), (obj, field, versions)
    tg1 = instrument.items.get(code="tg1")
    assert i18n.translation_origin(tg1, "en")["origin"] == i18n.PUBLISHED
    for item in instrument.items.all():
        assert i18n.translation_origin(item, "sv")["origin"] == i18n.PROJECT
        assert i18n.translation_origin(item, "fi")["origin"] == i18n.PROJECT
