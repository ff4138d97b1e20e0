"""Where bench/coproducers.py's three cases spend their time, in this process.

    BENCH_DATABASE_URL=... .venv/bin/python bench/profile_coproducers.py -n 50
    BENCH_DATABASE_URL=... .venv/bin/python bench/profile_coproducers.py --only signup --top 40

Same data, settings and accounts as bench/coproducers.py (its ``setup``: each run adds an
opportunity with fresh shifts). Each case is asked a few times to warm the caches, then
``-n`` times one after another: the mean and p95 milliseconds per request, the SQL
statements of one request (with their time), and, for the sign-up, how long the shift's
row lock is held (from the end of its ``SELECT ... FOR UPDATE`` to the commit) and how
much of the request that is. ``--profile`` adds cProfile's top functions.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import coproducers  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 coproducers.DEFAULT_URL))  # fmt: skip
    parser.add_argument("--only", default="", help="signup,search,roster")
    parser.add_argument("-n", type=int, default=50, help="timed requests per case")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile's top functions"
    )
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="cProfile's order")
    parser.add_argument("--sql-chars", type=int, default=160)
    args = parser.parse_args()
    if "bench" not in args.database_url:
        sys.exit("refusing a database without 'bench' in its name")
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
    from django.test import Client

    setup_args = argparse.Namespace(
        volunteers=max(args.n, 20), shifts=4, capacity=2, connections=1
    )
    world = coproducers.setup(setup_args)
    print(f"load average {os.getloadavg()}; data {world['data']}", flush=True)
    t = f"/t/{world['tenant']}"
    only = set(args.only.split(",")) if args.only else {"signup", "search", "roster"}
    coordinator = world["client"]
    if "signup" in only:
        volunteers = []
        for session in world["sessions"]:
            c = Client()
            c.cookies["sessionid"] = session
            volunteers.append(c)
        shifts = iter(world["shifts"])
        # the first two fill the shift's places, the rest go to its waiting list; a new
        # shift every len(volunteers) requests
        pairs = iter(
            (c, shift)
            for shift in shifts
            for c in volunteers
        )  # fmt: skip

        def signup():
            c, shift = next(pairs)
            return c.post(f"{t}/shifts/{shift}/sign-up/")

        _case("sign-up POST", signup, args, warm=3, lock=True)
    if "search" in only:
        urls = [f"{t}/people/search/?q={quote(s)}" for s in coproducers.SEARCHES]
        for url in urls:
            one = lambda url=url: coordinator.get(url, headers={"HX-Request": "true"})  # noqa: E731
            _case(f"type-ahead {url.split('=')[1]}", one, args, warm=2)
    if "roster" in only:
        roster = f"{t}/shifts/{world['roster_shift']}/roster/"
        _case("roster (200 people)", lambda: coordinator.get(roster), args, warm=3)
    print(f"load average {os.getloadavg()}")


def _case(name: str, call, args, *, warm: int, lock: bool = False) -> None:
    from django.db import connection, transaction

    for _ in range(warm):
        call()
    held: list[float] = []

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if lock and "FOR UPDATE" in sql:
            got = time.perf_counter()
            transaction.on_commit(lambda: held.append(time.perf_counter() - got))
        return result

    times = []
    profile = cProfile.Profile() if args.profile else None
    with connection.execute_wrapper(wrapper):
        for _ in range(args.n):
            if profile:
                profile.enable()
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
            if profile:
                profile.disable()
    connection.force_debug_cursor = True
    connection.queries_log.clear()
    response = call()
    connection.force_debug_cursor = False
    queries = list(connection.queries)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    print(f"\n== {name}: status {response.status_code}, mean {statistics.mean(times):.2f} "
          f"ms, p50 {statistics.median(times):.2f}, p95 {p95:.2f} ms, "
          f"{len(queries)} statements "
          f"({sum(float(q['time']) for q in queries) * 1000:.1f} ms SQL), "
          f"load {os.getloadavg()[0]:.2f}")  # fmt: skip
    if held:
        print(f"   shift lock held: mean {statistics.mean(held) * 1000:.2f} ms, p95 "
              f"{statistics.quantiles(held, n=20)[-1] * 1000:.2f} ms "
              f"({len(held)} sign-ups)")  # fmt: skip
    for q in queries:
        print(f"   {float(q['time']) * 1000:6.2f} ms  {q['sql'][: args.sql_chars]}")
    if profile:
        pstats.Stats(profile).strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
