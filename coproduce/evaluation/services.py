"""Writes for evaluation: instruments, panels, waves, invitations and answers."""

import datetime
import math
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from coproduce.core import i18n
from coproduce.core.errors import ConflictError, DomainError
from coproduce.core.events import event_record
from coproduce.core.services import instance_save, instance_update
from coproduce.initiatives.models import Participation

from . import vectors
from .library import BY_KEY, LibraryScale
from .models import (
    Answer,
    Instrument,
    Invitation,
    Item,
    Panel,
    PanelMember,
    Scale,
    Wave,
)
from .selectors import opened_wave_items
from .signals import answers_erased
from .tasks import send_invitations, send_reminders

# Instruments ---------------------------------------------------------------------------------


class AnswersRefused(DomainError):
    """Several answers of one form refused at once: ``errors`` by question code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{code}: {msg}" for code, msg in errors.items()))
        self.errors = errors


Versions = dict[str, dict[str, str]]  # {field: {language: text}} (core.i18n)


def _versions_write(obj, translations: Versions | None, *, actor, action: str) -> None:
    if translations:
        i18n.translations_write(obj, translations, actor=actor, action=action)


@transaction.atomic
def instrument_create(
    *, tenant, actor, translations: Versions | None = None, **values: Any
) -> Instrument:
    values.setdefault("content_language", tenant.language)
    i18n.translations_validate(
        translations or {}, tenant, language=values["content_language"]
    )
    instrument = instance_save(
        Instrument(tenant=tenant, **values),
        actor=actor,
        action="evaluation.instrument.created",
        fields=["name", "description", "source_note"],
    )
    _versions_write(
        instrument, translations, actor=actor, action="evaluation.instrument.translated"
    )
    return instrument


@transaction.atomic
def instrument_translate(
    *, instrument: Instrument, actor, translations: Versions
) -> Instrument:
    """Versions of the instrument's own texts (name, description, instructions) in other
    languages. Its questions' versions are the items' and scales': they are refused once
    the instrument is in use, like any change of a question."""
    i18n.translations_validate(translations, instrument.tenant)
    _versions_write(
        instrument, translations, actor=actor, action="evaluation.instrument.translated"
    )
    return instrument


def _refuse_if_in_use(instrument: Instrument) -> None:
    if instrument.is_in_use:
        raise DomainError(
            _(
                "This instrument is already used in an open or closed wave; copy it to change it, "
                "so that earlier answers keep their meaning."
            )
        )


CATALOGUE = frozenset(code for code, _label in settings.LANGUAGES)


def _library_language(tenant) -> str:
    """The language a library copy is written in: the tenant's, if coproduce's catalogue
    has it, else the library's own (English)."""
    return tenant.language if tenant.language in CATALOGUE else settings.LANGUAGE_CODE


def _library_texts(obj, *, tenant, template: LibraryScale, texts: dict) -> None:
    """Write ``texts`` (field -> lazy library text) onto ``obj`` in the tenant's language
    and add the versions of the tenant's other languages that coproduce's catalogue has,
    each marked with where it comes from: the published wording in the scale's source
    language, coproduce's own translation (or text) in the others."""
    original = _library_language(tenant)
    obj.content_language = original
    with translation.override(original):
        for field, text in texts.items():
            setattr(obj, field, str(text))
    obj.i18n = {}

    def origin(language: str) -> tuple[str, str]:
        if language == template.published_language:
            return i18n.PUBLISHED, str(template.source)
        return i18n.PROJECT, ""

    for language in i18n.tenant_languages(tenant):
        if language == original or language not in CATALOGUE:
            continue
        with translation.override(language):
            versions = {field: str(text) for field, text in texts.items()}
        with translation.override(settings.LANGUAGE_CODE):
            untranslated = all(
                versions[field] == str(text) for field, text in texts.items() if text
            )
        if untranslated and language != settings.LANGUAGE_CODE:
            continue  # the catalogue has no version: the reader sees the fallback
        how, source = origin(language)
        for field, text in versions.items():
            i18n.translations_apply(
                obj, field, {language: text}, origin=how, source=source
            )
    i18n.origin_set(obj, original, *origin(original))


