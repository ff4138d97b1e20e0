"""Tokens: no token, a wrong, revoked or former member's token is a 401 problem."""

import pytest
from django.core.management import call_command

from coproduce.tenancy.models import ApiToken, TenantMembership
from coproduce.tenancy.services import api_token_create, api_token_revoke
from tests.conftest import Client

from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def _get(headers=None):
    return Client(headers=headers or {}).get("/api/v1/organisations")


def test_missing_or_wrong_token_is_a_401_problem(coordinator, tenant):
    for headers in (
        None,
        {"Authorization": "Bearer cp_wrong"},
        {"Authorization": "Basic Y29yYTpwdw=="},
    ):
        response = _get(headers)
        assert_problem(response, 401)
        assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_token_is_a_401(coordinator, tenant):
    token, key = api_token_create(tenant=tenant, user=coordinator, name="script")
    headers = {"Authorization": f"Bearer {key}"}
    assert _get(headers).status_code == 200

    api_token_revoke(token=token, actor=coordinator)

    assert_problem(_get(headers), 401)


def test_token_of_a_former_member_is_a_401(coordinator, tenant, api_headers):
    headers = api_headers(coordinator, tenant)
    TenantMembership.objects.filter(user=coordinator).delete()

    assert_problem(_get(headers), 401)


def test_openapi_document_is_public_and_declares_bearer_tokens():
    spec = Client().get("/api/v1/openapi.json").json()

    assert spec["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }
    problem = spec["paths"]["/api/v1/organisations/{id}"]["get"]["responses"]["404"]
    assert list(problem["content"]) == ["application/problem+json"]


def test_unknown_path_and_method_are_problems(api):
    assert_problem(api.get("/no-such-thing"), 404)
    assert_problem(api.get("/organisations/%0A1"), 404)
    response = api.client.put("/api/v1/organisations")
    assert_problem(response, 405)
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_token_command_creates_a_working_key_and_revokes_it(
    coordinator, tenant, capsys
):
    call_command(
        "token",
        "create",
        "--tenant",
        "riverside",
        "--user",
        "cora",
        "--name",
        "nightly export",
    )
    key = capsys.readouterr().out.strip()
    assert key.startswith("cp_")
    assert _get({"Authorization": f"Bearer {key}"}).status_code == 200

    call_command("token", "revoke", "--tenant", "riverside", "--prefix", key[:10])

    assert ApiToken.objects.get(prefix=key[:10]).revoked_at is not None
    assert_problem(_get({"Authorization": f"Bearer {key}"}), 401)


def test_token_command_refuses_a_non_member(coordinator, other_tenant):
    from django.core.management import CommandError

    with pytest.raises(
        CommandError, match="No member of tenant 'hillview' has the user name 'cora'"
    ):
        call_command(
            "token", "create", "--tenant", "hillview", "--user", "cora", "--name", "x"
        )
