"""Reads for evaluation: instruments, panels, waves, and answers turned into arrays for the
statistics module (on PostgreSQL copied straight from the table in binary, never row by row)."""

from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Length
from django_scopes import scopes_disabled

from . import vectors
from .models import Instrument, Invitation, Item, Panel, PanelMember, Scale, Wave
from .stats import PanelData, ScaleSpec
from .stats.panel import scale_items, scale_score


def instrument_list(
    qs: QuerySet[Instrument] | None = None, *, questions: bool = False
) -> QuerySet[Instrument]:
    """Instruments (of ``qs``, e.g. ``instrument_visible(actor)``) with their numbers of
    scales and items, and whether an opened wave uses them; with ``questions`` their
    scales (each with its items) and free-text items (``free_text_items``) too."""
    if qs is None:
        qs = Instrument.objects.all()
    in_use = Wave.objects.filter(panel__instrument=OuterRef("pk")).exclude(
        status=Wave.Status.DRAFT
    )
    qs = qs.annotate(
        n_scales=Count("scales", distinct=True),
        n_items=Count("items", distinct=True),
        in_use=Exists(in_use),
    )
    if not questions:
        return qs
    items = Item.objects.order_by("position", "id")
    return qs.prefetch_related(
        Prefetch(
            "scales",
            queryset=Scale.objects.order_by("position", "id").prefetch_related(
                Prefetch("items", queryset=items)
            ),
        ),
        Prefetch(
            "items",
            queryset=items.filter(kind=Item.Kind.TEXT),
            to_attr="free_text_items",
        ),
    )


def scale_list(instrument: Instrument) -> QuerySet[Scale]:
    """The instrument's scales in order, each with its items in order."""
    return (
        Scale.objects.filter(tenant_id=instrument.tenant_id, instrument=instrument)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("position", "id"))
        )
    )


def scale_get(*, instrument: Instrument, pk: int) -> Scale:
    return scale_list(instrument).get(pk=pk)


def item_list(instrument: Instrument) -> QuerySet[Item]:
    return Item.objects.filter(
        tenant_id=instrument.tenant_id, instrument=instrument
    ).order_by("position", "id")


def item_get(*, instrument: Instrument, pk: int) -> Item:
    return item_list(instrument).get(pk=pk)


def panel_list(
    qs: QuerySet[Panel] | None = None,
    *,
    initiative: int | None = None,
    instrument: int | None = None,
) -> QuerySet[Panel]:
    """Panels (of ``qs``, e.g. ``panel_visible(actor)``; of one initiative or instrument if
    given) with their initiative, instrument and numbers of members and waves."""
    if qs is None:
        qs = Panel.objects.all()
    if initiative:
        qs = qs.filter(initiative_id=initiative)
    if instrument:
        qs = qs.filter(instrument_id=instrument)
    return qs.select_related("initiative", "instrument").annotate(
        n_members=Count("members", distinct=True),
        n_waves=Count("waves", distinct=True),
    )


def member_list(panel: Panel) -> QuerySet[PanelMember]:
    """The panel's members by pseudonym."""
    return PanelMember.objects.filter(tenant_id=panel.tenant_id, panel=panel).order_by(
        "pseudonym", "id"
    )


def member_get(*, panel: Panel, pk: int) -> PanelMember:
    """A member of the panel as stored now (after a service changed it)."""
    return member_list(panel).get(pk=pk)


def member_count(panel: Panel) -> int:
    return member_list(panel).count()


# what a member's invitation to a wave shows of its sending, letter and answer
INVITATION_STATUS = (
    "member_id",
    "wave_id",
    "sent_at",
    "reminders_sent",
    "letter_printed_at",
    "submitted_at",
    "assisted_at",
)


def invitation_statuses(
    *, panel: Panel, members: list[PanelMember]
) -> dict[tuple[int, int], Any]:
    """Each (member id, wave id) invitation's sending, reminders and answer."""
    return {
        (i["member_id"], i["wave_id"]): i
        for i in Invitation.objects.filter(
            tenant_id=panel.tenant_id,
            wave__panel=panel,
            member__in=[m.pk for m in members],
        ).values(*INVITATION_STATUS)
    }


