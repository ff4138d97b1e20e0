"""Measurements imported from CSV (all or nothing; errors name line, column, value) by
command and page, and taken from an evaluation scale."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coproduce.evaluation import services as evaluation
from coproduce.outcomes.models import Measurement
from coproduce.outcomes.services import measurements_from_scale
from tests import factories as f

from .factories import IndicatorFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(tenant):
    return IndicatorFactory(outcome=OutcomeFactory(initiative__tenant=tenant))


def _csv(tmp_path, text):
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_command_imports_every_row(tmp_path, tenant, indicator, capsys):
    path = _csv(
        tmp_path,
        f"indicator,date,value,note\n{indicator.pk},2026-01-31,41.5,count\n"
        f"{indicator.pk},2026-02-28,44,\n",
    )
    call_command("outcomes", "import-measurements", str(path), tenant=tenant.slug)
    values = list(
        Measurement.objects.filter(indicator=indicator).values_list("date", "value")
    )
    assert values == [
        (dt.date(2026, 1, 31), Decimal("41.5")),
        (dt.date(2026, 2, 28), Decimal("44")),
    ]
    assert Measurement.objects.filter(source="imported").count() == 2
    assert "imported 2 measurement(s)" in capsys.readouterr().out


def test_command_refuses_the_whole_file_naming_line_column_value(
    tmp_path, tenant, indicator, capsys
):
    path = _csv(
        tmp_path,
        f"indicator,date,value\n{indicator.pk},2026-01-31,41.5\n"
        f"{indicator.pk},2026-02-30,44\n"
        f"{indicator.pk},2026-03-31,many\n",
    )
    with pytest.raises(CommandError, match="2 problem"):
        call_command("outcomes", "import-measurements", str(path), tenant=tenant.slug)
    err = capsys.readouterr().err
    assert (
        f"{path}:line 3: column 'date': not a date (YYYY-MM-DD) (got '2026-02-30')"
        in err
    )
    assert f"{path}:line 4: column 'value': not a number (got 'many')" in err
    assert not Measurement.objects.exists()


def test_command_cannot_reach_another_tenants_indicator(
    tmp_path, other_tenant, indicator, capsys
):
    path = _csv(tmp_path, f"indicator,date,value\n{indicator.pk},2026-01-31,1\n")
    with pytest.raises(CommandError):
        call_command(
            "outcomes", "import-measurements", str(path), tenant=other_tenant.slug
        )
    assert f"column 'indicator': no such indicator (got '{indicator.pk}')" in (
        capsys.readouterr().err
    )
    assert not Measurement.objects.exists()


def test_command_names_missing_columns_and_unknown_tenant(tmp_path, tenant, capsys):
    path = _csv(tmp_path, "indicator,when,value\n1,2026-01-01,2\n")
    with pytest.raises(CommandError):
        call_command("outcomes", "import-measurements", str(path), tenant=tenant.slug)
    assert "line 1: missing column 'date'" in capsys.readouterr().err
    with pytest.raises(CommandError, match="No tenant"):
        call_command("outcomes", "import-measurements", str(path), tenant="nowhere")


def test_import_page_is_all_or_nothing(coordinator_client, tenant, indicator):
    upload = SimpleUploadedFile(
        "m.csv",
        f"indicator,date,value\n{indicator.pk},2026-01-31,1\n999999,2026-01-31,2\n".encode(),
    )
    response = coordinator_client.post(
        reverse("measurement-import", kwargs={"tenant": tenant.slug}), {"file": upload}
    )
    assert response.status_code == 200
    assert "line 3: column &#x27;indicator&#x27;: no such indicator" in (
        response.content.decode()
    )
    assert not Measurement.objects.exists()
    upload = SimpleUploadedFile(
        "m.csv", f"indicator,date,value\n{indicator.pk},2026-01-31,1\n".encode()
    )
    response = coordinator_client.post(
        reverse("measurement-import", kwargs={"tenant": tenant.slug}), {"file": upload}
    )
    assert response.status_code == 302
    assert Measurement.objects.count() == 1


def test_measurements_taken_from_an_evaluation_scale(tenant, coordinator):
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    for n in range(3):
        f.ParticipationFactory(
            activity=activity,
            person=f.PersonFactory(tenant=tenant, email=f"r{n}@example.org"),
        )
    instrument = evaluation.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="Trust", keys=["trust_generalised"]
    )
    panel = evaluation.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name="P",
    )
    evaluation.panel_members_from_participants(panel=panel, actor=coordinator)
    waves = [evaluation.wave_create(panel=panel, actor=coordinator) for _ in range(2)]
    members = list(panel.members.order_by("pseudonym"))
    answers = [
        [{"tg1": 5, "tg2": 6, "tg3": 7}, {"tg1": 3, "tg2": 3, "tg3": 3}],
        # wave 2: the second respondent skips an item: no score, left out of the mean
        [
            {"tg1": 8, "tg2": 8, "tg3": 8},
            {"tg1": 4, "tg2": "", "tg3": 4},
            {"tg1": 1, "tg2": 2, "tg3": 3},
        ],
    ]
    for wave, given in zip(waves, answers, strict=True):
        evaluation.wave_open(wave=wave, actor=coordinator, send=False)
        for member, values in zip(members, given, strict=False):
            evaluation.response_save(
                invitation=wave.invitations.get(member=member), answers=values
            )
    scale = instrument.scales.get()
    indicator = IndicatorFactory(
        outcome=OutcomeFactory(initiative=initiative),
        baseline=Decimal("4"),
        target=Decimal("6"),
        scale=scale,
        panel=panel,
    )

    saved = measurements_from_scale(indicator=indicator, actor=coordinator)

    assert [(m.wave.number, m.value, m.respondents) for m in saved] == [
        (1, Decimal("4.5"), 2),  # (6 + 3) / 2
        (2, Decimal("5"), 2),  # (8 + 2) / 2
    ]
    assert {m.source for m in saved} == {"scale"}
    # run again: the same waves are updated, not duplicated
    measurements_from_scale(indicator=indicator, actor=coordinator)
    assert Measurement.objects.filter(indicator=indicator).count() == 2
