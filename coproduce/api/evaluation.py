"""Evaluation: instruments with their scales and items, panels, waves with their counts,
and the report of a panel between two waves.

Reading needs ``initiatives.view_all`` or ``initiatives.change``; a panel (and its waves)
is a 404 unless its initiative is visible to the caller. Writing goes through the
evaluation services and needs ``initiatives.change``. Respondents never appear by name
or address: a report names them by pseudonym only.
"""

import datetime as dt
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthorizationError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import AfterValidator, Strict, model_validator

from coproduce.evaluation import services
from coproduce.evaluation.library import BY_KEY, LIBRARY
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
from .schemas import SLUG, Bool, Choice, DateTimeIn, Id, IdIn, In, Out, Text

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


def _instrument(request, instrument_id: int) -> Instrument:
    """The instrument to change, found through the tenant (plain: the services read its
    scales and items themselves)."""
    return object_get(Instrument.objects.filter(tenant=request.tenant), instrument_id)


def _scales(instrument: Instrument):
    items = Item.objects.order_by("position", "id")
    return Scale.objects.filter(instrument=instrument).prefetch_related(
        Prefetch("items", queryset=items)
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


class ItemDetailOut(ItemOut):
    """One question on its own: where it belongs, and where it comes in the instrument."""

    instrument: int
    scale: int | None = Field(description="Its scale (a rating); null for free text")
    position: int

    @staticmethod
    def resolve_instrument(obj) -> int:
        return obj.instrument_id

    @staticmethod
    def resolve_scale(obj) -> int | None:
        return obj.scale_id


class LibraryItemOut(Schema):
    code: str
    text: str
    reverse: bool = Field(
        description="Reverse-coded: scored as lowest + highest - answer"
    )


class LibraryScaleOut(Schema):
    key: str = Field(description="What to name in an instrument built from the library")
    name: str
    minimum: int
    maximum: int
    minimum_label: str
    maximum_label: str
    items: list[LibraryItemOut]
    source_note: str = Field(
        description="Where the items come from; copied into the instrument's source note"
    )


LibraryKey = Literal[tuple(BY_KEY)]
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=SLUG)]
Question = Text(10000, min_length=1)
SmallInt = Annotated[int, Strict(), Field(ge=-32768, le=32767)]


def _each_once(keys: list[str]) -> list[str]:
    if len(set(keys)) != len(keys):
        raise ValueError("Name each library scale once.")
    return keys


def _email(value: str) -> str:
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError(f"'{value[:80]}' is not an email address.") from None
    return value


Email = Annotated[Text(254, min_length=1), AfterValidator(_email)]


class InstrumentIn(In):
    name: Text(200, min_length=1)
    description: Text(10000) = ""
    source_note: Text(10000) = Field(
        "", description="Where the questions come from, and whether they were adapted"
    )


class InstrumentFromLibraryIn(InstrumentIn):
    keys: Annotated[list[LibraryKey], AfterValidator(_each_once)] = Field(
        default_factory=list,
        max_length=len(LIBRARY),
        description="Library scales (GET /scale-library), each copied with its items, "
        "answer range, reverse-coded items and source note, in this order",
    )
    free_text: list[Question] = Field(
        default_factory=list,
        max_length=50,
        description="Questions answered in the respondent's words (codes comment1, "
        "comment2, ...)",
    )

    @model_validator(mode="after")
    def _scale_or_question(self):
        if not self.keys and not self.free_text:
            raise ValueError("Name at least one library scale or free-text question.")
        return self


class InstrumentCopyIn(In):
    name: Text(200, min_length=1) = Field(description="The copy's name")


class ScaleIn(In):
    name: Text(120, min_length=1)
    minimum: SmallInt = Field(description="The lowest answer")
    maximum: SmallInt = Field(description="The highest answer, above the lowest")
    minimum_label: Text(120) = ""
    maximum_label: Text(120) = ""


class LibraryScaleIn(In):
    key: LibraryKey = Field(description="A library scale (GET /scale-library)")


