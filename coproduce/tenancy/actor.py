"""Who is asking: one ``Actor`` per request, built once by the tenant middleware (pages and
the API alike) and handed to every ``access.py`` check and every service.

The actor carries the tenant, the user, their person in the tenant (or ``None``), their
role and the permissions that role carries, plus what other apps grant on top (a member
designated as auditor in the cases app gains ``cases.audit``). Apps add such grants by
registering a function with ``grant_register`` in their ``AppConfig.ready()``, and the
registry (people) tells who a user is in a tenant with ``person_finder_register``, so
tenancy imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from .roles import permissions_for

if TYPE_CHECKING:
    from coproduce.people.models import Person

    from .models import Tenant

Grant = Callable[..., Iterable[str]]
_grants: list[Grant] = []
_person_finders: list[Callable[..., Any]] = []


def person_finder_register(finder: Callable[..., Any]) -> None:
    """Register ``finder(*, tenant, user) -> person or None`` (the registry's)."""
    if finder not in _person_finders:
        _person_finders.append(finder)


def grant_register(grant: Grant) -> Grant:
    """Register ``grant(*, tenant, user, permissions) -> permissions`` to be added to every
    actor; ``permissions`` are those granted so far, so that a grant the role already
    carries costs no query."""
    if grant not in _grants:
        _grants.append(grant)
    return grant


@dataclass(frozen=True)
class Actor:
    tenant: Tenant | None
    user: Any = None
    person: Person | None = None
    role: str | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def can_any(self, permissions: Iterable[str]) -> bool:
        return not self.permissions.isdisjoint(permissions)

    def require(self, permission: str) -> None:
        """Refuse (403 on a page, a 403 problem in the API) without ``permission``."""
        if permission not in self.permissions:
            raise PermissionDenied(permission)

    def require_any(self, permissions: Iterable[str]) -> None:
        permissions = frozenset(permissions)
        if self.permissions.isdisjoint(permissions):
            raise PermissionDenied(" or ".join(sorted(permissions)))


ANONYMOUS = Actor(tenant=None)


def actor_build(*, tenant: Tenant, user: Any, role: str | None) -> Actor:
    """The actor of ``user`` in ``tenant`` (inside the tenant's scope): the role's
    permissions, what registered grants add, and the person behind the user."""
    permissions = set(permissions_for(role))
    for grant in _grants:
        permissions.update(
            grant(tenant=tenant, user=user, permissions=frozenset(permissions))
        )
    person = None
    if user is not None and getattr(user, "is_authenticated", False):
        # Resolved now (one indexed query): a lazy object wrapping None would be truthy.
        for finder in _person_finders:
            person = finder(tenant=tenant, user=user)
            if person is not None:
                break
    return Actor(
        tenant=tenant,
        user=user,
        person=person,
        role=role,
        permissions=frozenset(permissions),
    )
