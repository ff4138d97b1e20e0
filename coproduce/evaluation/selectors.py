"""Reads for evaluation: instruments, panels, waves, and answers turned into arrays for the
statistics module (on PostgreSQL copied straight from the table in binary, never row by row)."""

import numpy as np
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import Answer, Instrument, Invitation, Item, Panel, Wave


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


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation behind a personal link (any tenant: the token is the credential)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return (
            Invitation.objects.select_related(
                "wave__panel__instrument", "wave__panel__initiative", "member"
            )
            .filter(token=token)
            .first()
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


def _answers_postgres(wave_ids: list[int], item_ids: list[int]):
    """(member, wave, item, value) columns straight from a binary COPY: no Python row objects."""
    query = (
        "COPY (SELECT member_id::int8, wave_id::int8, item_id::int8, "
        "COALESCE(value, 'NaN'::float8) FROM evaluation_answer "
        "WHERE wave_id = ANY(%s) AND item_id = ANY(%s)) TO STDOUT (FORMAT BINARY)"
    )
    chunks = []
    with connection.cursor() as cursor:
        with cursor.cursor.copy(query, (wave_ids, item_ids)) as copy:
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
            ("item", ">i8"),
            ("l4", ">i4"),
            ("value", ">f8"),
        ]
    )
    header = 19  # signature, flags, extension length
    body = raw[header:-2]  # the trailer is a field count of -1
    rows = np.frombuffer(body, dtype=row)
    return (
        rows["member"].astype(np.int64),
        rows["wave"].astype(np.int64),
        rows["item"].astype(np.int64),
        rows["value"].astype(np.float64),
    )


def _answers_orm(wave_ids: list[int], item_ids: list[int]):
    values = list(
        Answer.objects.filter(wave_id__in=wave_ids, item_id__in=item_ids)
        .values_list("member_id", "wave_id", "item_id", "value")
        .iterator(chunk_size=20000)
    )
    if not values:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, np.array([], dtype=np.float64)
    member, wave, item, value = zip(*values, strict=True)
    return (
        np.array(member, dtype=np.int64),
        np.array(wave, dtype=np.int64),
        np.array(item, dtype=np.int64),
        np.array([np.nan if v is None else v for v in value], dtype=np.float64),
    )


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
    item_ids = np.array([pk for pk, _ in items], dtype=np.int64)
    order = np.argsort(item_ids)
    fetch = _answers_postgres if connection.vendor == "postgresql" else _answers_orm
    member, wave, item, value = fetch([before.pk, after.pk], item_ids.tolist())
    # one row per (member, wave); one column per item
    keys = member * 2 + (wave == after.pk)
    unique_keys, row = np.unique(keys, return_inverse=True)
    column = order[np.searchsorted(item_ids[order], item)]
    matrix = np.full((len(unique_keys), len(items)), np.nan)
    matrix[row, column] = value
    return (
        PanelData(
            respondents=unique_keys // 2,
            waves=np.where(unique_keys % 2 == 1, after.number, before.number).astype(
                np.int64
            ),
            items=tuple(code for _, code in items),
            values=matrix,
            scales=scale_specs(instrument),
        )
        if len(items)
        else PanelData(
            respondents=np.array([], dtype=np.int64),
            waves=np.array([], dtype=np.int64),
            items=(),
            values=np.empty((0, 0)),
            scales=(),
        )
    )