class ItemIn(In):
    code: Code = Field(description="A short name in analyses and exports, e.g. q5")
    text: Question
    kind: Choice(Item.Kind) | None = Field(
        None,
        description="scale (a rating on its scale) or text (free text); when left "
        "out, scale if a scale is given and text otherwise",
    )
    scale: IdIn | None = Field(
        None, description="One of the instrument's scales, for a rating"
    )
    reverse: Bool = Field(
        False, description="Reverse-coded: scored as lowest + highest - answer"
    )


class ItemPatch(In):
    """Only the given fields change."""

    code: Code = None
    text: Question = None
    kind: Choice(Item.Kind) = None
    scale: IdIn | None = Field(None, description="null for a free-text question")
    reverse: Bool = None


Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]


class PanelIn(In):
    initiative: IdIn
    instrument: IdIn
    name: Text(200, min_length=1)
    description: Text(10000) = ""
    language: Language = Field(
        settings.LANGUAGE_CODE,
        description="Invitations and reminders are written in it, unless a member "
        "answered in another language: then theirs.",
    )


class PanelOut(Out):
    initiative: int
    instrument: int
    name: str
    description: str
    language: str
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


class MembersFromEmailsIn(In):
    emails: list[Email] = Field(
        min_length=1,
        max_length=10000,
        description="Addresses to invite, each under a new pseudonym; those already in "
        "the panel (or repeated) are skipped. If any is not an address, nothing is "
        "added and each bad one is named by its position (emails.0 is the first).",
    )


class MembersFromEmailsOut(Schema):
    added: int = Field(description="Addresses newly added as respondents")
    skipped: int = Field(description="Addresses already in the panel, or repeated")
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


class WaveRemindedOut(Schema):
    wave: WaveOut
    reminders: int = Field(
        description="Reminders being emailed: to those invited, sent their link and "
        "not answered yet"
    )


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


@router.get("/scale-library", response={200: list[LibraryScaleOut], **errors.READ_LIST})
def scale_library(request):
    """The scales that ship with coproduce, to build an instrument from: each with its
    items, answer range, end labels, reverse-coded items and source."""
    _read_require(request)
    return [
        {
            "key": scale.key,
            "name": str(scale.name),
            "minimum": scale.minimum,
            "maximum": scale.maximum,
            "minimum_label": str(scale.minimum_label),
            "maximum_label": str(scale.maximum_label),
            "items": [
                {"code": item.code, "text": str(item.text), "reverse": item.reverse}
                for item in scale.items
            ],
            "source_note": str(scale.source),
        }
        for scale in LIBRARY
    ]


@router.post("/instruments", response={201: InstrumentOut, **errors.CREATE})
def instrument_create(request, payload: InstrumentIn):
    """An empty instrument: add scales and questions to it until a wave opens."""
    permission_require(request, CHANGE)
    instrument = services.instrument_create(
        tenant=request.tenant, actor=request.user, **payload.model_dump()
    )
    return Status(201, object_get(_instruments(request), instrument.pk))


@router.post(
    "/instruments/from-library", response={201: InstrumentOut, **errors.CREATE}
)
def instrument_create_from_library(request, payload: InstrumentFromLibraryIn):
    """An instrument of library scales (copied with their items, answer ranges,
    reverse-coded items and source notes) and free-text questions."""
    permission_require(request, CHANGE)
    instrument = services.instrument_create_from_library(
        tenant=request.tenant, actor=request.user, **payload.model_dump()
    )
    return Status(201, object_get(_instruments(request), instrument.pk))


@router.post(
    "/instruments/{int:instrument_id}/copy",
    response={201: InstrumentOut, **errors.CHANGE},
)
def instrument_copy(request, instrument_id: Id, payload: InstrumentCopyIn):
    """A new, changeable copy with the same scales and questions: the way to adapt an
    instrument in use, whose earlier answers keep their meaning."""
    permission_require(request, CHANGE)
    instrument = _instrument(request, instrument_id)
    copy = services.instrument_copy(
        instrument=instrument, name=payload.name, actor=request.user
    )
    return Status(201, object_get(_instruments(request), copy.pk))


