"""What the project's commands share: the tenant named by ``--tenant`` and the member
named by ``--user``/``--actor``, with one clear message when either is wrong."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from .actor import Actor, actor_build
from .models import Tenant, TenantMembership


def tenant_get(slug: str) -> Tenant:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is not None:
            return tenant
        known = list(
            Tenant.objects.order_by("slug").values_list("slug", flat=True)[:11]
        )
    hint = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
    raise CommandError(
        f"No tenant has the short name '{slug}'. "
        + (f"The tenants are: {hint}." if known else "There are no tenants yet.")
    )


def _membership(username: str, tenant: Tenant) -> TenantMembership:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    with scopes_disabled():
        membership = (
            TenantMembership.objects.select_related("user")
            .filter(tenant=tenant, user=user)
            .first()
            if user is not None
            else None
        )
    if membership is None:
        raise CommandError(
            f"No member of tenant '{tenant.slug}' has the user name '{username}'."
        )
    return membership


def actor_get(username: str | None, *, tenant: Tenant):
    """The user the audit events name; a member of the tenant, or nobody."""
    if not username:
        return None
    return _membership(username, tenant).user


def actor_for(username: str, *, tenant: Tenant) -> Actor:
    """The member's actor in ``tenant``, as a page would build it (call inside the scope)."""
    membership = _membership(username, tenant)
    return actor_build(tenant=tenant, user=membership.user, role=membership.role)
