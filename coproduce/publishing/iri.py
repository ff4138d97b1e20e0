"""Persistent IRIs of what coproduce publishes, from one configured base.

``COPRODUCE_IRI_BASE`` (default ``COPRODUCE_BASE_URL``) is the only source of the host:
never the request's Host header, so the same service has one IRI whoever asked and through
whichever name. The paths follow the EU's "10 rules for persistent URIs" (ISA, 2012):
``{base}/{type}/{concept}/{reference}`` with ``id`` for things and ``def`` for vocabularies,
no file extension, no query string, no version; and W3C "Cool URIs for the Semantic Web"
(content negotiation at the IRI). A service's reference is its identifier (dct:identifier,
a slug unique in the tenant), not its database key ("avoid auto-increment"): keep it
stable once the service is published. The tenant's short name separates tenants.
"""

from django.conf import settings

ROLE_SCHEME = "co-production-role"
CHANNEL_SCHEME = "channel-type"
LIFE_EVENT_SCHEME = "life-event"


def base() -> str:
    return settings.COPRODUCE_IRI_BASE.rstrip("/")


def service_iri(tenant_slug: str, identifier: str) -> str:
    return f"{base()}/id/service/{tenant_slug}/{identifier}"


def organisation_iri(tenant_slug: str, pk: int) -> str:
    return f"{base()}/id/organisation/{tenant_slug}/{pk}"


def area_iri(tenant_slug: str) -> str:
    return f"{base()}/id/area/{tenant_slug}"


def scheme_iri(scheme: str) -> str:
    return f"{base()}/def/{scheme}"


def concept_iri(scheme: str, code: str) -> str:
    return f"{base()}/def/{scheme}/{code}"
