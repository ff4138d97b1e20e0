"""Benchmark the case ledger on PostgreSQL: appends per second through the real path
(queue, then sequence) against the old serialised one, the sequencer's rate, and
verifying 1,000,000 entries in constant memory.

    .venv/bin/python bench/ledger.py                      # 10 s per run, 1,000,000 entries
    .venv/bin/python bench/ledger.py --seconds 5 --threads 1,8,32 --entries 200000

Drops and re-creates its own database (``coproduce_bench_h4_ledger``; it refuses a name
without ``bench``), migrates it with ``coproduce migrate``, starts the task worker
(``coproduce db_worker``: it runs the sequencer tasks the appends queue), then:

1. **fsync ceiling**: durable one-row commits per second from one connection;
2. **appends**: for each ``--threads`` count, that many threads (one connection each)
   append case events for ``--seconds``, each event in its own transaction through
   ``ledger_append`` (what every case service does: the event is inserted waiting, the
   commit queues a sequencer run); the worker chains them meanwhile. Reported: appends/s,
   what the worker chained meanwhile, what was left waiting at the end;
3. **baseline**: the same with the old serialised path (lock the tenant's head row, chain
   the entry, move the head, all in the business transaction), on a tenant of its own;
4. **case service**: ``case_step_record`` (lock the case, check the process, insert the
   step, append) from as many threads as the largest count, each on its own cases;
5. **sequencer**: ``--backlog`` waiting entries chained by ``ledger_sequence`` alone;
6. **verify**: every chain above verified; the data size of the ledger table;
7. **fill** the chain to ``--entries`` entries (computed in Python with ``entries_build``,
   written with ``COPY``) and **verify** it with ``coproduce ledger verify`` in its own
   process, timed, with its peak RSS; and the same on a chain a tenth as long, to show
   that memory does not grow with the chain (streamed through a server-side cursor).

Prints the figures and writes JSON to bench/results/ledger-<entries>-<time>.json.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_h4_ledger"
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


def _scalar(sql: str, *params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


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


def append_queued(tenant_id: int, i: int) -> None:
    """The real path: what a case service does with its event."""
    from django.db import transaction

    from coproduce.cases.ledger import ledger_append

    with transaction.atomic():
        ledger_append(tenant_id=tenant_id, entries=[_event(i)])


def append_serialised(tenant_id: int, i: int) -> None:
    """The old path (before the sequencer): chain inside the business transaction,
    under the lock of the tenant's head row, so appends of a tenant commit one by one."""
    from django.db import transaction
    from django.utils import timezone

    from coproduce.cases.ledger import entries_build, ledger_lock
    from coproduce.cases.models import LedgerEntry, LedgerHead

    with transaction.atomic():
        head = ledger_lock(tenant_id)
        rows = entries_build(
            tenant_id=tenant_id,
            entries=[_event(i)],
            seq=head.seq,
            prev_hash=head.entry_hash,
            at=timezone.now(),
        )
        LedgerEntry.objects.bulk_create(rows)
        LedgerHead.objects.filter(pk=head.pk).update(
            seq=rows[-1].seq, entry_hash=rows[-1].entry_hash
        )


def run_for(seconds: float, threads: int, op) -> tuple[int, float]:
    """``threads`` threads, one connection each, call ``op(i)`` until ``seconds`` are
    up; (calls, wall seconds)."""
    from django.db import connection
    from django_scopes import scopes_disabled

    counts = [0] * threads
    errors: list[BaseException] = []
    clock: dict[str, float] = {}

    def go() -> None:  # run once, when every thread is ready, before any goes on
        clock["start"] = time.perf_counter()
        clock["stop"] = clock["start"] + seconds

    barrier = threading.Barrier(threads + 1, action=go)

    def work(k: int) -> None:
        try:
            with scopes_disabled():
                op(k, -1)  # warm: connect, first queries
                barrier.wait()
                i = 0
                while time.perf_counter() < clock["stop"]:
                    op(k, i)
                    i += 1
                counts[k] = i
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        for t in pool:
            t.join()
        raise errors[0] from None
    for t in pool:
        t.join()
    wall = time.perf_counter() - clock["start"]
    if errors:
        raise errors[0]
    return sum(counts), wall


