"""A public service as CPSV-AP 3.2.0 JSON-LD, for service catalogues (EIF component 4).

Follows the traps listed in standards.md §1.1: compact IRIs with our own prefix context
(the official context's dotted terms do not expand plain keys), language-tagged strings as
value objects, and code-list values typed (skos:Concept, dct:Location) so the SHACL shapes
are met. Participations are published per organisation and, for citizens, per actor group
and stage — never natural persons' names.

It lives with initiatives, not with the registry's services, because the participations
it publishes are initiatives' records: the registry imports nothing of initiatives.
"""

from coproduce.people.models import PublicService

from .selectors import service_citizen_groups, service_initiatives
from .vocab import ActorRole, Stage

CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
CHANNEL_TYPE = {  # EU Publications Office / Europass channel types, by our channel codes
    "in_person": "assistedService",
    "phone": "telephone",
    "email": "email",
    "website": "homepage",
    "mobile_app": "mobileApp",
    "mail": "mail",
    "home_visit": "assistedService",
}
CO_ROLE = {
    Stage.COMMISSIONING: "co-commissioner",
    Stage.DESIGN: "co-designer",
    Stage.DELIVERY: "co-deliverer",
    Stage.ASSESSMENT: "co-assessor",
}


def _text(value: str, language: str) -> dict:
    return {"@value": value, "@language": language}


def _concept(iri: str, label: str, language: str) -> dict:
    return {
        "@id": iri,
        "@type": "skos:Concept",
        "skos:prefLabel": _text(label, language),
    }


def public_service_jsonld(
    service: PublicService, *, base_url: str, language: str = "en"
) -> dict:
    tenant_base = f"{base_url}/t/{service.tenant.slug}"
    service_iri = f"{tenant_base}/services/{service.pk}"
    authority = service.competent_authority
    node: dict = {
        "@id": service_iri,
        "@type": "cpsv:PublicService",
        "dct:identifier": service.identifier,
        "dct:title": _text(service.name, language),
        "dct:description": _text(service.description, language),
        "cv:hasCompetentAuthority": {
            "@id": f"{tenant_base}/organisations/{authority.pk}",
            "@type": ["cv:PublicOrganisation", "http://www.w3.org/ns/org#Organization"],
            "skos:prefLabel": _text(authority.name, language),
            "dct:spatial": {
                "@id": f"{tenant_base}#area",
                "@type": "dct:Location",
                "skos:prefLabel": _text(service.tenant.name, language),
            },
        },
    }
    if service.sector:
        node["cv:sector"] = _concept(
            DATA_THEME + service.sector, service.get_sector_display(), language
        )
    if service.processing_time:
        node["cv:processingTime"] = {
            "@value": service.processing_time,
            "@type": "xsd:duration",
        }
    if service.keywords:
        node["dcat:keyword"] = [
            _text(k.strip(), language) for k in service.keywords.split(",") if k.strip()
        ]
    if service.legal_resource:
        legal = service.legal_resource
        node["cv:hasLegalResource"] = {
            "@id": legal
            if legal.startswith(("http://", "https://"))
            else f"{service_iri}#legal-resource",
            "@type": "eli:LegalResource",
            "dct:title": _text(legal, language),
        }
    labels = dict(PublicService.Channel.choices)
    node["cv:hasChannel"] = [
        {
            "@id": f"{service_iri}#channel-{code}",
            "@type": "cv:Channel",
            "dct:identifier": f"{service.identifier}-{code}",
            "dct:type": _concept(
                f"http://publications.europa.eu/resource/authority/channel/{CHANNEL_TYPE.get(code, code)}",
                str(labels.get(code, code)),
                language,
            ),
        }
        for code in service.channels
    ]
    node["cv:hasParticipation"] = _participations(
        service, service_iri, tenant_base, base_url, language
    )
    return {"@context": CONTEXT, "@graph": [node]}


def _participations(
    service, service_iri, tenant_base, base_url, language
) -> list[dict]:
    """Organisations that lead or partner in initiatives co-producing the service, and the
    citizen groups who took part at level involve or higher, per stage."""
    role_scheme = f"{base_url}/vocab/co-production-role/"
    result = []
    seen: set[tuple] = set()
    for initiative in service_initiatives(service):
        entries = [(initiative.lead_organisation, "lead")]
        entries += [(p.organisation, p.role) for p in initiative.partners.all()]
        for organisation, role in entries:
            if (organisation.pk, role) in seen:
                continue
            seen.add((organisation.pk, role))
            result.append(
                {
                    "@id": f"{service_iri}#participation-org-{organisation.pk}-{role}",
                    "@type": "cv:Participation",
                    "dct:identifier": f"{service.identifier}-org-{organisation.pk}-{role}",
                    "dct:description": _text(
                        f"{organisation.name}: {role} in {initiative.name}", language
                    ),
                    "cv:role": _concept(role_scheme + role, role, language),
                    "cv:hasParticipant": {
                        "@id": f"{tenant_base}/organisations/{organisation.pk}",
                        "@type": [
                            "foaf:Agent",
                            "http://www.w3.org/ns/org#Organization",
                        ],
                        "dct:identifier": str(organisation.pk),
                        "dct:title": _text(organisation.name, language),
                    },
                }
            )
    for row in service_citizen_groups(service):
        stage, role = row["activity__stage"], row["role"]
        co_role = CO_ROLE[stage]
        group = str(ActorRole(role).label)
        result.append(
            {
                "@id": f"{service_iri}#participation-{role}-{stage}",
                "@type": "cv:Participation",
                "dct:identifier": f"{service.identifier}-{role}-{stage}",
                "dct:description": _text(f"{group} as {co_role}", language),
                "cv:role": _concept(role_scheme + co_role, co_role, language),
                "cv:hasParticipant": {
                    "@id": f"{service_iri}#group-{role}",
                    "@type": "foaf:Agent",
                    "dct:identifier": f"{service.identifier}-group-{role}",
                    "dct:title": _text(f"{group} (group)", language),
                },
            }
        )
    return result
