"""Renew the dashboard's figures after the data change: every service records an event
(core.events), so an event saved means the tenant's data changed. The figures of those who
see every initiative are queued for recomputation once the transaction commits, once per
tenant and transaction however many events it wrote (reports.services).

How "once per transaction" is known, with Django's public API only: the callback queued for
a tenant is remembered weakly, per thread and database (as Django keeps connections). While
the transaction that queued it is open, Django holds the callback until the commit, so the
next event of that transaction finds it and queues nothing. Once the transaction commits
(the callback has run) or rolls back (Django drops the callbacks queued in what was rolled
back, a savepoint's too), nothing holds the callback any more and its entry goes with it,
so the next transaction queues its own: no rollback hook is needed, and none can leave a
stale mark behind.
"""

import threading
import weakref
from collections.abc import Callable
from functools import partial

from django.db import DEFAULT_DB_ALIAS, transaction

from .models import ALL
from .services import dashboard_refresh_request

Queued = weakref.WeakValueDictionary[int, Callable[[], object]]

_local = threading.local()


def _queued(using: str) -> Queued:
    """The refreshes queued, by tenant id, in this thread's open transaction on ``using``."""
    by_database: dict[str, Queued] = _local.__dict__.setdefault("by_database", {})
    return by_database.setdefault(using, weakref.WeakValueDictionary())


def event_saved(
    sender,
    instance,
    created: bool,
    raw: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    **kwargs,
) -> None:
    if not created or raw:
        return
    queued = _queued(using)
    if instance.tenant_id in queued:
        return
    callback = partial(
        dashboard_refresh_request, tenant_id=instance.tenant_id, audience=ALL
    )
    callback.dashboard_tenant_id = instance.tenant_id  # type: ignore[attr-defined]
    queued[instance.tenant_id] = callback
    # robust: a failure to queue is logged and never fails the write that committed
    transaction.on_commit(callback, using=using, robust=True)
