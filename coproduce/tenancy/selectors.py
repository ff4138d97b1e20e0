"""Reads for tenancy: memberships, tokens, the person behind a user."""

from django.utils import timezone
from django_scopes import scopes_disabled

from .models import ApiToken, TenantMembership


def membership_for(*, user, tenant_slug: str) -> TenantMembership | None:
    if not user.is_authenticated or not user.is_active:
        return None
    with scopes_disabled():
        return (
            TenantMembership.objects.select_related("tenant")
            .filter(user=user, tenant__slug=tenant_slug)
            .first()
        )


def tenant_memberships_of(*, user) -> list[TenantMembership]:
    with scopes_disabled():
        return list(
            TenantMembership.objects.select_related("tenant")
            .filter(user=user)
            .order_by("tenant__name")
        )


def api_token_authenticate(key: str) -> ApiToken | None:
    with scopes_disabled():
        token = (
            ApiToken.objects.select_related("tenant", "user")
            .filter(
                key_hash=ApiToken.hash_key(key),
                revoked_at__isnull=True,
                user__is_active=True,
            )
            .first()
        )
        if token is not None:
            now = timezone.now()
            if (
                token.last_used_at is None
                or (now - token.last_used_at).total_seconds() > 60
            ):
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token
