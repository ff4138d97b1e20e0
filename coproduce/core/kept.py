"""Figures derived from records, kept in the cache while the records are unchanged.

A kept value's key names what it was computed from: the tenant's data fingerprint
(``initiatives.selectors.data_fingerprint``: its latest event and largest fact ids, so any
change through the application or a bulk load renews it), the record's own version, and
the language when the value holds translated text (labels, charts). Nothing is ever
invalidated by hand: a change makes a new key, and the old one expires.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation

T = TypeVar("T")

KEPT_SECONDS = 24 * 3600


def kept_key(name: str, *parts: object, language: bool = False) -> str:
    """A cache key for ``name`` from ``parts`` (and the active language)."""
    if language:
        parts = (*parts, translation.get_language() or "")
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:20]
    return f"kept:{name}:{digest}"


def kept(key: str, compute: Callable[[], T], *, seconds: int = KEPT_SECONDS) -> T:
    """The value kept under ``key``, or ``compute()`` kept there."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
