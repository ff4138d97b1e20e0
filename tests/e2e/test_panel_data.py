"""The researcher's pages of a panel's answers: the downloads, the codebook and a
background export's progress are accessible and well formed."""

import pytest

from coproduce.exchange.models import PanelExport

from ..exchange.test_panel_data import ANSWERS, _panel
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def test_panel_data_pages_pass_axe(page, tenant, coordinator):
    panel = _panel(tenant, coordinator, ANSWERS)
    export = PanelExport.objects.create(
        tenant=tenant, panel=panel, shape="long", format="xlsx", rows_total=200_000,
        rows_done=50_000, status=PanelExport.Status.RUNNING,
    )  # fmt: skip
    base = f"/t/{tenant.slug}/exports/panels/{panel.pk}"
    login(page, "cora")
    for path in (f"{base}/", f"{base}/codebook/", f"{base}/exports/{export.pk}/"):
        response = page.goto(path)
        assert response.status == 200, path
        check_structure(page)
        audit(page)
    # the download form: every choice has a label
    page.goto(f"{base}/")
    page.get_by_label("SPSS (.sav) with variable and value labels").check()
    assert page.get_by_role("button", name="Download").is_visible()
