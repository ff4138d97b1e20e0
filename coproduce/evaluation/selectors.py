"""Reads for evaluation: instruments, panels, waves, and answers turned into arrays for the
statistics module (on PostgreSQL copied straight from the table in binary, never row by row)."""

from functools import lru_cache

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404

from . import vectors
from .models import Instrument, Invitation, Item, Panel, Wave


def _get(qs, **lookup):
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def instrument_list(*, tenant) -> QuerySet[Instrument]:
    return Instrument.objects.filter(tenant=tenant).annotate(
        n_scales=Count("scales", distinct=True), n_items=Count("items", distinct=True)
    )


def access_instrument_by_id(*, tenant, pk: int) -> Instrument:
    return _get(Instrument.objects.filter(tenant=tenant), pk=pk)


def panel_list(*, tenant, initiatives: QuerySet) -> QuerySet[Panel]:
    """Panels of the initiatives the user may see."""
    return (
        Panel.objects.filter(tenant=tenant, initiative__in=initiatives)
        .select_related("initiative", "instrument")
        .annotate(
            n_members=Count("members", distinct=True),
            n_waves=Count("waves", distinct=True),
        )
    )


def access_panel_by_id(*, tenant, initiatives: QuerySet, pk: int) -> Panel:
    return _get(panel_list(tenant=tenant, initiatives=initiatives), pk=pk)


def wave_list(panel: Panel) -> QuerySet[Wave]:
    return panel.waves.annotate(
        n_invited=Count("invitations", distinct=True),
        n_answered=Count(
            "invitations",
            filter=Q(invitations__submitted_at__isnull=False),
            distinct=True,
        ),
    ).order_by("number")


def invitation_by_token(token: str, *, for_page: bool = True) -> Invitation | None:
    """The invitation behind a personal link (any tenant: the token is the credential).

    The page also needs the wave, panel, initiative and member, joined in the same query; a save
    needs only the invitation's own row (planning the four-table join was a tenth of a
    save's time, bench/response_submission.py)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        invitations = Invitation.objects.filter(token=token)
        if for_page:
            invitations = invitations.select_related(
                "wave__panel__initiative", "member"
            )
        return invitations.first()


@lru_cache(maxsize=512)
def opened_wave_items(instrument_id: int, opened_at: str) -> tuple[Item, ...]:
    """The instrument's items in (position, id) order, the order of the form and of the
    packed vectors. Once a wave has opened its instrument cannot change (the services
    refuse), so they are kept per process, keyed by the instrument and the opening, and
    neither a form nor a save asks the database for them again."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return tuple(
            Item.objects.filter(instrument_id=instrument_id)
            .select_related("scale")
            .order_by("position", "id")
        )


def scale_specs(instrument: Instrument):
    from .stats import ScaleSpec

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
    with connection.cursor() as cursor:
        with cursor.cursor.copy(query, (wave_ids,)) as copy:
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
        values[k] = vectors.unpack(data)
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
    from .stats import PanelData

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
