"""Permission checks for tenant pages: a view declares the permission it needs."""

from django.core.exceptions import PermissionDenied


def require(request, permission: str) -> None:
    if permission not in request.permissions:
        raise PermissionDenied


class TenantPermissionRequired:
    """Refuse with 403 unless the user's role in ``request.tenant`` carries ``permission``.
    (Membership itself was checked by the tenant middleware: outsiders got 404.)"""

    permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if self.permission:
            require(request, self.permission)
        return super().dispatch(request, *args, **kwargs)
