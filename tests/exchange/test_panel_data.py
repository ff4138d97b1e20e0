"""A panel's answers for researchers: long and wide by pseudonym, the same values in CSV,
XLSX, SPSS and Stata, labels that survive a re-read, scale scores as the reports compute
them, nobody else's answers, and only for those who may export."""

import csv
import datetime as dt
import io
import json
import re
import zipfile
from xml.etree import ElementTree

import pyreadstat
import pytest
from django.urls import reverse

from coproduce.evaluation import services
from coproduce.exchange import panel_data

from .. import factories as f

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","x")'


def _panel(tenant, coordinator, answers, *, name="Trust panel", emails="r"):
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    for n in range(len(answers[0])):
        f.ParticipationFactory(
            activity=activity,
            person=f.PersonFactory(
                tenant=tenant,
                given_name=f"Given{emails}{n}",
                email=f"{emails}{n}@example.org",
            ),
        )
    instrument = services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name=f"Mix {name}",
        keys=["trust_generalised", "motivation"],
        free_text=["Anything else?"],
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name=name,
    )
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    members = list(panel.members.order_by("pseudonym"))
    for given_in_wave in answers:
        wave = services.wave_create(panel=panel, actor=coordinator)
        services.wave_open(wave=wave, actor=coordinator, send=False)
        for member, given in zip(members, given_in_wave, strict=False):
            invitation = wave.invitations.get(member=member)
            services.response_save(invitation=invitation, answers=given)
    return panel


ANSWERS = [
    [
        {"tg1": 5, "tg2": 6, "tg3": 7, "mo1": 4, "mo2": 4, "mo3": 2, "mo4": 5,
         "comment1": FORMULA},
        {"tg1": 3, "tg2": 3, "tg3": 3, "mo1": 2, "mo2": 3, "mo3": 4, "mo4": 2},
        {"tg1": 8, "tg2": 7, "tg3": 9, "mo1": 5, "mo2": 5, "mo3": 1, "mo4": 5},
        {"tg1": 2, "tg2": 4, "tg3": 3, "mo1": 1, "mo2": 2, "mo3": 5, "mo4": 1},
    ],
    [  # R-0004 does not answer wave 2; R-0003 skips tg2
        {"tg1": 4, "tg2": 5, "tg3": 6, "mo1": 3, "mo2": 4, "mo3": 3, "mo4": 4},
        {"tg1": 3, "tg2": 2, "tg3": 2, "mo1": 2, "mo2": 2, "mo3": 4, "mo4": 2},
        {"tg1": 7, "tg2": "", "tg3": 8, "mo1": 5, "mo2": 4, "mo3": 2, "mo4": 5},
    ],
]  # fmt: skip


@pytest.fixture
def panel(tenant, coordinator):
    return _panel(tenant, coordinator, ANSWERS)


def url(tenant, panel, name="panel-data-download"):
    return reverse(name, kwargs={"tenant": tenant.slug, "pk": panel.pk})


def download(client, tenant, panel, **query):
    response = client.get(url(tenant, panel), query)
    assert response.status_code == 200, response.content[:300]
    return response


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_of(client, tenant, panel, shape) -> list[dict]:
    body = content(download(client, tenant, panel, shape=shape, format="csv"))
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def saved(client, tenant, panel, shape, fmt, tmp_path):
    path = tmp_path / f"{shape}.{fmt}"
    path.write_bytes(content(download(client, tenant, panel, shape=shape, format=fmt)))
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    return reader(str(path), user_missing=True)


