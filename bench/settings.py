"""Benchmark-only settings: production's, plus a trivial view as the baseline of a run
(bench/urls.py) and a header with the SQL queries each response made."""

import os

# production refuses to start without a shared cache and a ledger key: the benchmark uses
# the local Redis and a throwaway key
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
os.environ.setdefault("LEDGER_KEY", "bench:bench-only-ledger-key-0123456789abcdef")

from coproduce.config.settings.production import *  # noqa: E402, F403
from coproduce.config.settings.production import MIDDLEWARE  # noqa: E402

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.urls.QueryCountMiddleware", *MIDDLEWARE]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
