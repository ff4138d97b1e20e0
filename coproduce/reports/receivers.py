"""Renew the dashboard's figures after the data change: every service records an event
(core.events), so an event saved means the tenant's data changed. The figures of those who
see every initiative are queued for recomputation once the transaction commits, once per
tenant and transaction however many events it wrote (reports.services)."""

from functools import partial

from django.db import transaction

from .models import ALL
from .services import dashboard_refresh_request


def _queued(connection, tenant_id: int) -> bool:
    """Whether this transaction already asks for the tenant's figures on commit."""
    return any(
        getattr(entry[1], "dashboard_tenant_id", None) == tenant_id
        for entry in connection.run_on_commit
    )


def event_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and _queued(connection, instance.tenant_id):
        return
    callback = partial(
        dashboard_refresh_request, tenant_id=instance.tenant_id, audience=ALL
    )
    callback.dashboard_tenant_id = instance.tenant_id
    # robust: a failure to queue is logged and never fails the write that committed
    transaction.on_commit(callback, robust=True)