def test_wide_has_a_row_per_respondent_with_items_per_wave_and_scores(
    coordinator_client, tenant, panel
):
    rows = csv_of(coordinator_client, tenant, panel, "wide")

    assert [r["respondent"] for r in rows] == ["R-0001", "R-0002", "R-0003", "R-0004"]
    first = rows[0]
    assert (first["tg1_w1"], first["mo3_w1"], first["tg1_w2"]) == ("5", "2", "4")
    # motivation, mo3 reverse-coded on 1..5: (4 + 4 + (1 + 5 - 2) + 5) / 4
    assert float(first["motivation_to_take_part_w1"]) == pytest.approx(4.25)
    assert float(first["generalised_trust_w1"]) == pytest.approx(6.0)
    # the free text, made safe for a spreadsheet
    assert first["comment1_w1"] == "'" + FORMULA
    # R-0003 skipped an item of wave 2: no trust score there; R-0004 missed wave 2
    assert rows[2]["tg2_w2"] == ""
    assert rows[2]["generalised_trust_w2"] == ""
    assert all(v == "" for k, v in rows[3].items() if k.endswith("_w2"))


def test_wide_scores_are_the_reports_scores(coordinator_client, tenant, panel):
    from coproduce.evaluation.selectors import scale_mean_in_wave

    rows = csv_of(coordinator_client, tenant, panel, "wide")
    wave = panel.waves.get(number=2)
    mean, n = scale_mean_in_wave(wave=wave, scale_name="Motivation to take part")
    scores = [
        float(r["motivation_to_take_part_w2"])
        for r in rows
        if r["motivation_to_take_part_w2"]
    ]
    assert len(scores) == n
    assert sum(scores) / n == pytest.approx(mean)


def test_long_has_a_row_per_answer_with_the_wave_date(
    coordinator_client, tenant, panel
):
    rows = csv_of(coordinator_client, tenant, panel, "long")

    given = sum(
        1 for wave in ANSWERS for person in wave for v in person.values() if v != ""
    )
    assert len(rows) == given
    assert list(rows[0]) == ["respondent", "wave", "wave_date", "item", "value", "text"]
    opened = panel.waves.get(number=2).opened_at.date().isoformat()
    r3 = [r for r in rows if r["respondent"] == "R-0003" and r["wave"] == "2"]
    assert [r["item"] for r in r3] == ["tg1", "tg3", "mo1", "mo2", "mo3", "mo4"]
    assert {r["wave_date"] for r in r3} == {opened}
    comment = next(r for r in rows if r["item"] == "comment1")
    assert (comment["value"], comment["text"]) == ("", "'" + FORMULA)


def test_no_names_or_addresses_leave(coordinator_client, tenant, panel):
    for shape in panel_data.SHAPES:
        for fmt in panel_data.FORMATS:
            response = download(
                coordinator_client, tenant, panel, shape=shape, format=fmt
            )
            body = b"".join(getattr(response, "streaming_content", [b""]))
            assert b"example.org" not in body, (shape, fmt)
            assert b"Givenr" not in body, (shape, fmt)


def test_the_same_rows_in_small_chunks(coordinator_client, tenant, panel, monkeypatch):
    whole = {s: csv_of(coordinator_client, tenant, panel, s) for s in panel_data.SHAPES}
    monkeypatch.setattr(panel_data, "CHUNK", 1)
    for shape in panel_data.SHAPES:
        assert csv_of(coordinator_client, tenant, panel, shape) == whole[shape]


def test_bom_on_request(coordinator_client, tenant, panel):
    plain = content(download(coordinator_client, tenant, panel, format="csv"))
    marked = content(download(coordinator_client, tenant, panel, format="csv", bom="1"))
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked == b"\xef\xbb\xbf" + plain


