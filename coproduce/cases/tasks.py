"""Background work of cases: chain the ledger's waiting entries (the sequencer), and
erase party data when the retention period has passed. Each task takes ids, loads its
tenant with the scopes disabled and does its work inside that tenant's scope, as a
request would.

Sequencing: every transaction that appends to the ledger queues ``ledger_sequence_task``
when it commits (at most one waiting run per tenant and process, see
``ledger.sequencer_wake``); ``coproduce ledger verify`` and the trail's readers run the
sequencer themselves first, so nothing reads a chain with entries left out.

Scheduling: ``case_close`` queues ``case_retention_purge`` for the moment the case's
retention ends (``run_after``), which the task worker (``coproduce db_worker``) runs then;
``coproduce cases purge`` (run daily by cron or a systemd timer) catches anything the
queue missed: a retention period shortened later, a legal hold lifted, a lost task.
"""

from django_scopes import scope, scopes_disabled
from django_tasks import task

from coproduce.tenancy.models import Tenant

from .ledger import ledger_sequence
from .models import Case
from .selectors import cases_due_for_purge
from .services import case_parties_purge


def _tenant(tenant_id: int) -> Tenant | None:
    with scopes_disabled():
        return Tenant.objects.filter(pk=tenant_id).first()


@task()
def ledger_sequence_task(*, tenant_id: int) -> dict:
    """Chain the tenant's waiting ledger entries."""
    tenant = _tenant(tenant_id)
    if tenant is None:
        return {}
    with scope(tenant=tenant):
        result = ledger_sequence(tenant_id=tenant.pk)
    return {
        "entries": result.entries,
        "head_seq": result.head_seq,
        "problem": result.problem,
    }


@task()
def case_retention_purge(*, case_id: int) -> dict:
    """Erase one closed case's party data if its retention period has passed."""
    with scopes_disabled():
        tenant_id = (
            Case.objects.filter(pk=case_id).values_list("tenant_id", flat=True).first()
        )
    tenant = _tenant(tenant_id) if tenant_id is not None else None
    if tenant is None:
        return {}
    with scope(tenant=tenant):
        case = Case.objects.filter(tenant=tenant, pk=case_id).first()
        if case is None or case not in cases_due_for_purge(tenant=tenant):
            return {}
        return case_parties_purge(case=case)
