"""Background work of cases: chain the ledger's waiting entries (the sequencer), and
erase party data when the retention period has passed.

Sequencing: every transaction that appends to the ledger queues ``ledger_sequence_task``
when it commits (at most one waiting run per tenant and process, see
``ledger.sequencer_wake``); ``coproduce ledger verify`` and the trail's readers run the
sequencer themselves first, so nothing reads a chain with entries left out.

Scheduling: ``case_close`` queues ``case_retention_purge`` for the moment the case's
retention ends (``run_after``), which the task worker (``coproduce db_worker``) runs then;
``coproduce cases purge`` (run daily by cron or a systemd timer) catches anything the
queue missed: a retention period shortened later, a legal hold lifted, a lost task.
"""

from django_scopes import scopes_disabled
from django_tasks import task

from .ledger import ledger_sequence
from .models import Case
from .services import case_parties_purge, retention_purge


@task()
def ledger_sequence_task(*, tenant_id: int) -> dict:
    """Chain the tenant's waiting ledger entries."""
    result = ledger_sequence(tenant_id=tenant_id)
    return {
        "entries": result.entries,
        "head_seq": result.head_seq,
        "problem": result.problem,
    }


@task()
def case_retention_purge(*, case_id: int) -> dict:
    """Erase one closed case's party data if its retention period has passed."""
    from .selectors import cases_due_for_purge

    with scopes_disabled():
        case = Case.objects.filter(pk=case_id).select_related("tenant").first()
        if case is None or case not in cases_due_for_purge(tenant=case.tenant):
            return {}
        return case_parties_purge(case=case)


@task()
def retention_purge_all() -> list[str]:
    with scopes_disabled():
        return retention_purge()