@transaction.atomic
def instrument_add_library_scale(*, instrument: Instrument, key: str, actor) -> Scale:
    """Copy a library scale with its items into the instrument."""
    if key not in BY_KEY:
        raise DomainError(
            _("Unknown library scale '%(key)s'.") % {"key": key}, field="key"
        )
    _refuse_if_in_use(instrument)
    template = BY_KEY[key]
    codes = set(instrument.items.values_list("code", flat=True))
    clash = sorted(codes & {item.code for item in template.items})
    if clash:
        raise DomainError(
            _("The instrument already has items %(codes)s.")
            % {"codes": ", ".join(clash)}
        )
    with translation.override(_library_language(instrument.tenant)):
        name = str(template.name)
    if instrument.scales.filter(name=name).exists():
        raise DomainError(
            _("The instrument already has a scale named '%(name)s'.")
            % {"name": template.name},
            field="key",
        )
    tenant = instrument.tenant
    position = (instrument.scales.aggregate(m=Max("position"))["m"] or 0) + 1
    scale = Scale(
        tenant_id=instrument.tenant_id,
        instrument=instrument,
        minimum=template.minimum,
        maximum=template.maximum,
        position=position,
    )
    _library_texts(
        scale,
        tenant=tenant,
        template=template,
        texts={
            "name": template.name,
            "minimum_label": template.minimum_label,
            "maximum_label": template.maximum_label,
        },
    )
    scale.save()
    start = (instrument.items.aggregate(m=Max("position"))["m"] or 0) + 1
    items = []
    for i, entry in enumerate(template.items):
        item = Item(
            tenant_id=instrument.tenant_id,
            instrument=instrument,
            scale=scale,
            code=entry.code,
            reverse=entry.reverse,
            position=start + i,
        )
        _library_texts(
            item, tenant=tenant, template=template, texts={"text": entry.text}
        )
        items.append(item)
    Item.objects.bulk_create(items)
    note = f"{template.name}: {template.source}"
    instrument.source_note = f"{instrument.source_note}\n{note}".strip()
    instrument.save(update_fields=["source_note", "updated_at"])
    event_record(
        obj=instrument,
        action="evaluation.instrument.scale_added",
        actor=actor,
        data={"library": key},
    )
    return scale


@transaction.atomic
def instrument_create_from_library(
    *,
    tenant,
    actor,
    name: str,
    keys: list[str],
    free_text: Sequence[str | dict[str, str]] = (),
    translations: Versions | None = None,
    **values: Any,
) -> Instrument:
    instrument = instrument_create(
        tenant=tenant, actor=actor, name=name, translations=translations, **values
    )
    for key in keys:
        instrument_add_library_scale(instrument=instrument, key=key, actor=actor)
    for i, question in enumerate(free_text, start=1):
        if isinstance(question, str):
            question = {instrument.content_language: question}
        item = item_create(
            instrument=instrument,
            actor=actor,
            code=f"comment{i}",
            text=question.get(instrument.content_language)
            or next(iter(question.values())),
            kind=Item.Kind.TEXT,
        )
        if len(question) > 1:
            i18n.translations_apply(item, "text", question)
            item.save(update_fields=["text", "i18n"])
    return instrument


@transaction.atomic
def instrument_copy(*, instrument: Instrument, name: str, actor) -> Instrument:
    """A new, editable copy with the same scales and items (e.g. to adapt a used one)."""
    copy = instrument_create(
        tenant=instrument.tenant,
        actor=actor,
        name=name,
        description=instrument.description,
        instructions=instrument.instructions,
        source_note=instrument.source_note,
        content_language=instrument.content_language,
        i18n=instrument.i18n,
    )
    scales = {}
    for scale in instrument.scales.all():
        old = scale.pk
        scale.pk, scale.instrument = None, copy
        scale.save()
        scales[old] = scale
    Item.objects.bulk_create(
        [
            Item(
                tenant_id=copy.tenant_id,
                instrument=copy,
                scale=scales.get(item.scale_id) if item.scale_id is not None else None,
                code=item.code,
                text=item.text,
                content_language=item.content_language,
                i18n=item.i18n,
                kind=item.kind,
                reverse=item.reverse,
                position=item.position,
            )
            for item in instrument.items.all()
        ]
    )
    return copy


