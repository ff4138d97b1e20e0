"""Which language a tenant's content is in, and its texts in several languages.

The CPSV-AP export tags text with the language the *content* is written in, never the
viewer's interface language. Until services and initiatives hold texts per language (the
``languages`` helper's work, issue 18 item 2), every text is in the tenant's content
language: ``content_language`` (a ``content_language`` or ``default_language`` field on the
tenant if one exists, else ``COPRODUCE_CONTENT_LANGUAGE``).

``texts(obj, field)`` is the one hook the export reads: ``{language: text}``. When the
multilingual content lands, make it return every language version (it already prefers an
object's ``<field>_texts`` or ``<field>_i18n`` mapping if one exists).
"""

from django.conf import settings
from django.utils.translation import get_language


def content_language(tenant) -> str:
    for name in ("content_language", "default_language"):
        value = getattr(tenant, name, None)
        if isinstance(value, str) and value:
            return value
    return settings.COPRODUCE_CONTENT_LANGUAGE


def texts(obj, field: str, tenant=None) -> dict[str, str]:
    """The text of ``obj.field`` per language code, empty texts left out."""
    for suffix in ("_texts", "_i18n"):
        mapping = getattr(obj, field + suffix, None)
        if isinstance(mapping, dict) and mapping:
            return {k: v for k, v in mapping.items() if isinstance(v, str) and v}
    value = getattr(obj, field, "")
    if not value:
        return {}
    return {content_language(tenant or obj.tenant): str(value)}


def text_in(mapping: dict, default: str = "", fallback: str | None = None) -> str:
    """The text of ``mapping`` in the reader's language, else ``fallback``'s, else the
    first one, else ``default`` (editable statements and notices)."""
    language = (get_language() or "en").split("-")[0]
    for code in (language, fallback):
        if code and mapping.get(code):
            return mapping[code]
    for value in mapping.values():
        if value:
            return value
    return default
