"""Content in several languages: one JSON field per model, with a visible fallback.

A translatable model keeps its original text in its ordinary fields, the language of that
text in ``content_language``, and the other languages in ``i18n``::

    {"sv": {"title": "Matutdelning", "description": "..."}, "en": {"title": "Food bank"}}

A language's entry may also say where its texts come from (``"_origin"``): ``"project"``
for a translation made for coproduce (or by the tenant), or ``"published"`` (with
``"_source"``, the citation) for the published version of an instrument's items. Pages and
the codebook say which is which.

``localized(obj, "title", "sv")`` answers the text a reader of that language should see and
says whether it is a fallback, so a page can mark it (``lang`` attribute and a note) instead
of silently showing another language. ``translations(obj, "title")`` gives every version,
``{language: text}`` with the original first (for the API and for linked data's language
tags). ``translations_apply`` writes them back.

The languages a tenant writes in are its default (``Tenant.language``), Finnish, Swedish
and English, and those it enables (``Tenant.content_languages``): ``tenant_languages``.

Why JSON and not django-modeltranslation, django-translated-fields or django-parler: see
docs/languages.md (in short: per-tenant languages without a migration, one row per object,
the managers of django-scopes left alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The languages content may be written in: the interface's three, Finland's other
# languages (Sámi, sign languages) and the most common languages of residents.
CONTENT_LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("se", _("Northern Sámi")),
    ("smn", _("Inari Sámi")),
    ("sms", _("Skolt Sámi")),
    ("fse", _("Finnish Sign Language")),
    ("fss", _("Finland-Swedish Sign Language")),
    ("ru", _("Russian")),
    ("et", _("Estonian")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("uk", _("Ukrainian")),
    ("fa", _("Persian")),
    ("ku", _("Kurdish")),
    ("zh", _("Chinese")),
]
CONTENT_LANGUAGE_CODES = frozenset(code for code, _label in CONTENT_LANGUAGES)
# each language's name in itself, for a switcher a reader finds their own language in
AUTONYMS = {
    "fi": "suomi",
    "sv": "svenska",
    "en": "English",
    "se": "davvisámegiella",
    "smn": "anarâškielâ",
    "sms": "sääʹmǩiõll",
    "fse": "suomalainen viittomakieli",
    "fss": "finlandssvenskt teckenspråk",
    "ru": "русский",
    "et": "eesti",
    "ar": "العربية",
    "so": "Soomaali",
    "uk": "українська",
    "fa": "فارسی",
    "ku": "Kurdî",
    "zh": "中文",
}
# the fallback note's halves for the interface's languages, whole phrases so that each
# language can say them its own way ("Näytetään suomeksi", "visas på finska")
SHOWN_IN = {
    "fi": _("Shown in Finnish"),
    "sv": _("Shown in Swedish"),
    "en": _("Shown in English"),
}
NOT_YET_IN = {
    "fi": _("no Finnish text yet"),
    "sv": _("no Swedish text yet"),
    "en": _("no English text yet"),
}
BASE_LANGUAGES = ("fi", "sv", "en")
# written right to left: pages give such a text dir="rtl"
RTL = frozenset({"ar", "fa", "he", "ur"})

# {field: {language: text}}: what forms and the API hand to services
Versions = dict[str, dict[str, str]]

ORIGIN = "_origin"
SOURCE = "_source"
PROJECT = "project"
PUBLISHED = "published"
ORIGIN_LABELS = {
    PUBLISHED: _("the published wording"),
    PROJECT: _(
        "coproduce's or this space's own text or translation (not a published one)"
    ),
}


@dataclass(frozen=True)
class Localized:
    text: str
    language: str
    is_fallback: bool
    # the language that was asked for (for the note "no Swedish text yet")
    wanted: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL else "ltr"


def _base(language: str) -> str:
    return language.split("-")[0].lower()


def language_name(code: str) -> str:
    """The language's name in the reader's interface language."""
    for known, label in CONTENT_LANGUAGES:
        if known == code:
            return str(label)
    return code


def autonym(code: str) -> str:
    return AUTONYMS.get(code, code)


def original_language(obj: Any) -> str:
    return _base(getattr(obj, "content_language", "") or settings.LANGUAGE_CODE)


def localized(obj: Any, field: str, language: str | None = None) -> Localized:
    """The text of ``obj.field`` in ``language`` (the active one by default), else the
    original, marked as a fallback when its language differs from the one asked for."""
    wanted = _base(language or translation.get_language() or settings.LANGUAGE_CODE)
    original = getattr(obj, field) or ""
    source = original_language(obj)
    if wanted == source:
        return Localized(original, source, False, wanted)
    versions = getattr(obj, "i18n", None) or {}
    text = (versions.get(wanted) or {}).get(field)
    if text:
        return Localized(text, wanted, False, wanted)
    return Localized(original, source, bool(original), wanted)


def languages_of(obj: Any, field: str) -> list[str]:
    """The languages in which ``obj.field`` can be read, the original first."""
    return list(translations(obj, field))


def translations(obj: Any, field: str) -> dict[str, str]:
    """Every version of ``obj.field``: ``{language: text}``, the original first, only the
    languages that have a text. For the API's ``<field>_translations`` and for linked
    data (one literal per language, tagged with its key)."""
    found: dict[str, str] = {}
    original = getattr(obj, field) or ""
    if original:
        found[original_language(obj)] = original
    for language, fields in (getattr(obj, "i18n", None) or {}).items():
        text = (fields or {}).get(field)
        if text and language not in found:
            found[language] = text
    return found


def translation_origin(obj: Any, language: str) -> dict[str, str]:
    """Where the texts of ``language`` come from: ``{"origin": "project"|"published"|"",
    "source": citation}``; the original language is the object's own (no origin)."""
    entry = (getattr(obj, "i18n", None) or {}).get(language) or {}
    return {"origin": entry.get(ORIGIN, ""), "source": entry.get(SOURCE, "")}


