"""Every page of the main menu and every kind of detail page on the biggest tenant.

    .venv/bin/python bench/generate.py --full --no-baseline   # once: coproduce_bench (about 2 min)
    .venv/bin/python bench/pages.py                  # 5 s of wrk per page, 8 connections
    .venv/bin/python bench/pages.py --only portfolio,initiative-biggest --seconds 10

Reuses the generator's data in its database (``BENCH_DATABASE_URL``, default
``coproduce_bench``; it refuses a name without ``bench``), adds what the generator does
not make (a coordinator with a person, an API token, a panel with a wave, a case), then:

1. asks every page once in this process (Django's test client on the same database) for
   its status, SQL queries (``X-Queries``, counted by bench/settings.py) and size;
2. serves the project with gunicorn (bench/settings.py: production settings plus the
   trivial view ``/bench/trivial/``), 2 sync workers, and drives every page with ``wrk``
   (8 connections, 2 threads), the trivial view first and last in the same run;
3. writes participations, activities and contributions through the API and the web
   (each request a new row), and checks the rows in the database afterwards.

A page whose single request takes longer than ``--slow`` seconds is timed by three
sequential requests instead of wrk (marked ``seq``): wrk would only time it out. Prints
req/s, p50, p95, queries, size, the ratio to the trivial view and the targets, with the
load average; writes JSON to bench/results/.
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench"
USER = "bench-coordinator"
PASSWORD = "bench-only-password-2f7c"  # noqa: S105 (a throwaway benchmark account)

TARGET_P95_MS = 150
TARGET_API_P95_MS = 100
TARGET_BYTES = 500_000
TARGET_BIGGEST_DETAIL_RPS = 180
TARGET_WRITES_RPS = 200

LUA_COMMON = r"""
local ok, bad = 0, 0
response = function(status, headers, body)
  if status >= 200 and status < 400 then ok = ok + 1 else bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT {\"requests\": %d, \"seconds\": %.3f, \"p50_ms\": %.2f, \"p95_ms\": %.2f, "
    .. "\"p99_ms\": %.2f, \"max_ms\": %.2f, \"errors\": %d, \"timeouts\": %d, "
    .. "\"non2xx\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
"""

# POST one new row per request: thread t of n takes numbers t, t + n, t + 2n, ...
LUA_POST = r"""
local counter = 0
local threads = {}
setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
init = function(args)
  counter = tonumber(id)
end
request = function()
  local n = START + counter
  counter = counter + NTHREADS
  local body = string.gsub(BODY, "{n}", tostring(n))
  return wrk.format("POST", PATH, HEADERS, body)
end
"""


def main() -> None:
    args = _arguments()
    if "bench" not in urlsplit(args.database_url).path:
        sys.exit("refusing a database without 'bench' in its name")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    load_start = os.getloadavg()
    world = setup()
    pages = page_list(world, args)
    print(f"data: {world['data']}", flush=True)
    probes = {name: probe(world, url) for name, url in pages}
    for name, url in pages:
        p = probes[name]
        print(f"  probe {name:<28} {p['status']} {p['queries']:>4} q "
              f"{p['bytes'] / 1000:>8.1f} kB {p['ms']:>8.1f} ms  {url}", flush=True)  # fmt: skip
    from django.db import connections

    connections.close_all()

    server = start_gunicorn(args, env)
    base = f"http://127.0.0.1:{args.port}"
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    cookie = f"sessionid={world['session']}; csrftoken={world['csrf']}"
    results: dict[str, dict] = {}
    try:
        wait_for(base)
        run_get = lambda url, seconds: wrk(  # noqa: E731
            args, work, base + url, f"HEADERS = {get_headers(url, cookie, world)}\n"
            + LUA_COMMON
            + 'request = function() return wrk.format("GET", nil, HEADERS) end\n',
            seconds,
        )  # fmt: skip
        run_get("/bench/trivial/", 2)  # warm-up
        results["trivial (first)"] = run_get("/bench/trivial/", args.seconds)
        for name, url in pages:
            if probes[name]["status"] >= 400:
                results[name] = {"skipped": f"status {probes[name]['status']}"}
                continue
            if probes[name]["ms"] > args.slow * 1000:
                results[name] = sequential(base + url, cookie, world, 3)
            else:
                for _ in range(args.workers * 2):  # each worker's first requests
                    sequential(base + url, cookie, world, 1)
                results[name] = run_get(url, args.seconds)
            print(f"  {name:<28} {fmt_row(results[name])}", flush=True)
        if not args.no_writes:
            results.update(writes(args, work, base, world))
        results["trivial (last)"] = run_get("/bench/trivial/", args.seconds)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # workers stuck in slow requests
            server.kill()
            server.wait(timeout=30)
    load_end = os.getloadavg()
    if not args.no_writes:
        verify_writes(world, results)
    trivial = statistics.mean(
        results[k]["rps"] for k in ("trivial (first)", "trivial (last)")
    )
    report = {
        "benchmark": "pages",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "label": args.label,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_start": [round(x, 2) for x in load_start],
            "load_average_end": [round(x, 2) for x in load_end],
            "python": platform.python_version(),
        },
        "setup": {
            "gunicorn_workers": args.workers,
            "connections": args.connections,
            "seconds_per_page": args.seconds,
        },  # fmt: skip
        "data": world["data"],
        "trivial_rps": round(trivial, 1),
        "pages": {
            name: {
                **results.get(name, {}),
                **probes.get(name, {}),
                "url": dict(pages).get(name),
            }
            for name in results
        },  # fmt: skip
    }
    for row in report["pages"].values():
        if "rps" in row:
            row["ratio"] = round(row["rps"] / trivial, 3)
    print_report(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"pages-{args.label or 'run'}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--seconds", type=int, default=5, help="of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8793)
    parser.add_argument("--slow", type=float, default=2.0,
                        help="seconds: slower pages are timed sequentially")  # fmt: skip
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--no-writes", action="store_true")
    parser.add_argument("--label", default="")
    return parser.parse_args()


# Data --------------------------------------------------------------------------------


def setup() -> dict:
    """The biggest tenant, its coordinator, and one record of every detail page's kind."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # data generated before a newer migration
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django_scopes import scopes_disabled

    from coproduce.cases import services as case_services
    from coproduce.evaluation import services as evaluation_services
    from coproduce.evaluation.library import TRUST_PANEL
    from coproduce.evaluation.models import Panel
    from coproduce.initiatives.models import Activity, Initiative, Participation
    from coproduce.people.models import Organisation, Person, PublicService
    from coproduce.tenancy.cli import actor_for
    from coproduce.tenancy.models import Tenant
    from coproduce.tenancy.services import api_token_create, tenant_member_set

    with scopes_disabled():
        sizes = dict(
            Participation.objects.values_list("tenant").annotate(n=Count("id"))
        )
        tenant = Tenant.objects.get(pk=max(sizes, key=sizes.get))
        user = get_user_model().objects.filter(username=USER).first()
        if user is None:
            user = get_user_model().objects.create_user(USER, password=PASSWORD)
        tenant_member_set(tenant=tenant, user=user, role="coordinator")
        person = Person.objects.filter(tenant=tenant, user=user).first()
        if person is None:
            person = Person.objects.create(
                tenant=tenant, user=user, given_name="Bench", family_name="Coordinator",
                email="bench.coordinator@example.org",
            )  # fmt: skip
        actor = actor_for(USER, tenant=tenant)
        by_initiative = list(
            Participation.objects.filter(tenant=tenant)
            .values_list("initiative")
            .annotate(n=Count("id"))
            .order_by("-n", "initiative")
        )
        biggest = Initiative.objects.get(pk=by_initiative[0][0])
        median = Initiative.objects.get(pk=by_initiative[len(by_initiative) // 2][0])
        activity_id, activity_n = (
            Participation.objects.filter(initiative=biggest)
            .values_list("activity")
            .annotate(n=Count("id"))
            .order_by("-n", "activity")
            .first()
        )
        activity = Activity.objects.get(pk=activity_id)
        busiest_person = (
            Participation.objects.filter(tenant=tenant, person__isnull=False)
            .values_list("person")
            .annotate(n=Count("id"))
            .order_by("-n", "person")
            .first()
        )[0]
        organisation = biggest.lead_organisation
        service = (
            PublicService.objects.filter(tenant=tenant, initiatives__isnull=False)
            .order_by("pk")
            .first()
        )
        panel = Panel.objects.filter(tenant=tenant, name="Bench panel").first()
        if panel is None:
            instrument = evaluation_services.instrument_create_from_library(
                tenant=tenant, actor=user, name="Bench trust panel",
                keys=list(TRUST_PANEL), free_text=["What has changed for you?"],
            )  # fmt: skip
            panel = evaluation_services.panel_create(
                tenant=tenant, actor=user, initiative=biggest,
                instrument=instrument, name="Bench panel",
            )  # fmt: skip
            evaluation_services.wave_create(panel=panel, actor=user)
        from coproduce.cases.models import Case

        case = Case.objects.filter(tenant=tenant).order_by("pk").first()
        if case is None:
            ctype = case_services.conciliation_install(tenant=tenant, actor=actor)
            case = case_services.case_register(
                tenant=tenant, actor=actor, case_type=ctype,
                organisation=Organisation.objects.filter(tenant=tenant).order_by("pk")
                .first(),
                referrer="police", referred_on=dt.date(2026, 1, 5),
                parties=[{"role": "victim", "given_name": "Vera",
                          "family_name": "Victim", "email": "vera@example.org"}],
            )  # fmt: skip
        _token, raw = api_token_create(tenant=tenant, user=user, name="bench pages")
        client = Client()
        client.force_login(user)
        client.get("/accounts/login/")
        # write targets: an activity of a small initiative; people to add, by number
        write_activity = Activity.objects.create(  # a fresh one each run
            tenant=tenant, initiative=median, stage="delivery", kind="workshop",
            title=f"Bench writes {dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}",
            starts_at=dt.datetime(2026, 1, 5, 17, tzinfo=dt.UTC), level=3,
            mode="doing",
        )  # fmt: skip
        write_people = list(
            Person.objects.filter(tenant=tenant)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

        def deep(model) -> str:  # the cursor 95 % of the way through the tenant's rows
            import base64

            ids = model.objects.filter(tenant=tenant).order_by("pk")
            pk = ids.values_list("pk", flat=True)[int(ids.count() * 0.95)]
            return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")

        return {
            "cursors": {
                "participation": deep(Participation),
                "activity": deep(Activity),
                "person": deep(Person),
            },
            "tenant": tenant.slug,
            "tenant_id": tenant.pk,
            "user_id": user.pk,
            "token": raw,
            "session": client.cookies["sessionid"].value,
            "csrf": client.cookies["csrftoken"].value,
            "client": client,
            "biggest": biggest.slug,
            "median": median.slug,
            "median_id": median.pk,
            "activity": activity.pk,
            "person": busiest_person,
            "organisation": organisation.pk,
            "organisations": list(
                Organisation.objects.filter(tenant=tenant).values_list("pk", flat=True)
            ),
            "service": service.pk if service else None,
            "panel": panel.pk,
            "case": case.pk,
            "write_activity": write_activity.pk,
            "write_people": write_people,
            "data": {
                "tenant": tenant.slug,
                "tenants": len(sizes),
                "participations_by_tenant": sorted(sizes.values(), reverse=True),
                "initiatives": Initiative.objects.filter(tenant=tenant).count(),
                "people": len(write_people),
                "participations": sizes[tenant.pk],
                "biggest_initiative": {
                    "slug": biggest.slug,
                    "participations": by_initiative[0][1],
                },
                "median_initiative": {
                    "slug": median.slug,
                    "participations": by_initiative[len(by_initiative) // 2][1],
                },
                "activity_participations": activity_n,
            },  # fmt: skip
        }


def page_list(w: dict, args) -> list[tuple[str, str]]:
    from coproduce.api.pagination import MAX_OFFSET

    t = f"/t/{w['tenant']}"
    b, m = w["biggest"], w["median"]
    pages = [
        ("portfolio", f"{t}/"),
        ("portfolio page 50", f"{t}/?page=50"),
        ("portfolio ?rhetoric=on", f"{t}/?rhetoric=on"),
        ("portfolio ?realised=delivery", f"{t}/?realised_stage=delivery"),
        ("portfolio ?q=", f"{t}/?q=Initiative+12"),
        ("organisations", f"{t}/organisations/"),
        ("services", f"{t}/services/"),
        ("people", f"{t}/people/"),
        ("people page 100", f"{t}/people/?page=100"),
        ("dashboard", f"{t}/dashboard/"),
        ("evaluation", f"{t}/evaluation/"),
        ("cases", f"{t}/cases/"),
        ("exports", f"{t}/exports/"),
        ("members", f"{t}/members/"),
        ("tokens", f"{t}/tokens/"),
        ("initiative biggest", f"{t}/initiatives/{b}/"),
        ("initiative median", f"{t}/initiatives/{m}/"),
        ("activity (add participants)",
         f"{t}/initiatives/{b}/activities/{w['activity']}/"),
        ("contribution new", f"{t}/initiatives/{b}/contributions/new/"),
        ("person", f"{t}/people/{w['person']}/"),
        ("organisation", f"{t}/organisations/{w['organisation']}/"),
        ("service", f"{t}/services/{w['service']}/"),
        ("panel", f"{t}/evaluation/panels/{w['panel']}/"),
        ("report", f"{t}/evaluation/panels/{w['panel']}/report/"),
        ("case", f"{t}/cases/{w['case']}/"),
        ("dashboard initiative", f"{t}/dashboard/initiatives/{b}/"),
        ("sustainability", f"{t}/sustainability/initiatives/{b}/"),
        ("representativeness", f"{t}/representativeness/initiatives/{b}/"),
        ("api participations", "/api/v1/participations?limit=100"),
        # offsets stop at api.pagination.MAX_OFFSET (deeper: the cursor)
        ("api participations offset max",
         f"/api/v1/participations?limit=100&offset={MAX_OFFSET}"),
        ("api activities offset max", f"/api/v1/activities?limit=100&offset={MAX_OFFSET}"),
        ("api people offset max", f"/api/v1/people?limit=100&offset={MAX_OFFSET}"),
        ("api participations cursor", "/api/v1/participations?limit=100&cursor="),
        ("api participations cursor deep",
         f"/api/v1/participations?limit=100&cursor={w['cursors']['participation']}"),
        ("api activities cursor deep",
         f"/api/v1/activities?limit=100&cursor={w['cursors']['activity']}"),
        ("api people cursor deep",
         f"/api/v1/people?limit=100&cursor={w['cursors']['person']}"),
    ]  # fmt: skip
    if args.only:
        wanted = set(args.only.split(","))
        pages = [(n, u) for n, u in pages if n in wanted]
    return pages


def probe(w: dict, url: str) -> dict:
    """One request in this process: status, queries (X-Queries), size, time."""
    client = w["client"]
    headers = {}
    if url.startswith("/api/"):
        headers["Authorization"] = f"Bearer {w['token']}"
    started = time.perf_counter()
    response = client.get(url, headers=headers, follow=False)
    ms = (time.perf_counter() - started) * 1000
    body = b"".join(response) if response.streaming else response.content
    return {
        "status": response.status_code,
        "queries": int(response.get("X-Queries", -1)),
        "bytes": len(body),
        "ms": round(ms, 1),
    }


# Load ----------------------------------------------------------------------------------


def start_gunicorn(args, env) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "bench.wsgi", "-w", str(args.workers),
         "-b", f"127.0.0.1:{args.port}", "--log-level", "warning", "--timeout", "300"],
        env=env, cwd=ROOT,
    )  # fmt: skip


def wait_for(base: str) -> None:
    import urllib.request

    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/bench/trivial/", timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def wrk(args, work: Path, url: str, script: str, seconds: int) -> dict:
    path = work / f"s{abs(hash(script))}.lua"
    path.write_text(script)
    out = subprocess.run(
        ["wrk", "-t", str(args.threads), "-c", str(args.connections),
         "-d", f"{seconds}s", "--timeout", "60s", "-s", str(path), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    r = json.loads(line[len("RESULT ") :])
    r["rps"] = round(r["requests"] / r["seconds"], 1) if r["seconds"] else 0.0
    r["method"] = "wrk"
    return r


def get_headers(url: str, cookie: str, w: dict) -> str:
    if url.startswith("/api/"):
        return f'{{["Authorization"] = "Bearer {w["token"]}"}}'
    return f'{{["Cookie"] = "{cookie}"}}'


def sequential(url: str, cookie: str, w: dict, n: int) -> dict:
    import urllib.request

    timings = []
    headers = (
        {"Authorization": f"Bearer {w['token']}"}
        if "/api/" in url
        else {"Cookie": cookie}
    )
    for _ in range(n):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            response.read()
        timings.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(timings)
    return {
        "requests": n,
        "p50_ms": round(p50, 1),
        "p95_ms": round(max(timings), 1),
        # two workers, each busy for p50: the best case of 8 connections
        "rps": round(2000 / p50, 2),
        "method": "seq",
    }


def writes(args, work: Path, base: str, w: dict) -> dict:
    """New participations, activities and contributions through the API and the web."""
    t = f"/t/{w['tenant']}"
    people = w["write_people"]
    n = len(people)
    api_headers = (
        f'{{["Content-Type"] = "application/json", '
        f'["Authorization"] = "Bearer {w["token"]}"}}'
    )
    cookie = f"sessionid={w['session']}; csrftoken={w['csrf']}"
    web_headers = (
        '{["Content-Type"] = "application/x-www-form-urlencoded", '
        f'["Cookie"] = "{cookie}", ["Referer"] = "{base}/", ["HX-Request"] = "true"}}'
    )
    median = w["median"]
    # participations: person number {n} (an index into the tenant's people, by a Lua
    # table would be big: the ids are contiguous from the generator, so offset them)
    first = people[0]  # the generator's people have contiguous ids
    if people[n - 2] - first + 1 != n - 1:
        print("  (people ids are not contiguous: writes may collide)")
    csrf = f"csrfmiddlewaretoken={w['csrf']}"
    cases = [
        ("write participation api", "/api/v1/participations", api_headers,
         json.dumps({"activity": w["write_activity"], "person": "{n}",
                     "role": "volunteer", "hours": "1.5"}).replace('"{n}"', "{n}"),
         first),
        ("write participation web",
         f"{t}/initiatives/{median}/activities/{w['write_activity']}/", web_headers,
         f"person={{n}}&role=resident&hours=2&{csrf}", first),
        ("write activity api", "/api/v1/activities", api_headers,
         json.dumps({"initiative": w["median_id"], "title": "Bench {n}",
                     "stage": "delivery", "kind": "workshop",
                     "starts_at": "2026-01-05T17:00:00Z", "level": 3,
                     "mode": "doing"}), 0),
        ("write activity web", f"{t}/initiatives/{median}/activities/new/",
         web_headers.replace(', ["HX-Request"] = "true"', ""),
         f"title=Bench+web+{{n}}&stage=delivery&kind=workshop"
         f"&starts_at=2026-01-05T17%3A00&level=3&mode=doing&{csrf}", 0),
        ("write contribution api", "/api/v1/contributions", api_headers,
         json.dumps({"initiative": w["median_id"], "kind": "materials",
                     "description": "Bench {n}", "organisation": w["organisation"],
                     "date": "2026-01-05", "estimated_value": "10"}), 0),
        ("write contribution web", f"{t}/initiatives/{median}/contributions/new/",
         web_headers.replace(', ["HX-Request"] = "true"', ""),
         f"kind=materials&description=Bench+web+{{n}}&date=2026-01-05"
         f"&estimated_value=10&organisation={w['organisation']}&{csrf}", 0),
    ]  # fmt: skip
    out = {}
    offset = 0
    for name, path, headers, body, start in cases:
        if args.only and name not in args.only.split(","):
            continue
        script = (
            f"HEADERS = {headers}\nPATH = {json.dumps(path)}\n"
            f"BODY = {json.dumps(body)}\nSTART = {start + offset}\n"
            f"NTHREADS = {args.threads}\n" + LUA_COMMON + LUA_POST
        )
        r = wrk(args, work, base + path, script, args.seconds)
        r["write"] = True
        offset += r["requests"] + args.connections * 4  # the next run takes new people
        out[name] = r
        print(f"  {name:<28} {fmt_row(r)}", flush=True)
    return out


def verify_writes(w: dict, results: dict) -> None:
    from django_scopes import scopes_disabled

    from coproduce.initiatives.models import Activity, Contribution, Participation

    with scopes_disabled():
        made = {
            "participation": Participation.objects.filter(
                activity_id=w["write_activity"]
            ).count(),
            "activity": Activity.objects.filter(
                initiative__slug=w["median"],
                tenant_id=w["tenant_id"],
                title__startswith="Bench",
            ).count(),  # fmt: skip
            "contribution": Contribution.objects.filter(
                tenant_id=w["tenant_id"], description__startswith="Bench"
            ).count(),
        }
    for kind, n in made.items():
        for name, r in results.items():
            if name.startswith(f"write {kind}"):
                r["rows_in_database_for_kind"] = n


# Report --------------------------------------------------------------------------------


def fmt_row(r: dict) -> str:
    if "skipped" in r:
        return r["skipped"]
    bad = r.get("non2xx", 0) + r.get("errors", 0) + r.get("timeouts", 0)
    return (
        f"{r['rps']:>8.1f}/s p50 {r['p50_ms']:>8.1f} p95 {r['p95_ms']:>8.1f} ms "
        f"[{r['method']}]" + (f" {bad} failed" if bad else "")
    )


def verdict(name: str, r: dict) -> str:
    if "rps" not in r:
        return ""
    misses = []
    if r.get("write"):
        if r["rps"] < TARGET_WRITES_RPS:
            misses.append(f"<{TARGET_WRITES_RPS}/s")
    else:
        limit = TARGET_API_P95_MS if name.startswith("api") else TARGET_P95_MS
        if r["p95_ms"] > limit:
            misses.append(f"p95>{limit}")
        if r.get("bytes", 0) > TARGET_BYTES:
            misses.append(">500kB")
        if name == "initiative biggest" and r["rps"] < TARGET_BIGGEST_DETAIL_RPS:
            misses.append(f"<{TARGET_BIGGEST_DETAIL_RPS}/s")
    if r.get("non2xx") or r.get("errors") or r.get("timeouts"):
        misses.append("failures")
    return "ok" if not misses else "MISS " + " ".join(misses)


def print_report(r: dict) -> None:
    m = r["machine"]
    print(
        f"\n{r['data']['participations']:,} participations, {r['data']['people']:,} "
        f"people, {r['data']['initiatives']:,} initiatives in {r['data']['tenant']} "
        f"({r['data']['tenants']} tenants); biggest initiative "
        f"{r['data']['biggest_initiative']['participations']:,}, median "
        f"{r['data']['median_initiative']['participations']:,} participations"
    )
    print(
        f"gunicorn {r['setup']['gunicorn_workers']} sync workers, wrk "
        f"{r['setup']['connections']} connections; load average "
        f"{m['load_average_start']} at the start, {m['load_average_end']} at the end; "
        f"trivial view {r['trivial_rps']:,}/s; commit {r['commit']}"
    )
    print(
        f"\n{'page or call':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'queries':>7} {'kB':>8} {'ratio':>6}  target"
    )
    for name, row in r["pages"].items():
        if "rps" not in row:
            print(f"{name:<30} {row.get('skipped', '')}")
            continue
        q = row.get("queries", "")
        kb = f"{row['bytes'] / 1000:.1f}" if "bytes" in row else ""
        print(
            f"{name:<30} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{q!s:>7} {kb:>8} {row.get('ratio', 0):>6.3f}  {verdict(name, row)}"
            + (" (seq)" if row.get("method") == "seq" else "")
        )


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
