"""Benchmark response submission through the respondent's web form on PostgreSQL.

    .venv/bin/python bench/response_submission.py                # 20,000 members, 15 s per phase
    .venv/bin/python bench/response_submission.py --members 50000 --seconds 30 --clients 16

Drops and re-creates its own database (``coproduce_bench_resp``; it refuses a name without
``bench``), migrates it with ``coproduce migrate``, builds a tenant with the four trust
scales of the library (15 rating items) and a free-text question, a panel of ``--members``
members and an open wave (bulk inserts), then starts ``gunicorn coproduce.config.wsgi
--workers 2`` with the production settings and drives it with ``wrk`` (another process,
``apt-get install wrk``) in three phases of ``--seconds`` each:

1. **trivial**: POSTs to Django's ``set_language`` view (the same middleware, CSRF check and
   redirect, no database): what this machine serves at most through Django;
2. **form GET**: the respondent form, rendered for a different invitation each time;
3. **submission**: full form submissions, each POSTing the 16 answers (with the form's
   version) to a different personal link, with the CSRF token taken from one first GET of
   the form (the token belongs to the cookie, not to the form, as for a real respondent
   who opens the form once and saves). A save answers 302; anything else is a failure.

It counts the saves reported by wrk, checks in the database that exactly that many
invitations have answers (16 rows each), prints the rate, p50/p95/p99 latency, the size of
the data, and the ratio to the trivial phase, and writes JSON to bench/results/.

The respondent endpoint's rate limits count unknown tokens per address and saves per token;
each token is saved once here, so neither throttles the benchmark and no setting is changed.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench_resp"
sys.path.insert(0, str(ROOT))

from bench.generate import _commit, database_recreate, django_setup  # noqa: E402

LUA_COMMON = r"""
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  nthreads = tonumber(args[1])
  tokens = {}
  local n = 0
  for line in io.lines(args[2]) do
    if n % nthreads == id then table.insert(tokens, line) end
    n = n + 1
  end
  i = 0
  ok = 0
  bad = 0
  statuses = ""
end

function response(status, headers, body)
  if status == EXPECTED then
    ok = ok + 1
  else
    bad = bad + 1
    if bad <= 3 then statuses = statuses .. status .. " " end
  end
  if i >= #tokens then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local ok_total, bad_total, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    bad_total = bad_total + thread:get("bad")
    sample = sample .. thread:get("statuses")
  end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "ok": %d, "failed": %d, ' ..
    '"socket_errors": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "statuses": "%s"}\n',
    summary.requests, summary.duration / 1e6, ok_total, bad_total,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, sample))
