"""Failed attempts are limited per client in a cache every worker shares, the client's
address comes from X-Forwarded-For only through a trusted proxy, and the admin's log-in
and API tokens are limited too."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from coproduce.core.ratelimit import client_ip
from tests.conftest import Client

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
PROXY = "10.0.0.5"


def _ip(remote, forwarded=None, **settings):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(**settings):
        return client_ip(RequestFactory().get("/", **meta))


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored():
    assert _ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    assert (
        _ip("203.0.113.9", "198.51.100.1", COPRODUCE_TRUSTED_PROXIES=[PROXY])
        == "203.0.113.9"
    )


def test_through_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client():
    trusted = {"COPRODUCE_TRUSTED_PROXIES": ["10.0.0.0/24", "192.0.2.1"]}
    assert _ip(PROXY, "198.51.100.7", **trusted) == "198.51.100.7"
    # the visitor forged the left part; the proxies appended the rest
    assert _ip(PROXY, "1.2.3.4, 198.51.100.7, 192.0.2.1", **trusted) == "198.51.100.7"
    assert _ip(PROXY, "", **trusted) == PROXY
    assert _ip(PROXY, "not-an-address", **trusted) == PROXY
    assert _ip("2001:db8::1", "198.51.100.7", **trusted) == "2001:db8::1"


def _fail_login(client, n):
    for _ in range(n):
        response = client.post(reverse("login"), {"username": "cora", "password": "x"})
        assert response.status_code == 200


@override_settings(COPRODUCE_LOGIN_RATE=(3, 60), COPRODUCE_TRUSTED_PROXIES=[PROXY])
def test_visitors_behind_the_proxy_have_their_own_budget(coordinator):
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    _fail_login(attacker, 3)
    assert attacker.post(reverse("login"), {"username": "cora"}).status_code == 429
    # rotating a forged left part of the header does not buy new attempts
    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7")
    assert forged.post(reverse("login"), {"username": "cora"}).status_code == 429
    # another visitor of the same proxy logs in
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
    response = colleague.post(
        reverse("login"), {"username": "cora", "password": "pw-correct-horse"}
    )
    assert response.status_code == 302


@override_settings(COPRODUCE_LOGIN_RATE=(3, 60))
def test_forging_forwarded_for_without_a_trusted_proxy_buys_nothing(coordinator):
    for n in range(3):
        _fail_login(
            Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}"), 1
        )
    blocked = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.99")
    assert blocked.post(reverse("login"), {"username": "cora"}).status_code == 429


@override_settings(COPRODUCE_LOGIN_RATE=(3, 60))
def test_the_admin_login_is_limited_and_shares_the_budget(django_user_model):
    django_user_model.objects.create_superuser("root", "r@example.org", "pw-root-pw")
    client = Client()
    for _ in range(2):
        response = client.post("/admin/login/", {"username": "root", "password": "x"})
        assert response.status_code == 200
    _fail_login(client, 1)  # the site's own log-in counts against the admin's
    response = client.post(
        "/admin/login/", {"username": "root", "password": "pw-root-pw"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # another address still gets in
    other = Client(REMOTE_ADDR="10.9.9.9")
    response = other.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "pw-root-pw"}
    )
    assert response.status_code == 302


@override_settings(COPRODUCE_API_TOKEN_RATE=(3, 60))
def test_wrong_api_tokens_are_limited_with_a_problem(coordinator, tenant, api_headers):
    from tests.api.conftest import assert_problem

    for n in range(3):
        response = Client(headers={"Authorization": f"Bearer cp_guess{n}"}).get(
            "/api/v1/organisations"
        )
        assert_problem(response, 401)
    # now even the right key is refused from this address, so guessing learns nothing
    response = Client(headers=api_headers(coordinator, tenant)).get(
        "/api/v1/organisations"
    )
    assert_problem(response, 429)
    assert response["Retry-After"] == "60"
    other = Client(REMOTE_ADDR="10.9.9.9", headers=api_headers(coordinator, tenant))
    assert other.get("/api/v1/organisations").status_code == 200


# -- the cache is shared -------------------------------------------------------------------


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


SCRIPT = """
import sys, django
django.setup()
from django.test import RequestFactory
from coproduce.core import ratelimit
request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.20")
# a window of a day: django-ratelimit's windows are fixed, and the two processes (seconds
# apart under load) must not fall on both sides of a boundary, which resets the count
rate = {"limit": 3, "window": 86400}
for _ in range(int(sys.argv[1])):
    ratelimit.record_failure(request, "login", **rate)
print("blocked" if ratelimit.blocked(request, "login", **rate) else "open")
"""


def _process(failures: int, prefix: str, url: str | None) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.test",
        "CACHE_KEY_PREFIX": prefix,
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    if url:
        env["REDIS_URL"] = url
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(failures)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.redis
def test_two_processes_share_one_counter_in_redis():
    if not _redis_reachable():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis is not reachable on 127.0.0.1:6379 (CI=true)")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}"
    # two workers, two failures each: together they spend the budget of three
    assert _process(2, prefix, REDIS_URL) == "open"
    assert _process(2, prefix, REDIS_URL) == "blocked"
    # without Redis each process counts alone: the bug this replaces
    assert _process(2, prefix, None) == "open"


def test_the_settings_take_redis_from_the_environment():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.test",
    }
    for name in ("REDIS_URL", "CACHE_URL"):
        env.pop("REDIS_URL", None)
        env.pop("CACHE_URL", None)
        env[name] = REDIS_URL
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True
        )
        assert out.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    env.pop("CACHE_URL")
    env |= {"DJANGO_SETTINGS_MODULE": "coproduce.config.settings.production"}
    env |= {"SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:///:memory:"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert "Production needs REDIS_URL" in out.stderr
