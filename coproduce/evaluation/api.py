"""The evaluation API: instruments with their scales and items, panels, waves with their
counts, and the report of a panel between two waves; its ninja router and its schemas.

Who may read and change what is ``evaluation/access.py``, the same rule as the pages and
the report: staff (partners too) read, respondents get 403, a panel (with its members and
waves) of an initiative one may not see is a 404, changing needs ``initiatives.change``.
Every read is a selector, every write a service. Respondents never appear by name; their
addresses only for those who may change the panel.
"""

import datetime as dt
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import AfterValidator, Strict, model_validator

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.references import references_resolve
from coproduce.api.schemas import (
    SLUG,
    Bool,
    Choice,
    DateTimeIn,
    Id,
    IdIn,
    In,
    Out,
    Text,
)
from coproduce.api.translations import (
    LANGUAGE_HELP,
    TRANSLATIONS_HELP,
    LanguageCode,
    TranslatedOut,
    Translations,
    translations_take,
    versions,
)
from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.vocab import ActorRole

from . import selectors, services
from .access import (
    access_instrument_by_id,
    access_item_by_id,
    access_member_by_id,
    access_panel_by_id,
    access_wave_by_id,
    evaluation_change_require,
    evaluation_read_require,
    instrument_visible,
    member_email_visible,
    panel_visible,
)
from .library import BY_KEY, LIBRARY
from .models import Instrument, Item, Scale
from .reports import report_build, report_waves, waves_pick

router = Router(tags=["evaluation"])


def _instrument_out(request, pk: int):
    """An instrument as the API shows it: with its scales, items and free text."""
    return access_instrument_by_id(
        request.actor, pk, qs=selectors.instrument_list(questions=True)
    )


def _panel_out(request, pk: int):
    return access_panel_by_id(request.actor, pk, qs=selectors.panel_list())


# Schemas ------------------------------------------------------------------------------


class ItemOut(TranslatedOut):
    id: int
    code: str
    text: str
    text_translations: dict[str, str]
    kind: str
    reverse: bool

    @staticmethod
    def resolve_text_translations(obj) -> dict[str, str]:
        return versions(obj, "text")


class ScaleOut(TranslatedOut):
    id: int
    name: str
    name_translations: dict[str, str]
    minimum: int
    maximum: int
    minimum_label: str
    minimum_label_translations: dict[str, str]
    maximum_label: str
    maximum_label_translations: dict[str, str]
    items: list[ItemOut]

    @staticmethod
    def resolve_name_translations(obj) -> dict[str, str]:
        return versions(obj, "name")

    @staticmethod
    def resolve_minimum_label_translations(obj) -> dict[str, str]:
        return versions(obj, "minimum_label")

    @staticmethod
    def resolve_maximum_label_translations(obj) -> dict[str, str]:
        return versions(obj, "maximum_label")

    @staticmethod
    def resolve_items(obj) -> list:
        return [item for item in obj.items.all() if item.kind == Item.Kind.SCALE]


