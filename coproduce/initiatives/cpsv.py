"""A public service as CPSV-AP 3.2.0 JSON-LD, for service catalogues (EIF component 4).

Follows the traps listed in standards.md §1.1: compact IRIs with our own prefix context
(the official context's dotted terms do not expand plain keys), language-tagged strings as
value objects, and code-list values typed (skos:Concept, dct:Location,
dct:LinguisticSystem) so the SHACL shapes are met. Participations are published per
organisation and, for citizens, per actor group and stage — never natural persons' names.

IRIs come from ``COPRODUCE_IRI_BASE`` (coproduce.publishing.iri), never the request; text
is tagged with the language of the content (coproduce.publishing.languages), never the
viewer's; roles and channel types are concepts of the schemes served at ``/def/...``
(coproduce.publishing.vocabularies); languages and sectors are EU Publications Office
authority tables and legal resources Finlex ELIs where the citation names a statute
(coproduce.publishing.codelists).

It lives with initiatives, not with the registry's services, because the participations
it publishes are initiatives' records: the registry imports nothing of initiatives.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.people.models import PublicService
from coproduce.publishing import codelists, iri
from coproduce.publishing.languages import content_language, texts
from coproduce.publishing.vocabularies import (
    CHANNELS,
    LEAD,
    LIFE_EVENTS,
    ROLES,
    STAGE_ROLE,
    channel_code,
    concept_label,
    partner_role_code,
)

from .selectors import service_citizen_groups, service_initiatives
from .vocab import ActorRole

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


def _texts(mapping: dict[str, str]) -> list[dict]:
    return [{"@value": v, "@language": k} for k, v in mapping.items()]


def _in_languages(languages: list[str], make) -> list[dict]:
    """One value object per content language, the text made in that language."""
    result = []
    for language in languages:
        with translation.override(language):
            result.append({"@value": str(make()), "@language": language})
    return result


def _concept(scheme, code: str, languages: list[str]) -> dict:
    return {
        "@id": iri.concept_iri(scheme.slug, code),
        "@type": "skos:Concept",
        "skos:inScheme": {"@id": iri.scheme_iri(scheme.slug)},
        "skos:prefLabel": [
            {"@value": concept_label(scheme, code, lang), "@language": lang}
            for lang in languages
        ],
    }


def public_service_jsonld(service: PublicService) -> dict:
    tenant = service.tenant
    slug = tenant.slug
    service_iri = iri.service_iri(slug, service.identifier)
    default = content_language(tenant)
    titles = texts(service, "name") or {default: service.identifier}
    descriptions = texts(service, "description") or titles
    # the languages of the service's texts: concept labels and the descriptions the
    # export writes itself are given in each of them
    languages = list(dict.fromkeys([*titles, *descriptions]))
    authority = service.competent_authority
    node: dict = {
        "@id": service_iri,
        "@type": "cpsv:PublicService",
        "dct:identifier": service.identifier,
        "dct:title": _texts(titles),
        "dct:description": _texts(descriptions),
        "cv:hasCompetentAuthority": {
            "@id": iri.organisation_iri(slug, authority.pk),
            "@type": ["cv:PublicOrganisation", "http://www.w3.org/ns/org#Organization"],
            "skos:prefLabel": _texts({default: authority.name}),
            "dct:spatial": {
                "@id": iri.area_iri(slug),
                "@type": "dct:Location",
                "skos:prefLabel": _texts({default: tenant.name}),
            },
        },
    }
    language_iris = [
        {"@id": language_iri, "@type": "dct:LinguisticSystem"}
        for code in languages
        if (language_iri := codelists.language_iri(code))
    ]
    if language_iris:
        node["dct:language"] = language_iris
    if service.sector:
        node["cv:sector"] = {
            "@id": codelists.DATA_THEME_TABLE + service.sector,
            "@type": "skos:Concept",
            "skos:prefLabel": _in_languages(languages, service.get_sector_display),
        }
    if service.function:
        # functions of government: the COFOG division, as the PO main-activity table
        node["dct:type"] = {
            "@id": codelists.MAIN_ACTIVITY_TABLE + service.function,
            "@type": "skos:Concept",
            "skos:notation": codelists.COFOG_DIVISION[service.function],
            "skos:prefLabel": _in_languages(languages, service.get_function_display),
        }
    events = [code for code in service.life_events or [] if LIFE_EVENTS.concept(code)]
    if events:
        node["cv:isGroupedBy"] = [
            {
                "@id": f"{service_iri}#life-event-{code}",
                # typed as Event too: the shapes' sh:class cv:Event is checked without
                # inference, and cv:LifeEvent is its subclass
                "@type": ["cv:LifeEvent", "cv:Event"],
                "dct:identifier": f"{service.identifier}-life-event-{code}",
                "dct:title": [
                    {
                        "@value": concept_label(LIFE_EVENTS, code, lang),
                        "@language": lang,
                    }
                    for lang in languages
                ],
                "dct:type": _concept(LIFE_EVENTS, code, languages),
                "cv:hasRelatedService": {"@id": service_iri},
            }
            for code in events
        ]
    if service.processing_time:
        node["cv:processingTime"] = {
            "@value": service.processing_time,
            "@type": "xsd:duration",
        }
    if service.keywords:
        node["dcat:keyword"] = [
            {"@value": k.strip(), "@language": default}
            for k in service.keywords.split(",")
            if k.strip()
        ]
    if service.legal_resource:
        node["cv:hasLegalResource"] = _legal_resource(
            service.legal_resource, service_iri, default
        )
    node["cv:hasChannel"] = [
        {
            "@id": f"{service_iri}#channel-{code}",
            "@type": "cv:Channel",
            "dct:identifier": f"{service.identifier}-{code}",
            "dct:type": _concept(CHANNELS, channel_code(code), languages),
        }
        for code in service.channels
        if CHANNELS.concept(channel_code(code))
    ]
    node["cv:hasParticipation"] = _participations(service, service_iri, languages)
    return {"@context": CONTEXT, "@graph": [node]}


def _legal_resource(citation: str, service_iri: str, language: str) -> dict:
    eli = codelists.eli_iri(citation)
    if eli is None:
        eli = (
            citation
            if citation.startswith(("http://", "https://"))
            else f"{service_iri}#legal-resource"
        )
    return {
        "@id": eli,
        "@type": "eli:LegalResource",
        "dct:title": {"@value": citation, "@language": language},
    }


def _participations(service, service_iri, languages) -> list[dict]:
    """Organisations that lead or partner in initiatives co-producing the service, and the
    citizen groups who took part at level involve or higher, per stage, each with a role
    of the co-production role vocabulary (``/def/co-production-role``)."""
    slug = service.tenant.slug
    result = []
    seen: set[tuple] = set()
    for initiative in service_initiatives(service):
        entries = [(initiative.lead_organisation, LEAD)]
        entries += [
            (p.organisation, partner_role_code(p.role))
            for p in initiative.partners.all()
        ]
        for organisation, role in entries:
            if (organisation.pk, role) in seen:
                continue
            seen.add((organisation.pk, role))

            def describe(organisation=organisation, role=role, initiative=initiative):
                return _("%(organisation)s: %(role)s in %(initiative)s") % {
                    "organisation": organisation.name,
                    "role": concept_label(
                        ROLES, role, translation.get_language() or "en"
                    ),
                    "initiative": initiative.name,
                }

            result.append(
                {
                    "@id": f"{service_iri}#participation-org-{organisation.pk}-{role}",
                    "@type": "cv:Participation",
                    "dct:identifier": f"{service.identifier}-org-{organisation.pk}-{role}",
                    "dct:description": _in_languages(languages, describe),
                    "cv:role": _concept(ROLES, role, languages),
                    "cv:hasParticipant": {
                        "@id": iri.organisation_iri(slug, organisation.pk),
                        "@type": [
                            "foaf:Agent",
                            "http://www.w3.org/ns/org#Organization",
                        ],
                        "dct:identifier": str(organisation.pk),
                        "dct:title": _texts({languages[0]: organisation.name}),
                    },
                }
            )
    for row in service_citizen_groups(service):
        stage, role = row["activity__stage"], row["role"]
        co_role = STAGE_ROLE[stage]

        def group_as(role=role, co_role=co_role):
            return _("%(group)s as %(role)s") % {
                "group": ActorRole(role).label,
                "role": concept_label(
                    ROLES, co_role, translation.get_language() or "en"
                ),
            }

        def group_name(role=role):
            return _("%(group)s (group)") % {"group": ActorRole(role).label}

        result.append(
            {
                "@id": f"{service_iri}#participation-{role}-{stage}",
                "@type": "cv:Participation",
                "dct:identifier": f"{service.identifier}-{role}-{stage}",
                "dct:description": _in_languages(languages, group_as),
                "cv:role": _concept(ROLES, co_role, languages),
                "cv:hasParticipant": {
                    "@id": f"{service_iri}#group-{role}",
                    "@type": "foaf:Agent",
                    "dct:identifier": f"{service.identifier}-group-{role}",
                    "dct:title": _in_languages(languages, group_name),
                },
            }
        )
    return result