def wave_counts(qs: QuerySet[Wave] | None = None) -> QuerySet[Wave]:
    """Waves (of ``qs``, e.g. ``wave_visible(actor)``) with how many were invited to each,
    how many answered and how many of those answered with staff's help, by panel and
    number."""
    if qs is None:
        qs = Wave.objects.all()
    return qs.annotate(
        n_invited=Count("invitations", distinct=True),
        n_answered=Count(
            "invitations",
            filter=Q(invitations__submitted_at__isnull=False),
            distinct=True,
        ),
        n_not_sent=Count(
            "invitations",
            filter=Q(invitations__send_failed_at__isnull=False),
            distinct=True,
        ),
        n_assisted=Count(
            "invitations",
            filter=Q(
                invitations__submitted_at__isnull=False,
                invitations__assisted_at__isnull=False,
            ),
            distinct=True,
        ),
    ).order_by("panel_id", "number")


def wave_list(panel: Panel) -> QuerySet[Wave]:
    """The panel's waves by number, with their counts (``wave_counts``)."""
    return wave_counts(panel.waves.all())


def wave_get(wave: Wave) -> Wave:
    """The wave as stored now, with its counts (after a service changed it)."""
    return wave_counts(Wave.objects.filter(tenant_id=wave.tenant_id)).get(pk=wave.pk)


def wave_reminders_pending(wave: Wave) -> int:
    """Those a reminder goes to: invited, sent their link, not answered, an address."""
    return Invitation.objects.filter(
        tenant_id=wave.tenant_id,
        wave=wave,
        submitted_at__isnull=True,
        sent_at__isnull=False,
        member__email__gt="",
    ).count()


def invitation_by_token(token: str, *, for_page: bool = True) -> Invitation | None:
    """The invitation behind a personal link (any tenant: the token is the credential).

    The page also needs the wave, panel, initiative and member, joined in the same query; a save
    needs only the invitation's own row (planning the four-table join was a tenth of a
    save's time, bench/response_submission.py)."""
    with scopes_disabled():
        invitations = Invitation.objects.filter(token=token)
        if for_page:
            invitations = invitations.select_related(
                "wave__panel__initiative", "wave__panel__instrument", "member"
            )
        return invitations.first()


def invitation_for(*, wave: Wave, member: PanelMember) -> Invitation | None:
    """The member's invitation to the wave as stored now, if they have one."""
    return Invitation.objects.filter(
        tenant_id=wave.tenant_id, wave=wave, member=member
    ).first()


@lru_cache(maxsize=512)
def opened_wave_items(instrument_id: int, opened_at: str) -> tuple[Item, ...]:
    """The instrument's items in (position, id) order, the order of the form and of the
    packed vectors. Once a wave has opened its instrument cannot change (the services
    refuse), so they are kept per process, keyed by the instrument and the opening, and
    neither a form nor a save asks the database for them again."""
    with scopes_disabled():
        return tuple(
            Item.objects.filter(instrument_id=instrument_id)
            .select_related("scale")
            .order_by("position", "id")
        )


def scale_specs(instrument: Instrument):
    specs = []
    for scale in instrument.scales.prefetch_related("items"):
        items = [item for item in scale.items.all() if item.kind == Item.Kind.SCALE]
        specs.append(
            ScaleSpec(
                name=scale.name,
                items=tuple(item.code for item in items),
                reverse=frozenset(item.code for item in items if item.reverse),
                minimum=float(scale.minimum),
                maximum=float(scale.maximum),
            )
        )
    return tuple(specs)


