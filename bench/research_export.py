"""Benchmark the research files of a tenant dataset: rows/s and peak memory per format
and size, beside the plain CSV export of the same rows as the baseline.

    .venv/bin/python bench/research_export.py                # 100,000 and 1,000,000
    .venv/bin/python bench/research_export.py --rows 100000 --formats csv,xlsx
    .venv/bin/python bench/research_export.py --reuse        # keep the data of a run before

It drops and re-creates its own database (``coproduce_bench_research_export`` on
``postgres://postgres@127.0.0.1:5432``; ``--database-url`` or ``BENCH_DATABASE_URL`` to
change; it refuses a name without ``bench``), migrates it and fills, for each size, one
tenant with one initiative of 100 activities and ``rows`` participations (an
organisation taking part, roles and hours varied), written on the server by one
``INSERT ... SELECT``.

Then, for each size and format, it writes the ``participations`` dataset
(``coproduce.exchange.datasets``) to a file in a process of its own, as the download
and the background task do, and records the rows, the writing's own time (Django's start
left out), rows/s and the process's **peak resident memory** (``ru_maxrss`` from
``wait4``). The baseline, in the same run: the tenant export of participations as CSV
(``coproduce.exchange.exporters``, PostgreSQL's COPY), the same rows. CSV and XLSX read
5,000 rows at a time, so their peak must not grow with the size; SPSS and Stata build
one DataFrame (pyreadstat writes whole tables), so theirs does (run at the smallest
size only unless ``--all-stat``).

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
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_research_export"
sys.path.insert(0, str(ROOT))
ACTIVITIES = 100

RUN_EXPORT = """
import sys, time
import django
django.setup()
from django_scopes import scope, scopes_disabled
from coproduce.tenancy.models import Tenant
from coproduce.exchange import datasets, exporters, research

fmt, slug, out = sys.argv[1], sys.argv[2], sys.argv[3]
with scopes_disabled():
    tenant = Tenant.objects.get(slug=slug)
start = time.perf_counter()
if fmt == "baseline":
    with open(out, "w", encoding="utf-8", newline="") as file:
        for chunk in exporters.export_chunks("participations", "csv", tenant=tenant):
            file.write(chunk.decode() if isinstance(chunk, bytes) else chunk)
    rows = -1
else:
    with scope(tenant=tenant.pk):
        dataset = datasets.participations(tenant)
    rows = research.export_file(dataset, fmt, out)
print(time.perf_counter() - start, rows)
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
    reused = args.reuse and _reusable(args.database_url, args.rows)
    if not reused:
        _recreate(args.database_url)
    import django

    django.setup()
    if not reused:
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s")
        for n in args.rows:
            started = time.perf_counter()
            _fill(n)
            print(
                f"filled {n:,} participations in {time.perf_counter() - started:.1f} s"
            )
    print(f"load average at start: {_load()}")
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-research-export-") as folder:
        for n in args.rows:
            baseline = None
            for fmt in ["baseline", *args.formats]:
                if fmt in ("sav", "dta") and n != min(args.rows) and not args.all_stat:
                    continue
                out = Path(folder) / f"{n}.{fmt}"
                seconds, rows, rss = _run(fmt, f"bench-research-{n}", out, env)
                if rows < 0:
                    rows = _lines(out) - 1
                run = {
                    "participations": n,
                    "format": fmt,
                    "rows": rows,
                    "seconds": round(seconds, 2),
                    "rows_per_s": round(rows / seconds),
                    "peak_rss_mb": round(rss / 1024, 1),
                    "file_mb": round(out.stat().st_size / 2**20, 1),
                }
                if fmt == "baseline":
                    baseline = seconds
                else:
                    run["time_vs_baseline"] = round(seconds / baseline, 2)
                out.unlink()
                runs.append(run)
                ratio = (
                    f"  ×{run['time_vs_baseline']} the baseline's time"
                    if "time_vs_baseline" in run
                    else ""
                )
                print(
                    f"  {n:>9,} {fmt:8} {rows:>10,} rows {seconds:>7.2f} s "
                    f"{run['rows_per_s']:>9,} rows/s RSS {run['peak_rss_mb']:>6.1f} MB "
                    f"file {run['file_mb']} MB{ratio}",
                    flush=True,
                )
    print(f"load average at end: {_load()}")
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load": _load(),
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"research-export-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument(
        "--rows",
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
        "--all-stat", action="store_true", help=".sav/.dta at every size too"
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
            slugs = {row[0] for row in conn.execute("SELECT slug FROM tenancy_tenant")}
    except psycopg.Error:
        return False
    return all(f"bench-research-{n}" in slugs for n in sizes)


def _fill(n: int) -> None:
    """A tenant with one initiative of ``ACTIVITIES`` activities and ``n``
    participations of an organisation, in SQL."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from coproduce.initiatives.models import Activity, Initiative
    from coproduce.people.models import Organisation
    from coproduce.tenancy.models import Tenant

    with scopes_disabled(), transaction.atomic():
        tenant = Tenant.objects.create(slug=f"bench-research-{n}", name=f"Bench {n}")
        org = Organisation.objects.create(
            tenant=tenant, name="Bench association", kind="association"
        )
        initiative = Initiative.objects.create(
            tenant=tenant,
            slug="bench",
            name="Bench",
            lead_organisation=org,
            start_date=dt.date(2026, 1, 1),
        )
        now = timezone.now()
        Activity.objects.bulk_create(
            Activity(
                tenant=tenant, initiative=initiative, title=f"Session {k}",
                kind="workshop", stage=("design", "delivery")[k % 2],
                level=1 + k % 5, mode=("voice", "doing")[k % 2],
                starts_at=now - dt.timedelta(days=k),
            )
            for k in range(ACTIVITIES)
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO initiatives_participation (tenant_id, initiative_id,
                    activity_id, organisation_id, role, hours, created_at)
                SELECT %(tenant)s, %(initiative)s, a.id, %(org)s,
                       (ARRAY['volunteer','resident','professional','partner'])
                           [1 + g %% 4],
                       (g %% 9) / 2.0, now()
                FROM generate_series(1, %(n)s) g
                JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
                      FROM initiatives_activity WHERE initiative_id = %(initiative)s) a
                  ON a.k = g %% %(activities)s
                """,
                {
                    "tenant": tenant.pk,
                    "initiative": initiative.pk,
                    "org": org.pk,
                    "n": n,
                    "activities": ACTIVITIES,
                },
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE initiatives_participation")


def _run(fmt, slug, out, env) -> tuple[float, int, int]:
    command = [sys.executable, "-c", RUN_EXPORT, fmt, slug, str(out)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE)
    printed = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{fmt} failed ({status})")
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
