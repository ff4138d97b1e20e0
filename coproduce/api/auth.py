"""Bearer-token authentication. The tenant middleware has already checked the key and
opened the tenant's scope; here the API only asks whether it did, and counts the keys
that were wrong: beyond ``COPRODUCE_API_TOKEN_RATE`` (failures, window in seconds) per
client address, every request with a key is answered 429 until the window ends, right
key or wrong, so that guessing learns nothing."""

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer

from coproduce.core import ratelimit

from .errors import TooManyRequests

API_TOKEN_RATE = (30, 300)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>`` with a personal API token (see ``coproduce token``)."""

    def authenticate(self, request: HttpRequest, token: str):
        limit, window = getattr(settings, "COPRODUCE_API_TOKEN_RATE", API_TOKEN_RATE)
        if ratelimit.blocked(request, "api-token", limit=limit, window=window):
            raise TooManyRequests(window)
        found = getattr(request, "api_token", None)
        if found is None:
            ratelimit.record_failure(request, "api-token", limit=limit, window=window)
        return found
