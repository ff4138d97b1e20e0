"""Shared fixtures: two tenants, users of every role, logged-in clients and API tokens.

Test bodies run with django-scopes disabled so that they can build and inspect rows freely.
Requests made with the test client run as in production: the client clears that state for
the request, so a query outside the scope the tenant middleware opens raises here too.
"""

import pytest
from django.core.cache import cache
from django.test import Client as DjangoClient
from django.utils import translation
from django_scopes import scopes_disabled
from django_scopes.state import state as scopes_state

from coproduce.tenancy.services import api_token_create

from . import factories as f

PASSWORD = "pw-correct-horse"


class Client(DjangoClient):
    """A test client whose requests start with no django-scopes state, as in a server."""

    def request(self, **request):
        token = scopes_state.set(None)
        try:
            return super().request(**request)
        finally:
            scopes_state.reset(token)


@pytest.fixture
def client():
    return Client()


@pytest.fixture(autouse=True)
def _english():
    """A request in another language leaves it active in the thread; start each test in English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate-limit counters none spent, and figures
    kept in the cache (keyed on the largest ids, which a rolled-back test gives out again
    on SQLite) none kept."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _scopes_disabled():
    with scopes_disabled():
        yield


@pytest.fixture
def tenant(db):
    return f.TenantFactory(slug="riverside", name="Riverside")


@pytest.fixture
def other_tenant(db):
    return f.TenantFactory(slug="hillview", name="Hillview")


@pytest.fixture
def make_member(db):
    """make_member(tenant, role, person=True) -> user with that role (and a linked person)."""

    def make(tenant, role, *, person=True, username=None):
        user = f.UserFactory(**({"username": username} if username else {}))
        f.TenantMembershipFactory(tenant=tenant, user=user, role=role)
        if person:
            f.PersonFactory(
                tenant=tenant,
                user=user,
                given_name=user.username.title(),
                family_name="Member",
            )
        return user

    return make


@pytest.fixture
def coordinator(tenant, make_member):
    return make_member(tenant, "coordinator", username="cora")


@pytest.fixture
def client_for():
    """client_for(user) -> a Client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def coordinator_client(coordinator, client_for):
    return client_for(coordinator)


@pytest.fixture
def api_headers():
    """api_headers(user, tenant) -> headers with a fresh bearer token for that user."""

    def make(user, tenant):
        _, key = api_token_create(tenant=tenant, user=user, name="test")
        return {"Authorization": f"Bearer {key}"}

    return make
