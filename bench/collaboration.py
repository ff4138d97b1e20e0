"""The network page of collaboration (issue 15) on the biggest generated tenant.

    .venv/bin/python bench/generate.py --full --no-baseline   # once (about 2 min)
    .venv/bin/python bench/collaboration.py                   # 30 requests per page
    .venv/bin/python bench/collaboration.py --database-url postgres://.../cp_x_bench -n 50

Reuses the generator's data (``BENCH_DATABASE_URL``, default ``coproduce_bench``; a name
without ``bench`` is refused): with ``--full`` the biggest tenant has 2,005 organisations,
10,000 initiatives and 2,000,000 participations (about 200,000 of organisations taking
part as a whole). It adds what the generator does not make: ``--lessons`` learning
entries between random organisations (a third with an adoption follow-up), a
coordinator, and a partner organisation's staff member (member of one organisation that
partners in a handful of initiatives).

Then, in this process (Django's test client, bench/settings.py: production settings),
for each page: the cache emptied and one request timed (*cold*: the figures computed,
as after any change of the tenant's data), then ``-n`` sequential requests (*warm*: the
figures kept under the data fingerprint, ``collaboration.selectors.collaboration_figures``):

- ``/bench/trivial/`` (the same middleware, no database work): the baseline, first and
  last;
- the network page as the coordinator (the whole tenant), for all years and for one
  year; the same page as the partner (the initiatives they see); the API's figures.

Prints cold, p50, p95, max, SQL queries and size per page, the ratio to the baseline, the
target (p95 <= 500 ms) and the load average before and after; writes JSON to
bench/results/.
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench"
TARGET_P95_MS = 500
COORDINATOR = "bench-collab-coordinator"
PARTNER = "bench-collab-partner"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("-n", type=int, default=30, help="requests per page")
    parser.add_argument("--lessons", type=int, default=500)
    args = parser.parse_args()
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        sys.exit("refusing a database without 'bench' in its name")
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-for-collaboration-0123")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    load_before = os.getloadavg()
    world = setup(args.lessons)
    pages = [
        ("trivial (baseline)", world["coordinator"], "/bench/trivial/"),
        ("network, coordinator", world["coordinator"], world["network"]),
        ("network 2025, coordinator", world["coordinator"], world["network"] + "?year=2025"),
        ("network, partner", world["partner"], world["network"]),
        ("API network figures", world["coordinator"], "/api/v1/collaboration/network"),
        ("trivial (baseline, again)", world["coordinator"], "/bench/trivial/"),
    ]  # fmt: skip
    rows = []
    for name, client, url in pages:
        rows.append(measure(name, client, url, args.n, world))
    load_after = os.getloadavg()
    base = statistics.mean(r["p50_ms"] for r in rows if r["name"].startswith("trivial"))
    print(
        f"\ndata: tenant {world['tenant']} with {world['organisations']:,} organisations, "
        f"{world['initiatives']:,} initiatives, {world['participations']:,} "
        f"participations ({world['org_participations']:,} of organisations), "
        f"{world['lessons']:,} learning entries; partner sees "
        f"{world['partner_initiatives']} initiatives"
    )
    print(f"load average before {load_before}, after {load_after} (2 CPUs, shared)")
    print(f"{'page':32} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'queries':>8} {'KB':>7} {'x base':>7}  target")  # fmt: skip
    for r in rows:
        r["ratio_to_baseline_p50"] = round(r["p50_ms"] / base, 1) if base else None
        ok = "" if r["name"].startswith("trivial") else (
            "ok" if r["p95_ms"] <= TARGET_P95_MS else f"OVER {TARGET_P95_MS}"
        )  # fmt: skip
        print(f"{r['name']:32} {r['cold_ms']:8.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['max_ms']:8.1f} "
              f"{r['queries']:>8} {r['bytes'] / 1024:7.1f} "
              f"{r['ratio_to_baseline_p50']:7}  {ok}")  # fmt: skip
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "load_average": {"before": load_before, "after": load_after},
        "data": {k: v for k, v in world.items()
                 if k not in ("coordinator", "partner", "network")},
        "requests_per_page": args.n,
        "target_p95_ms": TARGET_P95_MS,
        "pages": rows,
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"collaboration-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")


def measure(name, client, url, n, world) -> dict:
    headers = {}
    if url.startswith("/api/"):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}"}
    from django.core.cache import cache

    cache.clear()  # the figures kept for the data: the first request computes them
    started = time.perf_counter()
    first = client.get(url, **headers)
    cold_ms = (time.perf_counter() - started) * 1000
    if first.status_code != 200:
        sys.exit(f"{name}: {url} answered {first.status_code}")
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{name}: {url} answered {response.status_code}")
    times.sort()
    return {
        "name": name,
        "url": url,
        "cold_ms": round(cold_ms, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
        "max_ms": round(times[-1], 1),
        "queries": int(first.get("X-Queries", 0)),
        "bytes": len(first.content),
    }


def setup(lessons: int) -> dict:
    import random

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django_scopes import scopes_disabled

    from coproduce.collaboration import services
    from coproduce.collaboration.models import LearningEntry
    from coproduce.initiatives.models import (
        Initiative,
        InitiativePartner,
        Participation,
    )
    from coproduce.people.models import Membership, Organisation, Person
    from coproduce.tenancy.actor import actor_build
    from coproduce.tenancy.models import Tenant
    from coproduce.tenancy.services import api_token_create, tenant_member_set

    call_command("migrate", verbosity=0)
    rng = random.Random(15)  # noqa: S311 (synthetic data, not secrets)
    with scopes_disabled():
        sizes = dict(
            Participation.objects.values_list("tenant").annotate(n=Count("id"))
        )
        tenant = Tenant.objects.get(pk=max(sizes, key=sizes.get))
        User = get_user_model()

        def member(username, role):
            user = User.objects.filter(username=username).first() or (
                User.objects.create_user(username, password="bench-only-pw-15")  # noqa: S106
            )
            tenant_member_set(tenant=tenant, user=user, role=role)
            person = Person.objects.filter(tenant=tenant, user=user).first()
            if person is None:
                person = Person.objects.create(
                    tenant=tenant, user=user, given_name="Bench", family_name=username
                )
            return user, person

        coordinator, _ = member(COORDINATOR, "coordinator")
        partner, partner_person = member(PARTNER, "partner")
        # the partner works for the organisation that partners in most initiatives
        busiest = (
            InitiativePartner.objects.filter(tenant=tenant)
            .values_list("organisation")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()[0]
        )
        Membership.objects.get_or_create(
            tenant=tenant, person=partner_person, organisation_id=busiest,
            role=Membership.Role.REPRESENTATIVE,
        )  # fmt: skip
        actor = actor_build(tenant=tenant, user=coordinator, role="coordinator")
        orgs = list(
            Organisation.objects.filter(tenant=tenant).values_list("pk", flat=True)
        )
        have = LearningEntry.objects.filter(tenant=tenant).count()
        by_pk = Organisation.objects.in_bulk(orgs)
        for n in range(have, lessons):
            a, b = rng.sample(orgs, 2)
            entry = services.learning_entry_create(
                actor=actor, tenant=tenant,
                kind=rng.choice(["co_exploration", "co_exploitation"]),
                title=f"Bench lesson {n}", learnt="What was learnt.",
                learnt_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600)),
                source_organisation=by_pk[a], receiving_organisation=by_pk[b],
                visibility="tenant",
            )  # fmt: skip
            if n % 3 == 0:
                services.adoption_record(
                    actor=actor, entry=entry,
                    state=rng.choice(["adopted", "not_adopted"]),
                    on=entry.learnt_on + dt.timedelta(days=30),
                )  # fmt: skip
        _token, raw = api_token_create(tenant=tenant, user=coordinator, name="bench")
        clients = {}
        for key, user in (("coordinator", coordinator), ("partner", partner)):
            client = Client()
            client.force_login(user)
            clients[key] = client
        partner_actor = actor_build(tenant=tenant, user=partner, role="partner")
        from coproduce.initiatives.access import initiative_visible

        return {
            "tenant": tenant.slug,
            "organisations": len(orgs),
            "initiatives": Initiative.objects.filter(tenant=tenant).count(),
            "participations": sizes[tenant.pk],
            "org_participations": Participation.objects.filter(
                tenant=tenant, organisation__isnull=False
            ).count(),
            "lessons": LearningEntry.objects.filter(tenant=tenant).count(),
            "partner_initiatives": initiative_visible(partner_actor).count(),
            "coordinator": clients["coordinator"],
            "partner": clients["partner"],
            "token": raw,
            "network": f"/t/{tenant.slug}/collaboration/network/",
        }


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
