"""Through the browser: a coordinator reads a panel's report comparing two waves, picks
another pair of waves, downloads the CSV and JSON, opens the printable page, and meets the
"not yet" page of a panel with one wave; people without access get the error pages.
axe-core checks every page visited."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from django.urls import reverse
from django.utils.text import slugify
from playwright.sync_api import expect

from coproduce.evaluation import services
from coproduce.evaluation.library import TRUST_PANEL
from coproduce.evaluation.reports import fmt, fmt_p, report_build, report_waves
from coproduce.people.models import Person

from .. import factories as f
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e

N = 14
QUESTION = "What has changed for you?"
# what respondents wrote: one of them with markup, which must be shown as typed
SAID = {
    (0, 1): "I did not know whom to call.",
    (4, 1): "Less waiting & <b>more</b> listening.",
    (4, 2): "I know whom to call now.",
    (8, 3): "The staff changed twice; I had to start over.",
}


def checked(page):
    check_structure(page)
    audit(page)


def report_url(panel, suffix="", **query):
    url = reverse(
        f"panel-report{suffix}", kwargs={"tenant": panel.tenant.slug, "pk": panel.pk}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def build_panel(tenant, coordinator, *, name, waves, initiative=None):
    """A trust panel of N participants answered through the services with a fixed seed:
    trust falls a little each wave, one respondent leaves after each wave, a few write a
    comment. Returns the panel and the participants (for their names and addresses)."""
    initiative = initiative or f.InitiativeFactory(
        tenant=tenant, name="Working Life Step"
    )
    activity = f.ActivityFactory(initiative=initiative)
    people = []
    for n in range(N):
        person = f.PersonFactory(
            tenant=tenant,
            given_name=f"Hanna{n}",
            family_name=f"Virtanen{n}",
            # one person an email in a tenant: each panel's participants are their own
            email=f"hanna.virtanen{n}@{slugify(name)}.example.org",
        )
        f.ParticipationFactory(activity=activity, person=person, role="service_user")
        people.append(person)
    instrument = services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name=f"{name}: instrument",
        keys=list(TRUST_PANEL),
        free_text=[QUESTION],
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name=name,
    )
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    rng = np.random.default_rng(8)
    items = list(instrument.items.select_related("scale").order_by("position"))
    members = list(panel.members.order_by("pseudonym"))
    level = {m.pk: rng.normal(6, 1.2) for m in members}
    for w in range(1, waves + 1):
        wave = services.wave_create(panel=panel, actor=coordinator)
        services.wave_open(wave=wave, actor=coordinator, send=False)
        for i, member in enumerate(members[: N - (w - 1)]):  # one leaves per wave
            answers = {}
            for item in items:
                if item.scale is None:
                    answers[item.code] = SAID.get((i, w), "")
                    continue
                lo, hi = item.scale.minimum, item.scale.maximum
                centre = lo + (hi - lo) * (level[member.pk] - 0.8 * (w - 1)) / 10
                value = int(np.clip(round(centre + rng.normal(0, 0.8)), lo, hi))
                answers[item.code] = lo + hi - value if item.reverse else value
            services.response_save(
                invitation=wave.invitations.get(member=member), answers=answers
            )
        services.wave_close(wave=wave, actor=coordinator)
    return panel, people


def expect_row(page, table_id, report):
    """Each scale's row in the table: its name, n pairs, means, CI and p-values, as the
    report computed them."""
    rows = page.locator(f"#{table_id} tbody tr")
    expect(rows).to_have_count(len(report.rows))
    for i, row in enumerate(report.rows):
        r = row.result
        cells = rows.nth(i)
        expect(cells.get_by_role("rowheader")).to_contain_text(row.name)
        expect(cells).to_contain_text(str(r.n_pairs))
        for text in (
            fmt(r.mean_before),
            fmt(r.mean_after),
            fmt(r.mean_diff, sign=True),
            f"{fmt(r.ci95[0], sign=True)} to {fmt(r.ci95[1], sign=True)}",
            fmt_p(r.p_holm),
        ):
            expect(cells).to_contain_text(text)


def test_coordinator_reads_the_report_downloads_it_and_prints_it(
    page, context, tenant, coordinator
):
    panel, people = build_panel(
        tenant, coordinator, name="Trust over the programme", waves=3
    )
    single, _ = build_panel(
        tenant,
        coordinator,
        name="Trust, just begun",
        waves=1,
        initiative=panel.initiative,
    )
    first, second, third = report_waves(panel)
    report = report_build(panel=panel, before=first, after=third)
    login(page, "cora")

    # the panel's page, from the main navigation
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Evaluation"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation")
    page.get_by_role("link", name="Trust over the programme", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trust over the programme"
    )
    checked(page)

    # the report, from the panel's page
    page.get_by_role("link", name="Read the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report: Trust over the programme"
    )
    expect(
        page.locator("main").get_by_role("link", name="Trust over the programme")
    ).to_have_attribute("href", re.compile(rf"/panels/{panel.pk}/$"))
    for heading in (
        "What the answers say",
        "Change per scale",
        "All the statistics",
        "Who answered both waves",
        "Scores in each wave",
        "In their own words",
    ):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    expect(page.locator("main")).to_contain_text("wave 1 to wave 3")
    expect(page.locator("#readings li")).to_have_count(len(report.rows))
    expect_row(page, "change-table", report)
    expect_row(page, "stats-table", report)
    provider = page.locator("#stats-table tbody tr").first
    expect(provider.get_by_role("rowheader")).to_have_text(report.rows[0].name)
    r = report.rows[0].result
    assert r.n_pairs == N - 2  # two left by wave 3
    expect(provider.locator("td").first).to_have_text(str(N - 2))
    expect(provider).to_contain_text(fmt_p(r.p_t))
    expect(provider).to_contain_text(fmt_p(r.p_wilcoxon))

    # the charts: a text alternative, and their numbers in a table beside them
    expect(
        page.get_by_role("img", name="Change per scale from wave 1 to wave 3")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Mean change from wave 1")).to_be_visible()
    for row in report.rows:
        expect(
            page.get_by_role("img", name=f"{row.name}: scores in wave 1 and wave 3")
        ).to_be_visible()
        band = page.get_by_role("table", name=f"{row.name}: respondents per score band")
        expect(band.locator("tbody tr")).to_have_text(
            [
                re.compile(rf"^{re.escape(b.label)}\s*{b.before}\s*{b.after}$")
                for b in row.bins
            ]
        )
        assert sum(b.before for b in row.bins) == N

    # attrition: 14 answered wave 1, 12 wave 3, 2 left
    expect(page.locator("#attrition-counts tbody tr")).to_have_text(
        [
            re.compile(rf"Wave 1\s*{N}$"),
            re.compile(rf"Wave 3\s*{N - 2}$"),
            re.compile(rf"Both\s*{N - 2}$"),
            re.compile(r"Only wave 1 \(left\)\s*2$"),
        ]
    )
    expect(page.locator("#attrition-table tbody tr")).to_have_count(len(report.rows))
    expect(page.locator("#attrition-reading")).not_to_be_empty()

    # the free text, by pseudonym (shown as typed), never by name or address
    comments = page.locator("#comments-table tbody tr")
    expect(comments).to_have_count(3)  # wave 2's comment is not in a 1-to-3 report
    expect(comments.nth(0).get_by_role("rowheader")).to_have_text("R-0001")
    expect(comments.nth(0)).to_contain_text(SAID[(0, 1)])
    expect(comments.nth(1).get_by_role("rowheader")).to_have_text("R-0005")
    expect(comments.nth(1)).to_contain_text(SAID[(4, 1)])
    expect(comments.nth(1).locator("b")).to_have_count(0)
    expect(comments.nth(2).get_by_role("rowheader")).to_have_text("R-0009")
    shown = page.locator("main").inner_text()
    for person in people:
        assert person.family_name not in shown
        assert person.email not in shown
    checked(page)

    # another pair of waves, with the form
    page.get_by_label("From wave", exact=True).select_option("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()
    assert "before=2" in page.url
    assert "after=3" in page.url
    expect(page.locator("main")).to_contain_text("wave 2 to wave 3")
    expect(page.get_by_label("From wave", exact=True)).to_have_value("2")
    expect(page.get_by_label("to wave", exact=True)).to_have_value("3")
    expect_row(
        page, "stats-table", report_build(panel=panel, before=second, after=third)
    )
    expect(page.locator("#comments-table tbody tr")).to_have_count(2)
    expect(page.locator("#comments-table")).to_contain_text(SAID[(4, 2)])
    checked(page)

    # a pair that cannot be compared: the same wave twice
    page.get_by_label("to wave", exact=True).select_option("2")
    with page.expect_navigation() as refused:
        page.get_by_role("button", name="Compare").click()
    assert refused.value.status == 400
    expect(page.get_by_role("alert")).to_have_text("Choose two different waves.")
    # the form shows the choice as made, to be put right
    expect(page.get_by_label("From wave", exact=True)).to_have_value("2")
    expect(page.get_by_label("to wave", exact=True)).to_have_value("2")
    checked(page)
    page.get_by_label("to wave", exact=True).select_option("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()
    expect(page.locator("main")).to_contain_text("wave 2 to wave 3")

    # the downloads: what the browser is given, and what the server answers
    downloads = page.get_by_role("list", name="Downloads")
    for link, kind, ext in (
        ("Statistics (CSV)", "text/csv", "csv"),
        ("Free-text answers (CSV)", "text/csv", "csv"),
        ("Report (JSON)", "application/json", "json"),
    ):
        anchor = downloads.get_by_role("link", name=link)
        with page.expect_download() as download_info:
            anchor.click()
        download = download_info.value
        assert download.failure() is None
        assert re.fullmatch(
            rf"trust-over-the-programme-wave2-wave3-[\d-]+(-comments)?\.{ext}",
            download.suggested_filename,
        ), download.suggested_filename
        body = Path(download.path()).read_bytes().decode("utf-8")
        answer = context.request.get(anchor.get_attribute("href"))
        assert answer.status == 200
        assert answer.headers["content-type"].startswith(kind)
        for person in people:
            assert person.family_name not in body
            assert person.email not in body
        if ext == "json":
            data, again = json.loads(body), answer.json()
            assert data.pop("generated_at")
            assert again.pop("generated_at")
            assert data == again
            assert data["before"] == 2
            assert data["after"] == 3
            assert [s["scale"] for s in data["scales"]] == [
                row.name for row in report.rows
            ]
            assert {c["respondent"] for c in data["comments"]} == {"R-0005", "R-0009"}
        else:
            assert answer.text() == body
            if link.startswith("Free-text"):
                assert "R-0005" in body
                assert SAID[(4, 2)] in body
    # the page is still there after the downloads
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report: Trust over the programme"
    )

    # the printable page: same report, no navigation, the way back hidden on paper
    page.get_by_role("link", name="Printable page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report: Trust over the programme"
    )
    assert "/report/print/" in page.url
    assert "before=2" in page.url
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link", name="Statistics (CSV)")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("wave 2 to wave 3")
    expect(page.get_by_role("img", name="Change per scale")).to_be_visible()
    checked(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the report")).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the report").click()
    expect(page.locator("main")).to_contain_text("wave 2 to wave 3")

    # a panel with one wave: no report yet, said plainly
    response = page.goto(report_url(single))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report: Trust, just begun"
    )
    expect(page.get_by_role("alert")).to_contain_text("has not opened two yet")
    expect(page.get_by_role("button", name="Compare")).to_have_count(0)
    checked(page)
    # and the way back to the panel
    page.get_by_role("link", name="Trust, just begun", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trust, just begun")


def test_who_may_not_read_the_report_gets_the_error_page(
    page, context, tenant, other_tenant, coordinator, make_member
):
    panel, _ = build_panel(
        tenant, coordinator, name="Trust over the programme", waves=2
    )
    # took part in the initiative, so sees it, but may not read its evaluation
    sam = make_member(tenant, "service_user", username="sam")
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=panel.initiative),
        person=Person.objects.get(user=sam),
        role="service_user",
    )
    make_member(other_tenant, "coordinator", username="hugo")

    for username, status, heading in (
        ("sam", 403, "Not allowed"),
        ("hugo", 404, "Page not found"),
    ):
        context.clear_cookies()
        login(page, username)
        for suffix in ("", "-print", "-csv", "-json", "-comments-csv"):
            url = report_url(panel, suffix)
            if suffix in ("", "-print"):
                response = page.goto(url)
                assert response.status == status, (username, url)
                expect(page.get_by_role("heading", level=1)).to_have_text(heading)
                # the site's whole error page, with a way on, and nothing of the report
                expect(page.get_by_role("button", name="Log out")).to_be_visible()
                expect(
                    page.get_by_role("link", name="Go to your spaces")
                ).to_be_visible()
                body = page.locator("body")
                expect(body).not_to_contain_text("Trust over the programme")
                expect(body).not_to_contain_text("R-0001")
                checked(page)
            else:
                answer = context.request.get(url)
                assert answer.status == status, (username, url)
                assert "R-0001" not in answer.text()
