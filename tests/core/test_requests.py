"""Requests refused with a clear answer rather than a 500 or a worker without bounds (NUL
characters, too large bodies, too long addresses), and the headers that keep pages safe
in the browser (Content-Security-Policy, HSTS in production)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from coproduce.people.models import Organisation
from tests.conftest import Client

from .. import factories as f

ROOT = Path(__file__).resolve().parents[2]


def _problem(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["detail"]
    return body


# -- NUL -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/t/riverside/people/?q=a%00b",
        "/t/riverside/organisations/?q=%00",
        "/t/riverside/services/?q=x%00",
    ],
)
def test_a_nul_in_a_search_is_a_400_that_says_why(coordinator_client, path):
    response = coordinator_client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_in_a_form_is_refused_and_nothing_is_written(coordinator_client):
    response = coordinator_client.post(
        reverse("organisation-create", kwargs={"tenant": "riverside"}),
        {"name": "Food\x00bank", "kind": "ngo"},
    )
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Organisation.objects.filter(name__contains="Food").exists()


def test_a_nul_in_the_api_is_a_422_problem(coordinator, tenant, api_headers):
    client = Client(headers=api_headers(coordinator, tenant))
    _problem(client.get("/api/v1/organisations?q=%00"), 422)
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "Food\u0000bank", "kind": "ngo"}),
        content_type="application/json",
    )
    body = _problem(response, 422)
    assert "NUL" in body["detail"]
    assert not Organisation.objects.filter(name__contains="Food").exists()
    # an escaped backslash followed by u0000 is text, not a NUL
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "Food\\u0000bank", "kind": "ngo"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


# -- sizes -----------------------------------------------------------------------------


@override_settings(COPRODUCE_IMPORT_MAX_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_an_upload_over_the_limit_is_a_413_that_names_the_limit(coordinator_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("m.csv", b"x" * 5000, "text/csv")
    response = coordinator_client.post("/t/riverside/outcomes/import/", {"file": big})
    assert response.status_code == 413
    assert "too large: at most 1000 bytes" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_a_body_over_the_limit_is_a_413_problem_in_the_api(
    coordinator, tenant, api_headers
):
    client = Client(headers=api_headers(coordinator, tenant))
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "x" * 5000, "kind": "ngo"}),
        content_type="application/json",
    )
    _problem(response, 413)


def test_request_data_too_big_inside_the_api_is_a_413_problem(
    coordinator, tenant, api_headers, settings
):
    """Django's own RequestDataTooBig, raised when ninja reads the body, is a problem
    too (here with the middleware that refuses such bodies earlier taken out)."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("RequestLimitsMiddleware")
    ]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    client = Client(headers=api_headers(coordinator, tenant))
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "x" * 5000, "kind": "ngo"}),
        content_type="application/json",
    )
    _problem(response, 413)


def test_an_over_long_address_is_a_414_problem_in_the_api(
    coordinator, tenant, api_headers
):
    client = Client(headers=api_headers(coordinator, tenant))
    _problem(client.get("/api/v1/organisations?q=" + "a" * 9000), 414)


def test_an_over_long_address_is_a_414_page(coordinator_client):
    response = coordinator_client.get("/t/riverside/people/?q=" + "a" * 9000)
    assert response.status_code == 414
    assert "text/html" in response["Content-Type"]


def test_gunicorn_passes_long_lines_on_to_the_app():
    from coproduce.config import gunicorn

    assert gunicorn.limit_request_line == 0


# -- headers ---------------------------------------------------------------------------


def test_pages_carry_a_content_security_policy_without_inline_code(coordinator_client):
    response = coordinator_client.get("/t/riverside/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize(
    "template",
    [
        "evaluation/respond.html",
        "evaluation/report_print.html",
        "reports/_print_head.html",
        "base.html",
    ],
)
def test_templates_hold_no_inline_script_or_style(template):
    from django.template.loader import get_template

    source = Path(get_template(template).origin.name).read_text(encoding="utf-8")
    assert "<style" not in source
    assert " style=" not in source
    assert "<script>" not in source
    assert "onclick=" not in source


def test_pages_and_the_api_are_marked_no_store(coordinator, tenant, api_headers):
    f.PersonFactory(tenant=tenant, given_name="Aino")
    client = Client()
    client.force_login(coordinator)
    page = client.get("/t/riverside/people/")
    assert "Aino" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    api = Client(headers=api_headers(coordinator, tenant)).get("/api/v1/people")
    assert "no-store" in api["Cache-Control"]
    # static files stay cacheable (WhiteNoise answers before the rule)
    static = Client().get("/static/coproduce/site.css")
    static.close()
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_production_turns_hsts_on_by_default():
    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.SECURE_HSTS_SECONDS)"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "sqlite:///:memory:",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "LEDGER_KEY": "k1:a-test-key-kept-outside-the-database",
    }
    env.pop("SECURE_HSTS_SECONDS", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == str(365 * 24 * 3600), out.stderr
    env["SECURE_HSTS_SECONDS"] = "0"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "0"
