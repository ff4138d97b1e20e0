"""Benchmark a panel's response-level export: rows/s and peak memory per format and size.

    .venv/bin/python bench/panel_export.py                     # 100,000 and 1,000,000 answers
    .venv/bin/python bench/panel_export.py --answers 100000 --formats csv,xlsx
    .venv/bin/python bench/panel_export.py --reuse             # keep the data of a run before

It drops and re-creates its own database (``coproduce_bench_panel_export`` on
``postgres://postgres@127.0.0.1:5432``; ``--database-url`` or ``BENCH_DATABASE_URL`` to
change; it refuses a name without ``bench``), migrates it and fills, for each size, one
panel in one tenant: 4 scales of 4 items (one reverse-coded item each), two waves,
``answers / 32`` members who answer both (2 % of the answers left out, so some cells are
"not answered"), one submitted invitation per member and wave. The answers are written on
the server by one ``INSERT ... SELECT`` (the table's foreign keys dropped for the load and
added back, validated, as bench/generate.py does).

Then, for each size, shape (long, wide) and format, it runs the export in a process of
its own, writing a file as the download would (``coproduce.exchange.panel_data``), and
records the rows written, the export's own time (measured inside the process, Django's
start left out), rows/s and the process's **peak resident memory** (``ru_maxrss`` from
``wait4``). CSV and XLSX stream the members in chunks, so their peak must not grow with
the size; SPSS and Stata build one DataFrame (pyreadstat writes whole tables), so theirs
does (the long ones are run at the smallest size only unless ``--all-stat``).

Prints a table with the load average and writes JSON to bench/results/ (git-ignored).
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_panel_export"
sys.path.insert(0, str(ROOT))

SCALES = [
    ("Trust in the provider", 0, 10, ("tp1", "tp2", "tp3", "tp4"), "tp4"),
    ("Generalised trust", 0, 10, ("tg1", "tg2", "tg3", "tg4"), "tg3"),
    ("Motivation to take part", 1, 5, ("mo1", "mo2", "mo3", "mo4"), "mo3"),
    ("Satisfaction", 1, 5, ("sa1", "sa2", "sa3", "sa4"), "sa4"),
]
ITEMS = sum(len(s[3]) for s in SCALES)
WAVES = 2
MISSING = 0.02

RUN_EXPORT = """
import sys, time
import django
django.setup()
from django_scopes import scopes_disabled
from coproduce.evaluation.models import Panel
from coproduce.exchange import panel_data

shape, fmt, panel_id, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with scopes_disabled():
    panel = Panel.objects.select_related("initiative", "instrument").get(pk=panel_id)
start = time.perf_counter()
codebook = panel_data.codebook_for(panel)
if fmt == "csv":
    with open(out, "w", encoding="utf-8", newline="") as file:
        for chunk in panel_data.csv_chunks(codebook, shape):
            file.write(chunk)
    rows = None
else:
    rows = panel_data.WRITERS[fmt](codebook, shape, out)
