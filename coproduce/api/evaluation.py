"""Evaluation: instruments with their scales and items, panels, waves with their counts,
and the report of a panel between two waves.

Reading needs ``initiatives.view_all`` or ``initiatives.change``; a panel (and its waves)
is a 404 unless its initiative is visible to the caller. Writing goes through the
evaluation services and needs ``initiatives.change``. Respondents never appear by name
or address: a report names them by pseudonym only.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthorizationError
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.evaluation import services
from coproduce.evaluation.models import Instrument, Item, PanelMember, Scale, Wave
from coproduce.evaluation.reports import report_build, report_waves, waves_pick
from coproduce.evaluation.selectors import instrument_list, panel_list
from coproduce.initiatives.vocab import ActorRole

from . import errors
from .access import (
    initiatives_visible,
    object_get,
    permission_require,
    references_resolve,
)
from .pagination import Pagination
from .schemas import Choice, DateTimeIn, Id, IdIn, In, Out, Text

router = Router(tags=["evaluation"])

CHANGE = "initiatives.change"
READ = ("initiatives.view_all", "initiatives.change")


def _read_require(request) -> None:
    if not any(p in request.permissions for p in READ):
        raise AuthorizationError(
            message="Your role may not read evaluations (initiatives.view_all)."
        )


def _instruments(request):
    text_items = Item.objects.filter(kind=Item.Kind.TEXT).order_by("position", "id")
    in_use = Wave.objects.filter(panel__instrument=OuterRef("pk")).exclude(
        status=Wave.Status.DRAFT
    )
    qs = instrument_list(tenant=request.tenant).annotate(in_use=Exists(in_use))
    return qs.prefetch_related(
        Prefetch(
            "scales",
            queryset=Scale.objects.order_by("position", "id").prefetch_related(
                Prefetch("items", queryset=Item.objects.order_by("position", "id"))
            ),
        ),
        Prefetch("items", queryset=text_items, to_attr="free_text_items"),
    )


def _panels(request):
    return panel_list(tenant=request.tenant, initiatives=initiatives_visible(request))


def _waves(request):
    return (
        Wave.objects.filter(
            tenant=request.tenant,
            panel__initiative__in=initiatives_visible(request).values("pk"),
        )
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_answered=Count(
                "invitations",
                filter=Q(invitations__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("panel_id", "number")
    )


# Schemas ------------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    code: str
    text: str
    kind: str
    reverse: bool


class ScaleOut(Schema):
    id: int
    name: str
    minimum: int
    maximum: int
    minimum_label: str
    maximum_label: str
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj) -> list:
        return [item for item in obj.items.all() if item.kind == Item.Kind.SCALE]


class InstrumentOut(Out):
    name: str
    description: str
    source_note: str
    library_key: str
    in_use: bool = Field(
        description="Used in an opened wave: its questions can no longer change."
    )
    scales: list[ScaleOut]
    free_text: list[ItemOut]

    @staticmethod
    def resolve_scales(obj) -> list:
        return list(obj.scales.all())

    @staticmethod
    def resolve_free_text(obj) -> list:
        return obj.free_text_items


class PanelIn(In):
    initiative: IdIn
    instrument: IdIn
    name: Text(200, min_length=1)
    description: Text(10000) = ""


class PanelOut(Out):
    initiative: int
    instrument: int
    name: str
    description: str
    members: int = Field(description="Respondents invited to the panel")
    waves: int

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_instrument(obj) -> int:
        return obj.instrument_id

    @staticmethod
    def resolve_members(obj) -> int:
        return obj.n_members

    @staticmethod
    def resolve_waves(obj) -> int:
        return obj.n_waves


class PanelFilters(Schema):
    initiative: Id | None = None
    instrument: Id | None = None


class MembersFromParticipantsIn(In):
    roles: list[Choice(ActorRole)] = Field(
        default_factory=list,
        max_length=len(ActorRole.values),
        description="Only participants in these roles; all of them when empty.",
    )


class MembersAddedOut(Schema):
    added: int = Field(description="Participants newly added as respondents")
    members: int = Field(description="Respondents in the panel now")


class MemberOut(Schema):
    id: int
    pseudonym: str
    source: str = Field(description="participant (from the initiative) or list")
    email: str | None = Field(
        description="Only for those who may change the panel (null for the others); "
        "empty once the member has left"
    )
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None = Field(description="When the member left")
    answers_erased_at: dt.datetime | None = Field(
        description="When their answers were erased, on their request"
    )

    @staticmethod
    def resolve_source(obj) -> str:
        return "participant" if obj.person_id else "list"

    @staticmethod
    def resolve_email(obj, context) -> str | None:
        return obj.email if CHANGE in context["request"].permissions else None


class MemberEmailIn(In):
    email: Text(254, min_length=1)


class MemberLeftOut(Schema):
    member: MemberOut
    invitations_removed: int = Field(
        description="Invitations withdrawn (unanswered in open waves, or all if erased)"
    )
    answers_erased: int


class WaveIn(In):
    closes_at: DateTimeIn | None = None


class WaveOut(Out):
    panel: int
    number: int
    status: str
    opened_at: dt.datetime | None
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    invited: int
    answered: int

    @staticmethod
    def resolve_panel(obj) -> int:
        return obj.panel_id

    @staticmethod
    def resolve_invited(obj) -> int:
        return obj.n_invited

    @staticmethod
    def resolve_answered(obj) -> int:
        return obj.n_answered


class ReportQuery(Schema):
    before: int | None = Field(
        None,
        ge=1,
        le=32767,
        description="Wave number; the first opened wave if left out",
    )
    after: int | None = Field(
        None,
        ge=1,
        le=32767,
        description="Wave number; the last opened wave if left out",
    )


class ReportScale(Schema):
    scale: str
    n_pairs: int
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    sd_before: float | None
    sd_after: float | None
    mean_diff: float | None
    sd_diff: float | None
    t: float | None
    df: int | None
    p_t: float | None
    ci95: list[float] | None
    wilcoxon_v: float | None
    p_wilcoxon: float | None
    wilcoxon_method: str | None = Field(description="exact or normal")
    n_zero_diffs: int
    cohen_dz: float | None
    alpha_before: float | None
    alpha_after: float | None
    p_holm: float | None


class ReportAttritionScale(Schema):
    scale: str
    n_stayed: int
    n_left: int
    mean_stayed: float | None
    mean_left: float | None
    smd: float | None
    t: float | None
    df: float | None
    p_welch: float | None


class ReportAttrition(Schema):
    before: int
    after: int
    both: int
    left: int
    joined: int
    rate: float | None
    scales: list[ReportAttritionScale]


class ReportInitiative(Schema):
    id: int
    slug: str
    name: str


class ReportPanel(Schema):
    id: int
    name: str
    initiative: ReportInitiative


class ReportInstrumentScale(Schema):
    name: str
    minimum: float
    maximum: float
    items: list[str]
    reverse: list[str]


class ReportInstrument(Schema):
    id: int
    name: str
    scales: list[ReportInstrumentScale]


class ReportWave(Schema):
    id: int
    number: int
    status: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    invited: int | None
    answered: int | None


class ReportWaves(Schema):
    before: ReportWave
    after: ReportWave


class ReportReading(Schema):
    scale: str
    text: str


class ReportChange(Schema):
    scale: str
    change: float | None


class ReportComment(Schema):
    respondent: str = Field(description="The respondent's pseudonym")
    wave: int
    question: str
    text: str
    changes: list[ReportChange]


class ReportOut(Schema):
    """The statistics (as ``coproduce analyse`` prints them) with the report's metadata."""

    before: int
    after: int
    scales: list[ReportScale]
    attrition: ReportAttrition
    panel: ReportPanel
    instrument: ReportInstrument
    waves: ReportWaves
    readings: list[ReportReading]
    comments: list[ReportComment]
    generated_at: dt.datetime


