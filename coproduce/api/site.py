"""The JSON API's site (django-ninja), knowing no app: RFC 9457 problem documents for every
error, also for unknown paths (404) and methods (405), and operation ids that do not change
when a router moves. The apps' routers are mounted in ``coproduce/config/api.py``."""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from . import errors


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
    # module of a router's views -> the area its operation ids keep (see config/api.py)
    operation_id_areas: dict[str, str] = {}

    def __init__(self, *args, operation_id_areas: dict[str, str] | None = None, **kw):
        super().__init__(*args, **kw)
        self.operation_id_areas = dict(operation_id_areas or {})

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
        area = self.operation_id_areas.get(operation.view_func.__module__)
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
