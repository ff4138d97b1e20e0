"""Benchmark crisis mode on PostgreSQL over a registry of 200,000 people.

    .venv/bin/python bench/crisis.py                    # 200,000 people, all with a profile
    .venv/bin/python bench/crisis.py --people 20000     # smaller

Drops and re-creates its own database (``cp_crisis_bench``; it refuses a name without
``bench``), migrates it, generates one tenant with bench/generate.py's generator
(``coproduce.exchange.generator``: initiatives, people, participations), then gives every
person a co-producer profile in SQL (seeded): 1-3 of 13 languages (Finnish most often),
0-3 of 20 skills, a postcode area among 60, weekly availability (each weekday part with
probability 0.35), consent for 85 %, call-outs allowed for 70 % of those; 5 % have an
availability exception on the benchmark day; 5,000 are already signed up on shifts
overlapping the needs' windows. Then:

1. **matching**: 12 needs (different languages, skills, areas, windows), each ranked
   30 times (top 20 with reasons, ``crisis.matching.candidates_rank``, over the compact
   match rows of migration crisis/0003): p50/p95/max; **baselines** in the same run: the
   same ranking in one query over the profiles themselves (``matching._sql``, what
   SQLite runs), and the same ranking done in Python over the ORM (load every
   consented profile's languages, skills, area, availability, the exceptions and sign-ups,
   score and sort), 3 times per need;
2. **call-out to 1,000**: ``services.callout_send(n=1000)`` (rank, 1,000 call-out rows,
   the event, the message tasks queued in the database task backend at commit), timed to
   the commit; baseline: 1,000 call-outs saved and a task queued one at a time;
3. **50 concurrent acceptances of 10 places**: 50 threads, one connection each, released
   together by a barrier, each ``callout_respond(accept=True)``: how many accepted (must be
   exactly 10), how many were told "full", seconds.

Prints figures with the data size and the load average (the machine is shared), and
writes JSON to bench/results/crisis-<people>-<time>.json.
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cp_crisis_bench"
sys.path.insert(0, str(ROOT))

from bench.generate import _commit, database_recreate, django_setup  # noqa: E402

LANGS = [
    "fi",
    "sv",
    "en",
    "ru",
    "et",
    "ar",
    "so",
    "uk",
    "se",
    "fse",
    "smn",
    "sms",
    "fss",
]
# weights: Finnish most, then Swedish, English, Russian, Estonian, Arabic, Somali ...
WEIGHTS = [60, 12, 30, 6, 4, 3, 2, 3, 0.5, 0.5, 0.2, 0.2, 0.2]
PARTS = ["morning", "afternoon", "evening"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def load() -> str:
    a, b, c = os.getloadavg()
    return f"{a:.2f} {b:.2f} {c:.2f}"


def profiles_make(tenant_id: int, seed: int, day: dt.date) -> dict:
    """Profiles for every person of the tenant, in SQL (one statement per table)."""
    from django.db import connection

    from coproduce.coproducers.models import Skill

    skills = Skill.objects.bulk_create(
        [Skill(tenant_id=tenant_id, name=f"skill {i:02d}") for i in range(20)]
    )
    lo, hi = min(s.pk for s in skills), max(s.pk for s in skills)
    cum, total = [], 0.0
    for w in WEIGHTS:
        total += w
        cum.append(total / sum(WEIGHTS))
    lang_case = " ".join(
        f"WHEN r < {c:.5f} THEN '{code}'" for code, c in zip(LANGS, cum, strict=True)
    )
    avail = ", ".join(
        f"'{d}', (SELECT coalesce(jsonb_agg(part), '[]'::jsonb) FROM unnest(ARRAY['morning','afternoon','evening']) part WHERE random() < 0.35 + 0 * p.id)"  # noqa: S608
        for d in DAYS
    )
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [((seed % 1000) / 1000.0)])
        cur.execute(
            f"""
            INSERT INTO coproducers_coproducerprofile
              (tenant_id, person_id, languages, availability, area, callout_ok,
               email_kinds, email_language, consent_at, consent_withdrawn_at, feed_token,
               created_at, updated_at)
            SELECT p.tenant_id, p.id,
              (SELECT jsonb_agg(DISTINCT l) FROM (
                 SELECT CASE {lang_case} ELSE 'fi' END AS l
                 FROM (SELECT random() AS r, p.id AS k FROM generate_series(1, 1 + (p.id %% 3))) g
              ) x),
              jsonb_build_object({avail}),
              lpad(((p.id * 7919) %% 60 * 10 + 100)::text, 5, '0'),
              random() < 0.7, '[]'::jsonb,
              (ARRAY['fi','sv','en'])[1 + (p.id %% 3)],
              CASE WHEN random() < 0.85 THEN now() END, NULL,
              md5(p.id::text || random()::text), now(), now()
            FROM people_person p WHERE p.tenant_id = %s
            """,  # noqa: S608 (constants of this script)
            [tenant_id],
        )
        n_profiles = cur.rowcount
        cur.execute(
            """
            INSERT INTO coproducers_coproducerprofile_skills (coproducerprofile_id, skill_id)
            SELECT DISTINCT c.id, %s + floor(random() * (%s - %s + 1))::int
            FROM coproducers_coproducerprofile c, generate_series(1, 3) g
            WHERE c.tenant_id = %s AND random() < 0.45
            """,
            [lo, hi, lo, tenant_id],
        )
        n_skills = cur.rowcount
        cur.execute(
            """
            INSERT INTO coproducers_availabilityexception
              (tenant_id, profile_id, starts_on, ends_on, available, note)
            SELECT c.tenant_id, c.id, %s::date - 1, %s::date + 1, random() < 0.3, ''
            FROM coproducers_coproducerprofile c
            WHERE c.tenant_id = %s AND random() < 0.05
            """,
            [day, day, tenant_id],
        )
        n_exceptions = cur.rowcount
        cur.execute("ANALYZE")
        if connection.vendor == "postgresql":
            # the match rows were rewritten by the triggers of both inserts
            cur.execute("VACUUM ANALYZE crisis_match")
    return {
        "profiles": n_profiles,
        "profile_skills": n_skills,
        "exceptions": n_exceptions,
        "skills": [s.pk for s in skills],
        "seconds": round(time.perf_counter() - started, 1),
    }


def deployed_make(tenant_id: int, centre, actor, start: dt.datetime, n: int) -> int:
    """``n`` people already on confirmed sign-ups of shifts overlapping the window."""
    from django.db import connection

    from coproduce.coproducers.services import opportunity_create

    shifts = []
    for i in range(10):
        opp = opportunity_create(
            initiative=centre.initiative,
            actor=actor,
            first_starts_at=start + dt.timedelta(minutes=30 * i),
            minutes=180,
            title=f"Other shift {i}",
            place="Hall",
            capacity=500,
            open_to_volunteers=True,
            status="published",
        )
        shifts.append(opp.shifts.get().pk)
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO coproducers_signup (tenant_id, shift_id, person_id, role, status,
              queued_at, attendance, self_checked_in, created_at)
            SELECT p.tenant_id, (ARRAY[%s])[1 + (p.id %% 10)], p.id, 'volunteer',
              'confirmed', now(), 'expected', false, now()
            FROM (SELECT id, tenant_id FROM people_person WHERE tenant_id = %s
                  ORDER BY md5(id::text) LIMIT %s) p
            """.replace("ARRAY[%s]", "ARRAY[" + ",".join(str(s) for s in shifts) + "]"),
            [tenant_id, n],
        )
        return cur.rowcount


