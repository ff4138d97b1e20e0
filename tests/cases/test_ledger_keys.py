"""The ledger against someone who can write to the database but does not hold the ledger
key (issue 11, item 1): a rewritten chain, a back-dated entry and a waiting entry deleted
before it was chained are all caught; a checkpoint kept outside the database catches a
rewrite below it even by someone who holds the key; keys rotate."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from coproduce.cases.ledger import (
    GENESIS,
    chained_mac_text,
    checkpoint_make,
    checkpoint_problem,
    entry_hash,
    ledger_rekey,
    ledger_sequence,
    ledger_verify,
    sha256_text,
    utc,
)
from coproduce.cases.models import LedgerEntry, LedgerHead, LedgerSlot

from .conftest import walk_to_agreement as walk_waiting

pytestmark = pytest.mark.django_db

KEY_A = {"test-1": "test-ledger-key-0123456789abcdefghijklmnop"}
KEY_B = {"test-2": "second-ledger-key-abcdefghijklmnopqrstuvwxyz"}


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify(tenant, **kwargs):
    return ledger_verify(tenant_id=tenant.pk, chunk_size=3, **kwargs)


def walk(world):
    walk_waiting(world)
    assert not ledger_sequence(tenant_id=world.tenant.pk).problem


def _rechain(tenant, start, mac=None, fmt=2):
    """What an attacker with the formula does: recompute every entry hash from ``start``
    on, link each to the one before and move the head. ``mac(seq, hash)`` signs the
    entries (an insider holding the key) or leaves the MACs as they are."""
    entries = list(LedgerEntry.objects.filter(tenant=tenant).order_by("seq"))
    prev = GENESIS if start == 1 else entries[start - 2].entry_hash
    for e in entries[start - 1 :]:
        e.content_hash = sha256_text(e.content)
        e.prev_hash = prev
        e.entry_hash = entry_hash(
            tenant_id=tenant.pk,
            seq=e.seq,
            case_id=e.case_id,
            kind=e.kind,
            prev_hash=prev,
            content_hash=e.content_hash,
            created_at=utc(e.created_at),
            slot=e.slot,
            slot_seq=e.slot_seq,
            fmt=fmt,
        )
        if mac is not None:
            e.mac = mac(e.seq, e.entry_hash)
        e.format = fmt
        e.save()
        prev = e.entry_hash
    LedgerHead.objects.filter(tenant=tenant).update(
        seq=entries[-1].seq, entry_hash=prev
    )


def _more(world, n=2):
    """More events, appended as a service does."""
    from django.db import transaction

    from coproduce.cases.ledger import NewEntry, ledger_append

    with transaction.atomic():
        ledger_append(
            tenant_id=world.tenant.pk,
            entries=[NewEntry(kind="test.event", data={"i": i}) for i in range(n)],
        )


def _insider_mac(tenant):
    import hashlib
    import hmac

    key = KEY_A["test-1"].encode()
    return lambda seq, this: hmac.new(
        key, chained_mac_text(tenant.pk, seq, this).encode(), hashlib.sha256
    ).hexdigest()


# The forgery of the issue ----------------------------------------------------------------


def test_a_rewritten_chain_with_recomputed_hashes_and_head_is_caught(world):
    walk(world)
    victim = LedgerEntry.objects.get(content__contains='"outcome":"agreement"')
    victim.content = victim.content.replace('"agreement"', '"no_agreement"')
    victim.save()
    _rechain(world.tenant, victim.seq)  # every hash right, the MACs not (no key)
    result = _verify(world.tenant)
    assert not result.ok
    assert result.seq == victim.seq
    assert "MAC does not match" in result.problem
    with pytest.raises(CommandError, match=f"Entry {victim.seq} was changed"):
        call_command("ledger", "verify", "--tenant", world.tenant.slug)


def test_a_rewritten_chain_signed_with_another_key_is_caught(world):
    """The attacker signs with a key of their own under the site's key id."""
    import hashlib
    import hmac

    walk(world)
    mine = b"attacker-key-0123456789abcdefghijklmnopq"
    _sql(
        "UPDATE cases_ledgerentry SET content = replace(content, 'person:', "
        "'person:9') WHERE tenant_id = %s AND seq = 4",
        world.tenant.pk,
    )
    _rechain(
        world.tenant,
        4,
        mac=lambda seq, this: hmac.new(
            mine, chained_mac_text(world.tenant.pk, seq, this).encode(), hashlib.sha256
        ).hexdigest(),
    )
    result = _verify(world.tenant)
    assert (result.ok, result.seq) == (False, 4)
    assert "MAC does not match" in result.problem


