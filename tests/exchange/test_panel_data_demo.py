"""Issue 17's "done when": a researcher exports the demo's trust panel to SPSS and Stata
and reads it back with its labels, the same respondents and values as the CSV."""

import csv
import io

import numpy as np
import pyreadstat
import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from coproduce.demo import loader
from coproduce.demo.scenarios import DEMO_SLUG, SCENARIOS
from coproduce.evaluation.models import Panel

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        loader.demo_load()
    yield
    with django_db_blocker.unblock():
        loader.demo_unload()


def test_the_trust_panel_reads_back_in_spss_and_stata(
    demo_loaded, client_for, tmp_path
):
    panel = Panel.objects.get(tenant__slug=DEMO_SLUG, initiative__slug=SCENARIOS[8][0])
    client = client_for(get_user_model().objects.get(username="coordinator"))
    address = reverse(
        "panel-data-download", kwargs={"tenant": DEMO_SLUG, "pk": panel.pk}
    )

    def fetch(fmt):
        response = client.get(address, {"shape": "wide", "format": fmt})
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    rows = list(csv.DictReader(io.StringIO(fetch("csv").decode("utf-8"))))
    assert len(rows) == 60  # sixty answered the first wave
    item = panel.instrument.items.filter(kind="scale").order_by("position").first()
    column = f"{item.code}_w1"
    for fmt, reader in (("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)):
        path = tmp_path / f"trust.{fmt}"
        path.write_bytes(fetch(fmt))
        frame, meta = reader(str(path))
        assert frame["respondent"].tolist() == [r["respondent"] for r in rows]
        # missing (-9 in SPSS, .a in Stata) is read as NaN, as the CSV's empty cell
        expected = [float(r[column]) if r[column] else np.nan for r in rows]
        np.testing.assert_array_equal(frame[column].to_numpy(), expected)
        assert meta.column_names_to_labels[column].startswith(f"W1: {item.text[:40]}")
        labels = meta.variable_value_labels[column]
        assert labels[item.scale.minimum] == item.scale.minimum_label
        assert labels[item.scale.maximum] == item.scale.maximum_label
