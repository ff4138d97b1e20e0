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


def tenant_member_list(*, tenant):
    return (
        TenantMembership.objects.filter(tenant=tenant)
        .select_related("user")
        .order_by("user__username", "id")
    )


def tenant_member_get(*, tenant, pk: int) -> TenantMembership | None:
    return tenant_member_list(tenant=tenant).filter(pk=pk).first()


def api_token_list(*, tenant, user):
    """The user's own tokens in the tenant, the newest first (revoked ones too)."""
    return ApiToken.objects.filter(tenant=tenant, user=user).order_by(
        "-created_at", "-id"
    )


def api_token_get(*, tenant, user, pk: int) -> ApiToken | None:
    return api_token_list(tenant=tenant, user=user).filter(pk=pk).first()