@transaction.atomic
def instrument_translations_save(
    *, instrument: Instrument, actor, versions: dict[tuple[str, int], Versions]
) -> list[str]:
    """The versions of an instrument's texts in other languages, all or nothing:
    ``{(kind, pk): {field: {language: text}}}`` with kind instrument, scale or item. Its
    scales' and questions' versions are refused once the instrument is in use (a new
    wording in any language would change what earlier answers mean); its own name,
    description and instructions may change. Answers the languages that changed."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    tenant = instrument.tenant
    questions = {key: v for key, v in versions.items() if key[0] != "instrument"}
    if questions:
        _refuse_if_in_use(instrument)
    scales = {s.pk: s for s in instrument.scales.all()}
    items = {i.pk: i for i in instrument.items.all()}
    changed: set[str] = set()
    for (kind, pk), found in versions.items():
        i18n.translations_validate(found, tenant)
        if kind == "instrument" and pk == instrument.pk:
            obj: Any = instrument
        elif kind == "scale" and pk in scales:
            obj = scales[pk]
        elif kind == "item" and pk in items:
            obj = items[pk]
        else:
            raise DomainError(_("This text is not of this instrument."))
        changed.update(
            i18n.translations_write(
                obj, found, actor=actor, action=f"evaluation.{kind}.translated"
            )
        )
    return sorted(changed)


@transaction.atomic
def scale_create(
    *,
    instrument: Instrument,
    actor,
    translations: Versions | None = None,
    **values: Any,
) -> Scale:
    _refuse_if_in_use(instrument)
    values.setdefault("content_language", instrument.content_language)
    i18n.translations_validate(
        translations or {}, instrument.tenant, language=values["content_language"]
    )
    values.setdefault(
        "position", (instrument.scales.aggregate(m=Max("position"))["m"] or 0) + 1
    )
    scale = instance_save(
        Scale(tenant_id=instrument.tenant_id, instrument=instrument, **values),
        actor=actor,
        action="evaluation.scale.created",
        fields=["name", "minimum", "maximum"],
    )
    _versions_write(
        scale, translations, actor=actor, action="evaluation.scale.translated"
    )
    return scale


@transaction.atomic
def item_create(
    *,
    instrument: Instrument,
    actor,
    translations: Versions | None = None,
    **values: Any,
) -> Item:
    _refuse_if_in_use(instrument)
    values.setdefault("content_language", instrument.content_language)
    i18n.translations_validate(
        translations or {}, instrument.tenant, language=values["content_language"]
    )
    values.setdefault(
        "position", (instrument.items.aggregate(m=Max("position"))["m"] or 0) + 1
    )
    item = instance_save(
        Item(tenant_id=instrument.tenant_id, instrument=instrument, **values),
        actor=actor,
        action="evaluation.item.created",
        fields=["code", "text", "kind", "scale", "reverse"],
    )
    _versions_write(
        item, translations, actor=actor, action="evaluation.item.translated"
    )
    return item


@transaction.atomic
def item_update(
    *, item: Item, actor, translations: Versions | None = None, **values: Any
) -> Item:
    """Change a question, its versions in other languages too; refused once the
    instrument is in use (a new wording, in any language, would change what earlier
    answers mean)."""
    _refuse_if_in_use(item.instrument)
    i18n.translations_validate(
        translations or {},
        item.instrument.tenant,
        language=values.get("content_language"),
    )
    if values:
        item = instance_update(
            item, actor=actor, action="evaluation.item.changed", values=values
        )
    _versions_write(
        item, translations, actor=actor, action="evaluation.item.translated"
    )
    return item


# Panels and members ---------------------------------------------------------------------------


@transaction.atomic
def panel_create(
    *, tenant, actor, translations: Versions | None = None, **values: Any
) -> Panel:
    values.setdefault("content_language", tenant.language)
    i18n.translations_validate(
        translations or {}, tenant, language=values["content_language"]
    )
    panel = instance_save(
        Panel(tenant=tenant, **values),
        actor=actor,
        action="evaluation.panel.created",
        fields=["initiative", "instrument", "name", "language"],
    )
    _versions_write(
        panel, translations, actor=actor, action="evaluation.panel.translated"
    )
    return panel


def _next_pseudonyms(panel: Panel, count: int) -> list[str]:
    """Numbers after the highest given so far: a pseudonym is never given twice in a panel,
    not even after a member's answers were erased."""
    numbers = [
        int(digits)
        for digits in (
            p.rpartition("-")[2]
            for p in panel.members.values_list("pseudonym", flat=True)
        )
        if digits.isdigit()
    ]
    taken = max(numbers, default=0)
    return [f"R-{taken + i:04d}" for i in range(1, count + 1)]


