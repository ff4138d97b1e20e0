"""Permission checks for tenant pages: a view declares the permission it needs."""

from coproduce.core.views import TenantPermissionRequired

__all__ = ["TenantPermissionRequired", "require"]


def require(request, permission: str) -> None:
    request.actor.require(permission)
