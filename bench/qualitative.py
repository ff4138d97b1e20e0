"""Benchmark qualitative evidence, in memory, on one core:

    .venv/bin/python bench/qualitative.py
    .venv/bin/python bench/qualitative.py --coders 10 --units 5000 --codes 50 --answers 20000

1. ``agreement.code_agreement`` for C coders x U units x K codes (every coder reads 80 %
   of the units at random; each code applied with its own rate, coders agreeing 85 % of
   the time). Target: 10 x 5,000 x 50 in 2 s or less.
2. ``themes.theme_suggestions`` for N synthetic answers in Finnish, Swedish and English
   (4 topics, 8 words from a topic and 3 common words each; 6 themes). Target: 20,000
   answers in 30 s or less.

Each timing is the median of ``--repeat`` runs (default 3); the figures are printed and
written as JSON to bench/results/ (git-ignored).
"""

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coproduce.qualitative.agreement import code_agreement  # noqa: E402
from coproduce.qualitative.themes import theme_suggestions  # noqa: E402

TOPICS = [
    "bussi myöhässä aikataulu pysäkki kuljettaja lippu reitti vuoro".split(),
    "kirjasto lainaus kirja aukiolo lukusali henkilökunta tapahtuma lapset".split(),
    "bus late schedule stop driver ticket route timetable".split(),
    "bibliotek böcker lån öppettider personal läsesal barn evenemang".split(),
]
COMMON = "ja on se och är det the and is".split()


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--coders", type=int, default=10)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--codes", type=int, default=50)
    parser.add_argument("--answers", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    rng = np.random.default_rng(1)
    read = rng.random((args.coders, args.units)) < 0.8
    truth = rng.random((args.codes, 1, args.units)) < rng.uniform(
        0.05, 0.4, (args.codes, 1, 1)
    )
    flip = rng.random((args.codes, args.coders, args.units)) < 0.15
    applied = truth ^ flip
    names = [f"code{k}" for k in range(args.codes)]
    agreement_s, results = _median(
        lambda: code_agreement(read, applied, names), args.repeat
    )
    alphas = [r.krippendorff_alpha for r in results]

    texts = []
    for _ in range(args.answers):
        topic = TOPICS[rng.integers(len(TOPICS))]
        words = list(rng.choice(topic, 8)) + list(rng.choice(COMMON, 3))
        rng.shuffle(words)
        texts.append(" ".join(words))
    themes_s, themes = _median(
        lambda: theme_suggestions(texts, n_themes=6), args.repeat
    )

    figures = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "agreement": {
            "coders": args.coders,
            "units": args.units,
            "codes": args.codes,
            "seconds": round(agreement_s, 4),
            "target_seconds": 2.0,
            "alpha_median": round(float(np.median(alphas)), 3),
        },
        "themes": {
            "answers": args.answers,
            "themes": len(themes),
            "seconds": round(themes_s, 3),
            "target_seconds": 30.0,
            "top_terms": [t.terms[:4] for t in themes],
        },
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    name = f"qualitative-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.json"
    (out / name).write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
