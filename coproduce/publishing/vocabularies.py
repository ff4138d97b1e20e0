"""The vocabularies coproduce publishes as SKOS concept schemes at ``/def/<scheme>``.

- ``co-production-role``: the roles a ``cv:Participation`` of the CPSV-AP export carries
  (CPSV-AP leaves the role vocabulary "to suit local implementations"): the organisations'
  roles in initiatives (lead and the partner roles) and the citizens' co-production roles
  per stage (Bovaird & Loeffler's four Co's: co-commissioner, co-designer, co-deliverer,
  co-assessor).
- ``channel-type``: the channels a service is offered through (see codelists.py for why
  not the Europass table).
- ``life-event``: the life events a service is grouped by (``cv:isGroupedBy`` →
  ``cv:LifeEvent``, whose ``dct:type`` is one of these concepts): no Publications Office
  life-event table could be verified here (codelists.py), so the types are published.

Labels come from the interface catalogues, so each concept has its English, Finnish and
Swedish label. The export and these schemes read the same ``SCHEMES``: every role the
export uses is in the vocabulary by construction, and a test checks it on the graph.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from coproduce.initiatives.models import InitiativePartner
from coproduce.initiatives.vocab import Stage
from coproduce.people.models import PublicService

from . import iri


@dataclass(frozen=True)
class Concept:
    code: str
    label: object  # lazy translation
    definition: object
    # the corresponding type of the Europass communication channel types (channels only;
    # its concept IRIs could not be verified, so the match is given as a note)
    europass: str = ""


# The Europass "Communication channel types" scheme CPSV-AP recommends for Channel dct:type
EUROPASS_CHANNELS = "http://data.europa.eu/snb/com-channel/25831c2"
_EUROPASS = {
    "email": "Email",
    "website": "Web",
    "mail": "Post",
    "phone": "Mobile phone",
}


@dataclass(frozen=True)
class Scheme:
    slug: str
    title: object
    description: object
    concepts: tuple[Concept, ...]

    def concept(self, code: str) -> Concept | None:
        return next((c for c in self.concepts if c.code == code), None)


LEAD = "lead"
STAGE_ROLE = {
    Stage.COMMISSIONING: "co-commissioner",
    Stage.DESIGN: "co-designer",
    Stage.DELIVERY: "co-deliverer",
    Stage.ASSESSMENT: "co-assessor",
}


def partner_role_code(role: str) -> str:
    """The concept code of an initiative partner's role (``co_lead`` -> ``co-lead``)."""
    return role.replace("_", "-")


def channel_code(channel: str) -> str:
    return channel.replace("_", "-")


_PARTNER_DEFINITIONS: dict[str, object] = {
    InitiativePartner.Role.CO_LEAD: _("Leads the initiative together with the lead."),
    InitiativePartner.Role.DELIVERY: _("Delivers part of the service."),
    InitiativePartner.Role.FUNDER: _("Funds the initiative."),
    InitiativePartner.Role.HOST: _("Provides premises."),
    InitiativePartner.Role.ADVISOR: _("Advises the initiative."),
    InitiativePartner.Role.REFERRER: _("Refers people to the service."),
    InitiativePartner.Role.EVALUATOR: _("Evaluates the initiative."),
}

ROLES = Scheme(
    slug=iri.ROLE_SCHEME,
    title=_("Co-production roles"),
    description=_(
        "Roles of organisations and citizen groups in the co-production of public "
        "services, used by coproduce's CPSV-AP export (cv:Participation, cv:role)."
    ),
    concepts=(
        Concept(
            LEAD,
            _("Lead organisation"),
            _("Leads an initiative co-producing the service."),
        ),
        *(
            Concept(partner_role_code(value), label, _PARTNER_DEFINITIONS[value])
            for value, label in InitiativePartner.Role.choices
        ),
        Concept(
            "co-commissioner",
            _("Co-commissioner"),
            _("Citizens who help decide what is provided and funded."),
        ),
        Concept(
            "co-designer",
            _("Co-designer"),
            _("Citizens who help design the service from their lived experience."),
        ),
        Concept(
            "co-deliverer",
            _("Co-deliverer"),
            _("Citizens who deliver activities alongside the staff."),
        ),
        Concept(
            "co-assessor",
            _("Co-assessor"),
            _("Citizens who monitor and evaluate quality and outcomes."),
        ),
    ),
)

