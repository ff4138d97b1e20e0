"""A fixed-window limit on failed attempts at public forms, kept in Django's cache.

Written here rather than taken from django-axes/django-ratelimit because one check on the
login form is all that is needed now; swap in a library when more forms need it.
"""

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def blocked(key: str, *, limit: int) -> bool:
    return cache.get(f"ratelimit:{key}", 0) >= limit


def record_failure(key: str, *, window: int) -> None:
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
