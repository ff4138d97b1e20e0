"""Benchmark the tenant dashboard on the generator's large data, as issue 5 asks.

    .venv/bin/coproduce generate --tenants 1 --initiatives 10000 --people 200000 \
        --participations 2000000      # into the database below, once (~2.5 min)
    .venv/bin/python bench/dashboard.py                    # 400 requests, 8 clients
    .venv/bin/python bench/dashboard.py --requests 800 --path initiatives/<slug>/

It migrates the database (``coproduce_bench_dash``; ``--database-url`` or
``BENCH_DATABASE_URL``; it refuses a name without ``bench``), creates a coordinator of the
first tenant and, once, a population table of the whole tenant (so the "who takes part"
section computes), starts gunicorn with the production settings and 2 workers, logs in,
and times:

- the first (cold) request of each worker, which computes every section in SQL;
- then ``--requests`` requests from ``--clients`` concurrent clients (threads, one
  session each): p50, p95, max and the rate. These are served with the sections the
  workers cached; every request still checks the data fingerprint (three index lookups)
  and reads the sustainability and evaluation sections, which are not cached.

Prints the figures and writes JSON to bench/results/ (git-ignored).
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
import json
with scopes_disabled():
    tenant = Tenant.objects.order_by("id").first()
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
    assert response.status_code == 302, f"login failed: {response.status_code}"
    return session


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


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
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/accounts/login/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        url = f"{base}/t/{size['tenant']}/dashboard/{args.path}"
        sessions = [login(base) for _ in range(args.clients)]
        # cold: the first requests compute the sections (one per worker, concurrently)
        cold: list[float] = []

        def one_cold(session):
            t0 = time.perf_counter()
            r = session.get(url)
            cold.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, r.status_code

        threads = [
            threading.Thread(target=one_cold, args=(s,))
            for s in sessions[: args.workers * 2]
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        timings: list[float] = []
        failures = []
        per_client = args.requests // args.clients

        def client(session):
            for _ in range(per_client):
                t0 = time.perf_counter()
                r = session.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    failures.append(r.status_code)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=20)

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
            "requests": len(timings),
        },
        "cold_ms": [round(v, 1) for v in sorted(cold)],
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "requests_per_s": round(len(timings) / elapsed, 1),
        "failed": len(failures),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / (
        f"dashboard-{size['participations']}-"
        f"{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.write_text(json.dumps(result, indent=2))
    print(
        f"{size['participations']:,} participations, {size['people']:,} people, "
        f"{size['initiatives']:,} initiatives; {args.workers} workers, "
        f"{args.clients} clients, {len(timings)} requests"
    )
    print(f"cold (first requests, computing): {result['cold_ms']} ms")
    print(
        f"p50 {result['p50_ms']} ms · p95 {result['p95_ms']} ms · max "
        f"{result['max_ms']} ms · {result['requests_per_s']} req/s · "
        f"failed {result['failed']}"
    )
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
