"""The project's URLs plus /bench/trivial/: the same middleware, no database work."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from coproduce.config.urls import urlpatterns as project_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


class QueryCountMiddleware:
    """``X-Queries``: how many SQL statements the response took (all middleware included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count[0])
        return response


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
