"""What the exchange commands share: the tenant, the actor, help kept as written."""

import argparse

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, DjangoHelpFormatter

from coproduce.tenancy.models import Tenant, TenantMembership


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's order of options, with the description and epilog printed as written."""


def tenant_get(slug: str) -> Tenant:
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None:
        known = list(
            Tenant.objects.order_by("slug").values_list("slug", flat=True)[:11]
        )
        hint = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
        raise CommandError(
            f"No tenant has the short name '{slug}'. "
            + (f"The tenants are: {hint}." if known else "There are no tenants yet.")
        )
    return tenant


def actor_get(username: str | None, *, tenant: Tenant):
    """The user the audit events name; a member of the tenant, or nobody."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if (
        user is None
        or not TenantMembership.objects.filter(tenant=tenant, user=user).exists()
    ):
        raise CommandError(
            f"No member of tenant '{tenant.slug}' has the user name '{username}'."
        )
    return user
