"""Benchmark the case ledger on PostgreSQL: appends per second, and verifying 1,000,000
entries in constant memory.

    .venv/bin/python bench/ledger.py                       # 20,000 appends, 1,000,000 entries
    .venv/bin/python bench/ledger.py --appends 5000 --entries 200000 --threads 4

Drops and re-creates its own database (``coproduce_bench_ledger``; it refuses a name
without ``bench``), migrates it with ``coproduce migrate``, then:

1. **appends**: ``--appends`` case events through ``ledger_append``, one transaction each
   (lock the tenant's head row, insert the entry, move the head: what every case service
   does), first from one thread, then from ``--threads`` threads at once (appends of one
   tenant are serialised by the head lock; the chain must still verify, with no fork);
2. **fill**: the chain grown to ``--entries`` entries, computed in Python with the same
   code (``entries_build``) and written with ``COPY``;
3. **verify**: ``coproduce ledger verify --tenant bench`` in its own process, timed, with
   its peak RSS; and the same on a tenant with a tenth of the entries, to show that memory
   does not grow with the chain (streamed through a server-side cursor).

Prints the figures and writes JSON to bench/results/ledger-<entries>-<time>.json.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_ledger"
sys.path.insert(0, str(ROOT))

from bench.generate import _commit, database_recreate, django_setup  # noqa: E402


def _event(i: int):
    from coproduce.cases.ledger import NewEntry

    return NewEntry(
        kind="step.recorded",
        case_id=1 + i % 5000,
        actor=f"person:{1 + i % 300}",
        data={
            "step": "meeting",
            "record": i,
            "party": None,
            "outcome": "",
            "performed_by": f"person:{1 + i % 300}",
            "performed_at": "2026-03-01T10:00:00.000000Z",
            "note_sha256": "ab" * 32,
            "reason": "",
        },
    )


def commit_ceiling(n: int = 300) -> float:
    """Durable commits per second of one tiny INSERT: what the disk's fsync allows."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_commit (x int)")
    started = time.perf_counter()
    for i in range(n):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit VALUES (%s)", [i])
    return n / (time.perf_counter() - started)


def appends(
    tenant_id: int, n: int, threads: int, *, per_tx: int = 1, durable: bool = True
) -> float:
    from django.db import connection, transaction
    from django_scopes import scopes_disabled

    from coproduce.cases.ledger import ledger_append

    per_thread = n // threads
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            with scopes_disabled():
                for i in range(offset, offset + per_thread, per_tx):
                    with transaction.atomic():
                        if not durable:
                            with connection.cursor() as cursor:
                                cursor.execute("SET LOCAL synchronous_commit = off")
                        ledger_append(
                            tenant_id=tenant_id,
                            entries=[_event(i + k) for k in range(per_tx)],
                        )
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    started = time.perf_counter()
    if threads == 1:
        work(0)
    else:
        pool = [
            threading.Thread(target=work, args=(k * per_thread,))
            for k in range(threads)
        ]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    seconds = time.perf_counter() - started
    if errors:
        raise errors[0]
    return per_thread * threads / seconds


def fill(tenant_id: int, total: int) -> float:
    """Grow the chain to ``total`` entries with COPY, chaining in Python."""
    from django.db import connection
    from django.utils import timezone

    from coproduce.cases.ledger import entries_build
    from coproduce.cases.models import LedgerHead

    started = time.perf_counter()
    head = LedgerHead.objects.get(tenant_id=tenant_id)
    seq, prev = head.seq, head.entry_hash
    batch = 50_000
    at = timezone.now()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        while seq < total:
            size = min(batch, total - seq)
            rows = entries_build(
                tenant_id=tenant_id,
                entries=(_event(seq + i) for i in range(size)),
                seq=seq,
                prev_hash=prev,
                at=at,
            )
            with raw.copy(
                "COPY cases_ledgerentry (tenant_id, seq, case_id, kind, content, "
                "content_hash, prev_hash, entry_hash, created_at) FROM STDIN"
            ) as copy:
                for r in rows:
                    copy.write_row(
                        (
                            r.tenant_id,
                            r.seq,
                            r.case_id,
                            r.kind,
                            r.content,
                            r.content_hash,
                            r.prev_hash,
                            r.entry_hash,
                            r.created_at,
                        )
                    )
            seq, prev = rows[-1].seq, rows[-1].entry_hash
            LedgerHead.objects.filter(pk=head.pk).update(seq=seq, entry_hash=prev)
            print(f"  filled {seq:,}", end="\r", flush=True)
        cursor.execute("ANALYZE cases_ledgerentry")
    print()
    return time.perf_counter() - started


