"""A panel's answers at response level in the API, pseudonymous, paged by cursor.

The same rows as the long export (``panel_data.long_rows``): respondent (the panel
pseudonym), wave, the day it opened, the item's variable name (the codebook's),
the rating or the free text. Who: as the panel's data page, ``data.export`` and reading
the panel (``evaluation.access.access_panel_by_id``): a panel of another tenant or of
an initiative one may not see is a 404, a member without ``data.export`` gets 403.
"""

import datetime as dt

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from coproduce.api import errors
from coproduce.api.pagination import CursorPagination
from coproduce.api.schemas import Id
from coproduce.evaluation.access import access_panel_by_id
from coproduce.evaluation.models import Item

from . import selectors
from .access import panel_data_allowed
from .panel_data import codebook_for

router = Router(tags=["research data"])


class ResponseOut(Schema):
    id: int
    respondent: str = Field(..., alias="member.pseudonym")
    wave: int = Field(..., alias="wave.number")
    wave_date: dt.date | None
    item: str = Field(description="The item's variable name (see the codebook)")
    value: float | None = Field(description="A rating on the item's scale")
    text: str | None = Field(description="A free-text answer")

    @staticmethod
    def resolve_wave_date(obj):
        opened = obj.wave.opened_at
        return opened.date() if opened else None

    @staticmethod
    def resolve_item(obj, context):
        return context["request"].panel_items[obj.item_id][0]

    @staticmethod
    def resolve_text(obj, context):
        is_text = context["request"].panel_items[obj.item_id][1]
        return obj.text if is_text else None


@router.get(
    "/panels/{int:panel_id}/responses",
    response={200: list[ResponseOut], **errors.READ_ONE},
)
@paginate(CursorPagination)
def panel_responses(request, panel_id: Id):
    """One row per answer, by pseudonym (names, addresses and person ids never):
    follow ``next`` with ``cursor`` through a panel of any size."""
    panel = access_panel_by_id(request.actor, panel_id)
    if not panel_data_allowed(request.actor):
        request.actor.require("data.export")
    codebook = codebook_for(panel)
    request.panel_items = {
        i.pk: (i.name, i.kind == Item.Kind.TEXT) for i in codebook.items
    }
    return selectors.panel_answers(panel)
