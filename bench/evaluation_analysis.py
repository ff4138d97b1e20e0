"""Benchmark the analysis of a two-wave panel: from the database, and as evaluators do it today.

    .venv/bin/python bench/evaluation_analysis.py                 # 100,000 respondents
    .venv/bin/python bench/evaluation_analysis.py --respondents 20000
    .venv/bin/python bench/evaluation_analysis.py --memory-only   # no database

Three measurements, in one process pinned to one core:

1. ``analyse_panel`` alone on a ``PanelData`` built in memory (the same shape: N
   respondents in both waves plus those who left or joined, 8 scales of 4 items; scale
   scoring included).
2. From the database: the benchmark drops and re-creates its own PostgreSQL database
   (``coproduce_bench_eval``; it refuses a name without ``bench``), migrates it, creates
   one tenant, an instrument of 8 scales x 4 items, a panel of N members and two waves,
   and fills ``evaluation_answer`` with about N x 2.13 x 32 answers in one INSERT ...
   SELECT on the server: N members answer both waves, 0.10 N wave 1 only, 0.03 N
   wave 2 only; 2 % of the answers are missing. The table's foreign keys are dropped for
   the load and added back (validated) before the commit.
   Timed: ``selectors.panel_data_for`` + ``analyse_panel``; memory: tracemalloc's peak
   over the same call, and the process's peak resident set size (ru_maxrss).
3. The baseline, the way an evaluator works today: export the answers as a wide CSV
   (one line per respondent and wave, one column per item: COPY ... TO STDOUT),
   ``pandas.read_csv``, reverse-code and score the scales, merge the waves, and loop
   over the scales with ``scipy.stats.ttest_rel`` and ``scipy.stats.wilcoxon``
   (alpha and Holm by hand in pandas). Same data, same run; the ratio is baseline
   seconds / coproduce seconds.

Each timing is the median of ``--repeat`` runs (default 3). Prints the figures and writes
them as JSON to bench/results/ (git-ignored). pandas is needed for the baseline only.
"""

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one core: no BLAS thread pool either

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_eval"
sys.path.insert(0, str(ROOT))

# The eight library scales, four items each (ranges as in the library; one or two
# reverse-coded items per scale).
SCALES = [
    ("trust_provider", 0, 10, ("tp1", "tp2", "tp3", "tp4"), ("tp4",)),
    ("trust_local_government", 0, 10, ("tl1", "tl2", "tl3", "tl4"), ("tl2",)),
    ("trust_generalised", 0, 10, ("tg1", "tg2", "tg3", "tg4"), ("tg1", "tg3")),
    ("trust_participants", 0, 10, ("tf1", "tf2", "tf3", "tf4"), ()),
    ("motivation", 1, 5, ("mo1", "mo2", "mo3", "mo4"), ("mo3",)),
    ("personal_control", 1, 4, ("pc1", "pc2", "pc3", "pc4"), ("pc1", "pc2")),
    ("organisational_support", 1, 5, ("os1", "os2", "os3", "os4"), ("os4",)),
    ("satisfaction", 1, 5, ("sa1", "sa2", "sa3", "sa4"), ("sa4",)),
]
SHIFT = [
    0.35,
    0.2,
    0.05,
    0.4,
    0.0,
    0.25,
    -0.1,
    0.3,
]  # change per scale, in quarter ranges
# N respondents answer both waves; 10 % of N more answer wave 1 only, 3 % wave 2 only;
# 2 % of the answers are missing.
MISSING, LEFT, JOINED = 0.02, 0.10, 0.03
SHARE_LEFT, SHARE_JOINED = LEFT / (1 + LEFT + JOINED), JOINED / (1 + LEFT + JOINED)


