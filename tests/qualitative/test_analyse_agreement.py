"""coproduce analyse agreement: the file's codings give the module's numbers; every kind
of bad input stops the command naming the line and the column; nothing is guessed."""

import json
from io import StringIO

import krippendorff
import numpy as np
import pytest
from django.core.management import CommandError, call_command


def analyse(path, fmt="json"):
    out = StringIO()
    call_command("analyse", "agreement", str(path), "--format", fmt, stdout=out)
    return out.getvalue()


@pytest.fixture
def csv_file(tmp_path):
    def make(text):
        path = tmp_path / "codings.csv"
        path.write_text(text, encoding="utf-8")
        return path

    return make


def refused(path) -> str:
    with pytest.raises(CommandError) as info:
        analyse(path)
    return str(info.value)


# Krippendorff (2011) section A as a long file: unit 1..10, coders A and B, code "x"
A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]


def long_rows(coder, values, code="x"):
    return "".join(
        f"u{i},{coder},{code if v else ''}\n" for i, v in enumerate(values, 1)
    )


def test_the_published_binary_example(csv_file):
    path = csv_file("unit,coder,code\n" + long_rows("A", A) + long_rows("B", B))
    out = json.loads(analyse(path))
    (row,) = out["codes"]
    assert set(row) == {"code", "n_units", "krippendorff_alpha", "cohen_kappa",
                        "percent_agreement"}  # fmt: skip
    assert row["code"] == "x"
    assert row["n_units"] == 10
    assert round(row["krippendorff_alpha"], 3) == 0.095
    assert row["cohen_kappa"] == pytest.approx(0.04 / 0.44)
    assert row["percent_agreement"] == pytest.approx(60.0)


def test_columns_in_any_order_and_others_ignored(csv_file):
    text = "note,code,coder,unit\n" + "".join(
        f"n,{'x' if v else ''},{coder},u{i}\n"
        for coder, values in (("A", A), ("B", B))
        for i, v in enumerate(values, 1)
    )
    (row,) = json.loads(analyse(csv_file(text)))["codes"]
    assert round(row["krippendorff_alpha"], 3) == 0.095


def test_missing_units_three_coders_against_the_package(csv_file):
    rng = np.random.default_rng(7)
    read = rng.random((3, 30)) < 0.8
    applied = rng.random((2, 3, 30)) < 0.4
    lines = ["unit,coder,code"]
    for c in range(3):
        for u in range(30):
            if not read[c, u]:
                continue
            codes = [k for k in ("p", "q") if applied["pq".index(k), c, u]]
            lines += [f"{u},c{c},{k}" for k in codes] or [f"{u},c{c},"]
    out = json.loads(analyse(csv_file("\n".join(lines) + "\n")))
    assert [r["code"] for r in out["codes"]] == ["p", "q"]
    for k, row in enumerate(out["codes"]):
        data = np.where(read, applied[k].astype(float), np.nan)
        theirs = krippendorff.alpha(
            reliability_data=data, level_of_measurement="nominal"
        )
        assert row["krippendorff_alpha"] == pytest.approx(theirs)
        assert row["cohen_kappa"] is None  # three coders
        assert row["n_units"] == int((read.sum(axis=0) >= 2).sum())
        every = read.all(axis=0)
        same = applied[k][:, every].all(axis=0) | ~applied[k][:, every].any(axis=0)
        assert row["percent_agreement"] == pytest.approx(100 * same.mean())


def test_kappa_on_the_units_both_read(csv_file):
    # u3 read by A only: left out of kappa and percent agreement
    text = "unit,coder,code\nu1,A,x\nu1,B,x\nu2,A,\nu2,B,\nu3,A,x\nu4,A,\nu4,B,x\n"
    (row,) = json.loads(analyse(csv_file(text)))["codes"]
    assert row["n_units"] == 3
    assert row["percent_agreement"] == pytest.approx(100 * 2 / 3)
    # 3 units: A = 1,0,0  B = 1,0,1: p_o = 2/3, p_e = 1/3*2/3 + 2/3*1/3 = 4/9
    assert row["cohen_kappa"] == pytest.approx((2 / 3 - 4 / 9) / (1 - 4 / 9))


