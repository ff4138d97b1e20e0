"""The JSON API under /api/v1 (django-ninja): each app brings its router and schemas in its
own ``api.py``; here they are mounted, with bearer tokens, limit/offset pages and RFC 9457
problem documents for every error, also for unknown paths (404) and methods (405)."""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from coproduce.cases.api import router as cases_router
from coproduce.evaluation.api import router as evaluation_router
from coproduce.initiatives.api import router as initiatives_router
from coproduce.outcomes.api import router as outcomes_router
from coproduce.people.api import router as people_router

from . import errors
from .auth import TokenAuth

# The operation ids of the OpenAPI document are those the routers had when they lived in
# coproduce/api/<area>.py, so that generated clients keep their method names.
OPERATION_ID_AREAS = {
    "coproduce.people.api": "registry",
    "coproduce.initiatives.api": "initiatives",
    "coproduce.cases.api": "cases",
    "coproduce.evaluation.api": "evaluation",
    "coproduce.outcomes.api": "outcomes",
}


def _problem_on_405(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return errors.problem_response(
                request,
                405,
                f"Use one of: {response['Allow']}.",
                headers={"Allow": response["Allow"]},
            )
        return response

    return wrapper


@csrf_exempt
def _not_found(request, *args, **kwargs):
    return errors.problem_response(request, 404, "No such resource.")


class ProblemNinjaAPI(NinjaAPI):
    def _get_urls(self):
        patterns = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(
                    pattern.pattern,
                    _problem_on_405(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            patterns.append(pattern)
        patterns.append(re_path(r"^[\s\S]*$", _not_found, name="not-found"))
        return patterns

    def get_openapi_operation_id(self, operation) -> str:
        area = OPERATION_ID_AREAS.get(operation.view_func.__module__)
        if area is None:
            return super().get_openapi_operation_id(operation)
        return f"coproduce_api_{area}_{operation.view_func.__name__}"

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are declared as application/problem+json, as they are sent."""
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {
                            errors.PROBLEM_CONTENT_TYPE: content["application/json"]
                        }
        return schema


api = ProblemNinjaAPI(
    title="coproduce API",
    version="1",
    description="Co-produced public services: the registry, initiatives and their value "
    "chain, the co-production profile, evaluation panels and their reports. "
    "Authenticate with a personal token: `Authorization: Bearer <key>` "
    "(`coproduce token create`).",
    urls_namespace="api",
    auth=TokenAuth(),
)
errors.install(api)
api.add_router("/", people_router)
api.add_router("/", initiatives_router)
api.add_router("/", cases_router)
api.add_router("/", evaluation_router)
api.add_router("/", outcomes_router)