def verify_process(url: str, slug: str) -> dict:
    """Run ``coproduce ledger verify`` in a fresh process; its wall time and peak RSS."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.dev",
    }
    started = time.perf_counter()
    out = subprocess.run(
        [str(ROOT / ".venv/bin/coproduce"), "ledger", "verify", "--tenant", slug],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"verify failed: {out.stderr or out.stdout}")
    # The command reports its own peak RSS (getrusage of its process).
    rss = re.search(r"peak memory (\d+) MB", out.stdout)
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": int(rss.group(1)) if rss else None,
        "output": out.stdout.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--appends", type=int, default=4_000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()

    url = args.database_url
    database_recreate(url)
    subprocess.run(
        [str(ROOT / ".venv/bin/coproduce"), "migrate", "-v", "0"],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    django_setup(url)
    from django.db import connection
    from django_scopes import scopes_disabled

    from coproduce.cases.ledger import ledger_verify
    from coproduce.tenancy.models import Tenant

    with scopes_disabled():
        small = Tenant.objects.create(slug="bench-small", name="Bench small")
        tenant = Tenant.objects.create(slug="bench", name="Bench")
        ceiling = commit_ceiling()
        print(
            f"durable commits/s of a one-row INSERT (the fsync ceiling): {ceiling:,.0f}"
        )
        n = args.appends
        rates = {}
        for name, kwargs in [
            ("durable_1_thread", {"threads": 1}),
            (f"durable_{args.threads}_threads", {"threads": args.threads}),
            ("async_commit_1_thread", {"threads": 1, "durable": False}),
            (f"async_commit_{args.threads}_threads",
             {"threads": args.threads, "durable": False}),
            ("durable_10_per_transaction", {"threads": 1, "per_tx": 10}),
        ]:  # fmt: skip
            rates[name] = round(appends(tenant.pk, n, **kwargs))
            print(f"  {name}: {rates[name]:,} appends/s")
        check = ledger_verify(tenant_id=tenant.pk)
        assert check.ok, check.problem  # concurrent appends did not fork the chain
        print(f"  chain intact after concurrent appends: {check.entries:,} entries")
        connection.close()
        print(f"filling the chain to {args.entries:,} entries (COPY) …")
        fill_seconds = fill(tenant.pk, args.entries)
        from django.db import transaction

        with transaction.atomic():
            from coproduce.cases.ledger import ledger_append

            ledger_append(tenant_id=small.pk, entries=[_event(0)])
        fill(small.pk, max(args.entries // 10, 1))
    connection.close()
    print("verifying the small chain …")
    small_run = verify_process(url, "bench-small")
    print(f"  {small_run['output']}")
    print(f"verifying {args.entries:,} entries …")
    run = verify_process(url, "bench")
    print(f"  {run['output']}")
    result = {
        "benchmark": "ledger",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
        "appends": args.appends,
        "commit_ceiling_per_second": round(ceiling),
        "appends_per_second": rates,
        "entries": args.entries,
        "fill_seconds": round(fill_seconds, 1),
        "verify_seconds": run["seconds"],
        "verify_entries_per_second": round(args.entries / run["seconds"]),
        "verify_peak_rss_mb": run["peak_rss_mb"],
        "verify_small_entries": max(args.entries // 10, 1),
        "verify_small_seconds": small_run["seconds"],
        "verify_small_peak_rss_mb": small_run["peak_rss_mb"],
    }
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"ledger-{args.entries}-{stamp}.json").write_text(
        json.dumps(result, indent=2)
    )


if __name__ == "__main__":
    main()
