"""Benchmark `coproduce export participations` on the large data: rows/s and peak memory,
for the biggest, a middle and the smallest tenant, against `psql \\copy` of the same rows.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench_pages \\
        .venv/bin/python bench/export.py [--kinds participations,activities] [--python]

Reuses the data of ``bench/generate.py --full`` (it never writes to it). For each tenant
and kind it runs, each in a process of its own whose peak resident memory (``ru_maxrss``
from ``wait4``) and wall time it records:

- ``copy``: the command as shipped (PostgreSQL's COPY writes the CSV);
- ``python``: the same command with the COPY path switched off, the encoder of before
  (``--python``; slow on 2,000,000 rows, so off by default for the biggest tenant);
- ``psql``: ``psql -c "\\copy (SELECT the same columns …) TO file CSV"``: the baseline.

The export's time is measured inside its process, from the command's call to its end (the
start of Python and Django, about 2 s here, is left out); psql's is its whole run.

Prints rows, seconds, rows/s, peak RSS and the ratio to psql, with the load average, and
writes JSON to bench/results/.
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

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_pages"

RUN_COMMAND = """
import sys
import django
django.setup()
from django.core.management import call_command
if sys.argv[1] == "python":
    from coproduce.exchange import exporters
    exporters.copy_supported = lambda: False
import time
start = time.perf_counter()
call_command("export", sys.argv[2], tenant=sys.argv[3], format="csv", output=sys.argv[4])
print(time.perf_counter() - start)
"""


def main() -> None:
    args = _arguments()
    url = args.database_url
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.test",
        "PYTHONPATH": str(ROOT),
    }
    tenants = _tenants(url)
    biggest, middle, smallest = tenants[0], tenants[len(tenants) // 2 - 1], tenants[-1]
    print(f"data: {url.rsplit('/', 1)[-1]}; tenants by participations: "
          + ", ".join(f"{slug} {n:,}" for slug, n in tenants))  # fmt: skip
    print(f"load average at start: {_load()}")
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        for kind in args.kinds:
            for slug, _ in (biggest, middle, smallest):
                ways = ["psql", "copy"]
                if args.python or slug != biggest[0]:
                    ways.append("python")
                figures = {}
                for way in ways:
                    out = Path(folder) / f"{slug}-{kind}-{way}.csv"
                    seconds, rss = _run(way, kind, slug, out, env, url)
                    rows = _lines(out) - 1
                    figures[way] = {"rows": rows, "seconds": round(seconds, 3),
                                    "rows_per_s": round(rows / seconds),
                                    "peak_rss_mb": round(rss / 1024, 1)}  # fmt: skip
                    out.unlink()
                for way, fig in figures.items():
                    ratio = figures["psql"]["seconds"] / fig["seconds"]
                    fig["speed_vs_psql"] = round(ratio, 2)
                    print(f"  {kind:15} {slug:6} {way:7} {fig['rows']:>10,} rows "
                          f"{fig['seconds']:>8.2f} s {fig['rows_per_s']:>10,} rows/s "
                          f"RSS {fig['peak_rss_mb']:>6.1f} MB  x{ratio:.2f} of psql")  # fmt: skip
                runs.append({"kind": kind, "tenant": slug, **figures})
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
    path = RESULTS / f"export-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument(
        "--kinds", type=lambda s: s.split(","), default=["participations", "activities"]
    )
    parser.add_argument(
        "--python",
        action="store_true",
        help="time the Python encoder on the biggest too",
    )
    return parser.parse_args()


def _run(way, kind, slug, out, env, url) -> tuple[float, int]:
    if way == "psql":
        command = ["psql", url, "-q", "-c", _psql_copy(kind, slug, out)]
    else:
        command = [sys.executable, "-c", RUN_COMMAND, way, kind, slug, str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    printed = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{way} {kind} {slug} failed ({status})")
    # the commands print the export's own time: the process's start (Django, about 2 s)
    # is not the export's; psql's start is a few milliseconds and stays in
    return (float(printed) if way != "psql" else seconds), usage.ru_maxrss


def _psql_copy(kind: str, slug: str, out: Path) -> str:
    """The same rows and columns as the export, written by psql's \\copy."""
    if kind == "participations":
        select = (
            "SELECT p.id, i.slug, p.activity_id, a.stage, a.level, a.mode, p.person_id, "
            "o.name, p.role, p.hours, p.created_at FROM initiatives_participation p "
            "JOIN initiatives_initiative i ON i.id = p.initiative_id "
            "JOIN initiatives_activity a ON a.id = p.activity_id "
            "LEFT JOIN people_organisation o ON o.id = p.organisation_id "
            "WHERE p.tenant_id = {t} ORDER BY p.id"
        )
    else:
        select = (
            "SELECT a.id, i.slug, a.stage, a.title, a.kind, a.starts_at, a.ends_at, "
            "a.level, a.mode, a.place, a.description FROM initiatives_activity a "
            "JOIN initiatives_initiative i ON i.id = a.initiative_id "
            "WHERE a.tenant_id = {t} ORDER BY a.id"
        )
    tenant = f"(SELECT id FROM tenancy_tenant WHERE slug = '{slug}')"  # noqa: S608 (our slugs)
    return f"\\copy ({select.format(t=tenant)}) TO '{out}' WITH (FORMAT csv, HEADER)"


def _tenants(url) -> list[tuple[str, int]]:
    text = subprocess.check_output(
        ["psql", url, "-At", "-F", " ", "-c",
         "SELECT t.slug, count(p.id) FROM tenancy_tenant t JOIN initiatives_participation p "
         "ON p.tenant_id = t.id GROUP BY t.slug ORDER BY 2 DESC"],
        text=True,
    )  # fmt: skip
    return [(slug, int(n)) for slug, n in (line.split() for line in text.splitlines())]


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
