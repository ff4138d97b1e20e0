"""The report shows the statistics module's numbers for the panel's answers, as a page, a
printable page, CSV and JSON; respondents appear by pseudonym only."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.html import escape

from coproduce.evaluation import selectors, services
from coproduce.evaluation.reports import fmt, fmt_p
from coproduce.evaluation.stats import analyse_panel

from ... import factories as f
from .conftest import N, report_url

pytestmark = pytest.mark.django_db


def expected(panel):
    before, after = panel.test_waves
    data = selectors.panel_data_for(before=before, after=after)
    return analyse_panel(data, before=before.number, after=after.number)


def test_page_shows_the_numbers_analyse_panel_computes(panel, coordinator_client):
    stats = expected(panel)

    response = coordinator_client.get(report_url(panel))

    assert response.status_code == 200
    page = response.content.decode()
    for s in stats.scales:
        # the exact value for machines, the rounded one for people
        assert (
            f'<data value="{s.mean_diff!r}">{fmt(s.mean_diff, sign=True)}</data>'
            in page
        )
        assert f'<data value="{s.p_holm!r}">{escape(fmt_p(s.p_holm))}</data>' in page
        assert f'<data value="{s.cohen_dz!r}">' in page
        assert f'<data value="{s.alpha_before!r}">' in page
        assert f'<data value="{s.ci95[0]!r}">' in page
        assert f'<data value="{s.wilcoxon_v!r}">' in page
    provider = stats.scales[0]
    assert provider.scale == "Trust in the service provider"
    assert provider.n_pairs == N - 2  # one left, one skipped an item in wave 2
    assert "Trust in the service provider fell by" in page
    assert 'role="img"' in page
    assert page.count("<svg") == 1 + len(stats.scales)


def test_reading_is_careful_when_the_interval_crosses_zero(panel, coordinator_client):
    stats = expected(panel)
    page = coordinator_client.get(report_url(panel)).content.decode()
    crossing = [s for s in stats.scales if s.ci95[0] <= 0 <= s.ci95[1]]
    assert crossing, "the seeded panel has a scale whose interval crosses zero"
    assert "the interval includes zero (no change)" in page
    assert f"Only {N - 2} people answered both waves, so the estimate is rough." in page


def test_csv_holds_the_same_numbers_at_full_precision(panel, coordinator_client):
    stats = expected(panel)

    response = coordinator_client.get(report_url(panel, "-csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["scale"] for r in rows] == [s.scale for s in stats.scales]
    for row, s in zip(rows, stats.scales, strict=True):
        assert float(row["mean_diff"]) == s.mean_diff
        assert float(row["p_holm"]) == s.p_holm
        assert float(row["ci95_low"]) == s.ci95[0]
        assert int(row["n_pairs"]) == s.n_pairs
        assert row["wilcoxon_method"] == s.wilcoxon_method
        assert int(row["respondents_both"]) == stats.attrition.both


def test_json_is_the_stats_dict_with_metadata(panel, coordinator_client):
    stats = expected(panel)

    response = coordinator_client.get(report_url(panel, "-json"))

    assert response.status_code == 200
    body = json.loads(response.content)
    reference = stats.to_dict()
    assert body["scales"] == reference["scales"]
    assert body["attrition"] == reference["attrition"]
    assert (body["before"], body["after"]) == (1, 2)
    assert body["panel"]["id"] == panel.pk
    assert body["instrument"]["name"] == "Trust panel"
    assert body["waves"]["before"]["answered"] == N
    assert body["waves"]["after"]["answered"] == N - 1
    assert body["generated_at"]
    assert len(body["readings"]) == len(stats.scales)


def test_free_text_by_pseudonym_never_name_or_email(panel, coordinator_client):
    pages = [
        coordinator_client.get(report_url(panel, suffix)).content.decode()
        for suffix in ("", "-print", "-json", "-comments-csv")
    ]
    for page in pages:
        assert "R-0001" in page
        assert "Comment of R-0001 in wave 2" in page
        assert "Hanna" not in page
        assert "Virtanen" not in page
        assert "@example.org" not in page
    # the writer's change per scale: R-0001 has no provider score in wave 2
    rows = list(csv.reader(io.StringIO(pages[3])))
    header, first = rows[0], rows[1]
    assert header[:4] == ["respondent", "wave", "question", "answer"]
    assert first[0] == "R-0001"
    assert first[4] == ""
    assert float(first[5]) < 0


def test_printable_page_has_no_navigation(panel, coordinator_client):
    page = coordinator_client.get(report_url(panel, "-print")).content.decode()
    # the print styles are a static file (the Content-Security-Policy allows no inline style)
    assert "evaluation/report_print.css" in page
    styles = Path(finders.find("evaluation/report_print.css")).read_text()
    assert "@media print" in styles
    assert 'aria-label="Main"' not in page
    assert "Trust in the service provider fell by" in page


def test_waves_can_be_chosen_and_bad_choices_are_refused(panel, coordinator_client):
    ok = coordinator_client.get(report_url(panel, before=2, after=1))
    assert ok.status_code == 200
    assert "rose by" in ok.content.decode()  # the other way round, trust rose
    for query in (
        {"before": 1, "after": 1},
        {"before": 1, "after": 9},
        {"before": "x"},
    ):
        response = coordinator_client.get(report_url(panel, **query))
        assert response.status_code == 400
        json_response = coordinator_client.get(report_url(panel, "-json", **query))
        assert json_response.status_code == 400


def test_a_panel_without_two_waves_says_so(tenant, coordinator, coordinator_client):
    initiative = f.InitiativeFactory(tenant=tenant)
    instrument = services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="One", keys=["trust_generalised"]
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name="Only one wave",
    )
    response = coordinator_client.get(report_url(panel))
    assert response.status_code == 200
    assert "has not opened two yet" in response.content.decode()


def test_report_queries_do_not_grow_with_respondents(
    panel, coordinator_client, django_assert_max_num_queries
):
    # session, user, membership, person, panel, waves, items, scales and their items,
    # answers, comments: the same for 14 respondents as for 14,000
    with django_assert_max_num_queries(14):
        assert coordinator_client.get(report_url(panel)).status_code == 200
    with django_assert_max_num_queries(14):
        assert coordinator_client.get(report_url(panel, "-json")).status_code == 200


def test_the_report_links_its_downloads(panel, coordinator_client):
    page = coordinator_client.get(report_url(panel)).content.decode()
    for name in ("panel-report-csv", "panel-report-json", "panel-report-print"):
        url = reverse(name, kwargs={"tenant": panel.tenant.slug, "pk": panel.pk})
        assert f'href="{url}?before=1&amp;after=2"' in page