def _vectors_postgres(wave_ids: list[int], width: int):
    """(member, wave, values) straight from a binary COPY of the packed vectors: fixed-size
    rows, read as one structured array, no Python object per row."""
    query = (
        "COPY (SELECT member_id::int8, wave_id::int8, scale_values "
        "FROM evaluation_invitation WHERE wave_id = ANY(%s) "
        "AND submitted_at IS NOT NULL) TO STDOUT (FORMAT BINARY)"
    )
    chunks = []
    with connection.cursor() as cursor, cursor.cursor.copy(query, (wave_ids,)) as copy:
        for data in copy:
            chunks.append(bytes(data))
    raw = b"".join(chunks)
    row = np.dtype(
        [
            ("n", ">i2"),
            ("l1", ">i4"),
            ("member", ">i8"),
            ("l2", ">i4"),
            ("wave", ">i8"),
            ("l3", ">i4"),
            ("values", vectors.DTYPE, (width,)),
        ]
    )
    header = 19  # signature, flags, extension length
    body = raw[header:-2]  # the trailer is a field count of -1
    rows = np.frombuffer(body, dtype=row)
    return (
        rows["member"].astype(np.int64),
        rows["wave"].astype(np.int64),
        rows["values"].astype(np.float64).reshape(len(rows), width),
    )


def _vectors_orm(wave_ids: list[int], width: int):
    rows = list(
        Invitation.objects.filter(
            wave_id__in=wave_ids, submitted_at__isnull=False
        ).values_list("member_id", "wave_id", "scale_values")
    )
    values = np.empty((len(rows), width))
    for k, (_, _, data) in enumerate(rows):
        values[k] = vectors.unpack(data) if data is not None else np.nan
    return (
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=np.int64),
        values,
    )


def _ensure_packed(wave_ids: list[int], width: int) -> None:
    """Every submitted invitation has a vector of the instrument's width; answers written
    around the services (an old import, a hand-made fix) are packed here first."""
    stale = (
        Invitation.objects.filter(wave_id__in=wave_ids, submitted_at__isnull=False)
        .annotate(size=Length("scale_values"))
        .filter(Q(scale_values__isnull=True) | ~Q(size=width * vectors.DTYPE.itemsize))
    )
    if stale.exists():
        from .services import invitations_repack

        with transaction.atomic():
            invitations_repack(wave_ids=wave_ids)


def panel_data_for(*, before: Wave, after: Wave):
    """The answers of two waves of one panel as a ``PanelData`` (respondents by member id)."""
    if before.panel_id != after.panel_id:
        raise ValueError("The two waves belong to different panels.")
    instrument = before.panel.instrument
    items = list(
        Item.objects.filter(instrument=instrument, kind=Item.Kind.SCALE)
        .order_by("position", "id")
        .values_list("pk", "code")
    )
    if not items:
        return PanelData(
            respondents=np.array([], dtype=np.int64),
            waves=np.array([], dtype=np.int64),
            items=(),
            values=np.empty((0, 0)),
            scales=(),
        )
    wave_ids = [before.pk, after.pk]
    _ensure_packed(wave_ids, len(items))
    fetch = _vectors_postgres if connection.vendor == "postgresql" else _vectors_orm
    member, wave, matrix = fetch(wave_ids, len(items))
    # one row per (member, wave), ordered by member, the before wave first
    keys = member * 2 + (wave == after.pk)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    return PanelData(
        respondents=keys // 2,
        waves=np.where(keys % 2 == 1, after.number, before.number).astype(np.int64),
        items=tuple(code for _, code in items),
        values=matrix[order],
        scales=scale_specs(instrument),
    )


def scale_mean_in_wave(*, wave: Wave, scale_name: str) -> tuple[float | None, int]:
    """The mean of scale ``scale_name`` over the respondents who scored it in ``wave``
    (each respondent's score is the mean of the scale's items, reverse-coded items
    turned), and the number of those respondents."""
    data = panel_data_for(before=wave, after=wave)
    spec = next((s for s in data.scales if s.name == scale_name), None)
    if spec is None or not len(data.respondents):
        return None, 0
    scores = scale_score(scale_items(data, spec))
    scores = scores[~np.isnan(scores)]
    if not len(scores):
        return None, 0
    return float(scores.mean()), int(len(scores))


def panel_waves_for_scale(*, tenant_id: int, panel_id: int) -> QuerySet[Wave]:
    """Every wave of a panel with its instrument, to take a scale's mean from each."""
    return (
        Wave.objects.filter(tenant_id=tenant_id, panel_id=panel_id)
        .select_related("panel__instrument")
        .order_by("number")
    )