# Instruments --------------------------------------------------------------------------


@router.get("/instruments", response={200: list[InstrumentOut], **errors.READ_LIST})
@paginate(Pagination)
def instrument_list_(request):
    _read_require(request)
    return _instruments(request).order_by("name", "id")


@router.get(
    "/instruments/{int:instrument_id}",
    response={200: InstrumentOut, **errors.READ_ONE},
)
def instrument_detail(request, instrument_id: Id):
    _read_require(request)
    return object_get(_instruments(request), instrument_id)


# Panels -------------------------------------------------------------------------------


@router.get("/panels", response={200: list[PanelOut], **errors.READ_LIST})
@paginate(Pagination)
def panel_list_(request, filters: Query[PanelFilters]):
    _read_require(request)
    qs = _panels(request).order_by("name", "id")
    if filters.initiative:
        qs = qs.filter(initiative_id=filters.initiative)
    if filters.instrument:
        qs = qs.filter(instrument_id=filters.instrument)
    return qs


@router.post("/panels", response={201: PanelOut, **errors.CREATE})
def panel_create(request, payload: PanelIn):
    permission_require(request, CHANGE)
    values = references_resolve(
        payload.model_dump(),
        {
            "initiative": initiatives_visible(request),
            "instrument": Instrument.objects.filter(tenant=request.tenant),
        },
    )
    panel = services.panel_create(tenant=request.tenant, actor=request.user, **values)
    return Status(201, object_get(_panels(request), panel.pk))


@router.get("/panels/{int:panel_id}", response={200: PanelOut, **errors.READ_ONE})
def panel_detail(request, panel_id: Id):
    _read_require(request)
    return object_get(_panels(request), panel_id)


@router.post(
    "/panels/{int:panel_id}/members/from-participants",
    response={200: MembersAddedOut, **errors.CHANGE},
)
def panel_members_from_participants(
    request, panel_id: Id, payload: MembersFromParticipantsIn
):
    """Invite the people who took part in the panel's initiative (each once), under a
    new pseudonym each."""
    permission_require(request, CHANGE)
    panel = object_get(_panels(request), panel_id)
    added = services.panel_members_from_participants(
        panel=panel, actor=request.user, roles=payload.roles or None
    )
    return {"added": added, "members": panel.members.count()}


