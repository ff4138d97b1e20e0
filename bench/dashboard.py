"""Benchmark the tenant dashboard on the generator's large data, as issue 5 asks.

    .venv/bin/coproduce generate --tenants 1 --initiatives 10000 --people 200000 \
        --participations 2000000      # into the database below, once (~2.5 min)
    .venv/bin/python bench/dashboard.py                    # 400 requests, 8 clients
    .venv/bin/python bench/dashboard.py --requests 800 --path initiatives/<slug>/

It migrates the database (``coproduce_bench_dash``; ``--database-url`` or
``BENCH_DATABASE_URL``; it refuses a name without ``bench``), creates a coordinator of the
first tenant and, once, a population table of the whole tenant (so the "who takes part"
section computes), deletes the dashboard figures kept from earlier runs, starts gunicorn
with the production settings and 2 workers and the task worker (``coproduce db_worker``),
logs in, and times three cases:

- **cold**: the first requests (two per gunicorn worker, at once) when no figures were
  ever computed: the one case in which a request computes them (reports.services);
- **warm**: ``--requests`` requests from ``--clients`` concurrent clients (threads, one
  session each): the kept figures, after the fingerprint check (three index lookups);
- **after a change**: a coordinator records a new outcome through its page (a service,
  so an event, so a recomputation queued on commit); at once the same load again. The
  pages show the figures kept, with their "as of" time and a note, until the task worker
  has recomputed them; it reports the requests' times, how many showed the older figures
  and how long after the change the first page showed the new ones.

Each case gives p50, p95, max and the rate. Prints the figures with the data size and the
machine's load, and writes JSON to bench/results/ (git-ignored).
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_dash"
USER, PASSWORD = "bench-dash", "bench-dash-password-1"

SETUP = f"""
from django_scopes import scopes_disabled
from django.contrib.auth import get_user_model
from django.db.models import Count
from coproduce.tenancy.models import Tenant
from coproduce.tenancy.services import tenant_member_set, user_create
from coproduce.people.models import Person
from coproduce.initiatives.models import Initiative, Participation
from coproduce.representativeness.models import PopulationTable
from coproduce.representativeness.services import population_table_import
from coproduce.reports.models import DashboardSnapshot
import json
with scopes_disabled():
    tenant = Tenant.objects.order_by("id").first()
    DashboardSnapshot.objects.filter(tenant=tenant).delete()  # so that the first is cold
    user = get_user_model().objects.filter(username="{USER}").first()
    if user is None:
        user = user_create(username="{USER}", password="{PASSWORD}")
    tenant_member_set(tenant=tenant, user=user, role="coordinator")
    if not PopulationTable.objects.filter(tenant=tenant, covers_tenant=True).exists():
        lines = ["dimension,group,count"]
        for dim in ("age_band", "gender", "first_language", "district"):
            rows = (Person.objects.filter(tenant=tenant).exclude(**{{dim: ""}})
                    .exclude(gender="undisclosed").values(dim).annotate(n=Count("id")))
            for row in rows:
                lines.append(f"{{dim}},{{row[dim]}},{{row['n'] * 7}}")
        population_table_import(tenant=tenant, actor=None, name="Whole area (bench)",
            area=tenant.name, reference_date=__import__("datetime").date(2026, 1, 1),
            text="\\n".join(lines) + "\\n", covers_tenant=True)
    print(json.dumps({{
        "tenant": tenant.slug,
        "initiative": Initiative.objects.filter(tenant=tenant).order_by("id").first().slug,
        "initiatives": Initiative.objects.filter(tenant=tenant).count(),
        "people": Person.objects.filter(tenant=tenant).count(),
        "participations": Participation.objects.filter(tenant=tenant).count(),
    }}))
