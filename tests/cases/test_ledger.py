"""The ledger: every case event chained; verify names the first entry that was changed,
removed or reordered, by the command and by the function; appends never fork.

Appends queue their entries (waiting, no lock); the sequencer chains them. Most tests
here walk a case, chain what waits, then tamper with the chain."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from coproduce.cases.ledger import (
    GENESIS,
    canonical,
    entry_hash,
    ledger_sequence,
    ledger_verify,
    sha256_text,
    utc,
)
from coproduce.cases.models import LedgerEntry, LedgerHead

from .conftest import PARTIES
from .conftest import walk_to_agreement as walk_waiting

pytestmark = pytest.mark.django_db


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify(tenant):
    return ledger_verify(tenant_id=tenant.pk, chunk_size=3)


def walk_to_agreement(world):
    """Walk the case to its agreement and chain every entry."""
    record = walk_waiting(world)
    assert not ledger_sequence(tenant_id=world.tenant.pk).problem
    return record


def test_chain_links_every_entry_and_the_head(world):
    walk_to_agreement(world)
    entries = list(LedgerEntry.objects.filter(tenant=world.tenant).order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    e = entries[3]
    assert e.content_hash == sha256_text(e.content)
    assert e.entry_hash == entry_hash(
        tenant_id=world.tenant.pk,
        seq=e.seq,
        case_id=e.case_id,
        kind=e.kind,
        prev_hash=e.prev_hash,
        content_hash=e.content_hash,
        created_at=utc(e.created_at),
        slot=e.slot,
        slot_seq=e.slot_seq,
    )
    assert e.key_id == "test-1"
    assert len(e.mac) == 64
    head = LedgerHead.objects.get(tenant=world.tenant)
    assert (head.seq, head.entry_hash) == (entries[-1].seq, entries[-1].entry_hash)
    assert _verify(world.tenant).ok
    call_command("ledger", "verify", "--tenant", world.tenant.slug)


def test_party_details_never_enter_the_ledger(world):
    walk_to_agreement(world)
    text = " ".join(LedgerEntry.objects.values_list("content", flat=True))
    for party in PARTIES:
        for value in party.values():
            if value not in ("victim", "suspect"):
                assert value not in text
    assert "Compensation" not in text  # notes are confidential: only their hash


def test_canonical_json_is_sorted_compact_and_typed():
    assert canonical({"b": 1, "a": ["ä", True, None]}) == '{"a":["ä",true,null],"b":1}'
    with pytest.raises(TypeError):
        canonical({"x": 1.5})


def test_an_edited_entry_is_named(world):
    walk_to_agreement(world)
    seq = LedgerEntry.objects.get(content__contains='"outcome":"agreement"').seq
    _sql(
        "UPDATE cases_ledgerentry SET content = replace(content, '\"agreement\"', "
        "'\"no_agreement\"') WHERE tenant_id = %s AND seq = %s",
        world.tenant.pk,
        seq,
    )
    result = _verify(world.tenant)
    assert not result.ok
    assert result.seq == seq
    assert f"Entry {seq} was changed" in result.problem
    with pytest.raises(CommandError, match=f"Entry {seq} was changed"):
        call_command("ledger", "verify", "--tenant", world.tenant.slug)


def test_an_edit_with_recomputed_content_hash_is_still_caught(world):
    walk_to_agreement(world)
    entry = LedgerEntry.objects.get(tenant=world.tenant, seq=7)
    forged = entry.content.replace("person:", "person:9")
    _sql(
        "UPDATE cases_ledgerentry SET content = %s, content_hash = %s WHERE id = %s",
        forged,
        sha256_text(forged),
        entry.pk,
    )
    result = _verify(world.tenant)
    assert result.seq == 7
    assert "entry hash does not match" in result.problem


def test_a_deleted_entry_is_named(world):
    walk_to_agreement(world)
    _sql(
        "DELETE FROM cases_ledgerentry WHERE tenant_id = %s AND seq = 5",
        world.tenant.pk,
    )
    result = _verify(world.tenant)
    assert not result.ok
    assert result.seq == 5
    assert "Entry 5 is missing" in result.problem
    with pytest.raises(CommandError, match="Entry 5 is missing"):
        call_command("ledger", "verify", "--tenant", world.tenant.slug)


def test_a_deleted_last_entry_is_caught_by_the_head(world):
    walk_to_agreement(world)
    last = LedgerEntry.objects.filter(tenant=world.tenant).order_by("-seq").first()
    _sql("DELETE FROM cases_ledgerentry WHERE id = %s", last.pk)
    result = _verify(world.tenant)
    assert not result.ok
    assert result.seq == last.seq
    assert f"entries after {last.seq - 1} were removed" in result.problem


def test_swapped_entries_are_named(world):
    walk_to_agreement(world)
    a = LedgerEntry.objects.get(tenant=world.tenant, seq=6)
    b = LedgerEntry.objects.get(tenant=world.tenant, seq=7)
    # move the rows' positions: 6 becomes 7 and 7 becomes 6
    _sql("UPDATE cases_ledgerentry SET seq = -1 WHERE id = %s", a.pk)
    _sql("UPDATE cases_ledgerentry SET seq = 6 WHERE id = %s", b.pk)
    _sql("UPDATE cases_ledgerentry SET seq = 7 WHERE id = %s", a.pk)
    result = _verify(world.tenant)
    assert not result.ok
    assert result.seq == 6
    assert "Entry 6" in result.problem


def test_swapped_contents_are_named(world):
    walk_to_agreement(world)
    a = LedgerEntry.objects.get(tenant=world.tenant, seq=6)
    b = LedgerEntry.objects.get(tenant=world.tenant, seq=7)
    for row, other in ((a, b), (b, a)):
        _sql(
            "UPDATE cases_ledgerentry SET content=%s, content_hash=%s, prev_hash=%s, "
            "entry_hash=%s, kind=%s WHERE id=%s",
            other.content,
            other.content_hash,
            other.prev_hash,
            other.entry_hash,
            other.kind,
            row.pk,
        )
    result = _verify(world.tenant)
    assert not result.ok
    assert result.seq == 6
    assert "does not follow entry 5" in result.problem


def test_tenants_have_separate_chains(world, other_tenant, make_member):
    from coproduce.cases import services

    from .conftest import actor_of

    user = make_member(other_tenant, "coordinator", username="otto")
    services.conciliation_install(
        tenant=other_tenant, actor=actor_of(user, other_tenant)
    )
    ledger_sequence(tenant_id=other_tenant.pk)
    assert LedgerEntry.objects.get(tenant=other_tenant).seq == 1
    assert _verify(world.tenant).ok
    assert _verify(other_tenant).ok


def test_exported_trail_checks_offline(world, client_for, tmp_path):
    walk_to_agreement(world)
    client = client_for(world.users.auditor)
    url = f"/t/{world.tenant.slug}/cases/{world.case.pk}/trail.json"
    data = json.loads(client.get(url).content)
    path = tmp_path / "trail.json"
    path.write_text(json.dumps(data))
    call_command("ledger", "check-file", str(path))
    data["entries"][2]["content"] = data["entries"][2]["content"].replace(
        '"v":1', '"v":2'
    )
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="does not match"):
        call_command("ledger", "check-file", str(path))


# The sequencer ---------------------------------------------------------------------------


def test_appends_wait_unlocked_until_the_sequencer_chains_them_in_id_order(world):
    walk_waiting(world)
    waiting = list(LedgerEntry.objects.filter(tenant=world.tenant).order_by("id"))
    assert waiting
    assert all(e.seq is None and e.entry_hash == "" for e in waiting)
    assert all(e.content_hash == sha256_text(e.content) and e.mac for e in waiting)
    assert not LedgerHead.objects.filter(tenant=world.tenant, seq__gt=0).exists()

    # in batches of two, one transaction each; then a run with nothing to do
    first = ledger_sequence(tenant_id=world.tenant.pk, batch_size=2, limit=5)
    assert (first.entries, first.head_seq) == (5, 5)
    rest = ledger_sequence(tenant_id=world.tenant.pk, batch_size=2)
    assert rest.entries == len(waiting) - 5
    assert rest.head_seq == len(waiting)
    assert ledger_sequence(tenant_id=world.tenant.pk).entries == 0

    chained = list(LedgerEntry.objects.filter(tenant=world.tenant).order_by("seq"))
    assert [e.pk for e in chained] == [e.pk for e in waiting]
    assert [e.seq for e in chained] == list(range(1, len(waiting) + 1))
    # signed again as chained entries, with the key that is not in the database
    assert all(e.mac and e.key_id == "test-1" for e in chained)
    assert all(e.mac != w.mac for e, w in zip(chained, waiting, strict=True))
    assert chained[0].prev_hash == GENESIS
    for before, after in zip(chained, chained[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    assert _verify(world.tenant).ok


def test_verify_reports_the_entries_waiting_to_be_chained(world, capsys):
    walk_waiting(world)
    n = LedgerEntry.objects.filter(tenant=world.tenant).count()
    result = ledger_verify(tenant_id=world.tenant.pk, sequence=False)
    assert result.ok
    assert (result.entries, result.waiting) == (0, n)
    call_command("ledger", "verify", "--tenant", world.tenant.slug, "--no-sequence")
    assert f"{n} entries waiting to be chained (checked)" in capsys.readouterr().out
    # verify chains them first by default
    result = _verify(world.tenant)
    assert result.ok
    assert (result.entries, result.waiting) == (n, 0)


def test_a_changed_waiting_entry_is_named_and_never_chained(world):
    walk_waiting(world)
    ids = list(
        LedgerEntry.objects.filter(tenant=world.tenant)
        .order_by("id")
        .values_list("id", flat=True)
    )
    entry = LedgerEntry.objects.get(pk=ids[6])
    forged = entry.content.replace('"v":1', '"v":1,"x":0')
    # the content hash recomputed too: only the MAC (keyed) gives it away
    _sql(
        "UPDATE cases_ledgerentry SET content = %s, content_hash = %s WHERE id = %s",
        forged,
        sha256_text(forged),
        entry.pk,
    )
    result = ledger_verify(tenant_id=world.tenant.pk, sequence=False)
    assert not result.ok
    assert f"id {entry.pk} was changed" in result.problem
    assert "MAC does not match" in result.problem

    sequenced = ledger_sequence(tenant_id=world.tenant.pk)
    assert sequenced.entries == 6
    assert f"id {entry.pk}" in sequenced.problem
    assert LedgerEntry.objects.get(pk=entry.pk).seq is None
    with pytest.raises(CommandError, match=f"id {entry.pk} was changed"):
        call_command("ledger", "verify", "--tenant", world.tenant.slug)


def test_the_sequencer_is_woken_once_per_moment_and_process(world, monkeypatch):
    """With a worker backend, commits queue at most one waiting run per tenant, which
    starts after them; a commit after that run started queues the next."""
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from coproduce.cases import ledger

    clock = [1_000_000.0]
    monkeypatch.setattr(ledger.time, "time", lambda: clock[0])
    monkeypatch.setattr(ledger, "_wake_at", {})
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=backend):
        for _ in range(3):  # three commits within the delay: one run
            ledger.sequencer_wake(world.tenant.pk)
        runs = list(DBTaskResult.objects.order_by("enqueued_at"))
        assert len(runs) == 1
        assert runs[0].run_after.timestamp() == clock[0] + ledger.WAKE_DELAY
        clock[0] += ledger.WAKE_DELAY - ledger.WAKE_MARGIN / 2  # close to its start
        ledger.sequencer_wake(world.tenant.pk)
        assert DBTaskResult.objects.count() == 2
    assert runs[0].args_kwargs["kwargs"] == {"tenant_id": world.tenant.pk}


@pytest.mark.django_db(transaction=True)
def test_a_crash_between_commit_and_sequencing_loses_nothing(world, monkeypatch):
    from coproduce.cases import ledger

    from .conftest import step

    ledger_sequence(tenant_id=world.tenant.pk)
    before = LedgerEntry.objects.filter(tenant=world.tenant).count()
    # the process dies after its commits and before any sequencer runs
    monkeypatch.setattr(ledger, "sequencer_wake", lambda tenant_id: None)
    step(world, world.users.vol1, "consent", party="A")
    step(world, world.users.vol2, "consent", party="B")
    connection.close()
    waiting = LedgerEntry.objects.filter(tenant=world.tenant, seq__isnull=True)
    assert waiting.count() == 4  # two steps, two consents: committed, waiting
    # a new process: verify (or the next wake-up) chains them
    result = _verify(world.tenant)
    assert result.ok
    assert result.entries == before + 4
    assert result.waiting == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_from_two_connections_make_one_valid_chain(world):
    """Two connections append at once, each commit waking the sequencer (run at once by
    the test backend): no entry lost, no fork, each connection's entries in its order."""
    import threading

    from django.db import transaction
    from django_scopes import scopes_disabled

    from coproduce.cases.ledger import NewEntry, ledger_append

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers (PostgreSQL)")
    per_thread, barrier, errors = 25, threading.Barrier(2), []

    def work(name):
        try:
            barrier.wait()
            with scopes_disabled():
                for i in range(per_thread):
                    with transaction.atomic():
                        ledger_append(
                            tenant_id=world.tenant.pk,
                            entries=[
                                NewEntry(kind="test.event", data={"t": name, "i": i})
                            ],
                        )
        except BaseException as exc:  # noqa: BLE001 (failed below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    result = _verify(world.tenant)
    assert result.ok
    assert result.waiting == 0
    rows = LedgerEntry.objects.filter(tenant=world.tenant, kind="test.event")
    assert rows.count() == 2 * per_thread
    for name in ("a", "b"):
        mine = [
            json.loads(e.content)["data"]["i"]
            for e in rows.order_by("seq")
            if json.loads(e.content)["data"]["t"] == name
        ]
        assert mine == list(range(per_thread))