@router.post(
    "/instruments/{int:instrument_id}/scales",
    response={201: ScaleOut, **errors.CHANGE},
)
def scale_create(request, instrument_id: Id, payload: ScaleIn):
    """A scale of one's own; refused once the instrument is in use."""
    permission_require(request, CHANGE)
    instrument = _instrument(request, instrument_id)
    scale = services.scale_create(
        instrument=instrument, actor=request.user, **payload.model_dump()
    )
    return Status(201, object_get(_scales(instrument), scale.pk))


@router.post(
    "/instruments/{int:instrument_id}/scales/from-library",
    response={201: ScaleOut, **errors.CHANGE},
)
def scale_add_from_library(request, instrument_id: Id, payload: LibraryScaleIn):
    """A library scale copied with its items; refused once the instrument is in use, or
    when it has items of the same codes."""
    permission_require(request, CHANGE)
    instrument = _instrument(request, instrument_id)
    scale = services.instrument_add_library_scale(
        instrument=instrument, key=payload.key, actor=request.user
    )
    return Status(201, object_get(_scales(instrument), scale.pk))


def _item_values(instrument: Instrument, values: dict) -> dict:
    return references_resolve(
        values, {"scale": Scale.objects.filter(instrument=instrument)}
    )


@router.post(
    "/instruments/{int:instrument_id}/items",
    response={201: ItemDetailOut, **errors.CHANGE},
)
def item_create(request, instrument_id: Id, payload: ItemIn):
    """A question: a rating on one of the instrument's scales (reverse-coded or not) or
    a free-text question. Refused once the instrument is in use."""
    permission_require(request, CHANGE)
    instrument = _instrument(request, instrument_id)
    values = _item_values(instrument, payload.model_dump())
    if values["kind"] is None:
        values["kind"] = Item.Kind.SCALE if values["scale"] else Item.Kind.TEXT
    item = services.item_create(instrument=instrument, actor=request.user, **values)
    return Status(201, object_get(Item.objects.filter(instrument=instrument), item.pk))


@router.patch(
    "/instruments/{int:instrument_id}/items/{int:item_id}",
    response={200: ItemDetailOut, **errors.CHANGE},
)
def item_change(request, instrument_id: Id, item_id: Id, payload: ItemPatch):
    """Change a question; refused once the instrument is in use."""
    permission_require(request, CHANGE)
    instrument = _instrument(request, instrument_id)
    item = object_get(Item.objects.filter(instrument=instrument), item_id)
    values = _item_values(instrument, payload.model_dump(exclude_unset=True))
    item = services.item_update(item=item, actor=request.user, **values)
    return object_get(Item.objects.filter(instrument=instrument), item.pk)


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


@router.post(
    "/panels/{int:panel_id}/members/from-emails",
    response={200: MembersFromEmailsOut, **errors.CHANGE},
)
def panel_members_from_emails(request, panel_id: Id, payload: MembersFromEmailsIn):
    """Invite a list of addresses, each under a new pseudonym; addresses already in the
    panel are skipped. All or nothing: one bad address and none is added."""
    permission_require(request, CHANGE)
    panel = object_get(_panels(request), panel_id)
    added = services.panel_members_from_emails(
        panel=panel, actor=request.user, emails=payload.emails
    )
    return {
        "added": added,
        "skipped": len(payload.emails) - added,
        "members": panel.members.count(),
    }


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


@router.post(
    "/waves/{int:wave_id}/remind", response={200: WaveRemindedOut, **errors.CHANGE}
)
def wave_remind(request, wave_id: Id):
    """Remind, by email in the background, everyone invited to the open wave who has not
    answered yet."""
    permission_require(request, CHANGE)
    wave = object_get(_waves(request), wave_id)
    services.wave_remind(wave=wave, actor=request.user)
    pending = wave.invitations.filter(
        submitted_at__isnull=True, sent_at__isnull=False, member__email__gt=""
    )
    return {"wave": object_get(_waves(request), wave.pk), "reminders": pending.count()}


@router.post("/waves/{int:wave_id}/close", response={200: WaveOut, **errors.CHANGE})
def wave_close(request, wave_id: Id):
    """Close the wave: answers can no longer be given or changed."""
    permission_require(request, CHANGE)
    wave = object_get(_waves(request), wave_id)
    services.wave_close(wave=wave, actor=request.user)
    return object_get(_waves(request), wave.pk)