def test_spss_reads_back_with_values_labels_and_missing_codes(
    coordinator_client, tenant, panel, tmp_path
):
    rows = csv_of(coordinator_client, tenant, panel, "wide")
    frame, meta = saved(coordinator_client, tenant, panel, "wide", "sav", tmp_path)

    assert list(frame.columns) == list(rows[0])
    assert frame["respondent"].tolist() == [r["respondent"] for r in rows]
    for column in ("tg1_w1", "mo3_w2", "motivation_to_take_part_w1"):
        expected = [float(r[column]) if r[column] else None for r in rows]
        got = [None if v < 0 else v for v in frame[column].tolist()]
        assert (
            got == pytest.approx(expected) if None not in expected else got == expected
        )
    # R-0003 skipped tg2 in wave 2 (-9), R-0004 missed wave 2 (-8): declared user-missing
    assert frame["tg2_w2"].tolist()[2:] == [-9.0, -8.0]
    assert meta.missing_ranges["tg2_w2"] == [
        {"lo": -9.0, "hi": -9.0},
        {"lo": -8.0, "hi": -8.0},
    ]
    labels = meta.column_names_to_labels
    assert labels["mo3_w1"] == "W1: I would rather not take part if I could choose."
    assert meta.variable_value_labels["mo3_w1"] == {
        1.0: "Strongly disagree",
        5.0: "Strongly agree",
        -9.0: "not answered",
        -8.0: "not in the wave",
    }
    assert frame["comment1_w1"][0] == FORMULA  # statistics files keep the text as is


def test_stata_reads_back_with_values_labels_and_missing_codes(
    coordinator_client, tenant, panel, tmp_path
):
    rows = csv_of(coordinator_client, tenant, panel, "wide")
    frame, meta = saved(coordinator_client, tenant, panel, "wide", "dta", tmp_path)

    assert list(frame.columns) == list(rows[0])
    assert frame["tg1_w1"].tolist() == [5, 3, 8, 2]
    assert frame["motivation_to_take_part_w1"][0] == pytest.approx(4.25)
    assert frame["tg2_w2"].tolist()[2:] == ["a", "b"]  # .a not answered, .b not in wave
    assert meta.missing_user_values["tg2_w2"] == ["a", "b"]
    assert meta.variable_value_labels["mo1_w1"] == {
        1: "Strongly disagree",
        5: "Strongly agree",
    }
    label = meta.column_names_to_labels["mo3_w1"]
    assert label == "W1: I would rather not take part if I could choose."
    assert all(len(text or "") <= 80 for text in meta.column_names_to_labels.values())


def test_long_statistics_files_hold_the_long_rows(
    coordinator_client, tenant, panel, tmp_path
):
    rows = csv_of(coordinator_client, tenant, panel, "long")
    for fmt in ("sav", "dta"):
        frame, meta = saved(coordinator_client, tenant, panel, "long", fmt, tmp_path)
        assert len(frame) == len(rows)
        assert frame["item"].tolist() == [r["item"] for r in rows]
        assert frame["wave_date"][0].isoformat() == rows[0]["wave_date"]
        assert meta.column_names_to_labels["respondent"] == "Respondent (pseudonym)"


def test_long_labels_are_cut_to_what_the_format_takes(
    coordinator_client, tenant, panel, tmp_path
):
    item = panel.instrument.items.get(code="tg1")
    item.text = "Ä very long question " * 30  # 630 characters, 660 bytes
    item.save()
    _frame, sav = saved(coordinator_client, tenant, panel, "wide", "sav", tmp_path)
    _frame, dta = saved(coordinator_client, tenant, panel, "wide", "dta", tmp_path)
    assert sav.column_names_to_labels["tg1_w1"].startswith("W1: Ä very long")
    assert len(sav.column_names_to_labels["tg1_w1"].encode()) <= 255
    assert len(dta.column_names_to_labels["tg1_w1"]) == 80


