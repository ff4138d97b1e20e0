"""Who may read and change which instrument, panel, member and wave, given the request's
actor: one rule for the pages, the report (page, print, CSV, JSON) and the API.

- Reading evaluations is for staff: any of ``EVALUATION_READ`` (``initiatives.view_all``,
  ``initiatives.change``, ``registry.view``, so partners too). Volunteers and service users
  are respondents, who answer through their personal link: 403 on every evaluation page
  and operation, whatever the object (nothing is looked up first, so nothing leaks).
- A panel, and its members and waves, is read through the initiatives the actor may see
  (``initiative_visible``): any other, or one that does not exist, is the same 404.
- Instruments are the tenant's: every reader sees them all (but only the panels they may
  see of them).
- Changing anything needs ``initiatives.change`` (``EVALUATION_CHANGE``): 403 once the
  object is found (404 first, as for reading).
- Members' email addresses are shown only to those who may change the panel
  (``member_email_visible``), to correct an address that bounced; names never.

``access_<thing>_by_id`` takes an optional ``qs``: the selector's queryset (annotated,
prefetched) to find the row in, so that the rule stays here and the read in one query.
"""

from django.db.models import QuerySet
from django.http import Http404

from coproduce.initiatives.access import initiative_visible
from coproduce.tenancy.actor import Actor

from .models import Instrument, Item, Panel, PanelMember, Wave

EVALUATION_READ = frozenset(
    {"initiatives.view_all", "initiatives.change", "registry.view"}
)
EVALUATION_CHANGE = frozenset({"initiatives.change"})


def evaluation_read_allowed(actor: Actor) -> bool:
    return actor.can_any(EVALUATION_READ)


def evaluation_change_allowed(actor: Actor) -> bool:
    return actor.can_any(EVALUATION_CHANGE)


def evaluation_read_require(actor: Actor) -> None:
    """403 (a page, or a problem in the API) for respondents."""
    actor.require_any(EVALUATION_READ)


def evaluation_change_require(actor: Actor) -> None:
    actor.require_any(EVALUATION_CHANGE)


def member_email_visible(actor: Actor) -> bool:
    """Whether the actor sees panel members' addresses (never their names)."""
    return evaluation_change_allowed(actor)


def _found(qs: QuerySet, pk: int):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# Instruments --------------------------------------------------------------------------


def instrument_visible(
    actor: Actor, qs: QuerySet[Instrument] | None = None
) -> QuerySet[Instrument]:
    """Every instrument ``actor`` may read (of ``qs`` if given)."""
    if qs is None:
        qs = Instrument.objects.all()
    qs = qs.filter(tenant=actor.tenant)
    return qs if evaluation_read_allowed(actor) else qs.none()


def access_instrument_by_id(
    actor: Actor,
    pk: int,
    *,
    qs: QuerySet[Instrument] | None = None,
    change: bool = False,
) -> Instrument:
    evaluation_read_require(actor)
    instrument = _found(instrument_visible(actor, qs), pk)
    if change:
        evaluation_change_require(actor)
    return instrument


def access_item_by_id(*, instrument: Instrument, pk: int) -> Item:
    """A question of ``instrument`` (found through ``access_instrument_by_id``), else 404."""
    return _found(
        Item.objects.filter(tenant_id=instrument.tenant_id, instrument=instrument), pk
    )


# Panels and their members -------------------------------------------------------------


def panel_visible(actor: Actor, qs: QuerySet[Panel] | None = None) -> QuerySet[Panel]:
    """Every panel ``actor`` may read (of ``qs`` if given): those of the initiatives they
    may see."""
    if qs is None:
        qs = Panel.objects.all()
    qs = qs.filter(tenant=actor.tenant)
    if not evaluation_read_allowed(actor):
        return qs.none()
    return qs.filter(initiative__in=initiative_visible(actor).values("pk"))


def access_panel_by_id(
    actor: Actor,
    pk: int,
    *,
    qs: QuerySet[Panel] | None = None,
    change: bool = False,
) -> Panel:
    evaluation_read_require(actor)
    if qs is None:
        qs = Panel.objects.select_related("initiative", "instrument")
    panel = _found(panel_visible(actor, qs), pk)
    if change:
        evaluation_change_require(actor)
    return panel


def access_member_by_id(*, panel: Panel, pk: int) -> PanelMember:
    """A member of ``panel`` (found through ``access_panel_by_id``), else 404."""
    member = _found(
        PanelMember.objects.filter(tenant_id=panel.tenant_id, panel=panel), pk
    )
    member.panel = panel  # found through it: no second look-up
    return member


# Waves --------------------------------------------------------------------------------


def wave_visible(actor: Actor, qs: QuerySet[Wave] | None = None) -> QuerySet[Wave]:
    """Every wave ``actor`` may read (of ``qs`` if given): those of the visible panels."""
    if qs is None:
        qs = Wave.objects.all()
    qs = qs.filter(tenant=actor.tenant)
    if not evaluation_read_allowed(actor):
        return qs.none()
    return qs.filter(panel__in=panel_visible(actor).values("pk"))


def access_wave_by_id(
    actor: Actor,
    pk: int,
    *,
    qs: QuerySet[Wave] | None = None,
    change: bool = False,
) -> Wave:
    evaluation_read_require(actor)
    wave = _found(wave_visible(actor, qs), pk)
    if change:
        evaluation_change_require(actor)
    return wave


def access_wave_by_number(*, panel: Panel, number: int) -> Wave:
    """Wave ``number`` of ``panel`` (found through ``access_panel_by_id``), else 404."""
    wave = Wave.objects.filter(
        tenant_id=panel.tenant_id, panel=panel, number=number
    ).first()
    if wave is None:
        raise Http404
    return wave
