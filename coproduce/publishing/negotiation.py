"""Content negotiation for linked data (W3C Cool URIs): one IRI, the representation the
client's ``Accept`` asks for, ``Vary: Accept`` on every answer."""

import json

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from rdflib import Graph

HTML = "text/html"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
RDF_FORMATS = {TURTLE: "turtle", JSONLD: "json-ld", NTRIPLES: "nt"}
OFFERED = [HTML, "application/xhtml+xml", JSONLD, TURTLE, NTRIPLES]


def preferred(request) -> str | None:
    """The media type to answer with: HTML when the client states no preference (a
    browser, or no Accept), None when nothing offered is acceptable (406)."""
    chosen = request.get_preferred_type(OFFERED)
    if chosen == "application/xhtml+xml":
        return HTML
    return chosen


def rdf_response(media_type: str, *, graph: Graph | None = None, document=None):
    """``document`` (compact JSON-LD) as is for JSON-LD, else its graph serialised."""
    if media_type == JSONLD and document is not None:
        body = json.dumps(document, indent=2, ensure_ascii=False)
    else:
        if graph is None:
            graph = Graph().parse(data=json.dumps(document), format="json-ld")
        body = graph.serialize(format=RDF_FORMATS[media_type])
    response = HttpResponse(body, content_type=f"{media_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    vary(response)
    return response


def vary(response):
    patch_vary_headers(response, ["Accept"])
    return response


def not_acceptable():
    response = HttpResponse(
        "Not acceptable: ask for text/html, text/turtle, application/ld+json or "
        "application/n-triples.\n",
        status=406,
        content_type="text/plain; charset=utf-8",
    )
    return vary(response)