@transaction.atomic
def panel_members_from_participants(
    *, panel: Panel, actor, roles: list[str] | None = None
) -> int:
    """Invite everyone who took part in the panel's initiative (optionally only some roles)."""
    Panel.objects.select_for_update().get(pk=panel.pk)  # one import at a time per panel
    participations = Participation.objects.filter(
        tenant_id=panel.tenant_id,
        initiative_id=panel.initiative_id,
        person__isnull=False,
    )
    if roles:
        participations = participations.filter(role__in=roles)
    already = set(
        panel.members.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    found = (
        participations.exclude(person_id__in=already)
        .values_list("person_id", "person__email")
        .distinct()
        .order_by("person_id")
    )
    people = list(found)
    members = [
        PanelMember(
            tenant_id=panel.tenant_id,
            panel=panel,
            person_id=pid,
            email=email or "",
            pseudonym=p,
        )
        for (pid, email), p in zip(
            people, _next_pseudonyms(panel, len(people)), strict=True
        )
    ]
    PanelMember.objects.bulk_create(members)
    event_record(
        obj=panel,
        action="evaluation.panel.members_added",
        actor=actor,
        data={"count": len(members)},
    )
    return len(members)


@transaction.atomic
def panel_members_from_emails(*, panel: Panel, actor, emails: list[str]) -> int:
    """Invite a list of addresses (e.g. imported); addresses already in the panel are skipped."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    Panel.objects.select_for_update().get(pk=panel.pk)
    bad = []
    for line, email in enumerate(emails, start=1):
        try:
            validate_email(email)
        except ValidationError:
            bad.append(
                _("line %(line)s: '%(email)s' is not an email address")
                % {"line": line, "email": email}
            )
    if bad:
        raise DomainError("; ".join(bad), field="emails")
    existing = {e.lower() for e in panel.members.values_list("email", flat=True)}
    new = []
    for email in emails:
        if email.lower() not in existing:
            existing.add(email.lower())
            new.append(email)
    members = [
        PanelMember(tenant_id=panel.tenant_id, panel=panel, email=email, pseudonym=p)
        for email, p in zip(new, _next_pseudonyms(panel, len(new)), strict=True)
    ]
    PanelMember.objects.bulk_create(members)
    event_record(
        obj=panel,
        action="evaluation.panel.members_added",
        actor=actor,
        data={"count": len(members)},
    )
    return len(members)


def _member_locked(member: PanelMember) -> PanelMember:
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if member.withdrawn_at is not None:
        raise ConflictError(
            _("%(pseudonym)s has left the panel.") % {"pseudonym": member.pseudonym}
        )
    return member


@transaction.atomic
def panel_member_email_change(*, member: PanelMember, actor, email: str) -> PanelMember:
    """Correct a member's address (a typo, a bounce, a new address). While a wave is open
    and they have not answered it, their personal link is sent again, to the new address.
    The audit trail records that the address changed, never the addresses."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    member = _member_locked(member)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            _("'%(email)s' is not an email address.") % {"email": email}, field="email"
        ) from None
    if email == member.email:
        return member
    if (
        PanelMember.objects.filter(panel_id=member.panel_id, email__iexact=email)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise DomainError(
            _("Another member of this panel has that address."), field="email"
        )
    member.email = email
    member.save(update_fields=["email"])
    resend = Invitation.objects.filter(
        member=member, wave__status=Wave.Status.OPEN, submitted_at__isnull=True
    )
    waves = list(resend.values_list("wave_id", flat=True))
    resend.update(sent_at=None)
    event_record(
        obj=member.panel,
        action="evaluation.panel.member_address_changed",
        actor=actor,
        data={"pseudonym": member.pseudonym, "links_sent_again": len(waves)},
    )
    if waves:
        tenant_id = member.tenant_id
        transaction.on_commit(
            lambda: [
                send_invitations.enqueue(tenant_id=tenant_id, wave_id=w) for w in waves
            ]
        )
    return member


@transaction.atomic
def panel_member_withdraw(
    *, member: PanelMember, actor, erase_answers: bool = False
) -> dict[str, int]:
    """The member leaves the panel: their address is erased, no link or reminder reaches
    them again, the links of open waves they have not answered stop working, and later
    waves and imports of participants leave them out.

    Their answers stay in the analyses under the pseudonym, unless ``erase_answers`` (a
    request to erase, GDPR Art. 17): then every answer and invitation of theirs goes,
    closed waves included, and the reports no longer count them. Either way the
    pseudonym is never given to anyone else."""
    member = _member_locked(member)
    now = timezone.now()
    invitations = Invitation.objects.filter(member=member)
    answers = Answer.objects.filter(member=member)
    if erase_answers:
        erased = answers.count()
        answers.delete()
        removed = invitations.delete()[0]
        member.answers_erased_at = now
    else:
        erased = 0
        removed = invitations.filter(
            wave__status=Wave.Status.OPEN, submitted_at__isnull=True
        ).delete()[0]
    member.email, member.withdrawn_at = "", now
    member.save(update_fields=["email", "withdrawn_at", "answers_erased_at"])
    if erase_answers:
        panel = member.panel
        transaction.on_commit(
            lambda: answers_erased.send(sender=Panel, panel=panel), robust=False
        )
    event_record(
        obj=member.panel,
        action="evaluation.panel.member_erased"
        if erase_answers
        else "evaluation.panel.member_withdrawn",
        actor=actor,
        data={
            "pseudonym": member.pseudonym,
            "invitations_removed": removed,
            "answers_erased": erased,
        },
    )
    return {"invitations_removed": removed, "answers_erased": erased}


# Waves ----------------------------------------------------------------------------------------


@transaction.atomic
def wave_create(*, panel: Panel, actor, closes_at=None) -> Wave:
    Panel.objects.select_for_update().get(pk=panel.pk)
    number = (panel.waves.aggregate(m=Max("number"))["m"] or 0) + 1
    wave = Wave.objects.create(
        tenant_id=panel.tenant_id, panel=panel, number=number, closes_at=closes_at
    )
    event_record(
        obj=wave, action="evaluation.wave.created", actor=actor, data={"number": number}
    )
    return wave


def _invitations_ensure(wave: Wave, members) -> int:
    """Give each of ``members`` (a queryset of the wave's panel) who is still in the panel
    their personal link to the wave, unless they have one already: the one place links are
    made, whether they are then emailed, printed on a letter or used by staff helping the
    member to answer. Returns how many were made."""
    invited = Invitation.objects.filter(wave=wave).values("member_id")
    made = Invitation.objects.bulk_create(
        [
            Invitation(tenant_id=wave.tenant_id, wave=wave, member_id=pk)
            for pk in members.filter(withdrawn_at__isnull=True)
            .exclude(pk__in=invited)
            .values_list("pk", flat=True)
        ]
    )
    return len(made)


@transaction.atomic
def wave_open(*, wave: Wave, actor, send: bool = True) -> int:
    """Open the wave: every panel member gets a personal link (emailed in the background)."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.DRAFT:
        raise DomainError(
            _("Wave %(n)s is already %(status)s.")
            % {"n": wave.number, "status": wave.get_status_display().lower()}
        )
    if not wave.panel.instrument.items.exists():
        raise DomainError(_("The instrument has no questions yet."))
    _invitations_ensure(wave, wave.panel.members.all())
    wave.status, wave.opened_at = Wave.Status.OPEN, timezone.now()
    wave.save(update_fields=["status", "opened_at", "updated_at"])
    count = wave.invitations.count()
    event_record(
        obj=wave,
        action="evaluation.wave.opened",
        actor=actor,
        data={"invitations": count},
    )
    if send:
        transaction.on_commit(
            lambda: send_invitations.enqueue(tenant_id=wave.tenant_id, wave_id=wave.pk)
        )
    return count


@transaction.atomic
def wave_close(*, wave: Wave, actor) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.OPEN:
        raise DomainError(_("Only an open wave can be closed."))
    wave.status, wave.closed_at = Wave.Status.CLOSED, timezone.now()
    wave.save(update_fields=["status", "closed_at", "updated_at"])
    event_record(
        obj=wave,
        action="evaluation.wave.closed",
        actor=actor,
        data={"submitted": wave.invitations.filter(submitted_at__isnull=False).count()},
    )
    return wave


def wave_remind(*, wave: Wave, actor) -> None:
    """Queue reminders to everyone invited who has not answered yet."""
    wave = Wave.objects.get(pk=wave.pk)
    if wave.status != Wave.Status.OPEN:
        raise DomainError(_("Reminders go out only while the wave is open."))
    event_record(obj=wave, action="evaluation.wave.reminded", actor=actor)
    transaction.on_commit(
        lambda: send_reminders.enqueue(tenant_id=wave.tenant_id, wave_id=wave.pk)
    )


# Letters --------------------------------------------------------------------------------------


@transaction.atomic
def wave_letters_issue(
    *,
    wave: Wave,
    actor,
    help_contact: str,
    everyone: bool = False,
    member: PanelMember | None = None,
) -> list[Invitation]:
    """The invitations to print as letters, for members who get no email: each member's
    own link (made as for an email if they have none yet), with their member row.

    By default everyone in the panel without an address who has not answered the wave;
    ``everyone``: every member who has not answered, addresses or not; ``member``: only
    that member (answered or not: a letter can be printed again). ``help_contact`` (who
    to call) is printed on each letter and kept on the panel for the next wave. The
    trail records who printed letters for whom (by pseudonym), and each invitation when.
    """
    wave = (
        Wave.objects.select_for_update(of=("self",))
        .select_related("panel")
        .get(pk=wave.pk)
    )
    if wave.status != Wave.Status.OPEN:
        raise DomainError(
            _(
                "Letters can be printed only while the wave is open: the links work only then."
            )
        )
    help_contact = " ".join(help_contact.split())
    if not help_contact:
        raise DomainError(
            _("Say who to call for help: it is printed on every letter."),
            field="help_contact",
        )
    members = PanelMember.objects.filter(
        tenant_id=wave.tenant_id, panel_id=wave.panel_id, withdrawn_at__isnull=True
    )
    if member is not None:
        members = members.filter(pk=member.pk)
    elif not everyone:
        members = members.filter(email="")
    _invitations_ensure(wave, members)
    invitations = Invitation.objects.filter(
        tenant_id=wave.tenant_id, wave=wave, member__in=members
    )
    if member is None:
        invitations = invitations.filter(submitted_at__isnull=True)
    letters = list(invitations.select_related("member").order_by("member__pseudonym"))
    if not letters:
        raise DomainError(
            _(
                "There is nobody to print a letter for: everyone chosen has answered, "
                "has left the panel, or gets the link by email."
            )
        )
    now = timezone.now()
    Invitation.objects.filter(pk__in=[i.pk for i in letters]).update(
        letter_printed_at=now
    )
    for invitation in letters:
        invitation.letter_printed_at = now
    panel = wave.panel
    if panel.help_contact != help_contact:
        panel.help_contact = help_contact
        panel.save(update_fields=["help_contact", "updated_at"])
    event_record(
        obj=panel,
        action="evaluation.wave.letters_printed",
        actor=actor,
        data={
            "wave": wave.number,
            "letters": len(letters),
            "pseudonyms": [i.member.pseudonym for i in letters],
        },
    )
    return letters


# Answers --------------------------------------------------------------------------------------

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _parse(item: Item, scale: Scale | None, raw) -> tuple[float | None, str]:
    """(value, text) for one answer; raises DomainError naming the question."""
    if item.kind == Item.Kind.TEXT:
        text = "" if raw is None else str(raw).strip()
        if len(text) > 5000:
            raise DomainError(
                _("The answer is too long (at most 5000 characters)."), field=item.code
            )
        return None, text
    if raw is None or raw == "":
        return None, ""
    if scale is None:  # a rating item always has its scale (Item.clean)
        raise DomainError(_("This question has no answer scale."), field=item.code)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise DomainError(
            _("Choose a number from %(lo)s to %(hi)s.")
            % {"lo": scale.minimum, "hi": scale.maximum},
            field=item.code,
        ) from None
    if (
        not math.isfinite(value)
        or value != int(value)
        or not scale.minimum <= value <= scale.maximum
    ):
        raise DomainError(
            _("Choose a whole number from %(lo)s to %(hi)s.")
            % {"lo": scale.minimum, "hi": scale.maximum},
            field=item.code,
        )
    return value, ""


def _lock_invitation(pk: int) -> dict[str, Any]:
    """Lock the invitation (other saves of the same link wait) and hold its wave open (a
    concurrent close waits for the saves in flight, which never wait for each other), in
    one round trip; read the state from the locked rows, not from objects in memory.
    Refuses a member who has left the panel."""
    lock = (
        " FOR UPDATE OF i FOR SHARE OF w" if connection.vendor == "postgresql" else ""
    )
    # (SQLite takes the database's write lock when the transaction begins.)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.version, i.submitted_at, i.scale_values, w.status, w.opened_at, "  # noqa: S608 (lock is a fixed clause; pk a parameter)
            "p.instrument_id, m.withdrawn_at, COALESCE(NULLIF(m.language, ''), "
            "p.language) FROM evaluation_invitation i "
            "JOIN evaluation_wave w ON w.id = i.wave_id "
            "JOIN evaluation_panel p ON p.id = w.panel_id "
            "JOIN evaluation_panelmember m ON m.id = i.member_id WHERE i.id = %s"
            + lock,
            [pk],
        )
        row = cursor.fetchone()
    # the member has left (row[6] is m.withdrawn_at), or their answers were erased while
    # their form was open (no row)
    if row is None or row[6] is not None:
        raise DomainError(_("You have left this panel; nothing was saved."))
    version, submitted_at, packed, status, opened_at, instrument_id, _left, language = (
        row
    )
    if isinstance(submitted_at, str):  # SQLite answers a raw query in UTC, without zone
        submitted_at = parse_datetime(submitted_at)
    if submitted_at is not None and timezone.is_naive(submitted_at):
        submitted_at = submitted_at.replace(tzinfo=datetime.UTC)
    return {
        "version": version,
        "submitted_at": submitted_at,
        "packed": None if packed is None else bytes(packed),
        "status": status,
        "language": language,  # the member's, else the panel's
        "items_key": (instrument_id, str(opened_at)),
    }


def _saved_values(
    invitation: Invitation, rating: list[Item], state: dict[str, Any]
) -> dict[int, float | None]:
    """The rating answers saved before this save, by item id: from the packed vector read
    with the lock, or from the answer rows where the vector is missing or does not fit
    the instrument (answers written around the services)."""
    if state["submitted_at"] is None:  # answers are written only by a save
        return {}
    packed = state["packed"]
    if packed is not None and len(packed) == vectors.DTYPE.itemsize * len(rating):
        return {
            item.pk: None if math.isnan(value) else value
            for item, value in zip(rating, vectors.unpack(packed).tolist(), strict=True)
        }
    return dict(
        Answer.objects.filter(
            wave_id=invitation.wave_id, member_id=invitation.member_id
        ).values_list("item_id", "value")
    )


# One statement for a save's answers, new or changed, on PostgreSQL and SQLite alike; a
# row whose answer is unchanged is not rewritten. Written by hand because the ORM's
# bulk_create(update_conflicts=True) rewrites every row and builds a model per answer:
# with bulk_update it was a third of a save's time (bench/response_submission.py).
ANSWERS_UPSERT_SQL = """
INSERT INTO evaluation_answer (tenant_id, wave_id, member_id, item_id, value, text)
VALUES {rows}
ON CONFLICT (wave_id, member_id, item_id) DO UPDATE
SET value = excluded.value, text = excluded.text
WHERE evaluation_answer.value IS DISTINCT FROM excluded.value
   OR evaluation_answer.text IS DISTINCT FROM excluded.text
"""


def _answers_upsert(
    invitation: Invitation, rows: list[tuple[int, float | None, str]]
) -> None:
    if not rows:
        return
    owner = (invitation.tenant_id, invitation.wave_id, invitation.member_id)
    with connection.cursor() as cursor:
        cursor.execute(
            ANSWERS_UPSERT_SQL.format(
                rows=", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
            ),
            [value for row in rows for value in (*owner, *row)],
        )


def invitations_repack(*, wave_ids: list[int]) -> int:
    """Rebuild the packed vectors of the submitted invitations of these waves from their
    answer rows, where they are missing or differ; returns how many were rewritten."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(vectors.REPACK_SQL, {"waves": list(wave_ids)})
            return cursor.rowcount
    changed = 0
    invitations = Invitation.objects.filter(
        wave_id__in=wave_ids, submitted_at__isnull=False
    ).select_related("wave__panel")
    for invitation in invitations:
        order = Item.objects.filter(
            instrument_id=invitation.wave.panel.instrument_id, kind=Item.Kind.SCALE
        ).order_by("position", "pk")
        values = dict(
            Answer.objects.filter(
                wave_id=invitation.wave_id, member_id=invitation.member_id
            ).values_list("item_id", "value")
        )
        packed = vectors.pack(
            values.get(pk) for pk in order.values_list("pk", flat=True)
        )
        stored = invitation.scale_values
        if stored is None or bytes(stored) != packed:
            Invitation.objects.filter(pk=invitation.pk).update(scale_values=packed)
            changed += 1
    return changed


@transaction.atomic
def response_save(
    *,
    invitation: Invitation,
    answers: dict[str, Any],
    version: int | None = None,
    language: str | None = None,
) -> Invitation:
    """Save (or change) a respondent's answers, all or nothing, while the wave is open.

    ``answers`` maps item codes to the answer; an item not named keeps its saved answer.
    ``version`` is the version the respondent's form was built from: a save from an older
    form (another tab, a double submit after a change) is refused rather than overwriting.
    ``language`` is the one the respondent answered in: their reminders are written in it.
    """
    state = _lock_invitation(invitation.pk)
    if state["status"] != Wave.Status.OPEN:
        raise DomainError(_("This survey is closed; answers can no longer be changed."))
    if version is not None and version != state["version"]:
        raise ConflictError(
            _(
                "These answers were changed in another window. The saved answers are shown; check them and save again."
            )
        )
    invitation.version, invitation.submitted_at = (
        state["version"],
        state["submitted_at"],
    )
    items = {item.code: item for item in opened_wave_items(*state["items_key"])}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise DomainError(
            _("Unknown question: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    errors, parsed = {}, {}
    for code, raw in answers.items():
        try:
            parsed[code] = _parse(items[code], items[code].scale, raw)
        except DomainError as exc:
            errors[code] = exc.message
    if errors:
        raise AnswersRefused(errors)
    rating = [item for item in items.values() if item.kind == Item.Kind.SCALE]
    values = _saved_values(invitation, rating, state)
    values.update((items[code].pk, value) for code, (value, _text) in parsed.items())
    _answers_upsert(
        invitation,
        [(items[code].pk, value, text) for code, (value, text) in parsed.items()],
    )
    now = timezone.now()
    invitation.submitted_at = invitation.submitted_at or now
    invitation.updated_at = now
    invitation.version += 1
    invitation.scale_values = vectors.pack(values.get(item.pk) for item in rating)
    Invitation.objects.filter(pk=invitation.pk).update(
        submitted_at=invitation.submitted_at,
        updated_at=now,
        version=invitation.version,
        scale_values=invitation.scale_values,
    )
    # (written only when it differs from the one their emails are in already: mostly not)
    if language in LANGUAGE_CODES and language != state["language"]:
        PanelMember.objects.filter(pk=invitation.member_id).update(language=language)
    return invitation


@transaction.atomic
def response_save_assisted(
    *,
    wave: Wave,
    member: PanelMember,
    answers: dict[str, Any],
    version: int | None,
    actor,
    replace_own: bool = False,
) -> Invitation:
    """Save a member's answers given with staff's help (by telephone, in person): as
    ``response_save`` (all or nothing, while the wave is open, a form older than the
    saved answers refused), then marked as assisted by ``actor`` and recorded in the
    trail (by pseudonym, never the answers). A member without a link to the wave yet
    (added after it opened) is given one, as for an email.

    Answers the member saved themselves (through their link, after any assisted save)
    are changed only with ``replace_own``: staff see them and confirm, never overwrite
    them unawares."""
    member = _member_locked(member)
    if not Wave.objects.filter(pk=wave.pk, status=Wave.Status.OPEN).exists():
        raise DomainError(_("This survey is closed; answers can no longer be changed."))
    _invitations_ensure(wave, PanelMember.objects.filter(pk=member.pk))
    invitation = Invitation.objects.select_for_update().get(wave=wave, member=member)
    own = invitation.last_saved_by_member
    if own and not replace_own:
        raise ConflictError(
            _(
                "The member has already answered through their own link. Nothing was "
                "saved: go through their answers with them and confirm that they want "
                "to change them."
            )
        )
    saved = response_save(invitation=invitation, answers=answers, version=version)
    user = getattr(actor, "user", actor)
    saved.assisted_at, saved.assisted_by = saved.updated_at, user
    Invitation.objects.filter(pk=saved.pk).update(
        assisted_at=saved.assisted_at, assisted_by=user
    )
    event_record(
        obj=member.panel,
        action="evaluation.wave.answers_assisted",
        actor=actor,
        data={
            "wave": wave.number,
            "pseudonym": member.pseudonym,
            "answers": len(answers),
            "replaced_own_answers": own,
        },
    )
    return saved