def test_a_back_dated_entry_is_caught(world):
    walk(world)
    entry = LedgerEntry.objects.get(tenant=world.tenant, seq=5)
    _sql(
        "UPDATE cases_ledgerentry SET created_at = %s WHERE id = %s",
        entry.created_at.replace(year=entry.created_at.year - 1),
        entry.pk,
    )
    result = _verify(world.tenant)
    assert (result.ok, result.seq) == (False, 5)
    assert "entry hash does not match" in result.problem
    # and with the hashes recomputed after it, the MAC gives it away
    _rechain(world.tenant, 5)
    result = _verify(world.tenant)
    assert (result.ok, result.seq) == (False, 5)
    assert "MAC does not match" in result.problem


def test_the_trail_shows_only_what_the_hash_covers(world, client_for):
    """The trail's "Appended" column is created_at, which the entry hash covers."""
    walk(world)
    entry = LedgerEntry.objects.get(tenant=world.tenant, seq=3)
    assert utc(entry.created_at) == json.loads(entry.content)["at"]
    moved = entry.created_at.replace(year=2001)
    _sql("UPDATE cases_ledgerentry SET created_at = %s WHERE id = %s", moved, entry.pk)
    client = client_for(world.users.auditor)
    data = json.loads(
        client.get(f"/t/{world.tenant.slug}/cases/{world.case.pk}/trail.json").content
    )
    from coproduce.cases.ledger import entry_check

    problems = [entry_check(world.tenant.pk, e) for e in data["entries"]]
    assert [p for p in problems if p] == [
        "Entry 3: the entry hash does not match its fields."
    ]


# Waiting entries -------------------------------------------------------------------------


def test_a_waiting_entry_deleted_before_it_was_chained_is_caught(world):
    walk_waiting(world)
    ids = list(
        LedgerEntry.objects.filter(tenant=world.tenant)
        .order_by("id")
        .values_list("id", flat=True)
    )
    _sql("DELETE FROM cases_ledgerentry WHERE id = %s", ids[4])
    result = _verify(world.tenant, sequence=False)
    assert not result.ok
    assert "deleted before" in result.problem or "was deleted" in result.problem
    sequenced = ledger_sequence(tenant_id=world.tenant.pk)
    assert sequenced.entries == 4  # the ones before the gap; then it stops
    assert "An entry waiting to be chained was deleted" in sequenced.problem
    with pytest.raises(CommandError, match="was deleted"):
        call_command("ledger", "verify", "--tenant", world.tenant.slug)


def test_the_last_waiting_entry_deleted_is_caught_by_its_counter(world):
    walk_waiting(world)
    last = LedgerEntry.objects.filter(tenant=world.tenant).order_by("-id").first()
    _sql("DELETE FROM cases_ledgerentry WHERE id = %s", last.pk)
    result = _verify(world.tenant)  # chains the rest; the counter is one ahead
    assert not result.ok
    assert "1 entries numbered in append slot" in result.problem
    assert "deleted before they were chained" in result.problem


def test_waiting_entries_are_counted_without_gaps_per_slot(world):
    walk_waiting(world)
    rows = list(
        LedgerEntry.objects.filter(tenant=world.tenant)
        .order_by("id")
        .values_list("slot", "slot_seq")
    )
    slots = {s for s, _n in rows}
    for slot in slots:
        numbers = [n for s, n in rows if s == slot]
        assert numbers == list(range(1, len(numbers) + 1))
        counter = LedgerSlot.objects.get(tenant=world.tenant, slot=slot).appended
        assert counter == len(numbers)
    result = _verify(world.tenant)
    assert result.ok
    assert result.slots == {s: sum(1 for r in rows if r[0] == s) for s in slots}


