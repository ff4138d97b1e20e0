"""Permission checks for tenant pages: a view declares the permission it needs
(``TenantPermissionRequired``, kept in core); anything else asks ``request.actor``."""

from coproduce.core.views import TenantPermissionRequired

__all__ = ["TenantPermissionRequired"]