def _xlsx_rows(data: bytes, sheet: int = 1) -> list[list[str]]:
    """The cells of a sheet as text (XlsxWriter's constant-memory mode writes strings
    inline, so no shared-string table is needed)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet_xml = book.read(f"xl/worksheets/sheet{sheet}.xml")
    root = ElementTree.fromstring(sheet_xml)  # noqa: S314 (our own file)
    rows = []
    for row in root.iterfind(".//m:sheetData/m:row", ns):
        cells: dict[int, str] = {}
        for cell in row.iterfind("m:c", ns):
            letters = re.match(r"[A-Z]+", cell.get("r")).group()
            column = 0
            for ch in letters:
                column = column * 26 + ord(ch) - 64
            text = cell.find(".//m:t", ns)
            value = cell.find("m:v", ns)
            cells[column - 1] = (text if text is not None else value).text
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
    return rows


def test_xlsx_holds_the_csv_rows(coordinator_client, tenant, panel):
    for shape in panel_data.SHAPES:
        rows = csv_of(coordinator_client, tenant, panel, shape)
        response = download(
            coordinator_client, tenant, panel, shape=shape, format="xlsx"
        )
        data = content(response)
        sheet = _xlsx_rows(data)
        assert sheet[0] == list(rows[0])
        for got, want in zip(sheet[1:], rows, strict=True):
            got = got + [""] * (len(want) - len(got))
            for name, a, b in zip(want, got, want.values(), strict=True):
                if name == "wave_date":  # a date cell: days since 1899-12-30
                    day = dt.date(1899, 12, 30) + dt.timedelta(days=float(a))
                    assert day.isoformat() == b
                elif b and re.fullmatch(r"-?[\d.]+", b):
                    assert float(a) == pytest.approx(float(b))
                else:
                    assert a == b  # the formula too carries its quote
        variables = _xlsx_rows(data, sheet=2)
        assert variables[0][:2] == ["name", "label"]


def test_only_this_panels_members(coordinator, coordinator_client, tenant, panel):
    other = [[{"tg1": 10, "comment1": "other panel"}]]
    _panel(tenant, coordinator, other * 1, name="Other panel", emails="o")
    for shape in panel_data.SHAPES:
        body = content(download(coordinator_client, tenant, panel, shape=shape))
        assert b"other panel" not in body
        assert b",10," not in body


def test_another_tenants_panel_is_not_found(
    tenant, other_tenant, make_member, coordinator_client
):
    hill_coordinator = make_member(other_tenant, "coordinator")
    foreign = _panel(other_tenant, hill_coordinator, [[{"tg1": 1}]], name="Hill")
    for name in ("panel-data", "panel-data-download", "panel-codebook"):
        address = reverse(name, kwargs={"tenant": tenant.slug, "pk": foreign.pk})
        assert coordinator_client.get(address).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("professional", 403), ("volunteer", 403), ("viewer", 200)]
)
def test_who_may_download(tenant, panel, make_member, client_for, role, status):
    client = client_for(make_member(tenant, role))
    for name in ("panel-data", "panel-data-download", "panel-datapackage"):
        assert client.get(url(tenant, panel, name)).status_code == status, name


def test_a_bad_choice_is_refused(coordinator_client, tenant, panel):
    response = coordinator_client.get(url(tenant, panel), {"format": "rds"})
    assert response.status_code == 400
    assert b"Choose a shape" in response.content


def test_datapackage_describes_the_csv_files(coordinator_client, tenant, panel):
    response = coordinator_client.get(url(tenant, panel, "panel-datapackage"))
    package = json.loads(response.content)
    resources = {r["name"]: r for r in package["resources"]}
    for shape in panel_data.SHAPES:
        header = list(csv_of(coordinator_client, tenant, panel, shape)[0])
        fields = resources[f"panel-{shape}"]["schema"]["fields"]
        assert [field["name"] for field in fields] == header
        assert resources[f"panel-{shape}"]["schema"]["missingValues"] == [""]
    mo3 = next(
        x for x in resources["panel-wide"]["schema"]["fields"] if x["name"] == "mo3_w1"
    )
    assert mo3["constraints"] == {"minimum": 1, "maximum": 5}
    assert mo3["categories"][0] == {"value": 1, "label": "Strongly disagree"}
    assert "Reverse-coded" in mo3["description"]
    motivation = next(
        s for s in package["x-scales"] if s["variable"] == "motivation_to_take_part"
    )
    assert motivation["reverse"] == ["mo3"]
    assert [w["wave"] for w in package["x-waves"]] == [1, 2]


def test_codebook_page_and_markdown(coordinator_client, tenant, panel):
    page = coordinator_client.get(url(tenant, panel, "panel-codebook")).content.decode()
    assert "I would rather not take part if I could choose." in page
    assert "motivation_to_take_part" in page
    assert "Strongly agree" in page
    opened = panel.waves.get(number=1).opened_at.date().isoformat()
    assert opened in page
    assert "Open" in page  # the waves' status, as the panel's page names it
    md = coordinator_client.get(url(tenant, panel, "panel-codebook"), {"format": "md"})
    assert md["Content-Type"].startswith("text/markdown")
    text = md.content.decode()
    assert "| `mo3` | I would rather not take part if I could choose." in text
    assert "| -9 | .a |" in text


def test_the_export_page_offers_the_panel(coordinator_client, tenant, panel):
    index = coordinator_client.get(
        reverse("export-index", kwargs={"tenant": tenant.slug})
    )
    assert url(tenant, panel, "panel-data") in index.content.decode()
    page = coordinator_client.get(url(tenant, panel, "panel-data")).content.decode()
    assert 'name="format" value="sav"' in page
    assert 'name="bom"' in page


def test_a_large_panel_is_written_in_the_background(
    coordinator_client, tenant, panel, settings, django_capture_on_commit_callbacks
):
    from coproduce.exchange.models import PanelExport

    direct = csv_of(coordinator_client, tenant, panel, "wide")
    settings.COPRODUCE_PANEL_EXPORT_DIRECT_ROWS = 3  # four respondents: "large"
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.get(
            url(tenant, panel), {"shape": "wide", "format": "csv", "bom": "1"}
        )
    assert response.status_code == 302
    export = PanelExport.objects.get()
    assert response["Location"] == reverse(
        "panel-export",
        kwargs={"tenant": tenant.slug, "pk": panel.pk, "export": export.pk},
    )
    # the worker (run at once in the tests) has written it: the page offers the file
    page = coordinator_client.get(response["Location"])
    assert "Ready" in page.content.decode()
    assert "4 of about 4 rows (100 %)" in page.content.decode()
    partial = coordinator_client.get(
        response["Location"], headers={"HX-Request": "true"}
    )
    assert b"<h1>" not in partial.content
    assert b'id="export-status"' in partial.content
    assert b"hx-trigger" not in partial.content  # done: no more polling
    file_url = reverse(
        "panel-export-file",
        kwargs={"tenant": tenant.slug, "pk": panel.pk, "export": export.pk},
    )
    body = content(coordinator_client.get(file_url)).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == direct


def test_a_waiting_export_polls_and_offers_no_file(coordinator_client, tenant, panel):
    from coproduce.exchange.models import PanelExport

    export = PanelExport.objects.create(
        tenant=tenant, panel=panel, shape="long", format="xlsx", rows_total=200_000,
        rows_done=50_000, status=PanelExport.Status.RUNNING,
    )  # fmt: skip
    kwargs = {"tenant": tenant.slug, "pk": panel.pk, "export": export.pk}
    page = coordinator_client.get(reverse("panel-export", kwargs=kwargs)).content
    assert b'hx-trigger="every 2s"' in page
    assert b"50000 of about 200000 rows (25 %)" in page
    assert (
        coordinator_client.get(reverse("panel-export-file", kwargs=kwargs)).status_code
        == 404
    )


def test_an_export_of_another_panel_is_not_found(
    coordinator, coordinator_client, tenant, panel
):
    from coproduce.exchange.models import PanelExport

    other = _panel(tenant, coordinator, [[{"tg1": 1}]], name="Other", emails="o")
    export = PanelExport.objects.create(
        tenant=tenant, panel=other, shape="long", format="csv"
    )
    kwargs = {"tenant": tenant.slug, "pk": panel.pk, "export": export.pk}
    assert (
        coordinator_client.get(reverse("panel-export", kwargs=kwargs)).status_code
        == 404
    )


def test_queries_do_not_grow_with_the_respondents(
    coordinator, coordinator_client, tenant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = _panel(tenant, coordinator, ANSWERS, name="Small", emails="s")
    big = _panel(
        tenant, coordinator, [wave * 3 for wave in ANSWERS], name="Big", emails="b"
    )
    counts = {}
    csv_of(coordinator_client, tenant, small, "long")  # the member's actor kept
    for panel in (small, big):
        for shape in panel_data.SHAPES:
            with CaptureQueriesContext(connection) as queries:
                rows = csv_of(coordinator_client, tenant, panel, shape)
            counts[panel.name, shape] = (len(queries), len(rows))
    for shape in panel_data.SHAPES:
        (few, n_few), (many, n_many) = counts["Small", shape], counts["Big", shape]
        assert n_many > n_few
        assert many == few, shape


def test_an_empty_response_is_a_row_of_not_answered(
    coordinator, coordinator_client, tenant
):
    panel = _panel(tenant, coordinator, [[{}]], name="Quiet", emails="q")
    assert csv_of(coordinator_client, tenant, panel, "long") == []
    (row,) = csv_of(coordinator_client, tenant, panel, "wide")
    assert set(row.values()) == {"R-0001", ""}
    for fmt in ("xlsx", "sav", "dta"):
        response = download(coordinator_client, tenant, panel, shape="long", format=fmt)
        assert content(response)


def test_too_large_for_a_statistics_file(coordinator_client, tenant, panel, settings):
    settings.COPRODUCE_PANEL_EXPORT_STATISTICS_ROWS = 10
    response = coordinator_client.get(
        url(tenant, panel), {"shape": "long", "format": "sav"}
    )
    assert response.status_code == 400
    assert (
        "about 50 rows: too many for an SPSS or Stata file" in response.content.decode()
    )
    # the wide file (four rows) and the CSV still come
    assert content(
        download(coordinator_client, tenant, panel, shape="wide", format="dta")
    )
    assert content(
        download(coordinator_client, tenant, panel, shape="long", format="csv")
    )


def test_old_and_erased_exports_go_with_their_files(
    coordinator_client, tenant, panel, settings, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from coproduce.exchange.models import PanelExport
    from coproduce.exchange.services import panel_exports_discard

    settings.COPRODUCE_PANEL_EXPORT_DIRECT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.get(url(tenant, panel), {"shape": "wide"})
    first = PanelExport.objects.get()
    assert default_storage.exists(first.file.name)
    PanelExport.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.get(url(tenant, panel), {"shape": "long"})
    (second,) = PanelExport.objects.all()  # the day-old one went, its file too
    assert second.shape == "long"
    assert not default_storage.exists(first.file.name)
    assert panel_exports_discard(panel=panel) == 1
    assert not default_storage.exists(second.file.name)


def test_erasing_a_members_answers_discards_the_kept_exports(
    coordinator_client, tenant, panel, settings, django_capture_on_commit_callbacks
):
    """GDPR Art. 17: no file made before the erasure may still hold the answers."""
    from django.core.files.storage import default_storage

    from coproduce.evaluation.services import panel_member_withdraw
    from coproduce.exchange.models import PanelExport

    settings.COPRODUCE_PANEL_EXPORT_DIRECT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.get(url(tenant, panel), {"shape": "long"})
    kept = PanelExport.objects.get()
    assert default_storage.exists(kept.file.name)
    member = panel.members.first()
    with django_capture_on_commit_callbacks(execute=True):
        panel_member_withdraw(member=member, actor=None, erase_answers=True)
    assert not PanelExport.objects.exists()
    assert not default_storage.exists(kept.file.name)


def test_the_panel_page_links_to_its_data_for_those_who_may_export(
    coordinator_client, tenant, panel
):
    page = coordinator_client.get(f"/t/{tenant.slug}/evaluation/panels/{panel.pk}/")
    assert url(tenant, panel, name="panel-data") in page.content.decode()
