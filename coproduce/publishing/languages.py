"""Which language published content is in, and its texts in several languages.

The CPSV-AP export tags text with the language the *content* is written in, never the
viewer's interface language: each version of a service's name and description from
``coproduce.core.i18n.translations`` (the original in its ``content_language``, the others
from ``i18n``), one literal per language. Texts that have no language of their own (an
organisation's name, generated descriptions of participations) take the tenant's default
content language (``Tenant.language``) or are made in each language of the service.

``text_in`` reads the tenant admin's editable statements, ``{language: text}``.
"""

from django.conf import settings
from django.utils.translation import get_language

from coproduce.core.i18n import translations


def content_language(tenant) -> str:
    """The tenant's default language of content."""
    return getattr(tenant, "language", "") or settings.LANGUAGE_CODE


def texts(obj, field: str) -> dict[str, str]:
    """Every version of ``obj.field``: ``{language: text}``, the original first."""
    return translations(obj, field)


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
