"""Publishing like a public body (issue 18 items 3 and 4, issue 15 item 6): services at
persistent IRIs with content negotiation, the SKOS role vocabulary, the accessibility
statement and privacy notice, the health endpoint, the API docs offline, JSON logs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from pyshacl import validate
from rdflib import RDF, SKOS, Graph, URIRef

from coproduce.publishing import codelists
from coproduce.publishing.models import AccessibilityStatement
from coproduce.publishing.services import service_publish, service_withdraw
from tests.initiatives.test_cpsv import SHAPES

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).parents[2]
IRI = "http://data.test/id/service/riverside/family-centre"
PATH = "/id/service/riverside/family-centre"
ROLES = "http://data.test/def/co-production-role"


@pytest.fixture
def published(integrated_service):
    service_publish(service=integrated_service, actor=None)
    return integrated_service


def turtle(client, path=PATH, **headers):
    return client.get(path, HTTP_ACCEPT="text/turtle", **headers)


def test_a_machine_fetches_a_published_service_as_turtle_without_login(
    published, client
):
    response = turtle(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in response["Vary"]
    graph = Graph().parse(data=response.content, format="turtle")
    ok, _g, report = validate(graph, shacl_graph=SHAPES, inference="none")
    assert ok, report
    assert (
        URIRef(IRI),
        RDF.type,
        URIRef("http://purl.org/vocab/cpsv#PublicService"),
    ) in graph
    assert "sessionid" not in response.cookies


def test_json_ld_at_the_same_iri_is_the_same_graph(published, client):
    as_turtle = Graph().parse(data=turtle(client).content, format="turtle")
    response = client.get(PATH, HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    as_jsonld = Graph().parse(data=response.content, format="json-ld")
    assert as_turtle.isomorphic(as_jsonld)


def test_the_iri_does_not_change_with_the_host(published, client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    one = turtle(client, HTTP_HOST="coproduce.riverside.example").content
    other = turtle(client, HTTP_HOST="10.1.2.3:8000").content
    assert one == other
    subjects = set(Graph().parse(data=one, format="turtle").subjects())
    assert URIRef(IRI) in subjects
    assert not any("riverside.example" in s or "10.1.2.3" in s for s in subjects)


def test_a_browser_is_sent_to_the_services_page(published, client):
    response = client.get(PATH, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 303
    assert response["Location"] == f"/t/riverside/services/{published.pk}/"
    assert "Accept" in response["Vary"]
    assert client.get(response["Location"]).status_code == 302  # log in, as before


def test_unpublished_services_are_not_served(integrated_service, client):
    for accept in ("text/turtle", "application/ld+json", "text/html"):
        assert client.get(PATH, HTTP_ACCEPT=accept).status_code == 404
    service_publish(service=integrated_service, actor=None)
    assert turtle(client).status_code == 200
    service_withdraw(service=integrated_service, actor=None)
    assert turtle(client).status_code == 404


def test_another_tenants_path_does_not_serve_the_service(
    published, other_tenant, client
):
    path = f"/id/service/{other_tenant.slug}/family-centre"
    assert turtle(client, path).status_code == 404
    assert turtle(client, "/id/service/nowhere/family-centre").status_code == 404


def test_nothing_acceptable_is_406(published, client):
    assert client.get(PATH, HTTP_ACCEPT="image/png").status_code == 406


# The role vocabulary --------------------------------------------------------------------


def test_the_role_vocabulary_parses_and_holds_every_role_the_export_uses(
    published, client
):
    response = client.get("/def/co-production-role", HTTP_ACCEPT="text/turtle")
    assert response.status_code == 200
    vocabulary = Graph().parse(data=response.content, format="turtle")
    assert (URIRef(ROLES), RDF.type, SKOS.ConceptScheme) in vocabulary
    service = Graph().parse(data=turtle(client).content, format="turtle")
    used = set(service.objects(None, URIRef("http://data.europa.eu/m8g/role")))
    assert len(used) == 3
    for role in used:
        assert (role, RDF.type, SKOS.Concept) in vocabulary
        assert (role, SKOS.inScheme, URIRef(ROLES)) in vocabulary
        labels = {label.language for label in vocabulary.objects(role, SKOS.prefLabel)}
        assert labels == {"en", "fi", "sv"}
    as_jsonld = client.get("/def/co-production-role", HTTP_ACCEPT="application/ld+json")
    assert (
        Graph().parse(data=as_jsonld.content, format="json-ld").isomorphic(vocabulary)
    )


def test_the_vocabulary_reads_as_a_page_and_its_concepts_dereference(client):
    page = client.get("/def/co-production-role")
    assert page.status_code == 200
    assert "Co-designer" in page.content.decode()
    concept = client.get(
        "/def/co-production-role/co-designer", HTTP_ACCEPT="text/turtle"
    )
    assert concept.status_code == 200
    assert f"<{ROLES}/co-designer>" in concept.content.decode() or "co-designer" in (
        concept.content.decode()
    )
    assert client.get("/def/co-production-role/co-pilot").status_code == 404
    assert client.get("/def/no-such-scheme").status_code == 404
    channels = client.get("/def/channel-type", HTTP_ACCEPT="text/turtle")
    assert channels.status_code == 200


# Code lists -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citation", "eli"),
    [
        (
            "Act on Conciliation in Criminal and Certain Civil Cases (1015/2005)",
            "2005/1015",
        ),
        ("Youth Act (1285/2016)", "2016/1285"),
        ("https://www.finlex.fi/fi/laki/ajantasa/2021/20210612", "2021/612"),
        ("http://data.finlex.fi/eli/sd/2010/1326/ajantasa", "2010/1326"),
        ("Temporary use agreement of the city", None),
        ("https://example.org/bylaw/12", None),
        ("https://www.finlex.fi/fi/laki/ajantasa/2021/20200612", None),
    ],
)
def test_statutes_cited_by_number_become_finlex_elis(citation, eli):
    assert codelists.eli_iri(citation) == (
        f"http://data.finlex.fi/eli/sd/{eli}" if eli else None
    )


def test_languages_are_the_publications_offices_table():
    assert (
        codelists.language_iri("fi")
        == "http://publications.europa.eu/resource/authority/language/FIN"
    )
    assert codelists.language_iri("sv").endswith("/SWE")
    assert codelists.language_iri("xx") is None


# The accessibility statement and the privacy notice ----------------------------------------


def test_the_statement_and_the_notice_are_public_with_defaults(tenant, client):
    statement = client.get(f"/public/{tenant.slug}/accessibility/")
    text = statement.content.decode()
    assert statement.status_code == 200
    # the supervisor since 1 January 2025 (HE 71/2024): Traficom, no longer the AVI
    assert "Finnish Transport and Communications Agency Traficom" in text
    assert "Regional State Administrative Agency" not in text
    assert "saavutettavuusvaatimukset.fi" in text
    assert "partially compliant" in text
    notice = client.get(f"/public/{tenant.slug}/privacy/").content.decode()
    assert tenant.name in notice
    assert "Legal bases" in notice
    assert "Office of the Data Protection Ombudsman" in notice
    assert client.get("/public/nowhere/accessibility/").status_code == 404
    assert client.get("/accessibility/").status_code == 200
    assert client.get("/privacy/").status_code == 200


def test_the_admin_edits_the_statement_in_each_language(
    tenant, make_member, client_for, client
):
    admin = client_for(make_member(tenant, "tenant_admin"))
    url = reverse("accessibility-statement-edit", kwargs={"tenant": tenant.slug})
    response = admin.post(
        url,
        {
            "conformance": "full",
            "method": "third_party",
            "feedback_email": "saavutettavuus@riverside.example",
            "non_accessible_en": "The map of places is not accessible.",
            "non_accessible_fi": "Paikkojen kartta ei ole saavutettava.",
        },
    )
    assert response.status_code == 302
    statement = AccessibilityStatement.objects.get(tenant=tenant)
    assert statement.non_accessible == {
        "en": "The map of places is not accessible.",
        "fi": "Paikkojen kartta ei ole saavutettava.",
    }
    page = client.get(f"/public/{tenant.slug}/accessibility/").content.decode()
    assert "The map of places is not accessible." in page
    assert "saavutettavuus@riverside.example" in page
    assert "fully compliant" in page
    finnish = client.get(
        f"/public/{tenant.slug}/accessibility/", HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert "Paikkojen kartta ei ole saavutettava." in finnish.content.decode()
    # Swedish was left empty: it falls back to the content language's text (en here)
    swedish = client.get(
        f"/public/{tenant.slug}/accessibility/", HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert "The map of places is not accessible." in swedish.content.decode()


def test_a_coordinator_may_not_edit_the_statement(tenant, coordinator_client):
    url = reverse("privacy-notice-edit", kwargs={"tenant": tenant.slug})
    assert coordinator_client.get(url).status_code == 403
    assert coordinator_client.post(url, {"controller": "X"}).status_code == 403


def test_every_page_links_the_statement_and_the_notice(
    tenant, coordinator_client, client
):
    page = coordinator_client.get(f"/t/{tenant.slug}/services/").content.decode()
    assert f'href="/public/{tenant.slug}/accessibility/"' in page
    assert f'href="/public/{tenant.slug}/privacy/"' in page
    login = client.get("/accounts/login/").content.decode()
    assert 'href="/accessibility/"' in login
    assert 'href="/privacy/"' in login


def test_publishing_a_service_twice_leaves_one_publication(
    integrated_service,
    coordinator_client,
):
    url = reverse(
        "service-publish", kwargs={"tenant": "riverside", "pk": integrated_service.pk}
    )
    assert coordinator_client.post(url).status_code == 302
    assert coordinator_client.post(url).status_code == 302
    from coproduce.publishing.models import PublishedService

    assert PublishedService.objects.filter(service=integrated_service).count() == 1
    page = coordinator_client.get(reverse("publishing", kwargs={"tenant": "riverside"}))
    assert IRI in page.content.decode()


# Operations -----------------------------------------------------------------------------


def test_health_says_ok_without_login_session_or_allowed_host(client):
    response = client.get("/health/", HTTP_HOST="10.0.0.7")  # a load balancer's probe
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert not response.cookies


def _run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.test",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_health_fails_when_the_database_is_down():
    """A real unreachable database (nothing listens on port 1), in a fresh process."""
    done = _run(
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/health/');"
        "print(r.status_code, r.content.decode())",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
    )
    status, body = done.stdout.strip().split(" ", 1)
    assert status == "503", done.stderr
    answer = json.loads(body)
    assert answer["status"] == "failing"
    assert answer["checks"]["database"].startswith("failed")
    assert answer["checks"]["cache"] == "ok"


def test_logs_are_json_on_request():
    done = _run(
        "import django, logging; django.setup();"
        "logging.getLogger('coproduce.test').warning('hello %s', 'there')",
        LOG_FORMAT="json",
    )
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello there"
    assert line["level"] == "WARNING"
    assert line["logger"] == "coproduce.test"


def test_error_reporting_is_off_unless_configured():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()


def test_the_api_docs_load_swagger_ui_from_our_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_a_published_service_keeps_its_identifier(
    integrated_service, coordinator_client
):
    from django.core.exceptions import ValidationError

    from coproduce.people.services import public_service_update

    public_service_update(
        service=integrated_service, actor=None, identifier="family-centre-2"
    )  # not published: free to change
    service_publish(service=integrated_service, actor=None)
    with pytest.raises(ValidationError, match="withdraw it from publishing first"):
        public_service_update(
            service=integrated_service, actor=None, identifier="family-centre-3"
        )
    integrated_service.refresh_from_db()
    assert integrated_service.identifier == "family-centre-2"
    public_service_update(service=integrated_service, actor=None, name="Family centre")


def test_the_service_page_says_whether_it_is_published(published, coordinator_client):
    url = reverse("service-detail", kwargs={"tenant": "riverside", "pk": published.pk})
    page = coordinator_client.get(url).content.decode()
    assert "Open catalogue" in page
    assert IRI in page
    service_withdraw(service=published, actor=None)
    page = coordinator_client.get(url).content.decode()
    assert "Not published" in page
    assert IRI not in page


# Functions of government (COFOG) and life events ------------------------------------------

CV = "http://data.europa.eu/m8g/"
DCT_TYPE = URIRef("http://purl.org/dc/terms/type")


def test_cofog_and_life_events_are_exported_as_the_shapes_expect(published, client):
    published.function = "soc-pro"
    published.life_events = ["birth", "caring"]
    published.full_clean()
    published.save()
    graph = Graph().parse(data=turtle(client).content, format="turtle")
    ok, _g, report = validate(graph, shacl_graph=SHAPES, inference="none")
    assert ok, report
    service = URIRef(IRI)
    (function,) = graph.objects(service, DCT_TYPE)
    assert function == URIRef(codelists.MAIN_ACTIVITY_TABLE + "soc-pro")
    assert (function, RDF.type, SKOS.Concept) in graph
    assert str(graph.value(function, SKOS.notation)) == "10"  # COFOG division
    events = set(graph.objects(service, URIRef(CV + "isGroupedBy")))
    assert len(events) == 2
    scheme = Graph().parse(
        data=client.get("/def/life-event", HTTP_ACCEPT="text/turtle").content,
        format="turtle",
    )
    for event in events:
        assert (event, RDF.type, URIRef(CV + "LifeEvent")) in graph
        assert (event, URIRef(CV + "hasRelatedService"), service) in graph
        (kind,) = graph.objects(event, DCT_TYPE)
        assert (kind, RDF.type, SKOS.Concept) in scheme
        labels = {label.language for label in scheme.objects(kind, SKOS.prefLabel)}
        assert labels == {"en", "fi", "sv"}
    # a life event the service does not have is not said
    assert not any(str(e).endswith("life-event-death") for e in events)


def test_only_listed_functions_and_life_events_are_kept(integrated_service):
    from django.core.exceptions import ValidationError

    integrated_service.life_events = ["birth", "wedding"]
    with pytest.raises(ValidationError) as refused:
        integrated_service.full_clean()
    assert "life_events" in refused.value.message_dict
    integrated_service.life_events = []
    integrated_service.function = "airport"  # a utility's activity, not COFOG
    with pytest.raises(ValidationError) as refused:
        integrated_service.full_clean()
    assert "function" in refused.value.message_dict


def test_the_service_form_offers_bounded_lists(tenant, coordinator_client):
    from django.urls import reverse

    page = coordinator_client.get(
        reverse("service-create", kwargs={"tenant": tenant.slug})
    ).content.decode()
    assert 'name="function"' in page
    assert page.count('name="life_events"') == 10  # checkboxes, one per life event


def test_channel_types_name_their_europass_counterpart(client):
    from rdflib import RDFS

    from coproduce.publishing.vocabularies import EUROPASS_CHANNELS

    graph = Graph().parse(
        data=client.get("/def/channel-type", HTTP_ACCEPT="text/turtle").content,
        format="turtle",
    )
    scheme = URIRef("http://data.test/def/channel-type")
    assert (scheme, RDFS.seeAlso, URIRef(EUROPASS_CHANNELS)) in graph
    email = URIRef("http://data.test/def/channel-type/email")
    notes = [str(n) for n in graph.objects(email, SKOS.scopeNote)]
    assert notes == [
        f"Europass communication channel type: Email ({EUROPASS_CHANNELS})"
    ]
    home = URIRef("http://data.test/def/channel-type/home-visit")
    assert not list(graph.objects(home, SKOS.scopeNote))  # none to match: none said
