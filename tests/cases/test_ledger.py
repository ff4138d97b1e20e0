"""The ledger: every case event chained; verify names the first entry that was changed,
removed or reordered, by the command and by the function; appends never fork."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from coproduce.cases.ledger import (
    GENESIS,
    canonical,
    entry_hash,
    ledger_verify,
    sha256_text,
)
from coproduce.cases.models import LedgerEntry, LedgerHead

from .conftest import PARTIES, walk_to_agreement

pytestmark = pytest.mark.django_db


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify(tenant):
    return ledger_verify(tenant_id=tenant.pk, chunk_size=3)


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
    )
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
    assert not result.ok and result.seq == seq
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
    assert result.seq == 7 and "entry hash does not match" in result.problem


def test_a_deleted_entry_is_named(world):
    walk_to_agreement(world)
    _sql(
        "DELETE FROM cases_ledgerentry WHERE tenant_id = %s AND seq = 5",
        world.tenant.pk,
    )
    result = _verify(world.tenant)
    assert not result.ok and result.seq == 5
    assert "Entry 5 is missing" in result.problem
    with pytest.raises(CommandError, match="Entry 5 is missing"):
        call_command("ledger", "verify", "--tenant", world.tenant.slug)


def test_a_deleted_last_entry_is_caught_by_the_head(world):
    walk_to_agreement(world)
    last = LedgerEntry.objects.filter(tenant=world.tenant).order_by("-seq").first()
    _sql("DELETE FROM cases_ledgerentry WHERE id = %s", last.pk)
    result = _verify(world.tenant)
    assert not result.ok and result.seq == last.seq
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
    assert not result.ok and result.seq == 6
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
    assert not result.ok and result.seq == 6
    assert "does not follow entry 5" in result.problem


def test_tenants_have_separate_chains(world, other_tenant, make_member):
    from coproduce.cases import services

    from .conftest import actor_of

    user = make_member(other_tenant, "coordinator", username="otto")
    services.conciliation_install(
        tenant=other_tenant, actor=actor_of(user, other_tenant)
    )
    assert LedgerEntry.objects.get(tenant=other_tenant).seq == 1
    assert _verify(world.tenant).ok and _verify(other_tenant).ok


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