def translations_apply(
    obj: Any,
    field: str,
    texts: Mapping[str, str | None],
    *,
    origin: str | None = None,
    source: str = "",
) -> list[str]:
    """Write the versions of ``obj.field`` in ``texts`` (``{language: text}``; an empty
    text removes that language's version) onto ``obj``, unsaved. The original language's
    text goes to the field itself. Answers the languages whose text changed."""
    changed = []
    source_language = original_language(obj)
    versions: dict[str, dict[str, str]] = {
        lang: dict(fields or {})
        for lang, fields in (getattr(obj, "i18n", None) or {}).items()
    }
    for language, text in texts.items():
        language = _base(language)
        text = (text or "").strip() if isinstance(text, str) else ""
        if language == source_language:
            if text and text != getattr(obj, field):
                setattr(obj, field, text)
                changed.append(language)
            continue
        entry = versions.setdefault(language, {})
        if text:
            if entry.get(field) != text:
                entry[field] = text
                changed.append(language)
                # a changed text is no longer a published wording unless said so
                entry[ORIGIN] = origin or PROJECT
                if source:
                    entry[SOURCE] = source
                else:
                    entry.pop(SOURCE, None)
        elif field in entry:
            del entry[field]
            changed.append(language)
    # a language left without any text is dropped, with its origin (the original's
    # entry may hold only where the original comes from)
    obj.i18n = {
        lang: fields
        for lang, fields in versions.items()
        if lang == source_language
        or any(not key.startswith("_") and value for key, value in fields.items())
    }
    return changed


def origin_set(obj: Any, language: str, origin: str, source: str = "") -> None:
    """Say where the texts of ``language`` (the original's too) come from."""
    versions = dict(getattr(obj, "i18n", None) or {})
    entry = dict(versions.get(language) or {})
    entry[ORIGIN] = origin
    if source:
        entry[SOURCE] = source
    else:
        entry.pop(SOURCE, None)
    versions[language] = entry
    obj.i18n = versions


def tenant_languages(tenant: Any) -> list[str]:
    """The languages the tenant writes its content in: its default first, then Finnish,
    Swedish and English, then the further ones it enabled."""
    default = _base(getattr(tenant, "language", "") or settings.LANGUAGE_CODE)
    extra = getattr(tenant, "content_languages", None) or []
    out: list[str] = []
    for code in [default, *BASE_LANGUAGES, *extra]:
        code = _base(code)
        if code and code not in out:
            out.append(code)
    return out


def unknown_languages(codes: Iterable[str], tenant: Any) -> list[str]:
    """The codes among ``codes`` that the tenant does not write in."""
    allowed = set(tenant_languages(tenant))
    return sorted({_base(c) for c in codes} - allowed)


def fallback_note(text: Localized) -> str:
    """'Shown in Finnish: no Swedish text yet', in the interface language."""
    shown = SHOWN_IN.get(text.language) or gettext("Shown in %(language)s") % {
        "language": language_name(text.language)
    }
    missing = NOT_YET_IN.get(text.wanted) or gettext("no text in %(language)s yet") % {
        "language": language_name(text.wanted)
    }
    return f"{shown}: {missing}"


def unknown_message(unknown: list[str], tenant: Any) -> str:
    return gettext(
        "This space does not write in %(unknown)s; its languages are %(known)s."
    ) % {"unknown": ", ".join(unknown), "known": ", ".join(tenant_languages(tenant))}


def translations_validate(
    found: Mapping[str, Mapping[str, Any]], tenant: Any, *, language: str | None = None
) -> None:
    """Refuse versions in a language the tenant does not write in, naming the field."""
    from coproduce.core.errors import DomainError

    for field, texts in found.items():
        unknown = unknown_languages(texts, tenant)
        if unknown:
            raise DomainError(
                unknown_message(unknown, tenant), field=f"{field}_translations"
            )
    if language and unknown_languages([language], tenant):
        raise DomainError(unknown_message([language], tenant), field="language")


def translations_write(
    obj: Any, found: Mapping[str, Mapping[str, str | None]], *, actor: Any, action: str
) -> list[str]:
    """Write versions (``{field: {language: text}}``) onto the saved ``obj`` and record
    which languages changed in the trail. Answers those languages."""
    from coproduce.core.events import event_record

    changed: set[str] = set()
    for field, texts in found.items():
        changed.update(translations_apply(obj, field, texts))
    if not changed:
        return []
    obj.save(update_fields=sorted({*found, "i18n"}))
    event_record(
        obj=obj,
        action=action,
        actor=actor,
        data={"languages": sorted(changed), "fields": sorted(found)},
    )
    return sorted(changed)


def versions_save(
    obj: Any,
    translations: Mapping[str, Mapping[str, str | None]] | None,
    *,
    actor: Any,
    action: str,
) -> list[str]:
    """Validate and write ``translations`` of a saved row of a tenant (services call it
    after ``instance_save``/``instance_update``, in their transaction)."""
    if not translations:
        return []
    translations_validate(translations, obj.tenant)
    return translations_write(obj, translations, actor=actor, action=action)
