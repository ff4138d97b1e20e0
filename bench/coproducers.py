"""Co-producers on the biggest tenant: sign-up POSTs, the person type-ahead, a roster.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_coproducers_bench \\
        .venv/bin/python bench/generate.py --full --no-baseline   # once, about 2 min
    BENCH_DATABASE_URL=... .venv/bin/python bench/coproducers.py  # about 1 min
    BENCH_DATABASE_URL=... .venv/bin/python bench/coproducers.py --seconds 20 --only signup

Reuses the generator's ``--full`` data (the biggest tenant: 200,000 people) and adds what
it does not make: a coordinator, ``--volunteers`` volunteers with accounts and sessions, an
opportunity open to volunteers with ``--shifts`` future shifts of ``--capacity`` places,
and a shift of 200 places with 200 of the generator's people signed up (the roster).
Then, with gunicorn (bench/settings.py: production settings plus ``/bench/trivial/``),
2 sync workers, and wrk (8 connections):

1. **trivial** GET ``/bench/trivial/`` and POST ``/i18n/setlang/`` (Django's middleware,
   CSRF check, a redirect; no database): the baseline, first and last;
2. **sign-up**: ``POST /t/<tenant>/shifts/<pk>/sign-up/``, each request a different
   (volunteer, shift) pair, the volunteers of one shift one after another, so that the 8
   connections fight for the same shift's last places (each shift gets ``--volunteers``
   attempts for ``--capacity`` places: the rest go to the waiting list). A sign-up
   answers 302; afterwards the database must hold exactly the sign-ups wrk counted, and
   **no shift more confirmed sign-ups than places** (and every shift that had more
   attempts than places full);
3. **person type-ahead**: ``GET /t/<tenant>/people/search/?q=…`` as htmx asks it, with
   a rotation of what people type (part of a name, a full name, an email);
4. **roster**: ``GET /t/<tenant>/shifts/<pk>/roster/`` of the 200-person shift.

Prints the data size, req/s, p50/p95, queries per request (``X-Queries``), the ratio to
the trivial view, the targets and the load average; writes JSON to bench/results/.
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
sys.path.insert(0, str(ROOT))

from bench.pages import (  # noqa: E402
    LUA_COMMON,
    _commit,
    sequential,
    start_gunicorn,
    wait_for,
    wrk,
)
from bench.pages import probe as page_probe  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cp_coproducers_bench"
COORDINATOR = "bench-coproducers-coordinator"
VOLUNTEER = "bench-volunteer-{}"
PASSWORD = "bench-only-password-9c1e"  # noqa: S105 (throwaway benchmark accounts)
OPPORTUNITY = "Bench sign-up evening"
ROSTER_OPPORTUNITY = "Bench roster evening"
ROSTER_PEOPLE = 200

TARGET_SIGNUP_RPS = 300
TARGET_SEARCH_P95_MS = 50
TARGET_ROSTER_P95_MS = 100

# what people type into the person field: a start of a name, a name, a full name, an
# email, a part of an email's number
SEARCHES = ["ai", "virt", "Korhonen", "sofia lai", "Omar Hassan", "mäkinen el",
            "zeynep.ali.1", "laura.nguyen.15", "ahmed", "aino virtanen"]  # fmt: skip

# each request a new (volunteer, shift) pair: pair n is volunteer n % V on shift n // V
LUA_SIGNUP = r"""
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
  local n = counter
  counter = counter + NTHREADS
  local volunteer = n % #SESSIONS
  local shift = math.floor(n / #SESSIONS)
  if shift >= #SHIFTS then
    wrk.thread:stop()
    shift = 0
  end
  local headers = {}
  for k, v in pairs(HEADERS) do headers[k] = v end
  headers["Cookie"] = "sessionid=" .. SESSIONS[volunteer + 1] .. "; csrftoken=" .. CSRF
  return wrk.format("POST", PREFIX .. SHIFTS[shift + 1] .. "/sign-up/", headers, BODY)
end
"""

LUA_ROTATE = r"""
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", PATHS[(i % #PATHS) + 1], HEADERS)
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
    import django

    django.setup()
    load_start = os.getloadavg()
    world = setup(args)
    print(f"data: {json.dumps(world['data'])}", flush=True)
    t = f"/t/{world['tenant']}"
    searches = [f"{t}/people/search/?q={quote(s)}" for s in SEARCHES]
    roster = f"{t}/shifts/{world['roster_shift']}/roster/"
    probes = {
        "person type-ahead": [probe(world, u, htmx=True) for u in searches],
        "roster (200 people)": [probe(world, roster) for _ in range(3)],
    }
    for name, rows in probes.items():
        for p in rows:
            print(f"  probe {name:<22} {p['status']} {p['queries']:>3} q "
                  f"{p['bytes'] / 1000:>7.1f} kB {p['ms']:>7.1f} ms", flush=True)  # fmt: skip
    from django.db import connections

    connections.close_all()

    server = start_gunicorn(args, env)
    base = f"http://127.0.0.1:{args.port}"
    work = Path(tempfile.mkdtemp(prefix="bench-coproducers-"))
    cookie = f"sessionid={world['session']}; csrftoken={world['csrf']}"
    only = set(args.only.split(",")) if args.only else None
    results: dict[str, dict] = {}
    try:
        wait_for(base)
        get = lambda paths, headers, seconds: wrk(  # noqa: E731
            args, work, base + paths[0],
            f"HEADERS = {headers}\nPATHS = {_lua_list(paths)}\n" + LUA_COMMON + LUA_ROTATE,
            seconds,
        )  # fmt: skip
        plain = f'{{["Cookie"] = "{cookie}"}}'
        htmx = f'{{["Cookie"] = "{cookie}", ["HX-Request"] = "true"}}'
        post = (
            '{["Content-Type"] = "application/x-www-form-urlencoded", '
            f'["Referer"] = "{base}/", ["Cookie"] = "{cookie}"}}'
        )
        get(["/bench/trivial/"], plain, 2)  # warm-up
        results["trivial GET (first)"] = get(["/bench/trivial/"], plain, args.seconds)
        results["trivial POST (first)"] = _post_trivial(args, work, base, post, world)
        if only is None or "signup" in only:
            results["sign-up POST"] = _signups(args, work, base, world)
        if only is None or "search" in only:
            for url in searches:  # each worker's first requests
                sequential(base + url, cookie, world, 1)
            results["person type-ahead"] = get(searches, htmx, args.seconds)
        if only is None or "roster" in only:
            for _ in range(args.workers * 2):
                sequential(base + roster, cookie, world, 1)
            results["roster (200 people)"] = get([roster], plain, args.seconds)
        results["trivial GET (last)"] = get(["/bench/trivial/"], plain, args.seconds)
        results["trivial POST (last)"] = _post_trivial(args, work, base, post, world)
    finally:
        server.terminate()
        server.wait(timeout=60)
    load_end = os.getloadavg()
    for name, r in results.items():
        print(f"  {name:<24} {r['rps']:>8.1f}/s p50 {r['p50_ms']:>7.1f} "
              f"p95 {r['p95_ms']:>7.1f} ms", flush=True)  # fmt: skip
    check = signup_check(world, results.get("sign-up POST"))
    trivial_get = statistics.mean(
        results[f"trivial GET ({k})"]["rps"] for k in ("first", "last")
    )
    trivial_post = statistics.mean(results[f"trivial POST ({k})"]["rps"] for k in ("first", "last"))  # fmt: skip
    report = {
        "benchmark": "coproducers",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_start": [round(x, 2) for x in load_start],
            "load_average_end": [round(x, 2) for x in load_end],
            "python": platform.python_version(),
        },
        "setup": {
            "gunicorn_workers": args.workers,
            "connections": args.connections,
            "seconds": args.seconds,
        },  # fmt: skip
        "data": world["data"],
        "trivial_get_rps": round(trivial_get, 1),
        "trivial_post_rps": round(trivial_post, 1),
        "results": results,
        "probes": probes,
        "signup_check": check,
    }
    for name, r in results.items():
        base_rps = trivial_post if "POST" in name else trivial_get
        r["ratio"] = round(r["rps"] / base_rps, 3) if base_rps else 0.0
    print_report(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"coproducers-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"written to {path.relative_to(ROOT)}")
    if check and not check["ok"]:
        sys.exit(
            "the database does not hold what wrk counted, or a shift is overbooked"
        )


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--seconds", type=int, default=10, help="of wrk per case")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8794)
    parser.add_argument("--volunteers", type=int, default=100)
    parser.add_argument("--shifts", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--only", default="", help="signup,search,roster")
    return parser.parse_args()


def _lua_list(items) -> str:
    return "{" + ", ".join(json.dumps(str(x)) for x in items) + "}"


# Data --------------------------------------------------------------------------------


def setup(args) -> dict:
    """The biggest tenant, a coordinator, volunteers with sessions, an opportunity with
    fresh shifts for the sign-ups (new ones each run) and the 200-person roster."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from coproduce.coproducers import services
    from coproduce.coproducers.models import Opportunity, Shift, SignUp
    from coproduce.initiatives.models import Initiative, Participation
    from coproduce.people.models import Person
    from coproduce.tenancy.cli import actor_for
    from coproduce.tenancy.models import Tenant
    from coproduce.tenancy.services import tenant_member_set

    call_command("migrate", verbosity=0)  # data generated before a newer migration
    User = get_user_model()
    with scopes_disabled():
        sizes = dict(
            Participation.objects.values_list("tenant").annotate(n=Count("id"))
        )
        tenant = Tenant.objects.get(pk=max(sizes, key=sizes.get))

        def member(username: str, role: str, given: str, family: str):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, password=PASSWORD)
            tenant_member_set(tenant=tenant, user=user, role=role)
            if not Person.objects.filter(tenant=tenant, user=user).exists():
                Person.objects.create(
                    tenant=tenant, user=user, given_name=given, family_name=family,
                    email=f"{username}@example.org",
                )  # fmt: skip
            return user

        coordinator = member(COORDINATOR, "coordinator", "Bench", "Coordinator")
        actor = actor_for(COORDINATOR, tenant=tenant)
        initiative = Initiative.objects.filter(tenant=tenant).order_by("pk").first()
        starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)
        opportunity = services.opportunity_create(
            initiative=initiative, actor=actor, first_starts_at=starts, minutes=120,
            title=OPPORTUNITY, place="Bench hall", capacity=args.capacity,
            open_to_volunteers=True, status=Opportunity.Status.PUBLISHED,
        )  # fmt: skip
        for i in range(1, args.shifts):
            services.shift_add(
                opportunity=opportunity, actor=actor,
                starts_at=starts + dt.timedelta(hours=3 * i),
                ends_at=starts + dt.timedelta(hours=3 * i + 2),
            )  # fmt: skip
        shifts = list(
            Shift.objects.filter(opportunity=opportunity)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        roster_opportunity = Opportunity.objects.filter(
            tenant=tenant, title=ROSTER_OPPORTUNITY
        ).first()
        if roster_opportunity is None:
            roster_opportunity = services.opportunity_create(
                initiative=initiative, actor=actor, first_starts_at=starts,
                minutes=180, title=ROSTER_OPPORTUNITY, place="Bench square",
                capacity=ROSTER_PEOPLE, open_to_volunteers=True,
                status=Opportunity.Status.PUBLISHED,
            )  # fmt: skip
        roster_shift = Shift.objects.filter(opportunity=roster_opportunity).first()
        if not SignUp.objects.filter(shift=roster_shift).exists():
            people = Person.objects.filter(tenant=tenant, user__isnull=True).order_by(
                "pk"
            )[:ROSTER_PEOPLE]
            now = timezone.now()
            SignUp.objects.bulk_create(
                SignUp(tenant=tenant, shift=roster_shift, person=p, role="volunteer",
                       status=SignUp.Status.CONFIRMED,
                       queued_at=now + dt.timedelta(seconds=i))
                for i, p in enumerate(people)
            )  # fmt: skip
        sessions = []
        csrf = ""
        for i in range(args.volunteers):
            user = member(VOLUNTEER.format(i), "volunteer", "Bench", f"Volunteer {i}")
            client = Client()
            client.force_login(user)
            client.get("/accounts/login/")
            sessions.append(client.cookies["sessionid"].value)
            csrf = csrf or client.cookies["csrftoken"].value
        client = Client()
        client.force_login(coordinator)
        client.get("/accounts/login/")
        return {
            "tenant": tenant.slug,
            "tenant_id": tenant.pk,
            "client": client,
            "session": client.cookies["sessionid"].value,
            "csrf": client.cookies["csrftoken"].value,
            "volunteer_csrf": csrf,
            "sessions": sessions,
            "opportunity": opportunity.pk,
            "shifts": shifts,
            "capacity": args.capacity,
            "connections": args.connections,
            "roster_shift": roster_shift.pk,
            "data": {
                "tenant": tenant.slug,
                "people": Person.objects.filter(tenant=tenant).count(),
                "participations": sizes[tenant.pk],
                "initiatives": Initiative.objects.filter(tenant=tenant).count(),
                "opportunities": Opportunity.objects.filter(tenant=tenant).count(),
                "shifts": Shift.objects.filter(tenant=tenant).count(),
                "signups_before": SignUp.objects.filter(tenant=tenant).count(),
                "volunteers_signing_up": len(sessions),
                "shifts_signed_up_for": len(shifts),
                "places_per_shift": args.capacity,
                "roster_people": SignUp.objects.filter(shift=roster_shift).count(),
            },
        }


def probe(w: dict, url: str, *, htmx: bool = False) -> dict:
    """bench/pages.py's probe (status, queries, size, time), with htmx's header."""
    if not htmx:
        return page_probe(w, url)
    client = w["client"]
    original = client.get
    client.get = lambda u, **kw: original(u, headers={"HX-Request": "true"})
    try:
        return page_probe(w, url)
    finally:
        client.get = original


def _post_trivial(args, work, base, headers, w) -> dict:
    body = f"language=en&next=/&csrfmiddlewaretoken={w['csrf']}"
    return wrk(
        args, work, base + "/i18n/setlang/",
        f"HEADERS = {headers}\nBODY = {json.dumps(body)}\n" + LUA_COMMON
        + 'request = function() return wrk.format("POST", "/i18n/setlang/", HEADERS, BODY) end\n',
        args.seconds,
    )  # fmt: skip


def _signups(args, work, base, w) -> dict:
    headers = (
        '{["Content-Type"] = "application/x-www-form-urlencoded", '
        f'["Referer"] = "{base}/"}}'
    )
    body = f"csrfmiddlewaretoken={w['volunteer_csrf']}"
    script = (
        f"HEADERS = {headers}\nBODY = {json.dumps(body)}\n"
        f"PREFIX = {json.dumps('/t/' + w['tenant'] + '/shifts/')}\n"
        f"SESSIONS = {_lua_list(w['sessions'])}\nSHIFTS = {_lua_list(w['shifts'])}\n"
        f"CSRF = {json.dumps(w['volunteer_csrf'])}\nNTHREADS = {args.threads}\n"
        + LUA_COMMON + LUA_SIGNUP
    )  # fmt: skip
    r = wrk(args, work, base + "/", script, args.seconds)
    r["pairs_available"] = len(w["sessions"]) * len(w["shifts"])
    return r


def signup_check(w: dict, run: dict | None) -> dict:
    """What the database holds after the run: a sign-up for every request wrk counted
    (and at most one more per connection, those in flight when wrk stopped), and no
    shift with more confirmed sign-ups than places."""
    if run is None:
        return {}
    from django.db.models import Count, F, Q
    from django_scopes import scopes_disabled

    from coproduce.coproducers.models import Shift, SignUp

    with scopes_disabled():
        rows = list(
            Shift.objects.filter(opportunity_id=w["opportunity"])
            .annotate(
                confirmed=Count("signups", filter=Q(signups__status="confirmed")),
                waitlisted=Count("signups", filter=Q(signups__status="waitlisted")),
                attempts=Count("signups"),
            )
            .values("pk", "capacity", "confirmed", "waitlisted", "attempts")
        )
        # the same, straight from the table (not through the ORM's annotate)
        overbooked = (
            SignUp.objects.filter(shift__opportunity_id=w["opportunity"],
                                  status="confirmed")
            .values("shift")
            .annotate(n=Count("id"), places=F("shift__capacity"))
            .filter(n__gt=F("places"))
            .count()
        )  # fmt: skip
    signups = sum(r["attempts"] for r in rows)
    not_full = sum(1 for r in rows if r["attempts"] >= r["capacity"] > r["confirmed"])
    return {
        "signups_in_database": signups,
        "confirmed": sum(r["confirmed"] for r in rows),
        "waitlisted": sum(r["waitlisted"] for r in rows),
        "shifts_touched": sum(1 for r in rows if r["attempts"]),
        "shifts_full": sum(1 for r in rows if r["confirmed"] == r["capacity"]),
        "overbooked_shifts": overbooked,
        "max_confirmed_over_places": max(
            (r["confirmed"] - r["capacity"] for r in rows if r["attempts"]), default=0
        ),
        "shifts_with_attempts_left_not_full": not_full,
        "wrk_requests": run["requests"],
        "ok": overbooked == 0
        and not_full == 0
        and run["requests"] <= signups <= run["requests"] + w["connections"],
    }


# Report --------------------------------------------------------------------------------


def print_report(r: dict) -> None:
    d, m = r["data"], r["machine"]
    print(
        f"\n{d['people']:,} people, {d['participations']:,} participations, "
        f"{d['initiatives']:,} initiatives in {d['tenant']}; {d['shifts']:,} shifts, "
        f"{d['signups_before']:,} sign-ups before the run; {d['volunteers_signing_up']} "
        f"volunteers signing up for {d['shifts_signed_up_for']} shifts of "
        f"{d['places_per_shift']} places; roster of {d['roster_people']}"
    )
    print(
        f"gunicorn {r['setup']['gunicorn_workers']} sync workers, wrk "
        f"{r['setup']['connections']} connections, {r['setup']['seconds']} s a case; "
        f"load average {m['load_average_start']} at the start, "
        f"{m['load_average_end']} at the end; commit {r['commit']}"
    )
    print(f"\n{'case':<24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} "
          f"{'ratio':>6}  target")  # fmt: skip
    targets = {
        "sign-up POST": lambda x: x["rps"] >= TARGET_SIGNUP_RPS,
        "person type-ahead": lambda x: x["p95_ms"] <= TARGET_SEARCH_P95_MS,
        "roster (200 people)": lambda x: x["p95_ms"] <= TARGET_ROSTER_P95_MS,
    }
    labels = {
        "sign-up POST": f">= {TARGET_SIGNUP_RPS}/s",
        "person type-ahead": f"p95 <= {TARGET_SEARCH_P95_MS} ms",
        "roster (200 people)": f"p95 <= {TARGET_ROSTER_P95_MS} ms",
    }
    for name, row in r["results"].items():
        queries = r["probes"].get(name)
        q = "/".join(sorted({str(p["queries"]) for p in queries})) if queries else ""
        bad = row.get("non2xx", 0) + row.get("errors", 0) + row.get("timeouts", 0)
        verdict = ""
        if name in targets:
            verdict = ("ok " if targets[name](row) and not bad else "MISS ") + labels[
                name
            ]
        print(
            f"{name:<24} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{q:>8} {row['ratio']:>6.3f}  {verdict}" + (f" ({bad} failed)" if bad else "")
        )  # fmt: skip
    c = r["signup_check"]
    if c:
        s = r["results"]["sign-up POST"]
        print(
            f"\nsign-ups: wrk counted {s['requests']} requests; the database holds {c['signups_in_database']} "
            f"({c['confirmed']} confirmed, {c['waitlisted']} waitlisted) on "
            f"{c['shifts_touched']} shifts, {c['shifts_full']} full; overbooked shifts: "
            f"{c['overbooked_shifts']}; shifts with attempts left but not full: "
            f"{c['shifts_with_attempts_left_not_full']} -> "
            + ("ok" if c["ok"] else "FAILED")
        )


if __name__ == "__main__":
    main()
