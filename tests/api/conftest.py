"""Fixtures for the API tests: a JSON client that carries a member's token."""

import json

import pytest

from tests.conftest import Client


class ApiClient:
    """Calls /api/v1 as one member; answers the response with ``.data`` parsed."""

    def __init__(self, headers):
        self.client = Client(headers=headers)

    def _call(self, method, path, body=None, **params):
        kwargs = {}
        if body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        elif params:
            kwargs = {"data": params}
        response = getattr(self.client, method)(f"/api/v1{path}", **kwargs)
        content = response.content
        response.data = json.loads(content) if content else None
        return response

    def get(self, path, **params):
        return self._call("get", path, **params)

    def post(self, path, body):
        return self._call("post", path, body)

    def patch(self, path, body):
        return self._call("patch", path, body)

    def delete(self, path):
        return self._call("delete", path)


@pytest.fixture
def api_as(api_headers):
    """api_as(user, tenant) -> an ApiClient with a fresh token of that user."""

    def make(user, tenant):
        return ApiClient(api_headers(user, tenant))

    return make


@pytest.fixture
def api(api_as, coordinator, tenant):
    """The coordinator of the first tenant."""
    return api_as(coordinator, tenant)


@pytest.fixture
def outsider(api_as, other_tenant, make_member):
    """A coordinator of the other tenant: sees nothing of the first."""
    user = make_member(other_tenant, "coordinator", username="otto", person=False)
    return api_as(user, other_tenant)


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    return body
