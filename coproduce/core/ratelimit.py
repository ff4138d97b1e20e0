"""Limits on failed attempts at public forms (log-in, password reset, the admin's log-in,
respondent links, API tokens), counted by django-ratelimit in Django's cache.

The counter lives in the ``default`` cache: Redis when ``REDIS_URL`` or ``CACHE_URL`` is
set, so that every worker and every server behind the load balancer share one budget per
client; local memory only for a first start on one process (then each worker counts
alone). The client is the address that connected, or, when that address is one of
``COPRODUCE_TRUSTED_PROXIES``, the right-most address in ``X-Forwarded-For`` that is not
a trusted proxy: the hop the proxy itself saw. A header sent by anyone else is ignored,
so nobody can choose their own address (or someone else's) to dodge a limit or lock
others out.

Only failures are counted (``record_failure``); ``blocked`` asks whether the budget for
this window is spent. If the cache cannot be reached the limit is not applied (and the
error is logged): a cache outage must not lock every respondent and worker out.
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "0.0.0.0"  # noqa: S104 (a key for an unknown client, never bound)


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in net for net in networks)


def client_ip(request) -> str:
    """The client's address, through trusted proxies only (see the module's text)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(getattr(settings, "COPRODUCE_TRUSTED_PROXIES", ())))
    if not _trusted(remote, networks):
        return str(remote) if remote is not None else UNKNOWN
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # the proxy wrote something else: keep to what we know
            return str(remote)
        if not _trusted(address, networks):
            return str(address)
    return str(remote)  # no header, or proxies all the way


def _usage(request, group: str, key: str | None, limit: int, window: int, add: bool):
    value = key if key is not None else client_ip(request)
    try:
        return get_usage(
            request,
            group=group,
            key=lambda _group, _request: value,
            rate=f"{limit}/{window}s",
            increment=add,
        )
    except Exception:  # the cache is down: do not lock everyone out
        logger.exception("rate limit %s: the cache cannot be reached", group)
        return None


def blocked(request, group: str, *, limit: int, window: int, key=None) -> bool:
    """Has this client (or ``key``) failed ``limit`` times in this window of ``group``?"""
    usage = _usage(request, group, key, limit, window, add=False)
    return usage is not None and usage["limit"] > 0 and usage["count"] >= limit


def record_failure(request, group: str, *, limit: int, window: int, key=None) -> None:
    _usage(request, group, key, limit, window, add=True)
