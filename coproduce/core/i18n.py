"""Content in several languages: one JSON field per model, with a visible fallback.

A translatable model keeps its original text in its ordinary fields, the language of that
text in ``content_language``, and the other languages in ``i18n``::

    {"sv": {"title": "Matutdelning", "description": "..."}, "en": {"title": "Food bank"}}

``localized(obj, "title", "sv")`` answers the text a reader of that language should see and
says whether it is a fallback, so a page can mark it (``lang`` attribute and a note) instead
of silently showing another language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Localized:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def _base(language: str) -> str:
    return language.split("-")[0].lower()


def localized(obj: Any, field: str, language: str | None = None) -> Localized:
    """The text of ``obj.field`` in ``language`` (the active one by default), else the
    original, marked as a fallback when its language differs from the one asked for."""
    wanted = _base(language or translation.get_language() or settings.LANGUAGE_CODE)
    original_language = _base(
        getattr(obj, "content_language", "") or settings.LANGUAGE_CODE
    )
    original = getattr(obj, field) or ""
    if wanted == original_language:
        return Localized(original, original_language, False)
    versions = getattr(obj, "i18n", None) or {}
    text = (versions.get(wanted) or {}).get(field)
    if text:
        return Localized(text, wanted, False)
    return Localized(original, original_language, bool(original))


def languages_of(obj: Any, field: str) -> list[str]:
    """The languages in which ``obj.field`` can be read, the original first."""
    original_language = _base(
        getattr(obj, "content_language", "") or settings.LANGUAGE_CODE
    )
    found = [original_language] if getattr(obj, field) else []
    for language, fields in (getattr(obj, "i18n", None) or {}).items():
        if fields.get(field) and language not in found:
            found.append(language)
    return found