def test_a_renumbered_waiting_entry_is_caught_by_its_mac(world):
    walk_waiting(world)
    entry = LedgerEntry.objects.filter(tenant=world.tenant).order_by("-id").first()
    # hide a deletion: remove the one before and renumber this one into its place
    before = LedgerEntry.objects.filter(tenant=world.tenant, id__lt=entry.pk)
    _sql("DELETE FROM cases_ledgerentry WHERE id = %s", before.order_by("-id")[0].pk)
    _sql("UPDATE cases_ledgerentry SET slot_seq = slot_seq - 1 WHERE id = %s", entry.pk)
    _sql(
        "UPDATE cases_ledgerslot SET appended = appended - 1 WHERE tenant_id = %s",
        world.tenant.pk,
    )
    result = _verify(world.tenant, sequence=False)
    assert not result.ok
    assert "MAC does not match" in result.problem


# Checkpoints -----------------------------------------------------------------------------


def test_a_checkpoint_proves_the_chain_extends_it(world, tmp_path, capsys):
    walk(world)
    path = tmp_path / "checkpoint.json"
    call_command(
        "ledger", "checkpoint", "--tenant", world.tenant.slug, "--output", str(path)
    )
    checkpoint = json.loads(path.read_text())
    head = LedgerHead.objects.get(tenant=world.tenant)
    assert (checkpoint["size"], checkpoint["head_hash"]) == (head.seq, head.entry_hash)
    assert checkpoint["tenant"] == {"id": world.tenant.pk, "slug": world.tenant.slug}
    assert checkpoint["key_id"] == "test-1"
    assert checkpoint["time"].endswith("Z")
    # the chain grows; it still extends the checkpoint
    _more(world)
    capsys.readouterr()
    call_command(
        "ledger", "verify", "--tenant", world.tenant.slug, "--checkpoint", str(path)
    )
    out = capsys.readouterr().out
    assert f"extends the checkpoint of {head.seq} entries" in out
    assert LedgerHead.objects.get(tenant=world.tenant).seq > head.seq


def test_a_checkpoint_catches_a_rewrite_below_it_even_with_the_key(world, tmp_path):
    walk(world)
    checkpoint = checkpoint_make(tenant_id=world.tenant.pk, tenant_slug="x")
    cp = (checkpoint["size"], checkpoint["head_hash"])
    # an insider who holds the key rewrites entry 3 and signs everything again
    _sql(
        "UPDATE cases_ledgerentry SET content = replace(content, 'person:', "
        "'person:9') WHERE tenant_id = %s AND seq = 3",
        world.tenant.pk,
    )
    _rechain(world.tenant, 3, mac=_insider_mac(world.tenant))
    assert _verify(world.tenant).ok  # the key alone cannot tell
    result = _verify(world.tenant, checkpoint=cp)
    assert not result.ok
    assert result.seq == cp[0]
    assert "rewritten at or below" in result.problem
    path = tmp_path / "cp.json"
    path.write_text(json.dumps(checkpoint))
    with pytest.raises(CommandError, match="rewritten at or below"):
        call_command(
            "ledger", "verify", "--tenant", world.tenant.slug, "--checkpoint", str(path)
        )


def test_a_checkpoint_catches_a_chain_cut_below_it(world):
    walk(world)
    checkpoint = checkpoint_make(tenant_id=world.tenant.pk, tenant_slug="x")
    cut = checkpoint["size"] - 2
    kept = LedgerEntry.objects.get(tenant=world.tenant, seq=cut)
    _sql(
        "DELETE FROM cases_ledgerentry WHERE tenant_id = %s AND seq > %s",
        world.tenant.pk,
        cut,
    )
    # the slot counters are ahead of the chain now: caught without the checkpoint
    LedgerHead.objects.filter(tenant=world.tenant).update(
        seq=cut, entry_hash=kept.entry_hash, slots={str(kept.slot): kept.slot_seq}
    )
    result = _verify(world.tenant)
    assert not result.ok
    assert "2 entries numbered in append slot" in result.problem
    # an attacker who also winds the counter back leaves a valid, shorter chain
    LedgerSlot.objects.filter(tenant=world.tenant, slot=kept.slot).update(
        appended=kept.slot_seq
    )
    assert _verify(world.tenant).ok
    result = _verify(
        world.tenant, checkpoint=(checkpoint["size"], checkpoint["head_hash"])
    )
    assert not result.ok
    assert "below the checkpoint were removed" in result.problem


