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
from uuid import uuid4

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_scopes import scope, scopes_disabled

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
    return _actor(tenant=tenant, user=user, role=role, person=_person_of(tenant, user))


def _person_of(tenant: Tenant, user: Any) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    # Resolved now (one indexed query): a lazy object wrapping None would be truthy.
    for finder in _person_finders:
        person = finder(tenant=tenant, user=user)
        if person is not None:
            return person
    return None


def _actor(*, tenant: Tenant, user: Any, role: str | None, person) -> Actor:
    permissions = set(permissions_for(role))
    for grant in _grants:
        permissions.update(
            grant(tenant=tenant, user=user, permissions=frozenset(permissions))
        )
    return Actor(
        tenant=tenant,
        user=user,
        person=person,
        role=role,
        permissions=frozenset(permissions),
    )


# The member behind every request, kept -----------------------------------------------------
#
# Every page and API call needs the tenant, the member's role and their person: two queries
# (membership with tenant, person) before any work of its own. They are kept in the cache
# per (tenant slug, user) beside a generation of the tenant; ``actor_forget`` moves the
# generation on whenever a membership, the tenant, a user or a person who is or was someone's
# account is saved or deleted (tenancy.apps and people.apps connect it), at once and after the
# commit, so that a request that read the old rows while the change was being committed
# cannot keep them. Removing a member or changing a role therefore counts from the next
# request, as before. What registered grants add is asked on every request, not kept.

ACTOR_KEPT_SECONDS = 300
_GENERATION_SECONDS = 7 * 24 * 3600


def _generation_key(tenant_slug: str) -> str:
    return f"tenancy:actor-generation:{tenant_slug}"


def _kept_key(tenant_slug: str, user_id: int) -> str:
    return f"tenancy:actor:{tenant_slug}:{user_id}"


def actor_of_member(*, user: Any, tenant_slug: str) -> Actor | None:
    """The actor of ``user`` in the tenant ``tenant_slug``, or ``None`` if the user is not
    an active member of it. Call it outside any tenant scope (the middleware does)."""
    from .selectors import membership_for  # selectors import the models

    if not user.is_authenticated or not user.is_active:
        return None
    generation_key = _generation_key(tenant_slug)
    key = _kept_key(tenant_slug, user.pk)
    found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    if generation is None:
        cache.add(generation_key, uuid4().hex, _GENERATION_SECONDS)
        generation = cache.get(generation_key)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        _generation, tenant, role, person = kept
    else:
        membership = membership_for(user=user, tenant_slug=tenant_slug)
        if membership is None:
            return None
        tenant, role = membership.tenant, membership.role
        with scope(tenant=tenant):
            person = _person_of(tenant, user)
        if generation is not None:
            cache.set(key, (generation, tenant, role, person), ACTOR_KEPT_SECONDS)
    with scope(tenant=tenant):
        return _actor(tenant=tenant, user=user, role=role, person=person)


def actor_forget_of(
    *, tenant_id: int | None = None, user_id: int | None = None
) -> None:
    """``actor_forget`` for the tenant with ``tenant_id``, or every tenant ``user_id`` is a
    member of (for the apps' signal receivers, which know only the keys)."""
    from .models import Tenant, TenantMembership

    with scopes_disabled():
        if tenant_id is not None:
            slugs = list(
                Tenant.objects.filter(pk=tenant_id).values_list("slug", flat=True)
            )
        elif user_id is not None:
            slugs = list(
                TenantMembership.objects.filter(user_id=user_id).values_list(
                    "tenant__slug", flat=True
                )
            )
        else:
            slugs = []
    for slug in slugs:
        actor_forget(slug)


def actor_forget(tenant_slug: str) -> None:
    """Forget the kept actors of every member of ``tenant_slug`` (see above)."""

    def move_on() -> None:
        # a new random generation, never one a kept actor could carry (a counter that
        # fell out of the cache would start again at a number already used)
        cache.set(_generation_key(tenant_slug), uuid4().hex, _GENERATION_SECONDS)

    move_on()
    transaction.on_commit(move_on)