def main() -> None:
    args = _arguments()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    report: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "pinned_to": sorted(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "platform": platform.platform(),
        },
        "respondents": args.respondents,
        "scales": len(SCALES),
        "items": sum(len(s[3]) for s in SCALES),
        "repeat": args.repeat,
    }
    report["in_memory"] = in_memory(args.respondents, args.repeat, seed=args.seed)
    print_in_memory(report["in_memory"])
    if not args.memory_only:
        reused = args.reuse and database_reusable(args.database_url, args.respondents)
        if not reused:
            database_recreate(args.database_url)
        django_setup(args.database_url, migrate=not reused)
        args.reused = reused
        report["postgres"] = _scalar("SHOW server_version")
        report["database"] = from_database(args)
        report["baseline"] = baseline(args, report["database"]["wave_ids"])
        report["ratio"] = round(
            report["baseline"]["seconds"] / report["database"]["seconds"], 1
        )
        print_database(report)
    report["max_rss_mib_end"] = _max_rss_mib()
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"evaluation-analysis-{args.respondents}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--memory-only", action="store_true", help="only analyse_panel, no database"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of an earlier run of the same size (no refill)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_EVAL_DATABASE_URL", DEFAULT_URL),
    )
    return parser.parse_args()


# ---- 1. in memory ----------------------------------------------------------------------


def synthetic_panel(n: int, *, seed: int):
    """N respondents x 2 waves (with the same attrition and missing share as the database)."""
    from coproduce.evaluation.stats import PanelData, ScaleSpec

    rng = np.random.default_rng(seed)
    members = round(n * (1 + LEFT + JOINED))
    u = rng.random(members)
    in_1 = u <= 1 - SHARE_JOINED
    in_2 = u >= SHARE_LEFT
    respondents = np.concatenate([np.flatnonzero(in_1), np.flatnonzero(in_2)])
    waves = np.concatenate([np.ones(in_1.sum(), int), np.full(in_2.sum(), 2)])
    effect = rng.normal(0, 0.8, members)[respondents]
    columns, items, specs = [], [], []
    for (name, low, high, codes, reverse), shift in zip(SCALES, SHIFT, strict=True):
        mid, spread = (low + high) / 2, (high - low) / 4
        for code in codes:
            x = mid + spread * (effect + (waves == 2) * shift)
            x = x + rng.normal(0, spread, len(x))
            if code in reverse:
                x = low + high - x
            columns.append(np.clip(np.round(x), low, high))
            items.append(code)
        specs.append(
            ScaleSpec(name, codes, frozenset(reverse), float(low), float(high))
        )
    values = np.column_stack(columns)
    values[rng.random(values.shape) < MISSING] = np.nan
    return PanelData(
        respondents=respondents.astype(np.int64),
        waves=waves.astype(np.int64),
        items=tuple(items),
        values=values,
        scales=tuple(specs),
    )


def in_memory(n: int, repeat: int, *, seed: int) -> dict:
    from coproduce.evaluation.stats import analyse_panel

    panel = synthetic_panel(n, seed=seed)
    seconds = _timed(lambda: analyse_panel(panel, before=1, after=2), repeat)
    tracemalloc.start()
    analyse_panel(panel, before=1, after=2)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": int(len(panel.respondents)),
        "values": int(panel.values.size),
        "seconds": round(statistics.median(seconds), 3),
        "seconds_all": [round(s, 3) for s in seconds],
        "panel_mib": round(panel.values.nbytes / 2**20, 1),
        "peak_traced_mib": round(peak / 2**20, 1),
    }


def print_in_memory(r: dict) -> None:
    print(
        f"analyse_panel in memory: {r['rows']:,} rows x 32 items, "
        f"{r['seconds']:.3f} s (runs {r['seconds_all']}), "
        f"peak {r['peak_traced_mib']} MiB traced above the {r['panel_mib']} MiB panel"
    )


# ---- 2. from the database --------------------------------------------------------------


def database_recreate(url: str) -> None:
    """Drop and create the benchmark database; it must not be the test or dev one."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop '{name}': the database needs 'bench' in its name")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_reusable(url: str, n: int) -> bool:
    """Whether an earlier run left a filled database of the same size."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            members = conn.execute(
                "SELECT count(*) FROM evaluation_panelmember m JOIN tenancy_tenant t "
                "ON t.id = m.tenant_id WHERE t.slug = 'bench-eval'"
            ).fetchone()[0]
    except psycopg.Error:
        return False
    return members == round(n * (1 + LEFT + JOINED))


