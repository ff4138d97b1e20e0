"""Reads of what a tenant publishes."""

from django.db.models import Exists, OuterRef, QuerySet
from django_scopes import scopes_disabled

from coproduce.people.models import PublicService
from coproduce.tenancy.models import Tenant

from .models import AccessibilityStatement, PrivacyNotice, PublishedService


def public_tenant(slug: str) -> Tenant | None:
    """The tenant of a public page (no membership needed: what it publishes is public)."""
    with scopes_disabled():
        return Tenant.objects.filter(slug=slug).first()


def published_service(tenant: Tenant, identifier: str) -> PublicService | None:
    """The service ``identifier`` of ``tenant`` if the tenant publishes it, else None."""
    return (
        PublicService.objects.filter(
            tenant=tenant, identifier=identifier, publication__isnull=False
        )
        .select_related("tenant", "competent_authority")
        .first()
    )


def services_with_publication(tenant: Tenant) -> QuerySet[PublicService]:
    """The tenant's services, each with ``published`` (True/False), for the publishing page."""
    return (
        PublicService.objects.filter(tenant=tenant)
        .annotate(
            published=Exists(PublishedService.objects.filter(service=OuterRef("pk")))
        )
        .order_by("name", "pk")
    )


def accessibility_statement(tenant: Tenant | None) -> AccessibilityStatement:
    """The tenant's statement, or the defaults (unsaved) when it has none yet."""
    if tenant is not None:
        found = AccessibilityStatement.objects.filter(tenant=tenant).first()
        if found is not None:
            return found
    return AccessibilityStatement(tenant=tenant)


def privacy_notice(tenant: Tenant | None) -> PrivacyNotice:
    if tenant is not None:
        found = PrivacyNotice.objects.filter(tenant=tenant).first()
        if found is not None:
            return found
    return PrivacyNotice(tenant=tenant)
