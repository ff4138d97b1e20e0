"""Where a page's time goes: cProfile over repeated requests in this process.

    .venv/bin/python bench/profile_pages.py --only "portfolio,initiative biggest" -n 20

Same data, settings and coordinator as bench/pages.py (its ``setup`` and ``page_list``);
each page is asked twice to warm the caches, then ``-n`` times under cProfile. Prints the
mean time per request, the SQL queries and their time, and the functions with the most
cumulative time (``--top``), so that a slow page names what to cut.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 pages.DEFAULT_URL))  # fmt: skip
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--writes", action="store_true",
                        help="profile the writes (participations, API and web) instead")  # fmt: skip
    parser.add_argument("-n", type=int, default=20, help="profiled requests per page")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--time-only", action="store_true",
                        help="no profiler: the mean time per request only")  # fmt: skip
    parser.add_argument("--sql-chars", type=int, default=300)
    parser.add_argument("--sql", type=int, default=8, help="slowest queries shown")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_COOKIES="false",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.db import connection

    world = pages.setup()
    args.no_writes = True
    if args.writes:
        profile_writes(world, args)
        return
    if args.only == "all":
        args.only = ""
    for name, url in pages.page_list(world, args):
        for _ in range(2):
            pages.probe(world, url)
        connection.force_debug_cursor = not args.time_only
        connection.queries_log.clear()
        profile = cProfile.Profile()
        started, cpu_started = time.perf_counter(), time.process_time()
        if not args.time_only:
            profile.enable()
        for _ in range(args.n):
            result = pages.probe(world, url)
        profile.disable()
        ms = (time.perf_counter() - started) * 1000 / args.n
        cpu_ms = (time.process_time() - cpu_started) * 1000 / args.n
        if args.time_only:
            # CPU time of this process: what the page costs a worker, less disturbed
            # than the wall time by whatever else the machine runs
            print(f"{name:<32} {ms:7.1f} ms/request {cpu_ms:6.1f} ms CPU "
                  f"{result['queries']:>4} q {result['bytes'] / 1000:7.1f} kB  "
                  f"status {result['status']}")  # fmt: skip
            continue
        sql_ms = sum(float(q["time"]) for q in connection.queries) * 1000 / args.n
        connection.force_debug_cursor = False
        print(f"\n== {name}  {url}\n   {ms:.1f} ms/request, {result['queries']} queries, "
              f"{sql_ms:.1f} ms SQL, {result['bytes'] / 1000:.1f} kB, status {result['status']}")  # fmt: skip
        slowest = sorted(connection.queries, key=lambda q: -float(q["time"]))[
            : args.sql
        ]
        for q in slowest:
            print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][: args.sql_chars]}")
        pstats.Stats(profile).strip_dirs().sort_stats(args.sort).print_stats(args.top)


def profile_writes(world: dict, args) -> None:
    """``-n`` participations through the API and then the web, each a new person."""
    import json

    from django.db import connection

    client = world["client"]
    t = f"/t/{world['tenant']}"
    people = iter(world["write_people"][1000:])
    cases = {
        "participation api": lambda: client.post(
            "/api/v1/participations",
            json.dumps({"activity": world["write_activity"], "person": next(people),
                        "role": "volunteer", "hours": "1.5"}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {world['token']}"},
        ),
        "participation web": lambda: client.post(
            f"{t}/initiatives/{world['median']}/activities/{world['write_activity']}/",
            {"person": next(people), "role": "resident", "hours": "2"},
            headers={"HX-Request": "true"},
        ),
    }  # fmt: skip
    for name, call in cases.items():
        call()
        connection.force_debug_cursor = True
        connection.queries_log.clear()
        profile = cProfile.Profile()
        started = time.perf_counter()
        if not args.time_only:
            profile.enable()
        for _ in range(args.n):
            response = call()
        profile.disable()
        ms = (time.perf_counter() - started) * 1000 / args.n
        queries = len(connection.queries) / args.n
        connection.force_debug_cursor = False
        print(f"\n== {name}: {ms:.1f} ms/write, {queries:.0f} statements, "
              f"status {response.status_code}, {len(response.content) / 1000:.1f} kB")  # fmt: skip
        if not args.time_only:
            pstats.Stats(profile).strip_dirs().sort_stats(args.sort).print_stats(
                args.top
            )


if __name__ == "__main__":
    main()
