"""The ledger: every case event of a tenant appended to one hash chain.

Format (version 1)
------------------
Each entry (``LedgerEntry``) has

``seq``
    1, 2, 3 ... per tenant, without gaps; empty (NULL) while the entry waits to be
    chained (see "Appending" below).
``content``
    the canonical JSON of the event, stored exactly as it was hashed: UTF-8, keys sorted,
    no whitespace (``separators=(",", ":")``), non-ASCII characters as themselves
    (``ensure_ascii=False``). Only JSON's own types appear, each with one meaning:
    objects with string keys, arrays, strings, integers, ``true``/``false``, ``null``;
    never floats. Times are strings in UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; ids are
    integers; people are ``"person:<id>"``; parties only by pseudonym (``"A"``) and a
    salted SHA-256 of their details, never by name (so erasing the details leaves the
    ledger verifiable and the hash cannot be reversed once the salt is gone).
    Top-level keys: ``v`` (1), ``kind``, ``case`` (case id or null), ``at`` (when the
    event was appended), ``actor``, ``data``. A step's ``data`` holds ``occurred_at``
    (when the step happened, as the recorder gave it) and ``recorded_at`` (when it was
    recorded); entries written before steps had a date of their own hold only
    ``performed_at``, the recording time.
``content_hash``
    ``SHA-256(content as UTF-8 bytes)``, lower-case hex.
``prev_hash``
    the ``entry_hash`` of entry ``seq - 1``; for ``seq`` 1, 64 zeros.
``entry_hash``
    ``SHA-256("coproduce-ledger-v1|<tenant id>|<seq>|<case id or empty>|<kind>|"
    "<prev_hash>|<content_hash>")`` over the ASCII bytes of that text (``|`` separates
    the fields; every field is a decimal integer, a hex digest or a dotted lower-case
    code, none of which can contain ``|``).
``mac``
    while the entry waits: HMAC-SHA-256, keyed with the site's ``SECRET_KEY``, of
    ``<tenant id>|<case id or empty>|<kind>|<content_hash>``; changing a waiting entry
    without the key is caught (see "Verifying"). Emptied once the entry is chained: the
    chain protects it from then on.

The tenant's ``LedgerHead`` row holds the last chained ``seq`` and ``entry_hash``.

Appending: queue, then sequence (as transparency logs do)
---------------------------------------------------------
A case service records each event once, with ``services.case_event_record``: that writes
the ``core.Event`` row of the tenant's audit trail and, from the same payload, appends the
ledger entry with ``ledger_append``, in the service's own transaction. The
entries are inserted *waiting* (content, content hash and MAC, no ``seq``), without any
lock on the chain, so the commits of concurrent services go to disk together (PostgreSQL's
group commit) instead of one fsync after another behind a lock. The event is durable the
moment its case change is: both commit or neither does.

The *sequencer* (``ledger_sequence``) then chains the waiting entries of a tenant: it locks
the head row, takes the waiting entries in ``id`` order in batches, checks each (content
hash and MAC), gives it the next ``seq``, ``prev_hash`` and ``entry_hash`` and moves the
head, one transaction per batch. This is how Certificate Transparency logs built on
Trillian work (leaves are queued, a sequencer integrates them into the tree in batches).
It runs

- as a background task (``ledger_sequence_task``), queued when an appending transaction
  commits (at most one queued run per tenant and process at a time: a run starts after
  the commits that asked for it, and chains everything waiting);
- before anything reads a chain: ``coproduce ledger verify``, the verify page, a case's
  trail (page, export, API); and on demand with ``coproduce ledger sequence``.

Nothing is lost if the process dies between the commit and the sequencer: the entries are
in the table, waiting, and the next run chains them. Events of one case are chained in the
order they happened (each service locks the case row, so the next event of a case is only
inserted after the previous one committed); events of different cases are chained in the
order the sequencer finds them committed.

Verifying
---------
``ledger_verify`` chains what is waiting, then, in one snapshot, streams the chained
entries in ``seq`` order (a server-side cursor in chunks, so memory stays constant) and
stops at the first entry that breaks one of: seq is the next integer (else an entry was
removed), ``content_hash`` matches ``content`` (else the content was changed),
``prev_hash`` is the previous ``entry_hash`` (else removed, reordered or changed),
``entry_hash`` matches its fields; and, at the end, the head names the last entry (else
entries at the end were removed). Then it checks the entries still waiting (appended
since, or refused by the sequencer): their content hash and MAC, and reports how many
there are. A waiting entry that was deleted cannot be detected; it waits well under a
second when the task worker runs.

Offline: an exported trail (``trail_export``) lists each entry with all of the above; for
each entry recompute ``SHA-256(content)`` and the ``entry_hash`` formula and compare, then
compare the ``entry_hash`` values and the ``head`` with an independent copy of the chain (a
hash-only export kept by the auditor, or the auditor's earlier exports). ``coproduce ledger
check-file trail.json`` does the first part with no database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_scopes import scopes_disabled

from .models import LedgerEntry, LedgerHead

GENESIS = "0" * 64
VERSION = 1
MAC_SALT = "coproduce.cases.ledger.waiting"
# A queued sequencer run starts this long after the commit that queued it; commits of
# the same process in the meantime are chained by that run and queue nothing more.
WAKE_DELAY = 0.5  # seconds
WAKE_MARGIN = 0.2  # seconds of clock difference tolerated between web and worker hosts
BATCH_SIZE = 2_000


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


def _mac_text(tenant_id: int, case_id: int | None, kind: str, content_hash: str) -> str:
    return f"{tenant_id}|{'' if case_id is None else case_id}|{kind}|{content_hash}"


def waiting_mac(
    *, tenant_id: int, case_id: int | None, kind: str, content_hash: str
) -> str:
    """The MAC a waiting entry carries (keyed with the site's secret key)."""
    return salted_hmac(
        MAC_SALT, _mac_text(tenant_id, case_id, kind, content_hash), algorithm="sha256"
    ).hexdigest()


def _mac_ok(tenant_id, case_id, kind, content_hash, mac) -> bool:
    value = _mac_text(tenant_id, case_id, kind, content_hash)
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        expected = salted_hmac(MAC_SALT, value, secret=secret, algorithm="sha256")
        if hmac.compare_digest(expected.hexdigest(), mac or ""):
            return True
    return False


def waiting_problem(
    tenant_id: int,
    row_id: int,
    case_id: int | None,
    kind: str,
    content: str,
    content_hash: str,
    mac: str,
) -> str:
    """Why a waiting entry cannot be trusted, or ``""``."""
    if sha256_text(content) != content_hash:
        return (
            f"The entry waiting to be chained with id {row_id} was changed: its "
            "content does not match its content hash."
        )
    if not _mac_ok(tenant_id, case_id, kind, content_hash, mac):
        return (
            f"The entry waiting to be chained with id {row_id} was changed: its "
            "MAC does not match (it was not written by this site's ledger)."
        )
    return ""


@dataclass(frozen=True)
class NewEntry:
    kind: str
    data: dict[str, Any]
    case_id: int | None = None
    actor: str | None = None  # "person:12", "user:3" or None (the system)


def entry_content(entry: NewEntry, at_text: str) -> str:
    return canonical(
        {
            "v": VERSION,
            "kind": entry.kind,
            "case": entry.case_id,
            "at": at_text,
            "actor": entry.actor,
            "data": entry.data,
        }
    )


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
    """Lock the tenant's chain head until the transaction ends. Case registrations take
    it to number their cases without gaps; appends do not need it."""
    with scopes_disabled():
        return _head_locked(tenant_id)


def entries_build(
    *,
    tenant_id: int,
    entries: Iterable[NewEntry],
    seq: int,
    prev_hash: str,
    at: dt.datetime,
) -> list[LedgerEntry]:
    """Chain ``entries`` after (``seq``, ``prev_hash``) at once; nothing is saved. (What
    the sequencer does in two steps; used to fill a chain in one, e.g. by the bench.)"""
    rows = []
    at_text = utc(at)
    for entry in entries:
        seq += 1
        content = entry_content(entry, at_text)
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
    """Queue ``entries`` for the tenant's chain, in the caller's transaction (no lock:
    the sequencer chains them once the transaction has committed)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must run inside a transaction")
    at = timezone.now()
    at_text = utc(at)
    rows = []
    for entry in entries:
        content = entry_content(entry, at_text)
        content_hash = sha256_text(content)
        rows.append(
            LedgerEntry(
                tenant_id=tenant_id,
                seq=None,
                case_id=entry.case_id,
                kind=entry.kind,
                content=content,
                content_hash=content_hash,
                mac=waiting_mac(
                    tenant_id=tenant_id,
                    case_id=entry.case_id,
                    kind=entry.kind,
                    content_hash=content_hash,
                ),
                created_at=at,
            )
        )
    LedgerEntry.objects.bulk_create(rows)
    if not _wake_queued(tenant_id):  # one wake-up per tenant and transaction
        wake = partial(_wake, tenant_id)
        wake.ledger_tenant_id = tenant_id  # type: ignore[attr-defined]
        transaction.on_commit(wake, robust=True)
    return rows


def _wake(tenant_id: int) -> None:
    sequencer_wake(tenant_id)  # looked up when called: tests replace it


def _wake_queued(tenant_id: int) -> bool:
    """Whether this transaction already wakes the sequencer for the tenant on commit."""
    return any(
        getattr(entry[1], "ledger_tenant_id", None) == tenant_id
        for entry in transaction.get_connection().run_on_commit
    )


# The sequencer ---------------------------------------------------------------------------

# tenant id -> when the run this process queued last starts (time.time())
_wake_at: dict[int, float] = {}


def sequencer_wake(tenant_id: int) -> None:
    """Queue a sequencer run for the tenant, unless one queued by this process starts
    after now (it will chain what was just committed)."""
    from django_tasks import default_task_backend

    from .tasks import ledger_sequence_task

    if not default_task_backend.supports_defer:  # runs at once (tests, dev backends)
        ledger_sequence_task.enqueue(tenant_id=tenant_id)
        return
    now = time.time()
    if _wake_at.get(tenant_id, 0.0) - now > WAKE_MARGIN:
        return
    start = now + WAKE_DELAY
    ledger_sequence_task.using(
        run_after=dt.datetime.fromtimestamp(start, dt.UTC)
    ).enqueue(tenant_id=tenant_id)
    _wake_at[tenant_id] = start


@dataclass(frozen=True)
class Sequenced:
    entries: int  # chained by this run
    head_seq: int
    problem: str = ""  # a waiting entry that was changed stops the run


def _chain_batch(tenant_id: int, batch_size: int) -> tuple[int, int, str, bool]:
    """One transaction: chain up to ``batch_size`` waiting entries. Returns (chained,
    head seq, problem, more may wait)."""
    with transaction.atomic():
        head = _head_locked(tenant_id)
        waiting = list(
            LedgerEntry.objects.filter(tenant_id=tenant_id, seq__isnull=True)
            .order_by("id")
            .values_list("id", "case_id", "kind", "content", "content_hash", "mac")[
                :batch_size
            ]
        )
        seq, prev = head.seq, head.entry_hash
        updates, problem = [], ""
        for row_id, case_id, kind, content, c_hash, mac in waiting:
            problem = waiting_problem(
                tenant_id, row_id, case_id, kind, content, c_hash, mac
            )
            if problem:
                break
            seq += 1
            this = entry_hash(
                tenant_id=tenant_id,
                seq=seq,
                case_id=case_id,
                kind=kind,
                prev_hash=prev,
                content_hash=c_hash,
            )
            updates.append((seq, prev, this, row_id))
            prev = this
        if updates:
            table = connection.ops.quote_name(LedgerEntry._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET seq = %s, prev_hash = %s, entry_hash = %s, "  # noqa: S608 (the model's table name; every value a parameter)
                    "mac = '' WHERE id = %s",
                    updates,
                )
            LedgerHead.objects.filter(pk=head.pk).update(seq=seq, entry_hash=prev)
    more = not problem and len(waiting) == batch_size
    return len(updates), seq, problem, more


def ledger_sequence(
    *, tenant_id: int, batch_size: int = BATCH_SIZE, limit: int | None = None
) -> Sequenced:
    """Chain the tenant's waiting entries in id order, ``batch_size`` per transaction,
    until none wait (or ``limit`` are chained); stops at a waiting entry that was
    changed and names it."""
    total, head_seq = 0, 0
    with scopes_disabled():
        while True:
            size = batch_size if limit is None else min(batch_size, limit - total)
            if size <= 0:
                break
            chained, head_seq, problem, more = _chain_batch(tenant_id, size)
            total += chained
            if problem:
                return Sequenced(total, head_seq, problem)
            if not more:
                break
    return Sequenced(total, head_seq)


# Verifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    problem: str = ""
    seq: int | None = None  # the first entry found wrong
    head_seq: int = 0
    head_hash: str = GENESIS
    waiting: int = 0  # entries not yet chained (checked by their content hash and MAC)


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


def _waiting_verify(tenant_id: int, chunk_size: int) -> tuple[int, str]:
    rows = (
        LedgerEntry.objects.filter(tenant_id=tenant_id, seq__isnull=True)
        .order_by("id")
        .values_list("id", "case_id", "kind", "content", "content_hash", "mac")
        .iterator(chunk_size=chunk_size)
    )
    count = 0
    for row in rows:
        count += 1
        if problem := waiting_problem(tenant_id, *row):
            return count, problem
    return count, ""


def _chain_verify(tenant_id: int, chunk_size: int) -> Verification:
    head_row = (
        LedgerHead.objects.filter(tenant_id=tenant_id)
        .values_list("seq", "entry_hash")
        .first()
    )
    rows = (
        LedgerEntry.objects.filter(tenant_id=tenant_id, seq__isnull=False)
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
    result = rows_verify(tenant_id, rows, head_row)
    waiting, problem = _waiting_verify(tenant_id, chunk_size)
    if result.ok and problem:
        return dataclasses.replace(result, ok=False, problem=problem, waiting=waiting)
    return dataclasses.replace(result, waiting=waiting)


def ledger_verify(
    *, tenant_id: int, chunk_size: int = 20_000, sequence: bool = True
) -> Verification:
    """Chain what waits (unless ``sequence`` is false), then check the tenant's chain
    and its waiting entries, streamed in one snapshot (constant memory)."""
    if sequence:
        ledger_sequence(tenant_id=tenant_id)
    with scopes_disabled():
        if connection.in_atomic_block:
            return _chain_verify(tenant_id, chunk_size)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # the head and the entries as of one moment, while the sequencer goes on
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                    )
            return _chain_verify(tenant_id, chunk_size)


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