def test_no_variation_gives_null(csv_file):
    text = "unit,coder,code\nu1,A,x\nu1,B,x\nu2,A,x\nu2,B,x\n"
    (row,) = json.loads(analyse(csv_file(text)))["codes"]
    assert row["krippendorff_alpha"] is None
    assert row["cohen_kappa"] is None
    assert row["percent_agreement"] == 100.0


def test_text_format(csv_file):
    path = csv_file("unit,coder,code\n" + long_rows("A", A) + long_rows("B", B))
    text = analyse(path, fmt="text")
    assert "10 units, 2 coders (A, B), 1 codes" in text
    assert "0.095" in text
    assert "unreliable" in text
    assert "60.0" in text


def test_a_byte_order_mark_and_blank_lines(csv_file, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffunit,coder,code\nu1,A,x\n\nu1,B,x\n".encode())
    assert json.loads(analyse(path))["codes"][0]["n_units"] == 1


# ---- refused ---------------------------------------------------------------------------


def test_a_row_without_a_unit(csv_file):
    message = refused(csv_file("unit,coder,code\nu1,A,x\n,B,x\n"))
    assert "codings.csv:3: column 'unit': empty" in message
    assert message.startswith("Nothing analysed, 1 problem:")


def test_a_row_without_a_coder(csv_file):
    message = refused(csv_file("unit,coder,code\nu1,A,x\nu1,  ,x\n"))
    assert "codings.csv:3: column 'coder': empty" in message


def test_too_few_and_too_many_fields(csv_file):
    message = refused(csv_file("unit,coder,code\nu1,A\nu1,B,x,extra\nu2,A,x\n"))
    assert "codings.csv:2: 2 of the header's 3 fields: column 'code' is missing" in (
        message
    )
    assert "codings.csv:3: 4 fields where the header has 3: a field after the last " \
        "column 'code'" in message  # fmt: skip
    assert "2 problems" in message


def test_every_problem_is_listed(csv_file):
    rows = "".join(",A,x\n" for _ in range(30))
    message = refused(csv_file("unit,coder,code\n" + rows))
    assert "Nothing analysed, 30 problems" in message
    assert "... and 10 more problems" in message


def test_a_missing_column(csv_file):
    message = refused(csv_file("unit,rater,code\nu1,A,x\n"))
    assert "codings.csv:1: no column 'coder' (the header has 'unit', 'rater', 'code')" \
        in message  # fmt: skip


def test_a_column_twice(csv_file):
    assert "column 'code' appears twice" in refused(
        csv_file("unit,coder,code,code\nu1,A,x,y\n")
    )


def test_the_same_code_twice(csv_file):
    message = refused(csv_file("unit,coder,code\nu1,A,x\nu1,B,x\nu1,A,x\n"))
    assert "codings.csv:4: column 'code': code 'x' again for unit 'u1' and coder 'A' " \
        "(first on line 2)" in message  # fmt: skip


def test_no_code_beside_a_code(csv_file):
    message = refused(csv_file("unit,coder,code\nu1,A,x\nu1,A,\nu1,B,x\n"))
    assert "codings.csv:3: column 'code': empty (no code) for unit 'u1' and coder 'A'" \
        in message  # fmt: skip


def test_empty_file_header_only_missing_and_not_utf8(csv_file, tmp_path):
    assert "the file is empty" in refused(csv_file(""))
    assert "no rows after the header" in refused(csv_file("unit,coder,code\n"))
    assert "cannot be read" in refused(tmp_path / "absent.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("unit,coder,code\nä,A,x\n".encode("latin-1"))
    assert "is not UTF-8 text" in refused(latin)


def test_a_broken_quote(csv_file):
    message = refused(csv_file('unit,coder,code\n"u1,A,x\n'))
    assert "codings.csv:" in message


def test_panel_still_needs_its_options(csv_file):
    with pytest.raises(CommandError, match="analyse panel needs --instrument"):
        call_command("analyse", "panel", str(csv_file("x\n")), stdout=StringIO())
