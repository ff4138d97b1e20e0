"""The ledger: every case event of a tenant appended to one hash chain, each entry
signed with a key the database does not hold.

Format (version 2)
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
``created_at``
    when the entry was appended (the same moment as the content's ``at``); the trail
    shows it, so the entry hash covers it.
``slot``, ``slot_seq``
    which of the tenant's append counters (``LedgerSlot``) numbered the entry, and its
    number there: 1, 2, 3 ... per slot without gaps (see "Appending"). Empty for entries
    chained without waiting (``entries_build``) and for those of format 1.
``content_hash``
    ``SHA-256(content as UTF-8 bytes)``, lower-case hex.
``prev_hash``
    the ``entry_hash`` of entry ``seq - 1``; for ``seq`` 1, 64 zeros.
``entry_hash``
    ``SHA-256("coproduce-ledger-v2|<tenant id>|<seq>|<case id or empty>|<kind>|"
    "<created_at>|<slot or empty>|<slot_seq or empty>|<prev_hash>|<content_hash>")``
    over the ASCII bytes of that text, ``created_at`` written as the content's times are
    (``|`` separates the fields; none of them can contain ``|``).
``key_id``, ``mac``
    the id of the ledger key (``settings.COPRODUCE_LEDGER_KEYS``, kept outside the
    database) and an HMAC-SHA-256 with it, lower-case hex:

    - chained: of ``"coproduce-ledger-v2-entry|<tenant id>|<seq>|<entry_hash>"``. As the
      entry hash covers every entry before it, each MAC vouches for the whole chain up
      to its entry: rewriting an entry and recomputing every later hash needs the key.
    - waiting: of ``"coproduce-ledger-v2-waiting|<tenant id>|<slot>|<slot_seq>|"
      "<case id or empty>|<kind>|<created_at>|<content_hash>"``.

``format``
    2; 1 for entries chained before version 2, whose entry hash is
    ``SHA-256("coproduce-ledger-v1|<tenant id>|<seq>|<case id or empty>|<kind>|"
    "<prev_hash>|<content_hash>")`` (no ``created_at``: for them, verify checks
    ``created_at`` against the content's ``at``, which the content hash covers). They
    verify once signed: ``coproduce ledger rekey`` checks the chain and signs them.

The tenant's ``LedgerHead`` row holds the last chained ``seq`` and ``entry_hash``, and,
per slot, the last ``slot_seq`` chained.

Keys: ``COPRODUCE_LEDGER_KEYS`` maps key ids to secrets, newest first. The newest signs,
the others verify what they signed (rotation: add a new key in front; ``ledger rekey``
re-signs everything with it, after which the old key may be removed).

Appending: queue, then sequence (as transparency logs do)
---------------------------------------------------------
A case service records each event once, with ``services.case_event_record``: that writes
the ``core.Event`` row of the tenant's audit trail and, from the same payload, appends the
ledger entry with ``ledger_append``, in the service's own transaction. The entries are
inserted *waiting* (content, content hash, slot number and MAC, no ``seq``), without any
lock on the chain: the transaction locks one *free* slot of the tenant's few append
counters (``SELECT ... FOR UPDATE SKIP LOCKED``), numbers its entries from it and holds
it until it commits. So concurrent appends do not wait for one another (up to ``SLOTS``
at once; their commits go to disk together, PostgreSQL's group commit), and the waiting
entries of each slot are numbered without gaps (a rolled-back transaction rolls its
numbers back too): a waiting entry deleted before it was chained leaves a gap, or a
counter ahead of the entries. The event is durable the moment its case change is: both
commit or neither does.

The *sequencer* (``ledger_sequence``) then chains the waiting entries of a tenant: it locks
the head row, takes the waiting entries in ``id`` order in batches, checks each (content
hash, MAC, and that it is the next of its slot), gives it the next ``seq``, ``prev_hash``,
``entry_hash`` and MAC and moves the head, one transaction per batch. This is how
Certificate Transparency logs built on Trillian work (leaves are queued, a sequencer
integrates them into the tree in batches). It runs

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
``entry_hash`` matches its fields, its slot number follows the slot's previous one, its
MAC matches under its key id (else the chain was rewritten without the key); at the end,
the head names the last entry (else entries at the end were removed). Then it checks the
entries still waiting (their content hash, MAC and slot numbers), and that each slot's
counter equals the last number found in it (else waiting entries were deleted).

Checkpoints (signed tree heads): ``checkpoint_make`` verifies the chain and returns the
tenant, size, head hash and time with an HMAC under the newest key; kept outside the
database (or sent to an auditor), ``ledger verify --checkpoint FILE`` proves that today's
chain still extends it: the entry at its size must have its head hash, which no one, even
with the key, can arrange after rewriting an entry below it.

Offline: an exported trail (``trail_export``) lists each entry with all of the above; for
each entry recompute ``SHA-256(content)`` and the ``entry_hash`` formula and compare, then
compare the ``entry_hash`` values and the ``head`` with an independent copy of the chain (a
checkpoint, a hash-only export kept by the auditor, or the auditor's earlier exports).
``coproduce ledger check-file trail.json`` does the first part with no database (the MACs
need the key: ``ledger verify`` checks them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_scopes import scopes_disabled

from .models import LedgerEntry, LedgerHead, LedgerSlot

GENESIS = "0" * 64
VERSION = 1  # of the content
FORMAT = 2  # of the entry hash and its MAC
CHECKPOINT_FORMAT = "coproduce-ledger-checkpoint-v1"
MAC_SALT = "coproduce.cases.ledger.waiting"  # format 1 waiting entries (SECRET_KEY)
SLOTS = 8  # append counters per tenant: appends at once without waiting
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


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


def entry_hash(
    *,
    tenant_id: int,
    seq: int,
    case_id: int | None,
    kind: str,
    prev_hash: str,
    content_hash: str,
    created_at: str = "",
    slot: int | None = None,
    slot_seq: int | None = None,
    fmt: int = FORMAT,
) -> str:
    """The entry hash (``created_at`` as ``utc()`` writes it; ignored by format 1)."""
    if fmt == 1:
        header = (
            f"coproduce-ledger-v1|{tenant_id}|{seq}|{_opt(case_id)}|{kind}|"
            f"{prev_hash}|{content_hash}"
        )
    else:
        header = (
            f"coproduce-ledger-v2|{tenant_id}|{seq}|{_opt(case_id)}|{kind}|"
            f"{created_at}|{_opt(slot)}|{_opt(slot_seq)}|{prev_hash}|{content_hash}"
        )
    return hashlib.sha256(header.encode("ascii")).hexdigest()


# Keys ------------------------------------------------------------------------------------


def ledger_keys() -> dict[str, bytes]:
    """Key id -> key, the newest (the one that signs) first."""
    keys = getattr(settings, "COPRODUCE_LEDGER_KEYS", None) or {}
    if not keys:
        raise ImproperlyConfigured(
            "COPRODUCE_LEDGER_KEYS is empty: the case ledger needs a key (LEDGER_KEY)."
        )
    return {key_id: secret.encode("utf-8") for key_id, secret in keys.items()}


def signing_key() -> tuple[str, bytes]:
    return next(iter(ledger_keys().items()))


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("ascii"), hashlib.sha256).hexdigest()


def chained_mac_text(tenant_id: int, seq: int, this_hash: str) -> str:
    return f"coproduce-ledger-v2-entry|{tenant_id}|{seq}|{this_hash}"


def waiting_mac_text(
    tenant_id: int,
    slot: int | None,
    slot_seq: int | None,
    case_id: int | None,
    kind: str,
    created_at: str,
    content_hash: str,
) -> str:
    return (
        f"coproduce-ledger-v2-waiting|{tenant_id}|{_opt(slot)}|{_opt(slot_seq)}|"
        f"{_opt(case_id)}|{kind}|{created_at}|{content_hash}"
    )


def mac_problem(key_id: str, text: str, mac: str) -> str:
    """Why ``mac`` does not vouch for ``text``: ``"unsigned"``, ``"unknown"``,
    ``"wrong"``, or ``""``."""
    if not mac:
        return "unsigned"
    key = ledger_keys().get(key_id)
    if key is None:
        return "unknown"
    return "" if hmac.compare_digest(_mac(key, text), mac) else "wrong"


def _legacy_mac_ok(tenant_id, case_id, kind, content_hash, mac) -> bool:
    """The MAC of a waiting entry of format 1 (keyed with the site's SECRET_KEY)."""
    value = f"{tenant_id}|{_opt(case_id)}|{kind}|{content_hash}"
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        expected = salted_hmac(MAC_SALT, value, secret=secret, algorithm="sha256")
        if hmac.compare_digest(expected.hexdigest(), mac or ""):
            return True
    return False


_WAITING_FIELDS = (
    "id",
    "case_id",
    "kind",
    "content",
    "content_hash",
    "mac",
    "key_id",
    "format",
    "slot",
    "slot_seq",
    "created_at",
)


def waiting_problem(
    tenant_id: int,
    row_id: int,
    case_id: int | None,
    kind: str,
    content: str,
    content_hash: str,
    mac: str,
    key_id: str,
    fmt: int,
    slot: int | None,
    slot_seq: int | None,
    created_at: dt.datetime,
) -> str:
    """Why a waiting entry cannot be trusted, or ``""``."""
    if sha256_text(content) != content_hash:
        return (
            f"The entry waiting to be chained with id {row_id} was changed: its "
            "content does not match its content hash."
        )
    if fmt == 1:
        ok = _legacy_mac_ok(tenant_id, case_id, kind, content_hash, mac)
        why = "" if ok else "wrong"
    else:
        text = waiting_mac_text(
            tenant_id, slot, slot_seq, case_id, kind, utc(created_at), content_hash
        )
        why = mac_problem(key_id, text, mac)
    if why == "unknown":
        return (
            f"The entry waiting to be chained with id {row_id} is signed with key "
            f"{key_id!r}, which this site does not hold."
        )
    if why:
        return (
            f"The entry waiting to be chained with id {row_id} was changed: its "
            "MAC does not match (it was not written by this site's ledger)."
        )
    return ""


def _slot_gap(slot: int, expected: int, found: int | None) -> str:
    if found is None or found > expected:
        return (
            f"An entry waiting to be chained was deleted: append slot {slot} numbered "
            f"{expected - 1} entries before the next one found"
            + ("" if found is None else f" (number {found})")
            + "."
        )
    return (
        f"Append slot {slot} numbers two entries {found}: an entry waiting to be "
        "chained was copied or renumbered."
    )


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
    """Chain and sign ``entries`` after (``seq``, ``prev_hash``) at once; nothing is
    saved. (What the sequencer does in two steps; used to fill a chain in one, e.g. by
    the bench.)"""
    key_id, key = signing_key()
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
            created_at=at_text,
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
                mac=_mac(key, chained_mac_text(tenant_id, seq, this_hash)),
                key_id=key_id,
                format=FORMAT,
                created_at=at,
            )
        )
        prev_hash = this_hash
    return rows