def django_setup(url: str, *, migrate: bool = True) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"  # no query log in memory
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.config.settings.dev")
    import django

    django.setup()
    if not migrate:
        return
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated {url} in {time.perf_counter() - started:.1f} s")


def panel_fill(n: int, *, seed: int) -> tuple[int, int, int]:
    """One tenant, instrument, panel of n members and two waves; the answers in SQL."""
    from django.db import connection, transaction
    from django_scopes import scopes_disabled

    from coproduce.evaluation.models import Item, Panel, Scale, Wave
    from coproduce.evaluation.services import instrument_create, invitations_repack
    from coproduce.initiatives.models import Initiative
    from coproduce.people.models import Organisation
    from coproduce.tenancy.models import Tenant

    with scopes_disabled(), transaction.atomic():
        tenant = Tenant.objects.create(slug="bench-eval", name="Bench evaluation")
        org = Organisation.objects.create(
            tenant=tenant, name="Bench department", kind=Organisation.Kind.DEPARTMENT
        )
        initiative = Initiative.objects.create(
            tenant=tenant,
            slug="bench-panel",
            name="Bench panel",
            lead_organisation=org,
            start_date=dt.date(2026, 1, 1),
        )
        instrument = instrument_create(
            tenant=tenant, actor=None, name="Eight library scales"
        )
        position = 0
        for i, (name, low, high, codes, reverse) in enumerate(SCALES):
            scale = Scale.objects.create(
                tenant=tenant,
                instrument=instrument,
                name=name,
                minimum=low,
                maximum=high,
                position=i + 1,
            )
            for code in codes:
                position += 1
                Item.objects.create(
                    tenant=tenant,
                    instrument=instrument,
                    scale=scale,
                    code=code,
                    text=code,
                    reverse=code in reverse,
                    position=position,
                )
        panel = Panel.objects.create(
            tenant=tenant, initiative=initiative, instrument=instrument, name="Bench"
        )
        waves = [
            Wave.objects.create(tenant=tenant, panel=panel, number=k, status="closed")
            for k in (1, 2)
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [((seed * 7919) % 1000) / 1000])
            cursor.execute(
                "INSERT INTO evaluation_panelmember (tenant_id, panel_id, email, "
                "pseudonym, created_at) SELECT %s, %s, '', 'P' || lpad(g::text, 7, '0'), "
                "now() FROM generate_series(1, %s) g",
                [tenant.pk, panel.pk, round(n * (1 + LEFT + JOINED))],
            )
            cursor.execute(
                "CREATE TEMP TABLE bench_person AS SELECT id AS member_id, "
                "(random() + random() + random() - 1.5) * 1.4 AS effect, random() AS u "
                "FROM evaluation_panelmember WHERE panel_id = %s",
                [panel.pk],
            )
            cursor.execute(
                "CREATE TEMP TABLE bench_item AS SELECT i.id AS item_id, i.reverse, "
                "s.minimum::float8 AS low, s.maximum::float8 AS high, s.position - 1 "
                "AS k FROM evaluation_item i JOIN evaluation_scale s ON s.id = i.scale_id "
                "WHERE i.instrument_id = %s",
                [instrument.pk],
            )
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: millions of rows
            # would be checked one by one at COMMIT (minutes). Drop them for the load and
            # add them back, each validated by one query (as bench/generate.py does).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'evaluation_answer'::regclass AND contype = 'f'"
            )
            foreign_keys = cursor.fetchall()
            for name, _ in foreign_keys:
                cursor.execute(
                    f'ALTER TABLE evaluation_answer DROP CONSTRAINT "{name}"'
                )
            shift = "ARRAY[" + ",".join(map(str, SHIFT)) + "]::float8[]"
            cursor.execute(
                f"""
                INSERT INTO evaluation_answer (tenant_id, wave_id, member_id, item_id,
                                               value, text)
                SELECT %(tenant)s, w.id, p.member_id, i.item_id,
                       CASE WHEN random() < %(missing)s THEN NULL
                            WHEN i.reverse THEN i.low + i.high - x.v ELSE x.v END,
                       ''
                FROM bench_person p
                CROSS JOIN (VALUES (%(w1)s, 1), (%(w2)s, 2)) AS w (id, number)
                CROSS JOIN bench_item i
                CROSS JOIN LATERAL (
                    SELECT least(i.high, greatest(i.low, round(
                        (i.low + i.high) / 2 + (i.high - i.low) / 4 * (
                            p.effect + (w.number - 1) * ({shift})[i.k + 1]
                            + (random() + random() + random() - 1.5) * 2)
                    ))) AS v
                ) x
                WHERE NOT (w.number = 2 AND p.u < %(left)s)
                  AND NOT (w.number = 1 AND p.u > 1 - %(joined)s)
                """,  # noqa: S608 (a constant array; the values are parameters)
                {"tenant": tenant.pk, "w1": waves[0].pk, "w2": waves[1].pk,
                 "missing": MISSING, "left": SHARE_LEFT, "joined": SHARE_JOINED},
            )  # fmt: skip
            answers = cursor.rowcount
            for name, definition in foreign_keys:
                cursor.execute(
                    f'ALTER TABLE evaluation_answer ADD CONSTRAINT "{name}" {definition}'
                )
            # each member's link to each wave they answered, with the packed vector
            # response_save keeps (built on the server from the answer rows)
            cursor.execute(
                """
                INSERT INTO evaluation_invitation (tenant_id, wave_id, member_id, token,
                    reminders_sent, sent_at, submitted_at, updated_at, version)
                SELECT %(tenant)s, w.id, p.member_id,
                       md5(w.id || ':' || p.member_id || ':' || random()::text),
                       0, now(), now(), now(), 1
                FROM bench_person p
                CROSS JOIN (VALUES (%(w1)s, 1), (%(w2)s, 2)) AS w (id, number)
                WHERE NOT (w.number = 2 AND p.u < %(left)s)
                  AND NOT (w.number = 1 AND p.u > 1 - %(joined)s)
                """,  # noqa: S608 (a constant array; the values are parameters)
                {"tenant": tenant.pk, "w1": waves[0].pk, "w2": waves[1].pk,
                 "left": SHARE_LEFT, "joined": SHARE_JOINED},
            )  # fmt: skip
            invitations_repack(wave_ids=[waves[0].pk, waves[1].pk])
    with connection.cursor() as cursor:  # outside the transaction
        cursor.execute("VACUUM ANALYZE evaluation_answer")
        cursor.execute("VACUUM ANALYZE evaluation_panelmember")
        cursor.execute("VACUUM ANALYZE evaluation_invitation")
    return waves[0].pk, waves[1].pk, answers