def _counts(tenant_id: int) -> tuple[int, int]:
    """(chained, waiting) entries of a tenant."""
    return (
        _scalar(
            "SELECT count(*) FROM cases_ledgerentry WHERE tenant_id = %s "
            "AND seq IS NOT NULL",
            tenant_id,
        ),
        _scalar(
            "SELECT count(*) FROM cases_ledgerentry WHERE tenant_id = %s "
            "AND seq IS NULL",
            tenant_id,
        ),
    )


def appends(tenant, seconds: float, threads: int) -> dict:
    from django.db import connection

    chained0, _ = _counts(tenant.pk)
    n, wall = run_for(
        seconds,
        threads,
        lambda k, i: append_queued(tenant.pk, (k + 1) * 10_000_000 + i),
    )
    chained, waiting = _counts(tenant.pk)
    connection.close()
    return {
        "threads": threads,
        "appends": n,
        "seconds": round(wall, 2),
        "per_second": round(n / wall),
        "chained_meanwhile_by_worker": chained - chained0,
        "waiting_at_end": waiting,
    }


def baseline(tenant, seconds: float, threads: int) -> dict:
    n, wall = run_for(
        seconds,
        threads,
        lambda k, i: append_serialised(tenant.pk, (k + 1) * 10_000_000 + i),
    )
    return {
        "threads": threads,
        "appends": n,
        "seconds": round(wall, 2),
        "per_second": round(n / wall),
    }


def worker_start(url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.dev",
    }
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/coproduce"),
            "db_worker",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
            "-v",
            "0",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def worker_drain(tenant_id: int, timeout: float = 60.0) -> float:
    """Seconds until the worker has chained every waiting entry of the tenant."""
    started = time.perf_counter()
    while _counts(tenant_id)[1]:
        if time.perf_counter() - started > timeout:
            return -1.0
        time.sleep(0.1)
    return round(time.perf_counter() - started, 2)


def service_setup(tenant, cases: int):
    """A conciliation office with its people and ``cases`` cases ready for meetings."""
    from django.contrib.auth import get_user_model

    from coproduce.cases import services
    from coproduce.people.services import (
        membership_create,
        organisation_create,
        person_create,
    )
    from coproduce.tenancy.actor import Actor
    from coproduce.tenancy.roles import permissions_for
    from coproduce.tenancy.services import tenant_member_set

    User = get_user_model()

    def member(name, role, org_role):
        user = User.objects.create(username=f"{tenant.slug}-{name}")
        tenant_member_set(tenant=tenant, user=user, role=role)
        person = person_create(
            tenant=tenant, actor=None, given_name=name, family_name="Bench", user=user
        )
        if org_role:
            membership_create(
                tenant=tenant,
                actor=None,
                person=person,
                organisation=office,
                role=org_role,
            )
        return Actor(
            tenant=tenant,
            user=user,
            person=person,
            role=role,
            permissions=permissions_for(role),
        )

    office = organisation_create(
        tenant=tenant, actor=None, name="Office", kind="department"
    )
    coord = member("coordinator", "coordinator", None)
    supervisor = member("supervisor", "professional", "professional")
    pairs = [
        (member(f"m{k}a", "volunteer", "volunteer"), member(f"m{k}b", "volunteer", "volunteer"))
        for k in range(cases)
    ]  # fmt: skip
    ctype = services.conciliation_install(tenant=tenant, actor=coord)
    ready = []
    for a, b in pairs:
        case = services.case_register(
            tenant=tenant,
            actor=coord,
            case_type=ctype,
            organisation=office,
            referrer="police",
            referred_on=dt.date(2026, 3, 1),
            parties=[{"role": "victim"}, {"role": "suspect"}],
        )
        case = services.case_assign(
            case=case,
            actor=coord,
            mediators=[a.person, b.person],
            supervisor=supervisor.person,
            expected_version=case.version,
        )
        for code, kwargs in [
            ("consent", {"party": "A"}),
            ("consent", {"party": "B"}),
            ("preparation", {}),
        ]:
            case.refresh_from_db()
            services.case_step_record(
                case=case, actor=a, code=code, expected_version=case.version, **kwargs
            )
        ready.append((case, a))
    return ready