def _slot_take(tenant_id: int, count: int) -> tuple[int, int]:
    """Lock a free append slot of the tenant until the transaction ends and reserve
    ``count`` numbers in it: (slot, the first number)."""
    slots = LedgerSlot.objects.filter(tenant_id=tenant_id)
    taken = slots.select_for_update(skip_locked=True).order_by("slot").first()
    if taken is None:
        if not slots.exists():  # the tenant's first append
            LedgerSlot.objects.bulk_create(
                [LedgerSlot(tenant_id=tenant_id, slot=i) for i in range(SLOTS)],
                ignore_conflicts=True,
            )
            taken = slots.select_for_update(skip_locked=True).order_by("slot").first()
        if taken is None:  # all busy: wait for one of them
            taken = slots.select_for_update().get(slot=secrets.randbelow(SLOTS))
    slots.filter(pk=taken.pk).update(appended=F("appended") + count)
    return taken.slot, taken.appended + 1


def ledger_append(*, tenant_id: int, entries: list[NewEntry]) -> list[LedgerEntry]:
    """Queue ``entries`` for the tenant's chain, in the caller's transaction (no lock on
    the chain, one free append slot: the sequencer chains them once the transaction has
    committed)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must run inside a transaction")
    if not entries:
        return []
    key_id, key = signing_key()
    at = timezone.now()
    at_text = utc(at)
    with scopes_disabled():
        slot, number = _slot_take(tenant_id, len(entries))
    rows = []
    for entry in entries:
        content = entry_content(entry, at_text)
        content_hash = sha256_text(content)
        text = waiting_mac_text(
            tenant_id, slot, number, entry.case_id, entry.kind, at_text, content_hash
        )
        rows.append(
            LedgerEntry(
                tenant_id=tenant_id,
                seq=None,
                case_id=entry.case_id,
                kind=entry.kind,
                content=content,
                content_hash=content_hash,
                mac=_mac(key, text),
                key_id=key_id,
                format=FORMAT,
                slot=slot,
                slot_seq=number,
                created_at=at,
            )
        )
        number += 1
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
    problem: str = ""  # a waiting entry that was changed or deleted stops the run


def _chain_batch(tenant_id: int, batch_size: int) -> tuple[int, int, str, bool]:
    """One transaction: chain up to ``batch_size`` waiting entries. Returns (chained,
    head seq, problem, more may wait)."""
    key_id, key = signing_key()
    with transaction.atomic():
        head = _head_locked(tenant_id)
        slots = {int(k): v for k, v in (head.slots or {}).items()}
        waiting = list(
            LedgerEntry.objects.filter(tenant_id=tenant_id, seq__isnull=True)
            .order_by("id")
            .values_list(*_WAITING_FIELDS)[:batch_size]
        )
        seq, prev = head.seq, head.entry_hash
        updates, problem = [], ""
        for row in waiting:
            row_id, case_id, kind, _c, c_hash, _m, _k, _f, slot, slot_seq, at = row
            problem = waiting_problem(tenant_id, *row)
            if not problem and slot is not None:
                expected = slots.get(slot, 0) + 1
                if slot_seq != expected:
                    problem = _slot_gap(slot, expected, slot_seq)
            if problem:
                break
            if slot is not None:
                slots[slot] = slot_seq
            seq += 1
            this = entry_hash(
                tenant_id=tenant_id,
                seq=seq,
                case_id=case_id,
                kind=kind,
                prev_hash=prev,
                content_hash=c_hash,
                created_at=utc(at),
                slot=slot,
                slot_seq=slot_seq,
            )
            mac = _mac(key, chained_mac_text(tenant_id, seq, this))
            updates.append((seq, prev, this, mac, key_id, row_id))
            prev = this
        if updates:
            table = connection.ops.quote_name(LedgerEntry._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET seq = %s, prev_hash = %s, entry_hash = %s, "  # noqa: S608 (the model's table name; every value a parameter)
                    f"mac = %s, key_id = %s, format = {FORMAT} WHERE id = %s",
                    updates,
                )
            LedgerHead.objects.filter(pk=head.pk).update(
                seq=seq, entry_hash=prev, slots={str(k): v for k, v in slots.items()}
            )
    more = not problem and len(waiting) == batch_size
    return len(updates), seq, problem, more


def ledger_sequence(
    *, tenant_id: int, batch_size: int = BATCH_SIZE, limit: int | None = None
) -> Sequenced:
    """Chain the tenant's waiting entries in id order, ``batch_size`` per transaction,
    until none wait (or ``limit`` are chained); stops at a waiting entry that was
    changed, or after a gap left by one deleted, and names it."""
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
    # slot -> the last slot number found in the chain
    slots: dict[int, int] = dataclasses.field(default_factory=dict)
    checkpoint: tuple[int, str] | None = None  # (size, head hash) found in the chain


_CHAINED_FIELDS = (
    "seq",
    "case_id",
    "kind",
    "content",
    "content_hash",
    "prev_hash",
    "entry_hash",
    "mac",
    "key_id",
    "format",
    "slot",
    "slot_seq",
    "created_at",
)


def _mac_message(seq: int, why: str, key_id: str) -> str:
    if why == "unsigned":
        return (
            f"Entry {seq} is not signed with a ledger key (chained before the keyed "
            "format? `coproduce ledger rekey` checks the chain and signs it)."
        )
    if why == "unknown":
        return (
            f"Entry {seq} is signed with key {key_id!r}, which this site does not hold."
        )
    return (
        f"Entry {seq} was changed: its MAC does not match (the chain was rewritten "
        "without this site's ledger key)."
    )


def rows_verify(  # noqa: C901, PLR0911, PLR0912 (one pass, one check after another)
    tenant_id: int,
    rows: Iterable[tuple],
    head: tuple[int, str] | None,
    *,
    checkpoint: tuple[int, str] | None = None,
    require_mac: bool = True,
):
    """Check ``rows`` (``_CHAINED_FIELDS``) in seq order; ``head`` is (seq, entry_hash)
    of the chain's head; ``checkpoint`` (size, head hash) one the chain must extend."""
    expected, prev, count = 1, GENESIS, 0
    sha = hashlib.sha256
    keys = ledger_keys()
    macs = {k: hmac.new(v, digestmod=hashlib.sha256) for k, v in keys.items()}
    slots: dict[int, int] = {}
    cp_size, cp_hash = checkpoint if checkpoint is not None else (0, "")
    for row in rows:
        seq, case_id, kind, content, c_hash, p_hash, e_hash, mac, key_id, fmt = row[:10]
        slot, slot_seq, created_at = row[10:]
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
        at = utc(created_at)
        if fmt == 1:
            header = (
                f"coproduce-ledger-v1|{tenant_id}|{seq}|{_opt(case_id)}|{kind}|"
                f"{p_hash}|{c_hash}"
            )
        else:
            header = (
                f"coproduce-ledger-v2|{tenant_id}|{seq}|{_opt(case_id)}|{kind}|{at}|"
                f"{_opt(slot)}|{_opt(slot_seq)}|{p_hash}|{c_hash}"
            )
        if sha(header.encode("ascii")).hexdigest() != e_hash:
            return Verification(
                False,
                count,
                f"Entry {seq} was changed: its entry hash does not match its fields.",
                seq,
            )
        if fmt == 1 and json.loads(content).get("at") != at:
            return Verification(
                False,
                count,
                f"Entry {seq} was changed: the time it was appended is not the time "
                "in its content.",
                seq,
            )
        if require_mac or mac:
            base = macs.get(key_id)
            if not mac:
                why = "unsigned"
            elif base is None:
                why = "unknown"
            else:
                h = base.copy()
                h.update(
                    f"coproduce-ledger-v2-entry|{tenant_id}|{seq}|{e_hash}".encode()
                )
                why = "" if hmac.compare_digest(h.hexdigest(), mac) else "wrong"
            if why:
                return Verification(False, count, _mac_message(seq, why, key_id), seq)
        if slot is not None:
            want = slots.get(slot, 0) + 1
            if slot_seq != want:
                return Verification(False, count, _slot_gap(slot, want, slot_seq), seq)
            slots[slot] = slot_seq
        if seq == cp_size and e_hash != cp_hash:
            return Verification(
                False,
                count,
                f"Entry {seq} is not the one the checkpoint names: the chain was "
                f"rewritten at or below entry {seq} since the checkpoint was made.",
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
    if cp_size > last:
        return Verification(
            False,
            count,
            f"The chain has {last} entries but the checkpoint {cp_size}: entries "
            "below the checkpoint were removed.",
            last + 1,
            head_seq,
            head_hash,
        )
    return Verification(
        True, count, "", None, head_seq, head_hash, slots=slots, checkpoint=checkpoint
    )


def _waiting_verify(
    tenant_id: int, chunk_size: int, slots: dict[int, int]
) -> tuple[int, str]:
    """Check the waiting entries, numbering each slot on from ``slots`` (updated)."""
    rows = (
        LedgerEntry.objects.filter(tenant_id=tenant_id, seq__isnull=True)
        .order_by("id")
        .values_list(*_WAITING_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    count = 0
    for row in rows:
        count += 1
        if problem := waiting_problem(tenant_id, *row):
            return count, problem
        slot, slot_seq = row[8], row[9]
        if slot is None:
            continue
        want = slots.get(slot, 0) + 1
        if slot_seq != want:
            return count, _slot_gap(slot, want, slot_seq)
        slots[slot] = slot_seq
    return count, ""


def _counters_verify(
    counters: dict[int, int], found: dict[int, int], consistent: bool
) -> str:
    """Each slot's counter against the last number found in it (chain and queue).
    Read before the entries: when the reads are not of one moment, appends committed in
    between may put the entries ahead of the counter (not compared then), never behind."""
    for slot in sorted(set(counters) | set(found)):
        appended, last = counters.get(slot), found.get(slot, 0)
        if appended is None:
            return f"Append slot {slot} is missing: its counter was deleted."
        if appended > last:
            return (
                f"{appended - last} entries numbered in append slot {slot} are "
                "neither chained nor waiting: they were deleted before they were "
                "chained."
            )
        if consistent and appended < last:
            return (
                f"Append slot {slot} counts {appended} entries but {last} are in the "
                "ledger: its counter was changed."
            )
    return ""


def _chain_verify(
    tenant_id: int,
    chunk_size: int,
    checkpoint: tuple[int, str] | None = None,
    *,
    consistent: bool = True,
    require_mac: bool = True,
) -> Verification:
    counters = dict(
        LedgerSlot.objects.filter(tenant_id=tenant_id).values_list("slot", "appended")
    )
    head_row = (
        LedgerHead.objects.filter(tenant_id=tenant_id)
        .values_list("seq", "entry_hash")
        .first()
    )
    rows = (
        LedgerEntry.objects.filter(tenant_id=tenant_id, seq__isnull=False)
        .order_by("seq")
        .values_list(*_CHAINED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    result = rows_verify(
        tenant_id, rows, head_row, checkpoint=checkpoint, require_mac=require_mac
    )
    found = dict(result.slots)
    waiting, problem = _waiting_verify(tenant_id, chunk_size, found)
    if result.ok and not problem:
        problem = _counters_verify(counters, found, consistent)
    if result.ok and problem:
        return dataclasses.replace(result, ok=False, problem=problem, waiting=waiting)
    return dataclasses.replace(result, waiting=waiting)


def ledger_verify(
    *,
    tenant_id: int,
    chunk_size: int = 20_000,
    sequence: bool = True,
    checkpoint: tuple[int, str] | None = None,
) -> Verification:
    """Chain what waits (unless ``sequence`` is false), then check the tenant's chain
    and its waiting entries, streamed in one snapshot (constant memory); with
    ``checkpoint`` (size, head hash), that the chain extends it."""
    if sequence:
        ledger_sequence(tenant_id=tenant_id)
    with scopes_disabled():
        if connection.in_atomic_block:
            # inside the caller's transaction (read committed on PostgreSQL): hold the
            # head so that no entry moves from the queue to the chain between the reads
            _head_locked(tenant_id)
            consistent = connection.vendor != "postgresql"
            return _chain_verify(
                tenant_id, chunk_size, checkpoint, consistent=consistent
            )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # the head and the entries as of one moment, while the sequencer goes on
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                    )
            return _chain_verify(tenant_id, chunk_size, checkpoint)


# Checkpoints (signed tree heads) ---------------------------------------------------------


def _checkpoint_text(tenant_id: int, size: int, head_hash: str, at: str) -> str:
    return f"{CHECKPOINT_FORMAT}|{tenant_id}|{size}|{head_hash}|{at}"


class LedgerBroken(Exception):  # noqa: N818 (a state, not a programming error)
    pass


def checkpoint_make(*, tenant_id: int, tenant_slug: str) -> dict[str, Any]:
    """Verify the tenant's chain and return a checkpoint of it signed with the newest
    key: what to keep outside the database, or send to an auditor."""
    result = ledger_verify(tenant_id=tenant_id)
    if not result.ok:
        raise LedgerBroken(result.problem)
    key_id, key = signing_key()
    at = utc(timezone.now())
    text = _checkpoint_text(tenant_id, result.head_seq, result.head_hash, at)
    return {
        "format": CHECKPOINT_FORMAT,
        "tenant": {"id": tenant_id, "slug": tenant_slug},
        "size": result.head_seq,
        "head_hash": result.head_hash,
        "time": at,
        "key_id": key_id,
        "mac": _mac(key, text),
    }


def checkpoint_problem(checkpoint: dict[str, Any], tenant_id: int) -> str:
    """Why ``checkpoint`` is not a checkpoint this site signed for the tenant, or ``""``."""
    try:
        if checkpoint["format"] != CHECKPOINT_FORMAT:
            return f"Not a ledger checkpoint (format {checkpoint['format']!r})."
        if checkpoint["tenant"]["id"] != tenant_id:
            return "The checkpoint is of another tenant's ledger."
        text = _checkpoint_text(
            tenant_id,
            int(checkpoint["size"]),
            str(checkpoint["head_hash"]),
            str(checkpoint["time"]),
        )
        why = mac_problem(str(checkpoint["key_id"]), text, str(checkpoint["mac"]))
    except (KeyError, TypeError, ValueError, UnicodeEncodeError):
        return "Not a ledger checkpoint: a field is missing or malformed."
    if why == "unknown":
        return (
            f"The checkpoint is signed with key {checkpoint['key_id']!r}, which this "
            "site does not hold."
        )
    if why:
        return "The checkpoint's MAC does not match: it was changed or not made here."
    return ""


# Signing again (format 1 entries, key rotation) -----------------------------------------


@dataclass(frozen=True)
class Rekeyed:
    entries: int  # signed again
    key_id: str
    problem: str = ""


def ledger_rekey(*, tenant_id: int, batch_size: int = 5_000) -> Rekeyed:
    """Check the tenant's chain (hashes, and the MACs it has) under the head's lock and
    sign every chained entry not signed with the newest key with it. For entries chained
    before the keyed format, and to retire an old key. Refuses a broken chain."""
    ledger_sequence(tenant_id=tenant_id)
    key_id, key = signing_key()
    signed = 0
    with scopes_disabled(), transaction.atomic():
        _head_locked(tenant_id)
        result = _chain_verify(
            tenant_id,
            batch_size,
            consistent=connection.vendor != "postgresql",
            require_mac=False,
        )
        if not result.ok:
            return Rekeyed(0, key_id, result.problem)
        rows = (
            LedgerEntry.objects.filter(tenant_id=tenant_id, seq__isnull=False)
            .exclude(key_id=key_id, mac__gt="")
            .order_by("seq")
            .values_list("id", "seq", "entry_hash")
            .iterator(chunk_size=batch_size)
        )
        table = connection.ops.quote_name(LedgerEntry._meta.db_table)
        batch: list[tuple] = []

        def flush():
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET mac = %s, key_id = %s WHERE id = %s",  # noqa: S608 (the model's table name; every value a parameter)
                    batch,
                )
            batch.clear()

        for row_id, seq, this in rows:
            assert seq is not None  # noqa: S101 (chained rows only: for the type checker)
            batch.append(
                (_mac(key, chained_mac_text(tenant_id, seq, this)), key_id, row_id)
            )
            signed += 1
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    return Rekeyed(signed, key_id)


def entry_check(tenant_id: int, entry: dict[str, Any]) -> str | None:
    """Offline check of one exported entry: why it is wrong, or None."""
    if sha256_text(entry["content"]) != entry["content_hash"]:
        return f"Entry {entry['seq']}: the content does not match its content hash."
    fmt = entry.get("format", 1)
    expected = entry_hash(
        tenant_id=tenant_id,
        seq=entry["seq"],
        case_id=entry["case"],
        kind=entry["kind"],
        prev_hash=entry["prev_hash"],
        content_hash=entry["content_hash"],
        created_at=entry.get("created_at", ""),
        slot=entry.get("slot"),
        slot_seq=entry.get("slot_seq"),
        fmt=fmt,
    )
    if expected != entry["entry_hash"]:
        return f"Entry {entry['seq']}: the entry hash does not match its fields."
    if fmt == 1 and json.loads(entry["content"]).get("at") != entry.get("created_at"):
        return (
            f"Entry {entry['seq']}: the time appended is not the time in its content."
        )
    return None