class InstrumentOut(Out, TranslatedOut):
    name: str
    name_translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    instructions: str
    instructions_translations: dict[str, str]
    source_note: str
    library_key: str
    in_use: bool = Field(
        description="Used in an opened wave: its questions can no longer change."
    )
    scales: list[ScaleOut]
    free_text: list[ItemOut]

    @staticmethod
    def resolve_name_translations(obj) -> dict[str, str]:
        return versions(obj, "name")

    @staticmethod
    def resolve_description_translations(obj) -> dict[str, str]:
        return versions(obj, "description")

    @staticmethod
    def resolve_instructions_translations(obj) -> dict[str, str]:
        return versions(obj, "instructions")

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
    published_language: str = Field(
        description="The language of the published wording (empty for scales written "
        "for coproduce); the other languages are coproduce's own translations"
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
    name_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    description: Text(10000) = ""
    description_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    instructions: Text(10000) = Field("", description="Shown above the questions")
    instructions_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    language: LanguageCode | None = Field(None, description=LANGUAGE_HELP)
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
    name_translations: Translations(120) = Field(None, description=TRANSLATIONS_HELP)
    minimum: SmallInt = Field(description="The lowest answer")
    maximum: SmallInt = Field(description="The highest answer, above the lowest")
    minimum_label: Text(120) = ""
    minimum_label_translations: Translations(120) = Field(
        None, description=TRANSLATIONS_HELP
    )
    maximum_label: Text(120) = ""
    maximum_label_translations: Translations(120) = Field(
        None, description=TRANSLATIONS_HELP
    )


class LibraryScaleIn(In):
    key: LibraryKey = Field(description="A library scale (GET /scale-library)")


class ItemIn(In):
    code: Code = Field(description="A short name in analyses and exports, e.g. q5")
    text: Question
    text_translations: Translations(10000) = Field(None, description=TRANSLATIONS_HELP)
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
    text_translations: Translations(10000) = Field(None, description=TRANSLATIONS_HELP)
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
        return obj.email if member_email_visible(context["request"].actor) else None


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
    answered_with_help: int = Field(
        description="Of those who answered, how many with staff's help (assisted)"
    )

    @staticmethod
    def resolve_panel(obj) -> int:
        return obj.panel_id

    @staticmethod
    def resolve_invited(obj) -> int:
        return obj.n_invited

    @staticmethod
    def resolve_answered(obj) -> int:
        return obj.n_answered

    @staticmethod
    def resolve_answered_with_help(obj) -> int:
        return obj.n_assisted


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
    answered_with_help: int | None = Field(
        None, description="Of those who answered, how many with staff's help"
    )


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
    assisted: bool = Field(
        False, description="The answers were given with staff's help (assisted)"
    )


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
    evaluation_read_require(request.actor)
    return selectors.instrument_list(
        instrument_visible(request.actor), questions=True
    ).order_by("name", "id")


@router.get(
    "/instruments/{int:instrument_id}",
    response={200: InstrumentOut, **errors.READ_ONE},
)
def instrument_detail(request, instrument_id: Id):
    return _instrument_out(request, instrument_id)


@router.get("/scale-library", response={200: list[LibraryScaleOut], **errors.READ_LIST})
def scale_library(request):
    """The scales that ship with coproduce, to build an instrument from: each with its
    items, answer range, end labels, reverse-coded items and source."""
    evaluation_read_require(request.actor)
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
            "published_language": scale.published_language,
        }
        for scale in LIBRARY
    ]


@router.post("/instruments", response={201: InstrumentOut, **errors.CREATE})
def instrument_create(request, payload: InstrumentIn):
    """An empty instrument: add scales and questions to it until a wave opens."""
    evaluation_change_require(request.actor)
    values = payload.model_dump()
    found = translations_take(values, Instrument.translatable, request.tenant)
    instrument = services.instrument_create(
        tenant=request.tenant, actor=request.user, translations=found, **values
    )
    return Status(201, _instrument_out(request, instrument.pk))


@router.post(
    "/instruments/from-library", response={201: InstrumentOut, **errors.CREATE}
)
def instrument_create_from_library(request, payload: InstrumentFromLibraryIn):
    """An instrument of library scales (copied with their items, answer ranges,
    reverse-coded items and source notes) and free-text questions."""
    evaluation_change_require(request.actor)
    values = payload.model_dump()
    found = translations_take(values, Instrument.translatable, request.tenant)
    instrument = services.instrument_create_from_library(
        tenant=request.tenant, actor=request.user, translations=found, **values
    )
    return Status(201, _instrument_out(request, instrument.pk))


@router.post(
    "/instruments/{int:instrument_id}/copy",
    response={201: InstrumentOut, **errors.CHANGE},
)
def instrument_copy(request, instrument_id: Id, payload: InstrumentCopyIn):
    """A new, changeable copy with the same scales and questions: the way to adapt an
    instrument in use, whose earlier answers keep their meaning."""
    instrument = access_instrument_by_id(request.actor, instrument_id, change=True)
    copy = services.instrument_copy(
        instrument=instrument, name=payload.name, actor=request.user
    )
    return Status(201, _instrument_out(request, copy.pk))


@router.post(
    "/instruments/{int:instrument_id}/scales",
    response={201: ScaleOut, **errors.CHANGE},
)
def scale_create(request, instrument_id: Id, payload: ScaleIn):
    """A scale of one's own; refused once the instrument is in use."""
    instrument = access_instrument_by_id(request.actor, instrument_id, change=True)
    values = payload.model_dump()
    found = translations_take(values, Scale.translatable, request.tenant)
    scale = services.scale_create(
        instrument=instrument, actor=request.user, translations=found, **values
    )
    return Status(201, selectors.scale_get(instrument=instrument, pk=scale.pk))