end
"""

LUA_SUBMIT = r"""
EXPECTED = 302
function request()
  i = i + 1
  local token = tokens[((i - 1) % #tokens) + 1]
  return wrk.format("POST", "/respond/" .. token .. "/", HEADERS, BODY)
end
"""

LUA_GET = r"""
EXPECTED = 200
function request()
  i = i + 1
  local token = tokens[((i - 1) % #tokens) + 1]
  return wrk.format("GET", "/respond/" .. token .. "/", {["Cookie"] = COOKIE})
end
"""

LUA_TRIVIAL = r"""
EXPECTED = 302
function request()
  i = i + 1
  if i >= #tokens then i = 0 end
  return wrk.format("POST", "/i18n/setlang/", HEADERS, "language=en&next=/&" .. CSRF_FIELD)
end
"""


def main() -> None:
    args = _arguments()
    if not _which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    database_recreate(args.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "0",
    }
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/coproduce"), "migrate", "-v", "0"],
                   env=env, check=True, cwd=ROOT)  # fmt: skip
    print(f"migrated {args.database_url} in {time.perf_counter() - started:.1f} s")
    django_setup(args.database_url)

    started = time.perf_counter()
    wave_id, tokens, n_items = build(args.members)
    print(
        f"built a panel of {len(tokens):,} members, {n_items} questions, wave 1 open, "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="bench-resp-"))
    half = len(tokens) // 2
    # the submissions use the first half of the links, the form GETs the second half
    (work / "submit.txt").write_text("\n".join(tokens[:half]) + "\n")
    (work / "read.txt").write_text("\n".join(tokens[half:]) + "\n")

    server = start_gunicorn(args, env)
    try:
        base = f"http://127.0.0.1:{args.port}"
        cookie, csrf = csrf_from_form(base, tokens[-1])
        answers = "&".join(
            [f"{code}={value}" for code, value in answer_values(wave_id)]
            + ["version=0", f"csrfmiddlewaretoken={csrf}"]
        )
        headers = (
            '{["Content-Type"] = "application/x-www-form-urlencoded", '
            f'["Cookie"] = "csrftoken={cookie}", '
            f'["Referer"] = "{base}/"}}'
        )
        prelude = (
            f"HEADERS = {headers}\nBODY = {json.dumps(answers)}\n"
            f'COOKIE = "csrftoken={cookie}"\n'
            f"CSRF_FIELD = {json.dumps('csrfmiddlewaretoken=' + csrf)}\n"
        )
        run = lambda name, script, tokens_file, seconds: wrk(  # noqa: E731
            args, base, work, name, prelude + LUA_COMMON + script, tokens_file, seconds
        )
        run("warm-up", LUA_GET, work / "read.txt", 3)
        trivial = run("trivial", LUA_TRIVIAL, work / "read.txt", args.seconds)
        form_get = run("form GET", LUA_GET, work / "read.txt", args.seconds)
        submit = run("submission", LUA_SUBMIT, work / "submit.txt", args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)

    saved, answer_rows = verify(wave_id)
    report = {
        "benchmark": "response_submission",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "postgresql": _scalar("SHOW server_version"),
        },
        "setup": {
            "members": len(tokens),
            "questions": n_items,
            "gunicorn_workers": args.workers,
            "gunicorn_threads_per_worker": args.gunicorn_threads,
            "clients": args.clients,
            "wrk_threads": args.threads,
            "seconds_per_phase": args.seconds,
            "post_body_bytes": len(answers),
        },
        "trivial": trivial,
        "form_get": form_get,
        "submission": submit,
        "verified": {
            "invitations_with_answers": saved,
            "answer_rows": answer_rows,
            # requests still in flight when wrk stops are saved but not counted by wrk
            "matches_wrk": submit["ok"] <= saved <= submit["ok"] + args.clients
            and answer_rows == saved * n_items,
        },
        "rate": {
            "responses_per_s": round(submit["ok"] / submit["seconds"], 1),
            "trivial_per_s": round(trivial["ok"] / trivial["seconds"], 1),
            "form_get_per_s": round(form_get["ok"] / form_get["seconds"], 1),
        },
        "sizes_mb": sizes_mb(),
    }
    report["rate"]["ratio_to_trivial"] = round(
        report["rate"]["responses_per_s"] / report["rate"]["trivial_per_s"], 3
    )
    report["rate"]["target_met"] = report["rate"]["responses_per_s"] >= 300
    print_report(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"response-submission-{len(tokens)}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")
    if not report["verified"]["matches_wrk"]:
        sys.exit("the saves counted by wrk and the rows in the database differ")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_RESP_DATABASE_URL", DEFAULT_URL),
    )
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument(
        "--clients", type=int, default=12, help="concurrent connections"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--gunicorn-threads",
        type=int,
        default=1,
        help="threads per worker (more than 1: gthread workers overlap database waits)",
    )
    parser.add_argument("--port", type=int, default=8791)
    return parser.parse_args()


def build(members: int) -> tuple[int, list[str], int]:
    """A tenant, the trust instrument (15 ratings + 1 free text), a panel, an open wave."""
    from django.contrib.auth import get_user_model
    from django_scopes import scopes_disabled

    from coproduce.evaluation import services
    from coproduce.evaluation.library import TRUST_PANEL
    from coproduce.evaluation.models import Invitation, PanelMember
    from coproduce.initiatives.services import initiative_create
    from coproduce.people.models import Organisation
    from coproduce.tenancy.models import Tenant

    with scopes_disabled():
        tenant = Tenant.objects.create(slug="bench", name="Bench")
        user = get_user_model().objects.create_user("bench-coordinator")
        lead = Organisation.objects.create(
            tenant=tenant, name="Employment services", kind="department"
        )
        initiative = initiative_create(
            tenant=tenant,
            actor=user,
            name="Working Life Step",
            lead_organisation=lead,
            start_date=dt.date(2026, 1, 1),
        )
        instrument = services.instrument_create_from_library(
            tenant=tenant,
            actor=user,
            name="Trust panel",
            keys=list(TRUST_PANEL),
            free_text=["What has changed for you?"],
        )
        panel = services.panel_create(
            tenant=tenant,
            actor=user,
            initiative=initiative,
            instrument=instrument,
            name="Trust",
        )
        PanelMember.objects.bulk_create(
            (
                PanelMember(
                    tenant=tenant,
                    panel=panel,
                    email=f"r{n}@example.org",
                    pseudonym=f"R-{n:05d}",
                )
                for n in range(1, members + 1)
            ),
            batch_size=5000,
        )
        wave = services.wave_create(panel=panel, actor=user)
        services.wave_open(wave=wave, actor=user, send=False)
        tokens = list(
            Invitation.objects.filter(wave=wave)
            .order_by("pk")
            .values_list("token", flat=True)
        )
        return wave.pk, tokens, instrument.items.count()


def answer_values(wave_id: int) -> list[tuple[str, str]]:
    """A full set of answers: a valid rating for every scale item, words for the text."""
    from django_scopes import scopes_disabled

    from coproduce.evaluation.models import Item, Wave

    with scopes_disabled():
        wave = Wave.objects.select_related("panel").get(pk=wave_id)
        items = Item.objects.filter(instrument_id=wave.panel.instrument_id)
        return [
            (
                item.code,
                "Much+better+than+a+year+ago."
                if item.kind == "text"
                else str((item.scale.minimum + item.scale.maximum) // 2 + 1),
            )
            for item in items.select_related("scale").order_by("position")
        ]


def start_gunicorn(args, env) -> subprocess.Popen:
    server_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LEDGER_KEY": env.get(
            "LEDGER_KEY", "bench:bench-only-ledger-key-not-for-production-0123456789"
        ),
        "SECURE_COOKIES": "false",  # plain HTTP on the loopback: cookies must travel
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "coproduce.config.wsgi",
         "--workers", str(args.workers), "--threads", str(args.gunicorn_threads),
         "--bind", f"127.0.0.1:{args.port}",
         "--backlog", "2048", "--log-level", "warning"],
        env=server_env, cwd=ROOT,
    )  # fmt: skip
    import urllib.request

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{args.port}/accounts/login/"
            ):
                print(f"gunicorn up (pid {server.pid}, {args.workers} workers)")
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not start")


def csrf_from_form(base: str, token: str) -> tuple[str, str]:
    """GET the form once, as a respondent opening the link: the CSRF cookie and field."""
    import urllib.request

    # the benchmark's own server, on http://127.0.0.1
    with urllib.request.urlopen(f"{base}/respond/{token}/") as response:  # noqa: S310
        html = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    cookie = next(
        c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken=")
    )
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, field


def wrk(args, base, work, name, script, tokens_file, seconds) -> dict:
    path = work / f"{name.replace(' ', '-')}.lua"
    path.write_text(script)
    print(f"{name}: {seconds} s, {args.clients} connections ...", flush=True)
    result = subprocess.run(
        ["wrk", "-t", str(args.threads), "-c", str(args.clients), "-d", f"{seconds}s",
         "--timeout", "10s", "-s", str(path), base, "--", str(args.threads),
         str(tokens_file)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(
        (x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None
    )
    if line is None:
        sys.exit(f"wrk gave no result:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line[len("RESULT ") :])
    data["per_s"] = round(data["ok"] / data["seconds"], 1)
    print(
        f"  {data['ok']:,} ok, {data['failed']} failed {data['statuses']}, "
        f"{data['per_s']:,} /s, p50 {data['p50_ms']:.1f} ms, p95 {data['p95_ms']:.1f} ms",
        flush=True,
    )
    return data


def verify(wave_id: int) -> tuple[int, int]:
    from django_scopes import scopes_disabled

    from coproduce.evaluation.models import Answer, Invitation

    with scopes_disabled():
        saved = Invitation.objects.filter(
            wave_id=wave_id, submitted_at__isnull=False
        ).count()
        rows = Answer.objects.filter(wave_id=wave_id).count()
    return saved, rows


def sizes_mb() -> dict[str, float]:
    sizes = {
        table: _scalar(f"SELECT pg_total_relation_size('{table}')") / 2**20
        for table in (
            "evaluation_answer",
            "evaluation_invitation",
            "evaluation_panelmember",
        )
    }
    sizes["database"] = _scalar("SELECT pg_database_size(current_database())") / 2**20
    return {k: round(v, 1) for k, v in sizes.items()}


def _scalar(sql: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _which(name: str) -> bool:
    from shutil import which

    return which(name) is not None


def print_report(r: dict) -> None:
    s, rate = r["submission"], r["rate"]
    print()
    print(
        f"response submission: {rate['responses_per_s']:,} responses/s "
        f"({'meets' if rate['target_met'] else 'BELOW'} the 300/s target), "
        f"p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms"
    )
    print(
        f"  {s['ok']:,} saves in {s['seconds']:.1f} s, {s['failed']} refused, "
        f"{s['socket_errors']} socket errors; database: "
        f"{r['verified']['invitations_with_answers']:,} invitations with "
        f"{r['verified']['answer_rows']:,} answers "
        f"({'matches' if r['verified']['matches_wrk'] else 'DIFFERS'})"
    )
    print(
        f"baseline: trivial Django POST {rate['trivial_per_s']:,}/s "
        f"(p95 {r['trivial']['p95_ms']:.1f} ms), form GET {rate['form_get_per_s']:,}/s "
        f"(p95 {r['form_get']['p95_ms']:.1f} ms); submission / trivial = "
        f"{rate['ratio_to_trivial']:.2f}"
    )
    print(
        f"data: {r['setup']['members']:,} members x {r['setup']['questions']} questions, "
        f"POST body {r['setup']['post_body_bytes']} bytes; sizes (MB) {r['sizes_mb']}"
    )
    print(
        f"machine: {r['machine']['cpus']} CPUs, load {r['machine']['load_average']}, "
        f"PostgreSQL {r['machine']['postgresql']}"
    )


if __name__ == "__main__":
    main()