"""


def run_setup(env) -> dict:
    subprocess.run(
        [str(ROOT / ".venv/bin/coproduce"), "migrate", "-v0"], env=env, check=True
    )
    out = subprocess.run(
        [str(ROOT / ".venv/bin/coproduce"), "shell", "-c", SETUP],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def login(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/")
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": USER,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise SystemExit(f"login failed: {response.status_code}")
    return session


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def summary(timings: list[float], elapsed: float) -> dict:
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "requests_per_s": round(len(timings) / elapsed, 1),
    }


STALE_MARK = 'id="figures-refreshing"'


def load(sessions, url: str, per_client: int) -> tuple[list[dict], float]:
    """``per_client`` requests from each session at once: (time, end, stale, status)."""
    results: list[dict] = []

    def client(session):
        for _ in range(per_client):
            t0 = time.perf_counter()
            r = session.get(url)
            end = time.perf_counter()
            results.append(
                {
                    "ms": (end - t0) * 1000,
                    "end": end,
                    "stale": STALE_MARK in r.text,
                    "status": r.status_code,
                }
            )

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


def change(base: str, tenant: str, initiative: str) -> float:
    """A coordinator records a new outcome through its page; the moment it committed."""
    session = login(base)
    page = f"{base}/t/{tenant}/outcomes/initiatives/{initiative}/new/"
    session.get(page)
    response = session.post(
        page,
        data={
            "kind": "public",
            "name": f"Benchmark outcome {dt.datetime.now().astimezone():%H%M%S}",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": page},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise SystemExit(f"change failed: {response.status_code}")
    return time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--path", default="", help="under /t/<tenant>/dashboard/")
    args = parser.parse_args()
    if "bench" not in urlsplit(args.database_url).path:
        sys.exit("refusing a database without 'bench' in its name")

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "LEDGER_KEY": "bench:bench-only-ledger-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
    }
    size = run_setup(env)
    print(f"data: {size}")
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "coproduce.config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
            "--timeout",
            "300",
        ],
        env=env,
        cwd=ROOT,
    )
    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/coproduce"),
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "-v0",
        ],
        env=env,
        cwd=ROOT,
    )
    per_client = args.requests // args.clients
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/accounts/login/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        url = f"{base}/t/{size['tenant']}/dashboard/{args.path}"
        sessions = [login(base) for _ in range(args.clients)]

        # cold: nothing computed yet; the first requests compute (two per worker, at once)
        cold, cold_elapsed = load(sessions[: args.workers * 2], url, 1)
        # warm: the kept figures
        warm, warm_elapsed = load(sessions, url, per_client)
        # after a change: the kept figures while the task worker recomputes them
        changed_at = change(base, size["tenant"], size["initiative"])
        after, after_elapsed = load(sessions, url, per_client)
        fresh = [r["end"] for r in after if not r["stale"]]
        while not fresh:  # the recomputation outlasted the load: wait for it
            r = sessions[0].get(url)
            if STALE_MARK not in r.text:
                fresh = [time.perf_counter()]
            else:
                time.sleep(0.25)
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(timeout=20)
        server.wait(timeout=20)

    failed = [r["status"] for r in cold + warm + after if r["status"] != 200]
    result = {
        "benchmark": "dashboard",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": list(os.getloadavg()),
            "python": platform.python_version(),
        },
        "data": size,
        "setup": {
            "url": url.replace(base, ""),
            "gunicorn_workers": args.workers,
            "clients": args.clients,
        },
        "cold": {
            "ms": sorted(round(r["ms"], 1) for r in cold),
            **summary([r["ms"] for r in cold], cold_elapsed),
        },
        "warm": summary([r["ms"] for r in warm], warm_elapsed),
        "after_change": {
            **summary([r["ms"] for r in after], after_elapsed),
            "showed_older_figures": sum(r["stale"] for r in after),
            "seconds_until_new_figures": round(min(fresh) - changed_at, 2),
        },
        "failed": len(failed),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / (
        f"dashboard-{size['participations']}-"
        f"{dt.datetime.now().astimezone().strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.write_text(json.dumps(result, indent=2))
    print(
        f"{size['participations']:,} participations, {size['people']:,} people, "
        f"{size['initiatives']:,} initiatives; {args.workers} gunicorn workers and a "
        f"task worker, {args.clients} clients; load average "
        f"{', '.join(f'{x:.1f}' for x in result['machine']['load_average'])} "
        f"on {result['machine']['cpus']} CPUs"
    )
    for name, label in (
        ("cold", "cold (nothing computed yet)"),
        ("warm", "warm"),
        ("after_change", "after a change"),
    ):
        r = result[name]
        print(
            f"{label:<28} {r['requests']:>4} requests: p50 {r['p50_ms']} ms · "
            f"p95 {r['p95_ms']} ms · max {r['max_ms']} ms · {r['requests_per_s']} req/s"
        )
    a = result["after_change"]
    print(
        f"after the change: {a['showed_older_figures']} pages showed the kept figures "
        f"with their time; the new figures were shown "
        f"{a['seconds_until_new_figures']} s after the change"
    )
    print(f"failed: {result['failed']}; written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