def service_run(tenant, ready, seconds: float, threads: int) -> dict:
    """``case_step_record`` of a meeting, each thread on its own cases."""
    from coproduce.cases import services
    from coproduce.cases.models import Case

    per_thread = [ready[k::threads] for k in range(threads)]

    def op(k, i):
        case, actor = per_thread[k][i % len(per_thread[k])]
        case = Case.objects.get(pk=case.pk)
        services.case_step_record(
            case=case, actor=actor, code="meeting", expected_version=case.version
        )

    n, wall = run_for(seconds, threads, op)
    return {
        "threads": threads,
        "steps": n,
        "seconds": round(wall, 2),
        "per_second": round(n / wall),
    }


def backlog_build(tenant_id: int, n: int) -> None:
    """``n`` waiting entries, queued 500 to a transaction (fast; the sequencer does not
    care how they were queued)."""
    from django.db import transaction

    from coproduce.cases import ledger

    wake = ledger.sequencer_wake
    ledger.sequencer_wake = lambda tenant_id: None  # no worker run in the measurement
    try:
        for start in range(0, n, 500):
            with transaction.atomic():
                ledger.ledger_append(
                    tenant_id=tenant_id,
                    entries=[_event(start + i) for i in range(min(500, n - start))],
                )
    finally:
        ledger.sequencer_wake = wake


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
                "content_hash, prev_hash, entry_hash, mac, key_id, format, "
                "created_at) FROM STDIN"
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
                            r.mac,
                            r.key_id,
                            r.format,
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