def _member(request, panel_id: int, member_id: int) -> PanelMember:
    panel = object_get(_panels(request), panel_id)
    return object_get(PanelMember.objects.filter(panel=panel), member_id)


@router.get(
    "/panels/{int:panel_id}/members",
    response={200: list[MemberOut], **errors.READ_ONE},
)
@paginate(Pagination)
def panel_members(request, panel_id: Id):
    """The panel's members by pseudonym; addresses only for those who may change it."""
    _read_require(request)
    panel = object_get(_panels(request), panel_id)
    return PanelMember.objects.filter(panel=panel).order_by("pseudonym", "id")


@router.get(
    "/panels/{int:panel_id}/members/{int:member_id}",
    response={200: MemberOut, **errors.READ_ONE},
)
def panel_member(request, panel_id: Id, member_id: Id):
    _read_require(request)
    return _member(request, panel_id, member_id)


@router.patch(
    "/panels/{int:panel_id}/members/{int:member_id}",
    response={200: MemberOut, **errors.CHANGE},
)
def panel_member_change(request, panel_id: Id, member_id: Id, payload: MemberEmailIn):
    """Correct a member's address; while a wave is open and they have not answered it,
    their personal link is sent again, to the new address."""
    permission_require(request, CHANGE)
    member = _member(request, panel_id, member_id)
    return services.panel_member_email_change(
        member=member, actor=request.user, email=payload.email
    )


def _leave(request, panel_id: int, member_id: int, *, erase: bool) -> dict:
    permission_require(request, CHANGE)
    member = _member(request, panel_id, member_id)
    done = services.panel_member_withdraw(
        member=member, actor=request.user, erase_answers=erase
    )
    member.refresh_from_db()
    return {"member": member, **done}


@router.post(
    "/panels/{int:panel_id}/members/{int:member_id}/leave",
    response={200: MemberLeftOut, **errors.CHANGE},
)
def panel_member_leave(request, panel_id: Id, member_id: Id):
    """The member leaves the panel: address erased, no more links or reminders, later
    waves leave them out; their answers stay in the analyses under the pseudonym."""
    return _leave(request, panel_id, member_id, erase=False)


@router.post(
    "/panels/{int:panel_id}/members/{int:member_id}/erase",
    response={200: MemberLeftOut, **errors.CHANGE},
)
def panel_member_erase(request, panel_id: Id, member_id: Id):
    """The member leaves the panel and every answer of theirs is erased (GDPR Art. 17),
    closed waves included; reports no longer count them. Cannot be undone."""
    return _leave(request, panel_id, member_id, erase=True)


@router.get(
    "/panels/{int:panel_id}/waves",
    response={200: list[WaveOut], **errors.READ_ONE},
)
@paginate(Pagination)
def panel_waves(request, panel_id: Id):
    _read_require(request)
    panel = object_get(_panels(request), panel_id)
    return _waves(request).filter(panel=panel)


@router.post("/panels/{int:panel_id}/waves", response={201: WaveOut, **errors.CHANGE})
def wave_create(request, panel_id: Id, payload: WaveIn):
    permission_require(request, CHANGE)
    panel = object_get(_panels(request), panel_id)
    wave = services.wave_create(
        panel=panel, actor=request.user, closes_at=payload.closes_at
    )
    return Status(201, object_get(_waves(request), wave.pk))


@router.get(
    "/panels/{int:panel_id}/report", response={200: ReportOut, **errors.READ_ONE}
)
def panel_report(request, panel_id: Id, query: Query[ReportQuery]):
    """Every scale's change between two waves with its tests (t-test, Wilcoxon, Holm),
    effect size, reliability, attrition, and the free-text answers by pseudonym."""
    _read_require(request)
    panel = object_get(_panels(request), panel_id)
    before, after = waves_pick(
        report_waves(panel), before=query.before, after=query.after
    )
    return report_build(panel=panel, before=before, after=after).to_dict()


# Waves --------------------------------------------------------------------------------


@router.get("/waves/{int:wave_id}", response={200: WaveOut, **errors.READ_ONE})
def wave_detail(request, wave_id: Id):
    _read_require(request)
    return object_get(_waves(request), wave_id)


@router.post("/waves/{int:wave_id}/open", response={200: WaveOut, **errors.CHANGE})
def wave_open(request, wave_id: Id):
    """Open the wave: every respondent gets a personal link, sent in the background."""
    permission_require(request, CHANGE)
    wave = object_get(_waves(request), wave_id)
    services.wave_open(wave=wave, actor=request.user)
    return object_get(_waves(request), wave.pk)


@router.post("/waves/{int:wave_id}/close", response={200: WaveOut, **errors.CHANGE})
def wave_close(request, wave_id: Id):
    """Close the wave: answers can no longer be given or changed."""
    permission_require(request, CHANGE)
    wave = object_get(_waves(request), wave_id)
    services.wave_close(wave=wave, actor=request.user)
    return object_get(_waves(request), wave.pk)
