"""The ledger: every case event of a tenant appended to one hash chain.

Format (version 1)
------------------
Each entry (``LedgerEntry``) has

``seq``
    1, 2, 3 ... per tenant, without gaps.
``content``
    the canonical JSON of the event, stored exactly as it was hashed: UTF-8, keys sorted,
    no whitespace (``separators=(",", ":")``), non-ASCII characters as themselves
    (``ensure_ascii=False``). Only JSON's own types appear, each with one meaning:
    objects with string keys, arrays, strings, integers, ``true``/``false``, ``null``;
    never floats. Times are strings in UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; ids are
    integers; people are ``"person:<id>"``; parties only by pseudonym (``"A"``) and a
    salted SHA-256 of their details, never by name (so erasing the details leaves the
    ledger verifiable and the hash cannot be reversed once the salt is gone).
    Top-level keys: ``v`` (1), ``kind``, ``case`` (case id or null), ``at``, ``actor``,
    ``data``.
``content_hash``
    ``SHA-256(content as UTF-8 bytes)``, lower-case hex.
``prev_hash``
    the ``entry_hash`` of entry ``seq - 1``; for ``seq`` 1, 64 zeros.
``entry_hash``
    ``SHA-256("coproduce-ledger-v1|<tenant id>|<seq>|<case id or empty>|<kind>|"
    "<prev_hash>|<content_hash>")`` over the ASCII bytes of that text (``|`` separates
    the fields; every field is a decimal integer, a hex digest or a dotted lower-case
    code, none of which can contain ``|``).

The tenant's ``LedgerHead`` row holds the last ``seq`` and ``entry_hash``. An append locks
that row (``SELECT ... FOR UPDATE``), so appends of one tenant are serialised and the chain
never forks; the row is updated in the same transaction as the entries and the case change.

Verifying
---------
``ledger_verify`` streams the entries in ``seq`` order (a server-side cursor in chunks, so
memory stays constant) and stops at the first entry that breaks one of: seq is the next
integer (else an entry was removed), ``content_hash`` matches ``content`` (else the content
was changed), ``prev_hash`` is the previous ``entry_hash`` (else removed, reordered or
changed), ``entry_hash`` matches its fields; and, at the end, the head names the last entry
(else entries at the end were removed).

Offline: an exported trail (``trail_export``) lists each entry with all of the above; for
each entry recompute ``SHA-256(content)`` and the ``entry_hash`` formula and compare, then
compare the ``entry_hash`` values and the ``head`` with an independent copy of the chain (a
hash-only export kept by the auditor, or the auditor's earlier exports). ``coproduce ledger
check-file trail.json`` does the first part with no database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import LedgerEntry, LedgerHead

GENESIS = "0" * 64
VERSION = 1


def canonical(value: Any) -> str:
    """The canonical JSON text of ``value`` (refuses what it cannot write unambiguously)."""
    _check_types(value, "$")
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def _check_types(value: Any, where: str) -> None:
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_types(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys must be strings")
            _check_types(item, f"{where}.{key}")
        return
    raise TypeError(f"{where}: {type(value).__name__} is not allowed in the ledger")


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(
    *,
    tenant_id: int,
    seq: int,
    case_id: int | None,
    kind: str,
    prev_hash: str,
    content_hash: str,
) -> str:
    header = (
        f"coproduce-ledger-v{VERSION}|{tenant_id}|{seq}|"
        f"{'' if case_id is None else case_id}|{kind}|{prev_hash}|{content_hash}"
    )
    return hashlib.sha256(header.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class NewEntry:
    kind: str
    data: dict[str, Any]
    case_id: int | None = None
    actor: str | None = None  # "person:12", "user:3" or None (the system)


def _head_locked(tenant_id: int) -> LedgerHead:
    head = LedgerHead.objects.select_for_update().filter(tenant_id=tenant_id).first()
    if head is None:
        try:
            with transaction.atomic():
                LedgerHead.objects.create(tenant_id=tenant_id, entry_hash=GENESIS)
        except IntegrityError:  # another append created it first
            pass
        head = LedgerHead.objects.select_for_update().get(tenant_id=tenant_id)
    return head


def ledger_lock(tenant_id: int) -> LedgerHead:
    """Lock the tenant's chain until the transaction ends (also orders registrations)."""
    return _head_locked(tenant_id)


