"""Resolve the tenant of every request and run the rest of the request inside its scope.

Pages live under ``/t/<tenant>/``: the user must be a member, otherwise the answer is 404 with no
hint that the tenant exists. The API (``/api/``) finds the tenant from the bearer token.
Everything else (login, the tenant chooser) runs with no tenant scope, and any query on a
tenant-owned model there raises instead of leaking.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from .actor import ANONYMOUS, actor_of_member
from .selectors import api_token_authenticate


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self._expose(request, ANONYMOUS)
        request.api_token = None

        if request.path_info.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return self._api(request)
        if not request.path_info.startswith("/t/"):  # tenant pages live only there
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("tenant")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        actor = actor_of_member(user=request.user, tenant_slug=slug)
        if actor is None:
            raise Http404
        with scope(tenant=actor.tenant):
            self._expose(request, actor)
            return self.get_response(request)

    def _api(self, request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            token = api_token_authenticate(header[7:].strip())
            if token is not None:
                actor = actor_of_member(user=token.user, tenant_slug=token.tenant.slug)
                if actor is not None:
                    request.user = token.user
                    request.api_token = token
                    with scope(tenant=actor.tenant):
                        self._expose(request, actor)
                        return self.get_response(request)
        with scope(tenant=None):
            return self.get_response(request)

    @staticmethod
    def _expose(request, actor) -> None:
        """``request.actor`` is what access checks and services take; its fields are
        mirrored on the request for templates and URL building."""
        request.actor = actor
        request.tenant = actor.tenant
        request.role = actor.role
        request.permissions = actor.permissions
        request.person = actor.person
