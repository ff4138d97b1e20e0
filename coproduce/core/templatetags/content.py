"""Content in several languages in templates.

``{% localized obj "title" as title %}`` gives the text a reader of the page's language
should see (``coproduce.core.i18n.localized``); ``{% content title %}`` writes it in a
``<span>`` with its own ``lang`` (and ``dir``) when it is not in the page's language, and
the visible note "Shown in Finnish: no Swedish text yet" when it is a fallback::

    <h1>{% content title %}</h1>
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from coproduce.core import i18n

register = template.Library()


@register.simple_tag
def localized(obj, field: str, language: str = "") -> i18n.Localized:
    return i18n.localized(obj, field, language or None)


def lang_attrs(text: i18n.Localized, page_language: str | None = None) -> str:
    """` lang="fi"` (and ` dir="rtl"`) when ``text`` is in another language than the
    page; empty otherwise."""
    page = (page_language or translation.get_language() or "").split("-")[0]
    if not text.text or text.language == page:
        return ""
    attrs = format_html(' lang="{}"', text.language)
    if text.direction == "rtl":
        attrs += format_html(' dir="{}"', "rtl")
    return attrs


@register.simple_tag
def lang_of(text: i18n.Localized) -> str:
    return lang_attrs(text)


@register.simple_tag
def fallback_note(text: i18n.Localized) -> str:
    if not text.is_fallback:
        return ""
    return format_html(
        ' <span class="fallback-note">({})</span>', i18n.fallback_note(text)
    )


@register.simple_tag
def content(text: i18n.Localized, note: bool = True, linebreaks: bool = False) -> str:
    """The text, in a ``<span>`` (a ``<p>`` with ``<br>``s with ``linebreaks``) with its
    own ``lang`` when it is not in the page's language, and with ``note`` the visible
    note when it is a fallback."""
    attrs = lang_attrs(text)
    if linebreaks:
        if not text.text:
            return ""
        body = format_html(
            "<p{}>{}</p>", attrs, linebreaksbr(text.text, autoescape=True)
        )
    elif attrs:
        body = format_html("<span{}>{}</span>", attrs, text.text)
    else:
        body = conditional_escape(text.text)
    return body + fallback_note(text) if note else body


@register.filter
def language_name(code: str) -> str:
    return i18n.language_name(code)


@register.filter
def origin_label(origin: str) -> str:
    """What a version's origin means, for the instrument page and the codebook."""
    return str(i18n.ORIGIN_LABELS.get(origin, ""))
