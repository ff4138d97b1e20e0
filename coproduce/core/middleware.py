"""Requests refused before any view runs, and responses kept out of caches.

``RequestLimitsMiddleware`` answers, instead of letting a view fail with a 500 or a
worker grow without bound:

- 414 to a request line longer than ``COPRODUCE_MAX_REQUEST_LINE`` (gunicorn is told to
  pass long lines on, see ``config/gunicorn.py``, so that the answer is this one);
- 413 to a body larger than the upload limit: ``COPRODUCE_IMPORT_MAX_BYTES`` for a file
  plus ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for the rest of a multipart form, and
  ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for any other body (the API's JSON);
- 400 (pages) or 422 (API) to a NUL character in the path, the query, a form field or a
  JSON body: PostgreSQL cannot store it, and it is never part of real input.

Pages get a short HTML page that says what to do; the API (``/api/``) gets an RFC 9457
problem document, like every other error of the API.

``NoStoreMiddleware`` marks every response of the app ``Cache-Control: no-store,
private`` unless the view chose otherwise: the pages and the API are full of personal
data (case parties above all), which no browser or proxy cache should keep. Static files
are served by WhiteNoise before this runs and stay cacheable.
"""

import json
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
NUL = "\x00"


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def refusal(request, status: int, detail: str, *, type_: str = "about:blank"):
    """The same refusal as a problem document (API) or a page."""
    title = HTTPStatus(status).phrase
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {
                "type": type_,
                "title": title,
                "status": status,
                "detail": detail,
                "instance": request.path_info[:200],
            },
            status=status,
            content_type=PROBLEM_CONTENT_TYPE,
        )
    return render(
        request, "core/refused.html", {"title": title, "detail": detail}, status=status
    )


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._refused(request) or self.get_response(request)

    def _refused(self, request):
        line = request.META.get("RAW_URI") or request.get_full_path()
        if len(line) > settings.COPRODUCE_MAX_REQUEST_LINE:
            return refusal(
                request,
                414,
                _("The address is longer than %(n)s characters.")
                % {"n": settings.COPRODUCE_MAX_REQUEST_LINE},
            )
        too_big = self._too_big(request)
        if too_big:
            return too_big
        if self._nul(request):
            api = request.path_info.startswith(API_PREFIX)
            return refusal(
                request,
                422 if api else 400,
                _(
                    "The request contains a NUL character (\\0), which no field may "
                    "hold. Remove it and send again."
                ),
                type_="urn:coproduce:problem:validation-error"
                if api
                else "about:blank",
            )
        return None

    def _too_big(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        form = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        multipart = request.content_type == "multipart/form-data"
        limit = form + settings.COPRODUCE_IMPORT_MAX_BYTES if multipart else form
        if not form or length <= limit:
            return None
        if multipart:
            detail = _(
                "The file is too large: at most %(limit)s can be uploaded. Split it, "
                "or import it on the server with `coproduce import`."
            ) % {"limit": _megabytes(settings.COPRODUCE_IMPORT_MAX_BYTES)}
        else:
            detail = _("The request body is larger than %(limit)s.") % {
                "limit": _megabytes(form)
            }
        return refusal(request, 413, detail)

    def _nul(self, request) -> bool:
        if NUL in request.path_info:
            return True
        if any(NUL in k or NUL in v for k, vs in request.GET.lists() for v in vs):
            return True
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return False
        if request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return any(
                NUL in k or NUL in v for k, vs in request.POST.lists() for v in vs
            )
        if request.path_info.startswith(API_PREFIX):
            body = request.body
            if b"\x00" in body:
                return True
            if b"\\u0000" in body.lower():  # escaped: is it really a NUL in a string?
                try:
                    return _has_nul(json.loads(body))
                except ValueError:
                    return False  # not JSON: the API says so itself
        return False


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
