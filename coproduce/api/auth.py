"""Bearer-token authentication. The tenant middleware has already checked the key and
opened the tenant's scope; here the API only asks whether it did."""

from django.http import HttpRequest
from ninja.security import HttpBearer


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>`` with a personal API token (see ``coproduce token``)."""

    def authenticate(self, request: HttpRequest, token: str):
        return getattr(request, "api_token", None)
