"""Every error of the API as an RFC 9457 problem document (application/problem+json).

The handlers turn the exceptions the API and the services raise into problems: ninja's own
validation (422), authentication (401) and HTTP errors, ``Http404``, Django's
``ValidationError`` (422 with an ``errors`` list naming the fields), ``PermissionDenied``
(403, as ``Actor.require`` raises it on pages and in the API), ``ConflictError`` (409)
and any other ``DomainError`` (422).
"""

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from coproduce.core.errors import ConflictError, DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
VALIDATION_TYPE = "urn:coproduce:problem:validation-error"


class TooManyRequests(Exception):
    """Too many failed attempts from this client; ``retry_after`` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many failed attempts")
        self.retry_after = retry_after


class FieldError(Schema):
    field: str | None
    message: str


class Problem(Schema):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


# Problems that operations declare in the OpenAPI document, by kind of operation.
# (429: too many wrong tokens from the client's address, see auth.py)
READ_LIST = {401: Problem, 403: Problem, 422: Problem, 429: Problem}
READ_ONE = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
CREATE = {401: Problem, 403: Problem, 409: Problem, 422: Problem, 429: Problem}
CHANGE = {
    401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem
}  # fmt: skip


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    type_: str = "about:blank",
    title: str | None = None,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_problem(request: HttpRequest, errors: list[dict]) -> JsonResponse:
    fields = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
    detail = f"Invalid input: {fields}." if fields else "Invalid input."
    return problem_response(
        request,
        422,
        detail,
        type_=VALIDATION_TYPE,
        title="Invalid input",
        errors=errors,
    )


def _ninja_field(loc: list) -> str | None:
    """('body', 'payload', 'name') -> 'name'; ('query', 'limit') -> 'limit'."""
    parts = [str(p) for p in loc]
    parts = parts[2:] if parts and parts[0] == "body" else parts[1:]
    return ".".join(parts) or None


def ninja_validation_errors(exc: NinjaValidationError) -> list[dict]:
    return [
        {
            "field": _ninja_field(list(error.get("loc", ()))),
            "message": error.get("msg", ""),
        }
        for error in exc.errors
    ]


def django_validation_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if field == NON_FIELD_ERRORS else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in exc.messages]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_ninja_validation(request, exc):
        return _validation_problem(request, ninja_validation_errors(exc))

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request, exc):
        return _validation_problem(request, django_validation_errors(exc))

    @api.exception_handler(ConflictError)
    def on_conflict(request, exc):
        return problem_response(
            request, 409, exc.message, type_="urn:coproduce:problem:conflict"
        )

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc):
        return problem_response(
            request,
            422,
            exc.message,
            type_=f"urn:coproduce:problem:{exc.code}",
            title="Refused",
            errors=[{"field": exc.field, "message": exc.message}],
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return problem_response(
            request,
            401,
            "A valid API token is required: send 'Authorization: Bearer <key>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        return problem_response(
            request,
            413,
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} "
            "bytes.",
        )

    @api.exception_handler(TooManyFieldsSent)
    def on_too_many_fields(request, exc):
        return problem_response(request, 413, "The request has too many fields.")

    @api.exception_handler(TooManyRequests)
    def on_too_many(request, exc):
        return problem_response(
            request,
            429,
            "Too many requests with a wrong API token from this address; wait and "
            "try again.",
            headers={"Retry-After": str(exc.retry_after)},
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if exc.status_code == 400:  # ninja could not parse the body: bad JSON
            return _validation_problem(
                request,
                [{"field": None, "message": f"{exc.message}: send a JSON object."}],
            )
        return problem_response(request, exc.status_code, exc.message)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        """What ``Actor.require`` raises: the same refusal as on the pages."""
        needed = f" ({exc})" if str(exc) else ""
        return problem_response(request, 403, f"Your role may not do this{needed}.")

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return problem_response(request, 404, "No such resource.")