def test_a_changed_or_foreign_checkpoint_is_refused(world, other_tenant, tmp_path):
    walk(world)
    checkpoint = checkpoint_make(tenant_id=world.tenant.pk, tenant_slug="x")
    assert checkpoint_problem(checkpoint, world.tenant.pk) == ""
    assert "another tenant" in checkpoint_problem(checkpoint, other_tenant.pk)
    smaller = {**checkpoint, "size": checkpoint["size"] - 1}
    assert "MAC does not match" in checkpoint_problem(smaller, world.tenant.pk)
    assert "malformed" in checkpoint_problem(
        {"format": checkpoint["format"]}, world.tenant.pk
    )
    path = tmp_path / "cp.json"
    path.write_text(json.dumps(smaller))
    with pytest.raises(CommandError, match="MAC does not match"):
        call_command(
            "ledger", "verify", "--tenant", world.tenant.slug, "--checkpoint", str(path)
        )


# Keys ------------------------------------------------------------------------------------


def test_keys_rotate_old_entries_verify_with_their_key_id(world):
    walk(world)
    before = LedgerHead.objects.get(tenant=world.tenant).seq
    with override_settings(COPRODUCE_LEDGER_KEYS={**KEY_B, **KEY_A}):
        _more(world)
        assert _verify(world.tenant).ok
        kinds = dict(
            LedgerEntry.objects.filter(tenant=world.tenant).values_list("seq", "key_id")
        )
        assert {kinds[s] for s in range(1, before + 1)} == {"test-1"}
        assert {kinds[s] for s in kinds if s > before} == {"test-2"}
        checkpoint = checkpoint_make(tenant_id=world.tenant.pk, tenant_slug="x")
        assert checkpoint["key_id"] == "test-2"
    # the new key removed before rekeying: what it signed is refused
    result = _verify(world.tenant)
    assert not result.ok
    assert result.seq == before + 1
    assert "key 'test-2', which this site does not hold" in result.problem
    # rekey with the new key, then the old one can go
    with override_settings(COPRODUCE_LEDGER_KEYS={**KEY_B, **KEY_A}):
        rekeyed = ledger_rekey(tenant_id=world.tenant.pk)
        assert (rekeyed.problem, rekeyed.entries) == ("", before)
    with override_settings(COPRODUCE_LEDGER_KEYS=KEY_B):
        assert _verify(world.tenant).ok
        assert checkpoint_problem(checkpoint, world.tenant.pk) == ""


def test_format_1_entries_verify_once_rekeyed_and_a_broken_chain_is_not_signed(world):
    """The entries chained before the keyed format, as migration 0006 leaves them."""
    walk(world)
    _sql(
        "UPDATE cases_ledgerentry SET mac = '', key_id = '', slot = NULL, "
        "slot_seq = NULL WHERE tenant_id = %s",
        world.tenant.pk,
    )
    _rechain(world.tenant, 1, fmt=1)
    LedgerSlot.objects.filter(tenant=world.tenant).delete()
    result = _verify(world.tenant)
    assert (result.ok, result.seq) == (False, 1)
    assert "not signed" in result.problem
    assert "ledger rekey" in result.problem
    # a format 1 entry back-dated: its hash does not cover created_at, its content does
    entry = LedgerEntry.objects.get(tenant=world.tenant, seq=2)
    _sql(
        "UPDATE cases_ledgerentry SET created_at = %s WHERE id = %s",
        entry.created_at.replace(year=2001),
        entry.pk,
    )
    with pytest.raises(CommandError, match="Entry 2 was changed: the time"):
        call_command("ledger", "rekey", "--tenant", world.tenant.slug)
    assert not LedgerEntry.objects.filter(tenant=world.tenant).exclude(mac="").exists()
    _sql(
        "UPDATE cases_ledgerentry SET created_at = %s WHERE id = %s",
        entry.created_at,
        entry.pk,
    )
    call_command("ledger", "rekey", "--tenant", world.tenant.slug)
    assert _verify(world.tenant).ok
    # and new entries go on in format 2 after them
    _more(world)
    assert _verify(world.tenant).ok
    assert LedgerEntry.objects.filter(tenant=world.tenant, format=2).exists()
