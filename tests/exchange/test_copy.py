"""The CSV PostgreSQL's COPY writes is the CSV the Python encoder writes: same header, same
cells, cell for cell, for raw exports and for downloads (formulas neutralised), with the
values that are easy to get wrong: a formula, an empty text, a line break and a quote in
a cell, letters outside ASCII, a missing organisation, times with and without
microseconds."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django_scopes import scope

from coproduce.exchange.columns import column_names
from coproduce.exchange.exporters import (
    FLAT,
    csv_chunks,
    export_chunks,
    export_rows,
    export_write,
)

from .. import factories as f


@pytest.fixture
def awkward(tenant):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    with scope(tenant=tenant):
        initiative = f.InitiativeFactory(tenant=tenant, slug="kotikulma")
        club = f.OrganisationFactory(tenant=tenant, name='=HYPERLINK("x") "club"')
        activity = f.ActivityFactory(
            initiative=initiative,
            title='Ilta\nkahvila, "Äänekoski"',
            description="",
            place="-2nd floor",
            starts_at=dt.datetime(2026, 3, 1, 17, 30, 5, 120, tzinfo=dt.UTC),
        )
        f.ActivityFactory(initiative=initiative, title="+358 40 123", place="Sali")
        f.ParticipationFactory(
            activity=activity, organisation=club, hours=Decimal("0.25")
        )
        f.ParticipationFactory(activity=activity, hours=Decimal("1.50"))
        f.ContributionFactory(
            initiative=initiative, organisation=club, description="@once", activity=None
        )
        f.ContributionFactory(initiative=initiative, estimated_value=Decimal("0.00"))
    return tenant


def _python_csv(kind, tenant, *, safe):
    text = "".join(
        csv_chunks(column_names(kind), export_rows(kind, tenant=tenant), safe=safe)
    )
    return list(csv.reader(io.StringIO(text)))


def _rows(text: str):
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("kind", sorted(FLAT))
def test_a_download_from_copy_reads_as_the_python_one(awkward, kind):
    copied = b"".join(export_chunks(kind, "csv", tenant=awkward)).decode()
    python = _python_csv(kind, awkward, safe=True)
    assert len(python) > 2
    assert _rows(copied) == python


@pytest.mark.parametrize("kind", sorted(FLAT))
def test_the_raw_export_from_copy_reads_as_the_python_one_and_counts_its_rows(
    awkward, kind
):
    out = io.StringIO()
    n = export_write(kind, "csv", tenant=awkward, write=out.write)
    python = _python_csv(kind, awkward, safe=False)
    assert _rows(out.getvalue()) == python
    assert n == len(python) - 1


def test_a_download_neutralises_formulas_the_raw_export_keeps_them(awkward):
    download = _rows(
        b"".join(export_chunks("activities", "csv", tenant=awkward)).decode()
    )
    places = {row[column_names("activities").index("place")] for row in download[1:]}
    assert "'-2nd floor" in places
    out = io.StringIO()
    export_write("activities", "csv", tenant=awkward, write=out.write)
    assert "-2nd floor" in out.getvalue()
    assert "'-2nd floor" not in out.getvalue()


def test_copy_reads_only_the_tenants_rows(awkward, other_tenant):
    with scope(tenant=other_tenant):
        f.ParticipationFactory(
            activity=f.ActivityFactory(
                initiative=f.InitiativeFactory(tenant=other_tenant)
            )
        )
    copied = _rows(
        b"".join(export_chunks("participations", "csv", tenant=awkward)).decode()
    )
    assert len(copied) == 1 + 2
