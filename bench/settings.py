"""Benchmark-only settings: production's, plus a trivial view as the baseline of a run
(bench/urls.py) and a header with the SQL queries each response made."""

from coproduce.config.settings.production import *  # noqa: F403
from coproduce.config.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.urls.QueryCountMiddleware", *MIDDLEWARE]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