@router.post(
    "/instruments/{int:instrument_id}/scales/from-library",
    response={201: ScaleOut, **errors.CHANGE},
)
def scale_add_from_library(request, instrument_id: Id, payload: LibraryScaleIn):
    """A library scale copied with its items; refused once the instrument is in use, or
    when it has items of the same codes."""
    instrument = access_instrument_by_id(request.actor, instrument_id, change=True)
    scale = services.instrument_add_library_scale(
        instrument=instrument, key=payload.key, actor=request.user
    )
    return Status(201, selectors.scale_get(instrument=instrument, pk=scale.pk))


def _item_values(instrument, values: dict) -> dict:
    return references_resolve(values, {"scale": selectors.scale_list(instrument)})


@router.post(
    "/instruments/{int:instrument_id}/items",
    response={201: ItemDetailOut, **errors.CHANGE},
)
def item_create(request, instrument_id: Id, payload: ItemIn):
    """A question: a rating on one of the instrument's scales (reverse-coded or not) or
    a free-text question. Refused once the instrument is in use."""
    instrument = access_instrument_by_id(request.actor, instrument_id, change=True)
    values = _item_values(instrument, payload.model_dump())
    found = translations_take(values, Item.translatable, request.tenant)
    if values["kind"] is None:
        values["kind"] = Item.Kind.SCALE if values["scale"] else Item.Kind.TEXT
    item = services.item_create(
        instrument=instrument, actor=request.user, translations=found, **values
    )
    return Status(201, selectors.item_get(instrument=instrument, pk=item.pk))


@router.patch(
    "/instruments/{int:instrument_id}/items/{int:item_id}",
    response={200: ItemDetailOut, **errors.CHANGE},
)
def item_change(request, instrument_id: Id, item_id: Id, payload: ItemPatch):
    """Change a question; refused once the instrument is in use."""
    instrument = access_instrument_by_id(request.actor, instrument_id, change=True)
    item = access_item_by_id(instrument=instrument, pk=item_id)
    values = _item_values(instrument, payload.model_dump(exclude_unset=True))
    found = translations_take(values, Item.translatable, request.tenant)
    item = services.item_update(
        item=item, actor=request.user, translations=found, **values
    )
    return selectors.item_get(instrument=instrument, pk=item.pk)


# Panels -------------------------------------------------------------------------------


@router.get("/panels", response={200: list[PanelOut], **errors.READ_LIST})
@paginate(Pagination)
def panel_list_(request, filters: Query[PanelFilters]):
    evaluation_read_require(request.actor)
    return selectors.panel_list(
        panel_visible(request.actor),
        initiative=filters.initiative,
        instrument=filters.instrument,
    ).order_by("name", "id")


@router.post("/panels", response={201: PanelOut, **errors.CREATE})
def panel_create(request, payload: PanelIn):
    evaluation_change_require(request.actor)
    values = references_resolve(
        payload.model_dump(),
        {
            "initiative": initiative_visible(request.actor),
            "instrument": instrument_visible(request.actor),
        },
    )
    panel = services.panel_create(tenant=request.tenant, actor=request.user, **values)
    return Status(201, _panel_out(request, panel.pk))


@router.get("/panels/{int:panel_id}", response={200: PanelOut, **errors.READ_ONE})
def panel_detail(request, panel_id: Id):
    return _panel_out(request, panel_id)


@router.post(
    "/panels/{int:panel_id}/members/from-participants",
    response={200: MembersAddedOut, **errors.CHANGE},
)
def panel_members_from_participants(
    request, panel_id: Id, payload: MembersFromParticipantsIn
):
    """Invite the people who took part in the panel's initiative (each once), under a
    new pseudonym each."""
    panel = access_panel_by_id(request.actor, panel_id, change=True)
    added = services.panel_members_from_participants(
        panel=panel, actor=request.user, roles=payload.roles or None
    )
    return {"added": added, "members": selectors.member_count(panel)}


@router.post(
    "/panels/{int:panel_id}/members/from-emails",
    response={200: MembersFromEmailsOut, **errors.CHANGE},
)
def panel_members_from_emails(request, panel_id: Id, payload: MembersFromEmailsIn):
    """Invite a list of addresses, each under a new pseudonym; addresses already in the
    panel are skipped. All or nothing: one bad address and none is added."""
    panel = access_panel_by_id(request.actor, panel_id, change=True)
    added = services.panel_members_from_emails(
        panel=panel, actor=request.user, emails=payload.emails
    )
    return {
        "added": added,
        "skipped": len(payload.emails) - added,
        "members": selectors.member_count(panel),
    }