def table_size() -> dict:
    rows = _scalar("SELECT count(*) FROM cases_ledgerentry")
    total = _scalar("SELECT pg_total_relation_size('cases_ledgerentry')")
    return {
        "entries": rows,
        "table_mb": round(
            _scalar("SELECT pg_table_size('cases_ledgerentry')") / 2**20, 1
        ),
        "indexes_mb": round(
            _scalar("SELECT pg_indexes_size('cases_ledgerentry')") / 2**20, 1
        ),
        "total_mb": round(total / 2**20, 1),
        "bytes_per_entry": round(total / rows) if rows else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", default="1,8,16,32")
    parser.add_argument("--baseline-threads", default="1,32")
    parser.add_argument("--backlog", type=int, default=50_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    thread_counts = [int(x) for x in args.threads.split(",")]
    baseline_counts = [int(x) for x in args.baseline_threads.split(",")]

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

    from coproduce.cases.ledger import ledger_sequence, ledger_verify
    from coproduce.tenancy.models import Tenant

    print(f"load average at the start: {os.getloadavg()}")
    worker = worker_start(url)
    result: dict = {}
    try:
        with scopes_disabled():
            small = Tenant.objects.create(slug="bench-small", name="Bench small")
            tenant = Tenant.objects.create(slug="bench", name="Bench")
            old = Tenant.objects.create(slug="bench-serialised", name="Baseline")
            svc = Tenant.objects.create(slug="bench-service", name="Case service")
            backlog_tenant = Tenant.objects.create(slug="bench-backlog", name="Backlog")
            ceiling = commit_ceiling()
            print(
                f"durable one-row commits/s from one connection (fsync): {ceiling:,.0f}"
            )

            print("appends through ledger_append (queued; the worker sequences):")
            rates = []
            for threads in thread_counts:
                r = appends(tenant, args.seconds, threads)
                r["worker_drain_seconds"] = worker_drain(tenant.pk)
                rates.append(r)
                print(
                    f"  {threads:>2} threads: {r['per_second']:>6,} appends/s "
                    f"({r['appends']:,} in {r['seconds']} s; the worker chained "
                    f"{r['chained_meanwhile_by_worker']:,} meanwhile, "
                    f"{r['waiting_at_end']:,} waiting at the end, chained "
                    f"{r['worker_drain_seconds']} s later)"
                )

            print("baseline, the old serialised path (chain under the head lock):")
            base = []
            for threads in baseline_counts:
                r = baseline(old, args.seconds, threads)
                base.append(r)
                print(
                    f"  {threads:>2} threads: {r['per_second']:>6,} appends/s "
                    f"({r['appends']:,} in {r['seconds']} s)"
                )

            top = max(thread_counts)
            print(f"case_step_record (a whole case service), {top} threads:")
            ready = service_setup(svc, cases=top * 2)
            ledger_sequence(tenant_id=svc.pk)
            service = service_run(svc, ready, args.seconds, top)
            service["worker_drain_seconds"] = worker_drain(svc.pk)
            print(
                f"  {service['per_second']:,} steps/s ({service['steps']:,} in "
                f"{service['seconds']} s), each one case event or more"
            )

            print(f"the sequencer alone on {args.backlog:,} waiting entries:")
            backlog_build(backlog_tenant.pk, args.backlog)
            started = time.perf_counter()
            chained = ledger_sequence(tenant_id=backlog_tenant.pk)
            seq_seconds = time.perf_counter() - started
            if chained.entries != args.backlog or chained.problem:
                raise SystemExit(f"the sequencer left entries out: {chained}")
            seq_rate = round(chained.entries / seq_seconds)
            print(f"  {seq_rate:,} entries/s ({seq_seconds:.2f} s)")

            for t in (tenant, old, svc, backlog_tenant):
                check = ledger_verify(tenant_id=t.pk)
                if not check.ok:
                    raise SystemExit(f"chain of {t.slug} broken: {check.problem}")
                print(f"  chain of {t.slug} intact: {check.entries:,} entries")
            size = table_size()
            print(
                f"ledger table: {size['entries']:,} entries, {size['total_mb']} MB "
                f"({size['table_mb']} MB rows, {size['indexes_mb']} MB indexes), "
                f"{size['bytes_per_entry']} bytes per entry"
            )
            connection.close()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)

    with scopes_disabled():
        print(f"filling the chain to {args.entries:,} entries (COPY) …")
        tenant.refresh_from_db()
        fill_seconds = fill(tenant.pk, args.entries)
        from django.db import transaction

        with transaction.atomic():
            from coproduce.cases.ledger import ledger_append

            ledger_append(tenant_id=small.pk, entries=[_event(0)])
        ledger_sequence(tenant_id=small.pk)
        fill(small.pk, max(args.entries // 10, 1))
        size_full = table_size()
    connection.close()
    print("verifying the small chain …")
    small_run = verify_process(url, "bench-small")
    print(f"  {small_run['output']}")
    print(f"verifying {args.entries:,} entries …")
    run = verify_process(url, "bench")
    print(f"  {run['output']}")
    best = max(rates, key=lambda r: r["per_second"])
    best_base = max(base, key=lambda r: r["per_second"])
    result = {
        "benchmark": "ledger",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg(),
        },
        "postgres": _pg_version(url),
        "seconds_per_run": args.seconds,
        "commit_ceiling_per_second": round(ceiling),
        "appends": rates,
        "baseline_serialised": base,
        "best_over_best_baseline": round(
            best["per_second"] / best_base["per_second"], 1
        ),
        "case_service": service,
        "sequencer_entries_per_second": seq_rate,
        "sequencer_backlog": args.backlog,
        "size_after_appends": size,
        "size_after_fill": size_full,
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
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"ledger-{args.entries}-{stamp}.json").write_text(
        json.dumps(result, indent=2)
    )


def _pg_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


if __name__ == "__main__":
    main()