def from_database(args) -> dict:
    from django_scopes import scope

    from coproduce.tenancy.models import Tenant

    if args.reused:
        w1, w2, answers, fill_seconds = _reused()
        print(f"reusing {answers:,} answers of an earlier run")
    else:
        started = time.perf_counter()
        w1, w2, answers = panel_fill(args.respondents, seed=args.seed)
        fill_seconds = time.perf_counter() - started
        print(
            f"filled {answers:,} answers in "
            f"{fill_seconds:.1f} s (INSERT ... SELECT, VACUUM ANALYZE)"
        )
    tenant = Tenant.objects.get(slug="bench-eval")
    with scope(tenant=tenant):  # as a report page runs: inside the tenant's scope
        return _from_database(w1, w2, answers, fill_seconds, args)


def _reused() -> tuple[int, int, int, None]:
    from django_scopes import scopes_disabled

    from coproduce.evaluation.models import Answer, Wave

    with scopes_disabled():
        w1, w2 = Wave.objects.order_by("number").values_list("pk", flat=True)[:2]
        return w1, w2, Answer.objects.count(), None


def _from_database(w1, w2, answers, fill_seconds, args) -> dict:
    from django.db import connection

    from coproduce.evaluation.models import Wave
    from coproduce.evaluation.selectors import panel_data_for
    from coproduce.evaluation.stats import analyse_panel

    before, after = Wave.objects.get(pk=w1), Wave.objects.get(pk=w2)

    def run():
        panel = panel_data_for(before=before, after=after)
        return panel, analyse_panel(panel, before=1, after=2)

    def selector_only():
        return panel_data_for(before=before, after=after)

    run()  # warm the connection and PostgreSQL's cache, as a report page would be
    seconds = _timed(run, args.repeat)
    selector_seconds = _timed(selector_only, 1)
    rss_before = _max_rss_mib()
    tracemalloc.start()
    panel, report = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    table_mb = _scalar("SELECT pg_total_relation_size('evaluation_answer')") / 1e6
    invitation_mb = (
        _scalar("SELECT pg_total_relation_size('evaluation_invitation')") / 1e6
    )
    connection.close()
    return {
        "wave_ids": [w1, w2],
        "answers": answers,
        "fill_seconds": None if fill_seconds is None else round(fill_seconds, 1),
        "answer_table_mb": round(table_mb),
        "invitation_table_mb": round(invitation_mb),
        "rows": int(len(panel.respondents)),
        "pairs_first_scale": report.scales[0].n_pairs,
        "p_t": [s.p_t for s in report.scales],
        "seconds": round(statistics.median(seconds), 3),
        "seconds_all": [round(s, 3) for s in seconds],
        "selector_seconds": round(statistics.median(selector_seconds), 3),
        "peak_traced_mib": round(peak / 2**20, 1),
        "max_rss_mib": max(rss_before, _max_rss_mib()),
    }