def python_rank(need, limit: int = 20) -> list[int]:
    """The baseline: the same order computed in Python over the ORM."""
    from coproduce.coproducers.models import (
        AvailabilityException,
        CoproducerProfile,
        SignUp,
    )
    from coproduce.crisis.matching import shared_prefix, window_days

    days = window_days(need.starts_at, need.ends_at)
    req_skills = set(need.skills.values_list("pk", flat=True))
    # per profile and day of the window: (away, extra day)
    exc: dict[tuple[int, int], tuple[bool, bool]] = {}
    for pid, available, starts, ends in AvailabilityException.objects.filter(
        tenant_id=need.tenant_id,
        starts_on__lte=days[-1].date,
        ends_on__gte=days[0].date,
    ).values_list("profile_id", "available", "starts_on", "ends_on"):
        for i, day in enumerate(days):
            if starts <= day.date <= ends:
                off, extra = exc.get((pid, i), (False, False))
                exc[(pid, i)] = (off or not available, extra or available)
    busy = set(
        SignUp.objects.filter(
            tenant_id=need.tenant_id,
            status="confirmed",
            shift__cancelled=False,
            shift__starts_at__lt=need.ends_at,
            shift__ends_at__gt=need.starts_at,
        )
        .exclude(shift_id=need.shift_id)
        .values_list("person_id", flat=True)
    )
    through = CoproducerProfile.skills.through
    skills: dict[int, set] = {}
    for pid, sid in through.objects.filter(
        coproducerprofile__tenant_id=need.tenant_id
    ).values_list("coproducerprofile_id", "skill_id"):
        skills.setdefault(pid, set()).add(sid)
    rows = []
    for pk, person, langs, avail, area in CoproducerProfile.objects.filter(
        tenant_id=need.tenant_id,
        callout_ok=True,
        consent_at__isnull=False,
        consent_withdrawn_at__isnull=True,
    ).values_list("pk", "person_id", "languages", "availability", "area"):
        lm = sum(1 for code in need.languages if code not in (langs or []))
        sm = len(req_skills - skills.get(pk, set()))
        ok = 1
        for i, day in enumerate(days):
            off, extra = exc.get((pk, i), (False, False))
            if off:
                ok = 0
            elif not (extra or not day.parts):
                ok *= int(
                    any(p in (avail or {}).get(day.weekday, []) for p in day.parts)
                )
        rows.append(
            (lm, sm, -ok, int(person in busy), -shared_prefix(area, need.area), person)
        )
    rows.sort()
    return [r[-1] for r in rows[:limit]]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--initiatives", type=int, default=200)
    parser.add_argument("--participations", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"load average at start: {load()}", flush=True)
    database_recreate(args.database_url)
    django_setup(args.database_url)
    os.environ.setdefault("COPRODUCE_SMS_BACKEND", "coproduce.crisis.sms.DummyBackend")

    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone
    from django_scopes import scopes_disabled

    call_command("migrate", verbosity=0)
    from coproduce.exchange.generator import Spec, generate

    started = time.perf_counter()
    spec = Spec(tenants=1, initiatives=args.initiatives, people=args.people,
                participations=args.participations, seed=args.seed)  # fmt: skip
    result = generate(spec, progress=lambda line: print(" ", line, flush=True))
    print(
        f"generated {sum(result.rows.values()):,} rows in {time.perf_counter() - started:.0f} s"
    )

    with scopes_disabled():
        from coproduce.coproducers.models import SignUp
        from coproduce.crisis import matching, services
        from coproduce.crisis.models import CallOut, Need
        from coproduce.initiatives.models import Initiative
        from coproduce.tenancy.actor import Actor
        from coproduce.tenancy.roles import permissions_for

        initiative = Initiative.objects.order_by("pk").first()
        tenant = initiative.tenant
        actor = Actor(
            tenant=tenant,
            role="coordinator",
            permissions=permissions_for("coordinator"),
        )
        day_start = (timezone.localtime() + dt.timedelta(days=2)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
        made = profiles_make(tenant.pk, args.seed, day_start.date())
        print(f"profiles: {made}", flush=True)
        centre = services.centre_open(initiative=initiative, actor=actor)
        deployed = deployed_make(
            tenant.pk, centre, actor, day_start, min(5000, args.people // 40)
        )
        print(f"already deployed in the window: {deployed}", flush=True)
        call_command("dbshell", verbosity=0) if False else None
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        skills = made["skills"]
        specs = [
            (["so"], skills[:1], "00530"),
            (["ar"], skills[1:3], "00210"),
            (["fi"], [], "00100"),
            (["sv", "fi"], skills[3:4], "00440"),
            (["ru"], [], "00700"),
            ([], skills[4:6], "00350"),
            (["uk"], skills[6:7], "00520"),
            (["et"], [], "00150"),
            (["en"], skills[7:9], "00200"),
            (["fse"], [], "00400"),
            (["so", "ar"], skills[9:10], "00610"),
            ([], [], "00510"),
        ]
        needs = []
        for i, (langs, sk, area) in enumerate(specs):
            start = day_start + dt.timedelta(hours=i % 4)
            needs.append(
                services.need_post(
                    centre=centre,
                    actor=actor,
                    title=f"Need {i}",
                    area=area,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    people_needed=3,
                    languages=langs,
                    skills=sk,
                )  # fmt: skip
            )
        consented = matching_pool = None
        from coproduce.coproducers.models import CoproducerProfile

        matching_pool = CoproducerProfile.objects.filter(
            tenant=tenant, callout_ok=True, consent_at__isnull=False
        ).count()
        consented = CoproducerProfile.objects.filter(
            tenant=tenant, consent_at__isnull=False
        ).count()
        print(
            f"candidates per need (consented, may be called out): {matching_pool:,} of {consented:,} consented",
            flush=True,
        )

        # 1. matching
        for need in needs:  # warm
            matching.candidates_rank(need, limit=20)
        times = []
        agree = 0
        for need in needs:
            for _ in range(args.repeats):
                t = time.perf_counter()
                matching.candidates_rank(need, limit=20)
                times.append((time.perf_counter() - t) * 1000)
        # baseline 1, the same ranking in one query over the profiles themselves (the
        # query SQLite runs, and PostgreSQL's before the compact match rows)
        profile_times = []
        with connection.cursor() as cur:
            for need in needs:
                skill_ids = sorted(need.skills.values_list("pk", flat=True))
                sql, params = matching._sql(need, skill_ids=skill_ids,
                                            exclude_asked=False, limit=20, offset=0)  # fmt: skip
                for _ in range(max(1, args.repeats // 6)):
                    t = time.perf_counter()
                    cur.execute(sql, params)
                    cur.fetchall()
                    profile_times.append((time.perf_counter() - t) * 1000)
        base_times = []
        base_needs = needs[:4] if args.people > 50_000 else needs
        for need in base_needs:
            for _ in range(1 if args.people > 50_000 else 3):
                t = time.perf_counter()
                ids = python_rank(need)
                base_times.append((time.perf_counter() - t) * 1000)
            agree += ids == [
                c.person_id for c in matching.candidates_rank(need, limit=20)
            ]
        match = {
            "runs": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(pct(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "load": load(),
            "baseline_profiles_query_p50_ms": round(
                statistics.median(profile_times), 1
            ),
            "baseline_profiles_query_p95_ms": round(pct(profile_times, 0.95), 1),
            "baseline_python_p50_ms": round(statistics.median(base_times), 1),
            "baseline_python_p95_ms": round(pct(base_times, 0.95), 1),
            "same_top20_as_baseline": f"{agree} of {len(base_needs)}",
        }
        match["ratio_p50"] = round(match["baseline_python_p50_ms"] / match["p50_ms"], 1)
        print(f"matching: {match}  load {load()}", flush=True)

        # 2. call-out to 1,000
        big_start = day_start + dt.timedelta(days=1)
        big = services.need_post(
            centre=centre, actor=actor, title="Mass vaccination stewards", area="00500",
            starts_at=big_start, ends_at=big_start + dt.timedelta(hours=4), people_needed=500,
        )  # fmt: skip
        t = time.perf_counter()
        sent = services.callout_send(need=big, actor=actor, n=1000)
        callout_s = time.perf_counter() - t
        from django_tasks_db.models import DBTaskResult

        queued_tasks = DBTaskResult.objects.count()
        # baseline: one row and one task at a time
        from coproduce.crisis.tasks import callout_messages_send

        other = services.need_post(
            centre=centre, actor=actor, title="Baseline need", area="00500",
            starts_at=big_start, ends_at=big_start + dt.timedelta(hours=4), people_needed=500,
        )  # fmt: skip
        people = [c.person_id for c in matching.candidates_rank(other, limit=1000)]
        t = time.perf_counter()
        for rank, person in enumerate(people, start=1):
            c = CallOut.objects.create(
                tenant=tenant,
                need=other,
                person_id=person,
                rank=rank,
                sent_at=timezone.now(),
            )
            callout_messages_send.enqueue(tenant_id=tenant.pk, callout_ids=[c.pk])
        baseline_s = time.perf_counter() - t
        callout = {
            "people": len(sent),
            "seconds": round(callout_s, 3),
            "message_tasks_queued": queued_tasks,
            "baseline_one_by_one_seconds": round(baseline_s, 2),
            "ratio": round(baseline_s / callout_s, 1),
        }
        print(f"call-out: {callout}  load {load()}", flush=True)

        # 3. 50 concurrent acceptances of 10 places
        ten = services.need_post(
            centre=centre, actor=actor, title="Ten places", area="00500",
            starts_at=big_start + dt.timedelta(days=1),
            ends_at=big_start + dt.timedelta(days=1, hours=2), people_needed=10,
        )  # fmt: skip
        fifty = services.callout_send(need=ten, actor=actor, n=50)
        connections.close_all()
        barrier = threading.Barrier(50)
        answers: list[str] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def accept(c):
            try:
                with scopes_disabled():
                    barrier.wait()
                    status = services.callout_respond(callout=c, accept=True).status
                with lock:
                    answers.append(status)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=accept, args=(c,)) for c in fifty]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        race_s = time.perf_counter() - t
        confirmed = SignUp.objects.filter(
            shift=Need.objects.get(pk=ten.pk).shift, status="confirmed"
        ).count()
        race = {
            "threads": 50,
            "places": 10,
            "accepted": answers.count("accepted"),
            "told_full": answers.count("full"),
            "errors": [repr(e) for e in errors][:3],
            "confirmed_signups": confirmed,
            "need_status": Need.objects.get(pk=ten.pk).status,
            "seconds": round(race_s, 2),
        }
        print(f"acceptances: {race}  load {load()}", flush=True)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('coproducers_coproducerprofile')), pg_size_pretty(pg_database_size(current_database()))"
            )
            profile_size, db_size = cur.fetchone()

    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_end": load()},
        "data": {"people": args.people, **{k: v for k, v in made.items() if k != "skills"},
                 "candidates": matching_pool, "deployed": deployed,
                 "profile_table": profile_size, "database": db_size},
        "matching": match,
        "callout_1000": callout,
        "acceptances": race,
    }  # fmt: skip
    print(json.dumps(report, indent=2))
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"crisis-{args.people}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")
    if race["accepted"] != 10 or confirmed != 10:
        sys.exit("FAILED: not exactly 10 accepted")


if __name__ == "__main__":
    main()
