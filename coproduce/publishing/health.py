"""``/health/`` for load balancers: 200 ``{"status": "ok"}`` when the database and the
cache answer, 503 naming what failed otherwise.

A middleware placed first, not a view: a load balancer probes by the server's address
(not a name in ALLOWED_HOSTS), often over plain HTTP, many times a minute; answered here
the probe meets no host check, HTTPS redirect, session, CSRF, rate limit or tenant lookup,
and leaves no session row. django-health-check does the same checks through a URL view,
behind all of those; for two checks it is not worth a dependency.
"""

import json
import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

PATH = "/health/"
log = logging.getLogger("coproduce.health")


def check_database() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                raise RuntimeError("unexpected answer")


def check_cache() -> None:
    key, value = "coproduce:health", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the value written was not read back")


CHECKS = {"database": check_database, "cache": check_cache}


def health() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure is the answer, never a 500
            log.warning("health check %s failed: %s", name, exc)
            results[name] = f"failed: {exc.__class__.__name__}"
    return all(v == "ok" for v in results.values()), results


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        ok, results = health()
        body = json.dumps({"status": "ok" if ok else "failing", "checks": results})
        response = HttpResponse(
            body, status=200 if ok else 503, content_type="application/json"
        )
        response["Cache-Control"] = "no-store"
        return response