def entries_build(
    *,
    tenant_id: int,
    entries: Iterable[NewEntry],
    seq: int,
    prev_hash: str,
    at: dt.datetime,
) -> list[LedgerEntry]:
    """Chain ``entries`` after (``seq``, ``prev_hash``); nothing is saved."""
    rows = []
    at_text = utc(at)
    for entry in entries:
        seq += 1
        content = canonical(
            {
                "v": VERSION,
                "kind": entry.kind,
                "case": entry.case_id,
                "at": at_text,
                "actor": entry.actor,
                "data": entry.data,
            }
        )
        content_hash = sha256_text(content)
        this_hash = entry_hash(
            tenant_id=tenant_id,
            seq=seq,
            case_id=entry.case_id,
            kind=entry.kind,
            prev_hash=prev_hash,
            content_hash=content_hash,
        )
        rows.append(
            LedgerEntry(
                tenant_id=tenant_id,
                seq=seq,
                case_id=entry.case_id,
                kind=entry.kind,
                content=content,
                content_hash=content_hash,
                prev_hash=prev_hash,
                entry_hash=this_hash,
                created_at=at,
            )
        )
        prev_hash = this_hash
    return rows


def ledger_append(*, tenant_id: int, entries: list[NewEntry]) -> list[LedgerEntry]:
    """Append ``entries`` to the tenant's chain, in the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must run inside a transaction")
    head = _head_locked(tenant_id)
    rows = entries_build(
        tenant_id=tenant_id,
        entries=entries,
        seq=head.seq,
        prev_hash=head.entry_hash,
        at=timezone.now(),
    )
    LedgerEntry.objects.bulk_create(rows)
    LedgerHead.objects.filter(pk=head.pk).update(
        seq=rows[-1].seq, entry_hash=rows[-1].entry_hash
    )
    return rows


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    problem: str = ""
    seq: int | None = None  # the first entry found wrong
    head_seq: int = 0
    head_hash: str = GENESIS


def rows_verify(tenant_id: int, rows: Iterable[tuple], head: tuple[int, str] | None):
    """Check ``rows`` of (seq, case_id, kind, content, content_hash, prev_hash,
    entry_hash) in seq order; ``head`` is (seq, entry_hash) of the chain's head."""
    expected, prev, count = 1, GENESIS, 0
    sha = hashlib.sha256
    for seq, case_id, kind, content, c_hash, p_hash, e_hash in rows:
        count += 1
        if seq != expected:
            missing = expected if seq > expected else seq
            return Verification(
                False,
                count,
                f"Entry {missing} is missing: the chain goes from entry "
                f"{expected - 1} to entry {seq} (removed or renumbered).",
                missing,
            )
        if sha(content.encode("utf-8")).hexdigest() != c_hash:
            return Verification(
                False,
                count,
                f"Entry {seq} was changed: its content does not match its content hash.",
                seq,
            )
        if p_hash != prev:
            return Verification(
                False,
                count,
                f"Entry {seq} does not follow entry {seq - 1}: an entry was removed, "
                "reordered or changed here.",
                seq,
            )
        header = (
            f"coproduce-ledger-v1|{tenant_id}|{seq}|"
            f"{'' if case_id is None else case_id}|{kind}|{p_hash}|{c_hash}"
        )
        if sha(header.encode("ascii")).hexdigest() != e_hash:
            return Verification(
                False,
                count,
                f"Entry {seq} was changed: its entry hash does not match its fields.",
                seq,
            )
        prev = e_hash
        expected += 1
    last = expected - 1
    head_seq, head_hash = head if head is not None else (0, GENESIS)
    if head_seq != last or head_hash != prev:
        return Verification(
            False,
            count,
            f"The chain ends at entry {last} but its head names entry {head_seq}: "
            f"entries after {last} were removed or the head was changed.",
            last + 1,
            head_seq,
            head_hash,
        )
    return Verification(True, count, "", None, head_seq, head_hash)


def ledger_verify(*, tenant_id: int, chunk_size: int = 20_000) -> Verification:
    """Stream the tenant's chain in seq order and check it (constant memory)."""
    head = LedgerHead.objects.filter(tenant_id=tenant_id).values_list(
        "seq", "entry_hash"
    )
    head_row = head.first()
    rows = (
        LedgerEntry.objects.filter(tenant_id=tenant_id)
        .order_by("seq")
        .values_list(
            "seq",
            "case_id",
            "kind",
            "content",
            "content_hash",
            "prev_hash",
            "entry_hash",
        )
        .iterator(chunk_size=chunk_size)
    )
    return rows_verify(tenant_id, rows, head_row)


def entry_check(tenant_id: int, entry: dict[str, Any]) -> str | None:
    """Offline check of one exported entry: why it is wrong, or None."""
    if sha256_text(entry["content"]) != entry["content_hash"]:
        return f"Entry {entry['seq']}: the content does not match its content hash."
    expected = entry_hash(
        tenant_id=tenant_id,
        seq=entry["seq"],
        case_id=entry["case"],
        kind=entry["kind"],
        prev_hash=entry["prev_hash"],
        content_hash=entry["content_hash"],
    )
    if expected != entry["entry_hash"]:
        return f"Entry {entry['seq']}: the entry hash does not match its fields."
    return None