def _member(request, panel_id: int, member_id: int, *, change: bool = False):
    panel = access_panel_by_id(request.actor, panel_id, change=change)
    return access_member_by_id(panel=panel, pk=member_id)


@router.get(
    "/panels/{int:panel_id}/members",
    response={200: list[MemberOut], **errors.READ_ONE},
)
@paginate(Pagination)
def panel_members(request, panel_id: Id):
    """The panel's members by pseudonym; addresses only for those who may change it."""
    panel = access_panel_by_id(request.actor, panel_id)
    return selectors.member_list(panel)


@router.get(
    "/panels/{int:panel_id}/members/{int:member_id}",
    response={200: MemberOut, **errors.READ_ONE},
)
def panel_member(request, panel_id: Id, member_id: Id):
    return _member(request, panel_id, member_id)


@router.patch(
    "/panels/{int:panel_id}/members/{int:member_id}",
    response={200: MemberOut, **errors.CHANGE},
)
def panel_member_change(request, panel_id: Id, member_id: Id, payload: MemberEmailIn):
    """Correct a member's address; while a wave is open and they have not answered it,
    their personal link is sent again, to the new address."""
    member = _member(request, panel_id, member_id, change=True)
    return services.panel_member_email_change(
        member=member, actor=request.user, email=payload.email
    )


def _leave(request, panel_id: int, member_id: int, *, erase: bool) -> dict:
    member = _member(request, panel_id, member_id, change=True)
    done = services.panel_member_withdraw(
        member=member, actor=request.user, erase_answers=erase
    )
    return {"member": selectors.member_get(panel=member.panel, pk=member.pk), **done}


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
    panel = access_panel_by_id(request.actor, panel_id)
    return selectors.wave_list(panel)


@router.post("/panels/{int:panel_id}/waves", response={201: WaveOut, **errors.CHANGE})
def wave_create(request, panel_id: Id, payload: WaveIn):
    panel = access_panel_by_id(request.actor, panel_id, change=True)
    wave = services.wave_create(
        panel=panel, actor=request.user, closes_at=payload.closes_at
    )
    return Status(201, selectors.wave_get(wave))


@router.get(
    "/panels/{int:panel_id}/report", response={200: ReportOut, **errors.READ_ONE}
)
def panel_report(request, panel_id: Id, query: Query[ReportQuery]):
    """Every scale's change between two waves with its tests (t-test, Wilcoxon, Holm),
    effect size, reliability, attrition, and the free-text answers by pseudonym."""
    panel = access_panel_by_id(request.actor, panel_id)
    before, after = waves_pick(
        report_waves(panel), before=query.before, after=query.after
    )
    return report_build(panel=panel, before=before, after=after).to_dict()


# Waves --------------------------------------------------------------------------------


@router.get("/waves/{int:wave_id}", response={200: WaveOut, **errors.READ_ONE})
def wave_detail(request, wave_id: Id):
    return access_wave_by_id(request.actor, wave_id, qs=selectors.wave_counts())


@router.post("/waves/{int:wave_id}/open", response={200: WaveOut, **errors.CHANGE})
def wave_open(request, wave_id: Id):
    """Open the wave: every respondent gets a personal link, sent in the background."""
    wave = access_wave_by_id(request.actor, wave_id, change=True)
    services.wave_open(wave=wave, actor=request.user)
    return selectors.wave_get(wave)


@router.post(
    "/waves/{int:wave_id}/remind", response={200: WaveRemindedOut, **errors.CHANGE}
)
def wave_remind(request, wave_id: Id):
    """Remind, by email in the background, everyone invited to the open wave who has not
    answered yet."""
    wave = access_wave_by_id(request.actor, wave_id, change=True)
    services.wave_remind(wave=wave, actor=request.user)
    return {
        "wave": selectors.wave_get(wave),
        "reminders": selectors.wave_reminders_pending(wave),
    }


@router.post("/waves/{int:wave_id}/close", response={200: WaveOut, **errors.CHANGE})
def wave_close(request, wave_id: Id):
    """Close the wave: answers can no longer be given or changed."""
    wave = access_wave_by_id(request.actor, wave_id, change=True)
    services.wave_close(wave=wave, actor=request.user)
    return selectors.wave_get(wave)
