"""Benchmark the synthetic data generator on PostgreSQL, against row-by-row inserts.

    .venv/bin/python bench/generate.py            # 200,000 participations
    .venv/bin/python bench/generate.py --full     # 4 uneven tenants, 2,222,000 participations

Drops and re-creates its own database (``coproduce_bench`` by default), migrates it,
generates, measures the sizes on disk, then inserts a small sample of participations one
``.save()`` at a time for the baseline. Prints the figures and writes them as JSON to
bench/results/.
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench"
SIZES = {
    "default": {"tenants": 2, "initiatives": 1_000, "people": 20_000,
                "participations": 200_000},
    # skewed: the biggest tenant has 10,000 initiatives, 200,000 people and 2,000,000
    # participations; the next ones a tenth, a hundredth and a thousandth of that
    "full": {"tenants": 4, "initiatives": 11_110, "people": 222_200,
             "participations": 2_222_000},
}  # fmt: skip


def main() -> None:
    args = _arguments()
    size = dict(SIZES["full" if args.full else "default"])
    for name in size:
        if getattr(args, name) is not None:
            size[name] = getattr(args, name)
    database_recreate(args.database_url)
    django_setup(args.database_url)

    from django.core.management import call_command

    migrate_started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(
        f"migrated {args.database_url} in {time.perf_counter() - migrate_started:.1f} s"
    )

    from coproduce.exchange.generator import Spec, generate

    spec = Spec(**size, seed=args.seed, method=args.method,
                skewed=args.full or args.skewed)  # fmt: skip
    print(f"generating {_figures(size)} ({spec.method}) ...", flush=True)
    result = generate(spec, progress=lambda line: print(" ", line, flush=True))
    rows = sum(result.rows.values())
    participations = result.rows["initiatives_participation"]
    participation_seconds = result.seconds_per_table["initiatives_participation"]
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "postgres": _scalar("SHOW server_version"),
        "spec": {**size, "seed": spec.seed},
        "method": result.method,
        "seconds": round(result.seconds, 2),
        "rows": dict(result.rows),
        "rows_total": rows,
        "rows_per_second": round(rows / result.seconds),
        # COPY alone, without the foreign key checks, the commit and ANALYZE
        "participations_copy_per_second": round(participations / participation_seconds),
        "seconds_per_table": {k: round(v, 2) for k, v in result.seconds_per_table.items()},
        "sizes_mb": sizes_mb(),
    }  # fmt: skip
    if args.no_baseline:
        print_sizes(report)
        return
    report["baseline"] = baseline(args.baseline, seed=args.seed)
    report["ratio"] = round(
        report["rows_per_second"] / report["baseline"]["rows_per_second"], 1
    )
    print_report(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"generate-{participations}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {path.relative_to(ROOT)}")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--full",
        action="store_true",
        help="2,000,000 participations, 200,000 people, 10,000 initiatives",
    )
    parser.add_argument(
        "--skewed",
        action="store_true",
        help="uneven tenants and initiatives (always with --full)",
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--tenants", type=int)
    parser.add_argument("--initiatives", type=int)
    parser.add_argument("--people", type=int)
    parser.add_argument("--participations", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--method", choices=["auto", "copy", "bulk"], default="auto")
    parser.add_argument(
        "--baseline",
        type=int,
        default=5_000,
        help="participations inserted one .save() at a time",
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
        sys.exit(
            f"refusing to drop '{name}': the benchmark database needs 'bench' in its name"
        )
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"  # no query log in memory
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sizes_mb() -> dict[str, float]:
    tables = ["initiatives_participation", "people_person", "initiatives_activity",
              "initiatives_initiative"]  # fmt: skip
    sizes = {
        table: _scalar(f"SELECT pg_total_relation_size('{table}')") / 2**20
        for table in tables
    }
    sizes["participation_table_only"] = (
        _scalar("SELECT pg_table_size('initiatives_participation')") / 2**20
    )
    sizes["participation_indexes"] = (
        _scalar("SELECT pg_indexes_size('initiatives_participation')") / 2**20
    )
    sizes["database"] = _scalar("SELECT pg_database_size(current_database())") / 2**20
    return {k: round(v, 1) for k, v in sizes.items()}


def baseline(n: int, *, seed: int) -> dict:
    """``n`` participations inserted one ``.save()`` at a time (autocommit), into a
    small tenant of its own, with the same row maker as the generator."""
    from django_scopes import scopes_disabled

    from coproduce.exchange.generator import Result, Spec, TenantBuilder, generate
    from coproduce.initiatives.models import Activity, Participation
    from coproduce.people.models import Organisation, Person
    from coproduce.tenancy.models import Tenant

    generate(Spec(tenants=1, initiatives=50, people=max(100, n // 10), participations=0,
                  seed=seed, prefix="baseline"))  # fmt: skip
    with scopes_disabled():
        tenant = Tenant.objects.get(slug="baseline-1")
        activities = list(
            Activity.objects.filter(tenant=tenant).values_list("pk", "initiative_id")
        )
        people = list(Person.objects.filter(tenant=tenant).values_list("pk", flat=True))
        groups = list(
            Organisation.objects.filter(tenant=tenant).values_list("pk", flat=True)
        )
        builder = TenantBuilder(
            tenant, random.Random(seed), None, Result(method="save")
        )
        rows = list(builder.participation_rows(
            n, [a[0] for a in activities], [a[1] for a in activities], people, groups
        ))  # fmt: skip
        fields = ["tenant_id", "initiative_id", "activity_id", "person_id",
                  "organisation_id", "role", "hours", "created_at"]  # fmt: skip
        started = time.perf_counter()
        for row in rows:
            Participation(**dict(zip(fields, row, strict=True))).save()
        seconds = time.perf_counter() - started
    return {
        "rows": n,
        "seconds": round(seconds, 2),
        "rows_per_second": round(n / seconds),
    }


def print_sizes(r: dict) -> None:
    print(f"{r['rows_total']:,} rows in {r['seconds']:.1f} s")
    print("sizes (MB, with indexes): " + ", ".join(
        f"{k} {v:,.1f}" for k, v in r["sizes_mb"].items()))  # fmt: skip


def print_report(r: dict) -> None:
    print(
        f"\n{r['rows_total']:,} rows in {r['seconds']:.1f} s ({r['method']}): "
        f"{r['rows_per_second']:,} rows/s end to end"
    )
    steps = r["seconds_per_table"]
    for table in sorted(set(r["rows"]) | set(steps)):
        n = f"{r['rows'][table]:>10,} rows" if table in r["rows"] else " " * 15
        print(f"  {table:32} {n} {steps.get(table, 0):8.2f} s")
    print(f"participations alone: {r['participations_copy_per_second']:,} rows/s")
    print("sizes (MB, with indexes): " + ", ".join(
        f"{k} {v:,.1f}" for k, v in r["sizes_mb"].items()))  # fmt: skip
    b = r["baseline"]
    print(f"baseline, one .save() per row: {b['rows']:,} participations in "
          f"{b['seconds']:.1f} s = {b['rows_per_second']:,} rows/s; "
          f"the generator (end to end) is {r['ratio']}x faster")  # fmt: skip


def _figures(size: dict) -> str:
    return ", ".join(f"{v:,} {k}" for k, v in size.items())


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