# ---- 3. the baseline ---------------------------------------------------------------------


def baseline(args, wave_ids: list[int]) -> dict:
    """Export a wide CSV, then pandas + scipy, scale by scale, as an evaluator would."""
    import pandas as pd
    from django.db import connection
    from django_scopes import scopes_disabled
    from scipy import stats

    from coproduce.evaluation.models import Item

    with scopes_disabled():
        items = list(
            Item.objects.filter(scale__isnull=False)
            .order_by("position")
            .values_list("pk", "code")
        )
    columns = ", ".join(
        f"max(a.value) FILTER (WHERE a.item_id = {pk}) AS {code}" for pk, code in items
    )
    # the ids and item codes are the benchmark's own rows, not anyone's input
    export = (
        f"COPY (SELECT m.pseudonym AS respondent, w.number AS wave, {columns} "  # noqa: S608
        "FROM evaluation_answer a JOIN evaluation_panelmember m ON m.id = a.member_id "
        "JOIN evaluation_wave w ON w.id = a.wave_id "
        f"WHERE a.wave_id IN ({wave_ids[0]}, {wave_ids[1]}) "
        "GROUP BY m.pseudonym, w.number ORDER BY m.pseudonym, w.number) "
        "TO STDOUT WITH (FORMAT csv, HEADER)"
    )

    def run(path: Path) -> dict:
        t0 = time.perf_counter()
        with (
            path.open("wb") as out,
            connection.cursor() as cursor,
            cursor.cursor.copy(export) as copy,
        ):
            for data in copy:
                out.write(data)
        t1 = time.perf_counter()
        frame = pd.read_csv(path)
        t2 = time.perf_counter()
        results, p_values = [], []
        for name, low, high, codes, reverse in SCALES:
            block = frame[list(codes)].copy()
            for code in reverse:
                block[code] = low + high - block[code]
            frame[name] = block.mean(axis=1, skipna=False)
            alphas = []
            for wave in (1, 2):
                x = block[frame["wave"] == wave].dropna()
                k = len(codes)
                alphas.append(k / (k - 1) * (1 - x.var().sum() / x.sum(axis=1).var()))
            b = frame.loc[frame["wave"] == 1, ["respondent", name]]
            a = frame.loc[frame["wave"] == 2, ["respondent", name]]
            pairs = b.merge(a, on="respondent", suffixes=("_1", "_2")).dropna()
            t = stats.ttest_rel(pairs[f"{name}_2"], pairs[f"{name}_1"])
            w = stats.wilcoxon(pairs[f"{name}_2"], pairs[f"{name}_1"])
            p_values.append(t.pvalue)
            results.append((name, len(pairs), t.statistic, t.pvalue, w.pvalue, *alphas))
        order = np.argsort(p_values)
        m = len(p_values)
        holm = np.minimum(
            1, np.maximum.accumulate((m - np.arange(m)) * np.array(p_values)[order])
        )
        in_1 = set(frame.loc[frame["wave"] == 1, "respondent"])
        in_2 = set(frame.loc[frame["wave"] == 2, "respondent"])
        t3 = time.perf_counter()
        return {
            "export": t1 - t0,
            "read_csv": t2 - t1,
            "analysis": t3 - t2,
            "total": t3 - t0,
            "csv_mb": path.stat().st_size / 1e6,
            "attrition": (len(in_1), len(in_2), len(in_1 & in_2)),
            "holm": holm.tolist(),
            "pairs_first_scale": results[0][1],
            "p_t": [r[3] for r in results],
        }

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.csv"
        runs = [run(path) for _ in range(args.repeat)]
    connection.close()
    median = {
        key: statistics.median(r[key] for r in runs)
        for key in ("export", "read_csv", "analysis", "total")
    }
    return {
        "seconds": round(median["total"], 3),
        "seconds_all": [round(r["total"], 3) for r in runs],
        "export_seconds": round(median["export"], 3),
        "read_csv_seconds": round(median["read_csv"], 3),
        "analysis_seconds": round(median["analysis"], 3),
        "csv_mb": round(runs[0]["csv_mb"], 1),
        "pairs_first_scale": runs[0]["pairs_first_scale"],
        "p_t": runs[0]["p_t"],
        "pandas": pd.__version__,
    }


