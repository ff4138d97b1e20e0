"""The CPSV-AP export conforms to the official 3.2.0 SHACL shapes (tests/fixtures/cpsv-ap)."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pyshacl import validate
from rdflib import Graph

from coproduce.initiatives.vocab import ActorRole, Level, Stage
from coproduce.people.services import public_service_update

from .. import factories as f

pytestmark = pytest.mark.django_db
SHAPES = Graph().parse(
    Path(__file__).parents[1] / "fixtures" / "cpsv-ap" / "cpsv-ap-SHACL.ttl"
)


def conforms(document: dict) -> tuple[bool, str]:
    data = Graph().parse(data=json.dumps(document), format="json-ld")
    ok, _graph, text = validate(data, shacl_graph=SHAPES, inference="none")
    return ok, text


@pytest.fixture
def integrated_service(tenant):
    city = f.OrganisationFactory(
        tenant=tenant, name="City of Riverside", kind="public_agency"
    )
    service = f.PublicServiceFactory(
        tenant=tenant,
        identifier="family-centre",
        name="Family centre",
        competent_authority=city,
        sector="SOCI",
        channels=["in_person", "phone", "website"],
        processing_time="P3D",
        legal_resource="https://www.finlex.fi/fi/laki/ajantasa/2021/20210612",
        keywords="family, children",
    )
    initiative = f.InitiativeFactory(
        tenant=tenant, lead_organisation=city, co_design=True
    )
    initiative.services.add(service)
    f.InitiativePartnerFactory(initiative=initiative, role="delivery")
    activity = f.ActivityFactory(
        initiative=initiative, stage=Stage.DESIGN, level=Level.COLLABORATE
    )
    f.ParticipationFactory(activity=activity, role=ActorRole.SERVICE_USER)
    f.ParticipationFactory(activity=activity, role=ActorRole.PROFESSIONAL)
    return service


def test_export_conforms_to_the_cpsv_ap_shapes_and_names_no_person(
    integrated_service, coordinator_client
):
    response = coordinator_client.get(
        reverse(
            "service-cpsv", kwargs={"tenant": "riverside", "pk": integrated_service.pk}
        )
    )
    assert response["Content-Type"] == "application/ld+json"
    document = response.json()
    ok, report = conforms(document)
    assert ok, report
    node = document["@graph"][0]
    # tagged with the content's language (the service's, "en" here), whatever the
    # viewer's interface language
    assert node["dct:title"] == [{"@value": "Family centre", "@language": "en"}]
    assert node["dct:language"] == [
        {
            "@id": "http://publications.europa.eu/resource/authority/language/ENG",
            "@type": "dct:LinguisticSystem",
        }
    ]
    # the Finlex address became the statute's ELI (Finlex's own form)
    assert node["cv:hasLegalResource"]["@id"] == "http://data.finlex.fi/eli/sd/2021/612"
    assert len(node["cv:hasChannel"]) == 3
    roles = sorted(p["cv:role"]["@id"] for p in node["cv:hasParticipation"])
    base = "http://data.test/def/co-production-role/"
    assert roles == [base + "co-designer", base + "delivery", base + "lead"]
    # the service users as a group, not by name
    assert (
        "Given" not in response.content.decode()
    )  # factories name people Given<n> Family<n>


def test_the_shapes_catch_a_broken_export(integrated_service, coordinator_client):
    """The check is not a rubber stamp: a participation without identifier fails it."""
    document = coordinator_client.get(
        reverse(
            "service-cpsv", kwargs={"tenant": "riverside", "pk": integrated_service.pk}
        )
    ).json()
    del document["@graph"][0]["cv:hasParticipation"][0]["dct:identifier"]
    ok, report = conforms(document)
    assert not ok
    assert "identifier" in report


def test_processing_time_must_be_an_iso_8601_duration(integrated_service):
    with pytest.raises(ValidationError, match="ISO 8601 duration"):
        public_service_update(
            service=integrated_service, actor=None, processing_time="3 days"
        )
    public_service_update(
        service=integrated_service, actor=None, processing_time="PT2H30M"
    )


def test_text_is_tagged_with_the_content_language_not_the_viewers(
    integrated_service, coordinator_client
):
    coordinator_client.cookies["django_language"] = "fi"
    document = coordinator_client.get(
        reverse(
            "service-cpsv", kwargs={"tenant": "riverside", "pk": integrated_service.pk}
        ),
        HTTP_ACCEPT_LANGUAGE="fi",
    ).json()
    node = document["@graph"][0]
    assert node["dct:title"] == [{"@value": "Family centre", "@language": "en"}]
    assert {t["@language"] for t in node["cv:sector"]["skos:prefLabel"]} == {"en"}


def test_titles_in_every_language_of_the_content_conform(
    integrated_service, coordinator_client
):
    """A service written in Finnish with a Swedish version: one literal per language,
    each tagged with its own; English (the viewer's) appears nowhere."""
    integrated_service.name = "Perhekeskus"
    integrated_service.description = "Perheiden palvelut yhdessä paikassa."
    integrated_service.content_language = "fi"
    integrated_service.i18n = {
        "sv": {
            "name": "Familjecentret",
            "description": "Familjetjänster på ett ställe.",
        }
    }
    integrated_service.save()
    document = coordinator_client.get(
        reverse(
            "service-cpsv", kwargs={"tenant": "riverside", "pk": integrated_service.pk}
        )
    ).json()
    ok, report = conforms(document)
    assert ok, report
    node = document["@graph"][0]
    assert node["dct:title"] == [
        {"@value": "Perhekeskus", "@language": "fi"},
        {"@value": "Familjecentret", "@language": "sv"},
    ]
    assert [lang["@id"][-3:] for lang in node["dct:language"]] == ["FIN", "SWE"]
    role = node["cv:hasParticipation"][0]["cv:role"]["skos:prefLabel"]
    assert [label["@language"] for label in role] == ["fi", "sv"]
    assert '"en"' not in json.dumps(node["dct:title"])


def test_the_export_names_the_same_iris_whatever_the_host(
    integrated_service, coordinator_client, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    path = reverse(
        "service-cpsv", kwargs={"tenant": "riverside", "pk": integrated_service.pk}
    )
    one = coordinator_client.get(path, HTTP_HOST="riverside.example").json()
    other = coordinator_client.get(path, HTTP_HOST="127.0.0.1:8000").json()
    assert one == other
    assert (
        one["@graph"][0]["@id"] == "http://data.test/id/service/riverside/family-centre"
    )


def test_another_tenant_cannot_download_the_export(
    integrated_service, other_tenant, make_member, client_for
):
    outsider = client_for(make_member(other_tenant, "coordinator"))
    path = reverse(
        "service-cpsv", kwargs={"tenant": "riverside", "pk": integrated_service.pk}
    )
    assert outsider.get(path).status_code == 404