print(time.perf_counter() - start, rows if rows is not None else -1)
"""


def main() -> None:
    args = _arguments()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.dev",
        "DEBUG": "0",  # no query log growing in memory
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    reused = args.reuse and _reusable(args.database_url, args.answers)
    if not reused:
        _recreate(args.database_url)
    import django

    django.setup()
    if not reused:
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s")
    panels, given = {}, {}
    for answers in args.answers:
        if reused:
            panels[answers], given[answers] = _panel_id(answers)
            continue
        started = time.perf_counter()
        panels[answers], written = _fill(answers)
        given[answers] = written
        print(
            f"filled a panel of {written:,} answers in "
            f"{time.perf_counter() - started:.1f} s"
        )
    print(f"load average at start: {_load()}")
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-panel-export-") as folder:
        for answers in args.answers:
            for shape in ("long", "wide"):
                for fmt in args.formats:
                    stat = fmt in ("sav", "dta")
                    if (
                        stat
                        and shape == "long"
                        and answers != min(args.answers)
                        and not args.all_stat
                    ):
                        continue
                    out = Path(folder) / f"{answers}-{shape}.{fmt}"
                    seconds, rows, rss = _run(shape, fmt, panels[answers], out, env)
                    if rows < 0:  # CSV: count the lines
                        rows = _lines(out) - 1
                    run = {
                        "answers": answers,
                        "shape": shape,
                        "format": fmt,
                        "rows": rows,
                        "seconds": round(seconds, 2),
                        "rows_per_s": round(rows / seconds),
                        "answers_per_s": round(given[answers] / seconds),
                        "peak_rss_mb": round(rss / 1024, 1),
                        "file_mb": round(out.stat().st_size / 2**20, 1),
                    }
                    out.unlink()
                    runs.append(run)
                    print(
                        f"  {answers:>9,} answers {shape:4} {fmt:4} {rows:>10,} rows "
                        f"{seconds:>7.2f} s {run['rows_per_s']:>9,} rows/s "
                        f"{run['answers_per_s']:>9,} answers/s "
                        f"RSS {run['peak_rss_mb']:>6.1f} MB  file {run['file_mb']} MB",
                        flush=True,
                    )
    print(f"load average at end: {_load()}")
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load": _load(),
        "items": ITEMS,
        "waves": WAVES,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"panel-export-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument(
        "--answers",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[100_000, 1_000_000],
    )
    parser.add_argument(
        "--formats",
        type=lambda s: s.split(","),
        default=["csv", "xlsx", "sav", "dta"],
    )
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--all-stat", action="store_true", help="long .sav/.dta at every size too"
    )
    return parser.parse_args()


def _recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop '{name}': the database needs 'bench' in its name")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _reusable(url: str, sizes: list[int]) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            names = {
                row[0]
                for row in conn.execute("SELECT name FROM evaluation_panel").fetchall()
            }
    except psycopg.Error:
        return False
    return all(f"Bench {n}" in names for n in sizes)


def _panel_id(answers: int) -> tuple[int, int]:
    from django_scopes import scopes_disabled

    from coproduce.evaluation.models import Answer, Panel

    with scopes_disabled():
        panel = Panel.objects.get(name=f"Bench {answers}")
        return panel.pk, Answer.objects.filter(wave__panel=panel).count()


def _fill(answers: int) -> tuple[int, int]:
    """A panel of ``answers / 32`` members answering both waves; the answers in SQL."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from coproduce.evaluation.models import Instrument, Item, Panel, Scale, Wave
    from coproduce.initiatives.models import Initiative
    from coproduce.people.models import Organisation
    from coproduce.tenancy.models import Tenant

    members = answers // (ITEMS * WAVES)
    with scopes_disabled(), transaction.atomic():
        tenant, _ = Tenant.objects.get_or_create(
            slug="bench-panel", defaults={"name": "Bench panel export"}
        )
        org, _ = Organisation.objects.get_or_create(
            tenant=tenant, name="Bench department", kind="department"
        )
        initiative = Initiative.objects.create(
            tenant=tenant,
            slug=f"bench-{answers}",
            name=f"Bench {answers}",
            lead_organisation=org,
            start_date=dt.date(2026, 1, 1),
        )
        instrument = Instrument.objects.create(tenant=tenant, name=f"Bench {answers}")
        position = 0
        for k, (name, low, high, codes, reverse) in enumerate(SCALES):
            scale = Scale.objects.create(
                tenant=tenant, instrument=instrument, name=name, minimum=low,
                maximum=high, minimum_label="Lowest", maximum_label="Highest",
                position=k,
            )  # fmt: skip
            for code in codes:
                position += 1
                Item.objects.create(
                    tenant=tenant, instrument=instrument, scale=scale, code=code,
                    text=f"Question {code} of the scale {name}",
                    reverse=code == reverse, position=position,
                )  # fmt: skip
        panel = Panel.objects.create(
            tenant=tenant,
            initiative=initiative,
            instrument=instrument,
            name=f"Bench {answers}",
        )
        now = timezone.now()
        waves = [
            Wave.objects.create(
                tenant=tenant,
                panel=panel,
                number=n,
                status="closed",
                opened_at=now - dt.timedelta(days=90 * (WAVES - n + 1)),
                closed_at=now - dt.timedelta(days=90 * (WAVES - n) + 60),
            )
            for n in range(1, WAVES + 1)
        ]
        wave_ids = [w.pk for w in waves]
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.42)")
            cursor.execute(
                "INSERT INTO evaluation_panelmember (tenant_id, panel_id, email, "
                "pseudonym, language, created_at) SELECT %s, %s, '', "
                "'R-' || lpad(g::text, 7, '0'), '', now() "
                "FROM generate_series(1, %s) g",
                [tenant.pk, panel.pk, members],
            )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'evaluation_answer'::regclass AND contype = 'f'"
            )
            foreign_keys = cursor.fetchall()
            for name, _ in foreign_keys:
                cursor.execute(
                    f'ALTER TABLE evaluation_answer DROP CONSTRAINT "{name}"'
                )
            cursor.execute(
                """
                INSERT INTO evaluation_answer (tenant_id, wave_id, member_id, item_id,
                                               value, text)
                SELECT %(tenant)s, w.id, m.id, i.id,
                       least(s.maximum, greatest(s.minimum, round(
                           (s.minimum + s.maximum) / 2.0
                           + (random() + random() - 1) * (s.maximum - s.minimum) / 2))),
                       ''
                FROM evaluation_panelmember m
                CROSS JOIN unnest(%(waves)s::bigint[]) AS w (id)
                JOIN evaluation_item i ON i.instrument_id = %(instrument)s
                JOIN evaluation_scale s ON s.id = i.scale_id
                WHERE m.panel_id = %(panel)s AND random() >= %(missing)s
                """,
                {
                    "tenant": tenant.pk,
                    "waves": wave_ids,
                    "instrument": instrument.pk,
                    "panel": panel.pk,
                    "missing": MISSING,
                },
            )
            written = cursor.rowcount
            for name, definition in foreign_keys:
                cursor.execute(
                    f'ALTER TABLE evaluation_answer ADD CONSTRAINT "{name}" {definition}'
                )
            cursor.execute(
                """
                INSERT INTO evaluation_invitation (tenant_id, wave_id, member_id, token,
                    send_error, reminders_sent, sent_at, submitted_at, updated_at,
                    version)
                SELECT %(tenant)s, w.id, m.id, md5(w.id || ':' || m.id), '', 0, now(),
                       now(), now(), 1
                FROM evaluation_panelmember m
                CROSS JOIN unnest(%(waves)s::bigint[]) AS w (id)
                WHERE m.panel_id = %(panel)s
                """,
                {"tenant": tenant.pk, "waves": wave_ids, "panel": panel.pk},
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE evaluation_answer")
        cursor.execute("VACUUM ANALYZE evaluation_panelmember")
        cursor.execute("VACUUM ANALYZE evaluation_invitation")
    return panel.pk, written


def _run(shape, fmt, panel_id, out, env) -> tuple[float, int, int]:
    command = [sys.executable, "-c", RUN_EXPORT, shape, fmt, str(panel_id), str(out)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE)
    printed = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{shape} {fmt} failed ({status})")
    seconds, rows = printed.split()
    return float(seconds), int(rows), usage.ru_maxrss


def _lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(
            chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b"")
        )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _git(*args) -> str:
    return subprocess.check_output(["git", *args], cwd=ROOT, text=True).strip()


if __name__ == "__main__":
    main()
