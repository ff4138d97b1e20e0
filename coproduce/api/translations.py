"""Content in several languages in the API (coproduce.core.i18n), backwards compatible.

An output keeps each text as before (``name``: the original) and adds
``name_translations`` (``{language: text}``, the original first), ``language`` (the
original's) and ``translation_origins`` (``{language: "project"|"published"}``, where a
version comes from). An input may add ``name_translations`` (the versions to set; an empty
text removes one) and ``language`` (the original's language; the tenant's default when
left out). The languages must be ones the tenant writes in (Finnish, Swedish, English and
those it enabled): another is refused with 422 naming it.
"""

from typing import Any

from ninja import Field, Schema

from coproduce.core import i18n

from .schemas import Text

LanguageCode = Text(16, min_length=2)


class TranslatedOut(Schema):
    language: str = Field(description="The language the texts above are written in")
    translation_origins: dict[str, str] = Field(
        description="Where each version comes from: project (coproduce's or the "
        "tenant's own translation) or published (the published wording of a scale)"
    )

    @staticmethod
    def resolve_language(obj) -> str:
        return i18n.original_language(obj)

    @staticmethod
    def resolve_translation_origins(obj) -> dict[str, str]:
        return {
            language: entry[i18n.ORIGIN]
            for language, entry in (obj.i18n or {}).items()
            if (entry or {}).get(i18n.ORIGIN)
        }


def Translations(max_length: int) -> Any:  # noqa: N802 (a type factory)
    """An input's ``<field>_translations``: ``{language: text}``, or null."""
    return dict[LanguageCode, Text(max_length)] | None


TRANSLATIONS_HELP = (
    "Versions in other languages: language -> text (an empty text removes one)"
)
LANGUAGE_HELP = (
    "The language the texts are written in (the tenant's default when left out)"
)


def versions(obj, field: str) -> dict[str, str]:
    return i18n.translations(obj, field)


def translations_take(values: dict, fields, tenant) -> dict[str, dict[str, str]]:
    """Take ``<field>_translations`` and ``language`` out of ``values`` (a payload's
    dump); ``language`` becomes ``content_language``. Refuses (DomainError, a 422) a
    language the tenant does not write in."""
    found: dict[str, dict[str, str]] = {}
    for field in fields:
        texts = values.pop(f"{field}_translations", None)
        if texts:
            found[field] = texts
    language = values.pop("language", None)
    if language:
        values["content_language"] = language
    i18n.translations_validate(found, tenant, language=language)
    return found
