"""Research files beyond panels (issue 17, item 2): each dataset read back from SPSS and
Stata with pyreadstat gives the CSV's values and the labels; XLSX holds the same rows;
the data package describes the CSV; large files are written in the background; who may
download what."""

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pyreadstat
import pytest
from django.urls import reverse

from coproduce.exchange.models import DatasetExport
from coproduce.initiatives.vocab import Level
from coproduce.sustainability import services as sustainability_services
from coproduce.sustainability.models import Dimension
from tests import factories as f
from tests.outcomes.factories import (
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
)
from tests.representativeness.helpers import participants, population, serve

from .test_panel_data import _xlsx_rows

pytestmark = pytest.mark.django_db


def sheet_names(data: bytes) -> list[str]:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        root = ElementTree.fromstring(book.read("xl/workbook.xml"))  # noqa: S314
    return [s.get("name") for s in root.iterfind(".//m:sheets/m:sheet", ns)]


@pytest.fixture
def records(tenant, coordinator):
    initiative = f.InitiativeFactory(
        tenant=tenant,
        slug="library-friends",
        is_temporary=True,
        end_date=dt.date(2026, 12, 31),
    )
    workshop = f.ActivityFactory(
        initiative=initiative, stage="design", level=Level.COLLABORATE, mode="voice"
    )
    shift = f.ActivityFactory(
        initiative=initiative, stage="delivery", level=Level.INVOLVE, mode="doing"
    )
    f.ParticipationFactory(activity=workshop, role="volunteer", hours=Decimal("2.5"))
    f.ParticipationFactory(activity=shift, role="resident", hours=Decimal("1"))
    f.ParticipationFactory(activity=shift, role="professional", hours=Decimal("0"))
    indicator = IndicatorFactory(outcome=OutcomeFactory(initiative=initiative))
    MeasurementFactory(indicator=indicator, value=Decimal("12.5"))
    return initiative


def url(tenant, key, fmt):
    return reverse(
        "research-dataset", kwargs={"tenant": tenant.slug, "key": key, "fmt": fmt}
    )


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(client, tenant, key) -> list[dict]:
    response = client.get(url(tenant, key, "csv"))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def read_back(client, tenant, key, fmt, tmp_path):
    response = client.get(url(tenant, key, fmt))
    assert response.status_code == 200, body(response)[:300]
    path = tmp_path / f"{key}.{fmt}"
    path.write_bytes(body(response))
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    return reader(str(path))


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_participations_read_back_with_values_and_labels(
    coordinator_client, tenant, records, tmp_path, fmt
):
    rows = csv_rows(coordinator_client, tenant, "participations")
    frame, meta = read_back(coordinator_client, tenant, "participations", fmt, tmp_path)
    assert list(frame.columns) == list(rows[0])
    assert frame["id"].tolist() == [int(r["id"]) for r in rows]
    # hours as numbers
    assert frame["hours"].tolist() == [float(r["hours"]) for r in rows]
    assert sorted(frame["hours"].tolist()) == [0.0, 1.0, 2.5]
    # the IAP2 level keeps its own number, labelled
    assert frame["level"].tolist() == [int(r["level"]) for r in rows]
    assert meta.variable_value_labels["level"][4] == "Collaborate"
    # a role is numbered in the order of its choices, its label says which
    roles = meta.variable_value_labels["role"]
    assert [roles[int(v)] for v in frame["role"]] == [
        {
            "volunteer": "Volunteer",
            "resident": "Resident",
            "professional": "Professional",
        }[r["role"]]
        for r in rows
    ]
    assert meta.column_names_to_labels["person_id"].startswith("Person")
    assert meta.column_names_to_labels["hours"] == "Hours"


def test_sustainability_scores_read_back_labelled(
    coordinator_client, tenant, coordinator, records, tmp_path
):
    sustainability_services.assessment_create(
        initiative=records,
        actor=coordinator,
        assessed_on=dt.date(2026, 3, 1),
        scores={
            d: {"score": 2, "rationale": "Thin", "weakness": "One partner"}
            for d in Dimension.values
        },
    )
    frame, meta = read_back(
        coordinator_client, tenant, "sustainability", "sav", tmp_path
    )
    assert frame["score"].tolist() == [2.0] * len(Dimension.values)
    assert meta.variable_value_labels["score"][2.0] == "2 – weak"
    assert set(frame["weakness"]) == {"One partner"}
    assert meta.variable_measure["score"] == "ordinal"