CHANNELS = Scheme(
    slug=iri.CHANNEL_SCHEME,
    title=_("Service channel types"),
    description=_("The channels through which a public service is offered."),
    concepts=tuple(
        Concept(channel_code(value), label, label, _EUROPASS.get(value, ""))
        for value, label in PublicService.Channel.choices
    ),
)

LIFE_EVENT_DEFINITIONS: dict[str, object] = {
    PublicService.LifeEvent.BIRTH: _(
        "Expecting or having a child, and the first years."
    ),
    PublicService.LifeEvent.SCHOOL: _("Day care, pre-school and basic education."),
    PublicService.LifeEvent.STUDYING: _("Upper secondary and higher education."),
    PublicService.LifeEvent.WORKING: _("Working, losing work and looking for work."),
    PublicService.LifeEvent.MOVING: _("Moving house within Finland."),
    PublicService.LifeEvent.ARRIVING: _("Moving to Finland and settling in."),
    PublicService.LifeEvent.ILLNESS: _(
        "Falling ill, living with an illness or a disability."
    ),
    PublicService.LifeEvent.CARING: _(
        "Caring for a child, a partner or a parent who needs help."
    ),
    PublicService.LifeEvent.RETIRING: _("Retiring and living at home in old age."),
    PublicService.LifeEvent.DEATH: _("When a family member dies."),
}

LIFE_EVENTS = Scheme(
    slug=iri.LIFE_EVENT_SCHEME,
    title=_("Life events"),
    description=_(
        "Situations in a resident's life for which public services are needed, used "
        "by coproduce's CPSV-AP export as the types of cv:LifeEvent."
    ),
    concepts=tuple(
        Concept(value, label, LIFE_EVENT_DEFINITIONS[value])
        for value, label in PublicService.LifeEvent.choices
    ),
)

SCHEMES = {scheme.slug: scheme for scheme in (ROLES, CHANNELS, LIFE_EVENTS)}


def scheme_graph(scheme: Scheme) -> Graph:
    """The scheme as SKOS, with labels and definitions in every interface language."""
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind(
        scheme.slug.replace("-", ""), Namespace(iri.scheme_iri(scheme.slug) + "/")
    )
    node = URIRef(iri.scheme_iri(scheme.slug))
    graph.add((node, RDF.type, SKOS.ConceptScheme))
    if any(c.europass for c in scheme.concepts):
        graph.add((node, RDFS.seeAlso, URIRef(EUROPASS_CHANNELS)))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            graph.add((node, SKOS.prefLabel, Literal(str(scheme.title), lang=language)))
            graph.add(
                (
                    node,
                    DCTERMS.description,
                    Literal(str(scheme.description), lang=language),
                )
            )
    for concept in scheme.concepts:
        c = URIRef(iri.concept_iri(scheme.slug, concept.code))
        graph.add((c, RDF.type, SKOS.Concept))
        graph.add((c, SKOS.inScheme, node))
        graph.add((c, SKOS.topConceptOf, node))
        graph.add((node, SKOS.hasTopConcept, c))
        graph.add((c, SKOS.notation, Literal(concept.code)))
        if concept.europass:
            graph.add(
                (
                    c,
                    SKOS.scopeNote,
                    Literal(
                        f"Europass communication channel type: {concept.europass} "
                        f"({EUROPASS_CHANNELS})",
                        lang="en",
                    ),
                )
            )
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                graph.add(
                    (c, SKOS.prefLabel, Literal(str(concept.label), lang=language))
                )
                graph.add(
                    (
                        c,
                        SKOS.definition,
                        Literal(str(concept.definition), lang=language),
                    )
                )
    return graph


def concept_label(scheme: Scheme, code: str, language: str) -> str:
    concept = scheme.concept(code)
    if concept is None:
        raise KeyError(f"{code!r} is not in the {scheme.slug} vocabulary")
    with translation.override(language):
        return str(concept.label)
