"""Benchmark `coproduce import people` on PostgreSQL: peak memory and rows/s by size.

    .venv/bin/python bench/import_memory.py                       # 100,000 and 1,000,000 rows
    .venv/bin/python bench/import_memory.py --rows 100000 1000000 5000000

Drops and re-creates its own database (``bench_import`` by default), migrates it, and for
each size writes a people CSV (a tenth of the rows with a membership of an organisation
of the tenant), creates a tenant for it and runs the command in a process of its own,
whose peak resident memory (``ru_maxrss`` from ``wait4``) and wall time it records; then
it counts what was written. Prints the figures and writes them as JSON to bench/results/.
The import should hold memory flat: the figures show whether it does.
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
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_import"
HEADER = "given_name,family_name,email,phone,languages,organisation,membership_role\n"


def main() -> None:
    args = _arguments()
    database_recreate(args.database_url)
    django_setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        for rows in args.rows:
            runs.append(run(rows, Path(folder), args.database_url))
            print_run(runs[-1])
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "postgres": _scalar("SHOW server_version"),
        "runs": runs,
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"import-memory-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {path.relative_to(ROOT)}")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[100_000, 1_000_000],
        help="sizes of the people file, in rows",
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    return parser.parse_args()  # fmt: skip


def database_recreate(url: str) -> None:
    """Drop and create the benchmark database; it must not be the test or dev one."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop '{name}': it needs 'bench' in its name")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",  # no query log in memory
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.dev",
        "PYTHONPATH": str(ROOT),
    }


def django_setup(url: str) -> None:
    os.environ.update(_environment(url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def people_csv(path: Path, rows: int) -> int:
    """``rows`` people, each with a distinct email; every tenth a volunteer of the
    Library. Returns the size in bytes."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for n in range(rows):
            member = "Library,volunteer" if n % 10 == 0 else ","
            out.write(
                f"Given{n},Family{n % 9973},person{n}@example.org,+358 40 {n:07d},"
                f"fi;sv,{member}\n"
            )
    return path.stat().st_size


def run(rows: int, folder: Path, url: str) -> dict:
    from django_scopes import scopes_disabled

    from coproduce.people.models import Membership, Organisation, Person
    from coproduce.tenancy.models import Tenant

    slug = f"bench-{rows}"
    path = folder / f"people-{rows}.csv"
    size = people_csv(path, rows)
    with scopes_disabled():
        tenant = Tenant.objects.create(slug=slug, name=f"Bench {rows:,}")
        Organisation.objects.create(tenant=tenant, name="Library", kind="ngo")
    command = [sys.executable, "-m", "coproduce", "import", "people", str(path),
               "--tenant", slug]  # fmt: skip
    print(f"importing {rows:,} rows ({size / 2**20:.0f} MB) ...", flush=True)
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=_environment(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    out, err = child.stdout.read().decode(), child.stderr.read().decode()
    child.stdout.close()
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the import failed:\n{out}\n{err[-3000:]}")
    with scopes_disabled():
        people = Person.objects.filter(tenant=tenant).count()
        memberships = Membership.objects.filter(tenant=tenant).count()
    if people != rows or memberships != (rows + 9) // 10:
        raise SystemExit(
            f"imported {people} people, {memberships} memberships of {rows}"
        )
    return {
        "rows": rows,
        "file_mb": round(size / 2**20, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "people": people,
        "memberships": memberships,
        "output": out.strip(),
    }


def print_run(run: dict) -> None:
    print(
        f"  {run['rows']:>10,} rows  {run['file_mb']:>7.1f} MB  {run['seconds']:>8.1f} s"
        f"  {run['rows_per_second']:>7,} rows/s  peak RSS {run['peak_rss_mb']:>7.1f} MB",
        flush=True,
    )


def _scalar(sql: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return ""


if __name__ == "__main__":
    main()