def test_measurements_csv_bom_and_data_package(coordinator_client, tenant, records):
    response = coordinator_client.get(url(tenant, "measurements", "csv") + "?bom=1")
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert row["value"] == "12.5000"
    assert row["initiative"] == "library-friends"
    package = json.loads(
        body(coordinator_client.get(url(tenant, "measurements", "datapackage.json")))
    )
    (resource,) = package["resources"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert list(fields) == list(row)
    assert fields["value"]["type"] == "number"
    assert {c["value"] for c in fields["source"]["categories"]} >= {"entered", "scale"}


def test_xlsx_holds_the_csv_rows_and_the_variables(coordinator_client, tenant, records):
    rows = csv_rows(coordinator_client, tenant, "activities")
    response = coordinator_client.get(url(tenant, "activities", "xlsx"))
    data = body(response)
    assert sheet_names(data) == ["activities", "variables"]
    cells = _xlsx_rows(data, 1)
    assert cells[0] == list(rows[0])
    assert [int(r[0]) for r in cells[1:]] == [int(r["id"]) for r in rows]
    variables = {r[0]: r for r in _xlsx_rows(data, 2)}
    assert "3 = Involve" in variables["level"][3]


def test_representativeness_of_an_initiative_keeps_suppression(
    coordinator_client, tenant, records, tmp_path
):
    activity = f.ActivityFactory(initiative=records)
    participants(activity, 8, age_band="18-29")
    participants(activity, 2, age_band="30-44")
    serve(records, population(tenant))
    response = coordinator_client.get(
        reverse(
            "representativeness-data",
            kwargs={"tenant": tenant.slug, "slug": records.slug, "fmt": "dta"},
        )
    )
    assert response.status_code == 200
    path = tmp_path / "rep.dta"
    path.write_bytes(body(response))
    frame, meta = pyreadstat.read_dta(str(path))
    by_group = dict(zip(frame["group"], frame["participants"], strict=True))
    assert by_group["30-44"] != by_group["30-44"]  # NaN: fewer than 5, not shown
    assert (
        by_group["18-29"] != by_group["18-29"]
    )  # and the next, so it cannot be solved
    assert meta.column_names_to_labels["representation_ratio"] == "Representation ratio"


def test_codings_with_their_passages(coordinator_client, tenant, coordinator):
    from coproduce.qualitative import services as qual
    from coproduce.tenancy.actor import actor_build

    actor = actor_build(tenant=tenant, user=coordinator, role="coordinator")
    project = qual.project_create(tenant=tenant, actor=actor, title="Comments")
    document = qual.document_upload(
        project=project, actor=actor, name="one.txt", content=b"The library is warm."
    )
    code = qual.code_create(project=project, actor=actor, name="Warmth")
    qual.coding_create(actor=actor, document=document, code=code, start=15, end=19)
    response = coordinator_client.get(
        reverse(
            "codings-data",
            kwargs={"tenant": tenant.slug, "pk": project.pk, "fmt": "csv"},
        )
    )
    (row,) = csv.DictReader(io.StringIO(body(response).decode("utf-8")))
    assert row["passage"] == "warm"
    assert row["code"] == "Warmth"


def test_dashboard_tables_one_sheet_each(coordinator_client, tenant, records):
    for name, kwargs in [
        ("dashboard-xlsx", {}),
        ("initiative-dashboard-xlsx", {"slug": records.slug}),
    ]:
        response = coordinator_client.get(
            reverse(name, kwargs={"tenant": tenant.slug, **kwargs})
        )
        assert response.status_code == 200
        assert sheet_names(response.content) == [
            "profile", "outcomes", "value", "representativeness", "sustainability",
            "evaluation",
        ]  # fmt: skip
    outcomes = _xlsx_rows(response.content, 2)
    assert outcomes[0][:3] == ["kind", "outcome", "indicator"]
    assert len(outcomes) == 2  # the header and the one indicator


def test_a_large_file_is_written_in_the_background(
    coordinator_client,
    tenant,
    records,
    settings,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    settings.COPRODUCE_PANEL_EXPORT_DIRECT_ROWS = 2  # three participations: "large"
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.get(url(tenant, "participations", "sav"))
    assert response.status_code == 302
    export = DatasetExport.objects.get()
    page = coordinator_client.get(response["Location"])
    assert "3 of about 3 rows (100 %)" in page.content.decode()
    file = coordinator_client.get(
        reverse(
            "dataset-export-file", kwargs={"tenant": tenant.slug, "export": export.pk}
        )
    )
    path = tmp_path / "big.sav"
    path.write_bytes(body(file))
    frame, _meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 3


def test_who_may_download(tenant, records, make_member, client_for, other_tenant):
    professional = client_for(make_member(tenant, "professional"))
    assert professional.get(url(tenant, "participations", "csv")).status_code == 403
    viewer = client_for(make_member(tenant, "viewer"))
    assert viewer.get(url(tenant, "population", "csv")).status_code == 200
    outsider = client_for(make_member(other_tenant, "coordinator"))
    response = outsider.get(
        reverse(
            "representativeness-data",
            kwargs={"tenant": other_tenant.slug, "slug": records.slug, "fmt": "csv"},
        )
    )
    assert response.status_code == 404
    # the other tenant's rows never come with its own
    rows = list(
        csv.DictReader(
            io.StringIO(
                body(outsider.get(url(other_tenant, "participations", "csv"))).decode()
            )
        )
    )
    assert rows == []


def test_learning_entries_with_their_adoption_read_back_labelled(
    coordinator_client, tenant, coordinator, tmp_path
):
    from coproduce.collaboration import services as collaboration_services
    from coproduce.tenancy.cli import actor_for

    actor = actor_for(coordinator.username, tenant=tenant)
    hospital = f.OrganisationFactory(tenant=tenant, name="Hospital district")
    ngo = f.OrganisationFactory(tenant=tenant, name="=Kotona")  # a formula, made safe
    adopted = collaboration_services.learning_entry_create(
        actor=actor,
        tenant=tenant,
        kind="co_exploitation",
        title="Call after discharge",
        learnt="A call the day after finds the gaps.",
        source_organisation=ngo,
        receiving_organisation=hospital,
        owner_organisation=ngo,
        visibility="own",
        learnt_on=dt.date(2026, 3, 1),
    )
    collaboration_services.adoption_record(
        actor=actor, entry=adopted, state="adopted", on=dt.date(2026, 5, 1)
    )
    collaboration_services.learning_entry_create(
        actor=actor,
        tenant=tenant,
        kind="co_exploration",
        title="Walk-in hours",
        learnt="Tried an evening without appointments.",
        visibility="tenant",
    )

    rows = csv_rows(coordinator_client, tenant, "learning")
    assert [r["title"] for r in rows] == ["Call after discharge", "Walk-in hours"]
    assert rows[0]["adoption"] == "adopted"
    assert rows[0]["source_organisation"] == "'=Kotona"
    assert rows[1]["adoption"] == ""
    frame, meta = read_back(coordinator_client, tenant, "learning", "sav", tmp_path)
    assert frame["title"].tolist() == ["Call after discharge", "Walk-in hours"]
    codes = meta.variable_value_labels["adoption"]
    assert codes[frame["adoption"].tolist()[0]] == "Adopted"
    assert (
        meta.column_names_to_labels["adoption"] == "Adoption, by the latest follow-up"
    )


def test_learning_entries_need_a_reader_of_every_entry(tenant, make_member, client_for):
    # a viewer exports and reads every initiative, but not the entries kept to an
    # organisation
    viewer = client_for(make_member(tenant, "viewer", username="vera"))
    assert viewer.get(url(tenant, "participations", "csv")).status_code == 200
    assert viewer.get(url(tenant, "learning", "csv")).status_code == 403