def print_database(report: dict) -> None:
    d, b = report["database"], report["baseline"]
    print(
        f"from PostgreSQL {report['postgres']}: {d['answers']:,} answers "
        f"({d['answer_table_mb']} MB table; the packed vectors read: "
        f"{d['invitation_table_mb']} MB of invitations) -> {d['rows']:,} rows x 32 items"
    )
    print(
        f"  coproduce: panel_data_for + analyse_panel {d['seconds']:.3f} s "
        f"(runs {d['seconds_all']}; selector alone {d['selector_seconds']:.3f} s), "
        f"peak {d['peak_traced_mib']} MiB traced, process max RSS {d['max_rss_mib']} MiB"
    )
    print(
        f"  baseline:  CSV export {b['export_seconds']:.3f} s ({b['csv_mb']} MB) + "
        f"pandas.read_csv {b['read_csv_seconds']:.3f} s + pandas/scipy loop "
        f"{b['analysis_seconds']:.3f} s = {b['seconds']:.3f} s (runs {b['seconds_all']})"
    )
    same = np.allclose(d["p_t"], b["p_t"], rtol=1e-9, atol=0)
    print(f"  same t-test p-values both ways (1e-9): {'yes' if same else 'NO'}")
    print(
        f"  ratio: the baseline takes {report['ratio']}x as long "
        f"(pairs of the first scale: {d['pairs_first_scale']:,} both ways)"
        if d["pairs_first_scale"] == b["pairs_first_scale"]
        else f"  ratio {report['ratio']}x, but the pairs differ: "
        f"{d['pairs_first_scale']} vs {b['pairs_first_scale']}"
    )


# ---- helpers ---------------------------------------------------------------------------


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def _max_rss_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _scalar(sql: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
