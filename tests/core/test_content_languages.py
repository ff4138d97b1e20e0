"""Content in several languages (coproduce.core.i18n): the fallback a reader sees, the
versions written and removed, the tenant's languages, the forms that take each language,
the API round trip (backwards compatible), and tenant isolation."""

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled

from coproduce.core import i18n
from coproduce.core.errors import DomainError
from coproduce.core.templatetags.content import content
from coproduce.evaluation import services as evaluation
from coproduce.evaluation.models import Item
from coproduce.people.forms import PublicServiceForm
from coproduce.people.models import PublicService
from coproduce.tenancy.services import tenant_languages_set

from .. import factories as f

pytestmark = pytest.mark.django_db


def _service(tenant, **kw):
    with scope(tenant=tenant):
        return f.PublicServiceFactory(tenant=tenant, **kw)


# the fallback ------------------------------------------------------------------------


def test_a_missing_version_is_the_original_marked_with_its_language():
    obj = PublicService(name="Ruoka-apu", content_language="fi", i18n={})
    shown = i18n.localized(obj, "name", "sv")
    assert (shown.text, shown.language, shown.is_fallback) == ("Ruoka-apu", "fi", True)
    with translation.override("en"):
        html = content(shown)
        note = i18n.fallback_note(shown)
    assert html.startswith('<span lang="fi">Ruoka-apu</span>')
    assert note == "Shown in Finnish: no Swedish text yet"
    assert note in html


def test_the_readers_version_is_shown_without_a_note_and_tagged_when_not_the_pages():
    obj = PublicService(
        name="Ruoka-apu", content_language="fi", i18n={"sv": {"name": "Mathjälp"}}
    )
    with translation.override("sv"):
        assert str(content(i18n.localized(obj, "name"))) == "Mathjälp"
    with translation.override("en"):  # the page in English, the text asked in Swedish
        assert (
            str(content(i18n.localized(obj, "name", "sv")))
            == '<span lang="sv">Mathjälp</span>'
        )


def test_an_arabic_version_is_written_right_to_left():
    obj = PublicService(
        name="Food", content_language="en", i18n={"ar": {"name": "طعام"}}
    )
    with translation.override("en"):
        assert 'dir="rtl"' in content(i18n.localized(obj, "name", "ar"))


def test_versions_are_written_and_an_empty_text_removes_one():
    obj = PublicService(name="Food help", content_language="en", i18n={})
    changed = i18n.translations_apply(
        obj, "name", {"fi": "Ruoka-apu", "sv": "Mathjälp"}
    )
    assert changed == ["fi", "sv"]
    assert i18n.translations(obj, "name") == {
        "en": "Food help",
        "fi": "Ruoka-apu",
        "sv": "Mathjälp",
    }
    assert i18n.translation_origin(obj, "fi")["origin"] == i18n.PROJECT
    i18n.translations_apply(obj, "name", {"sv": "", "en": "Food aid"})
    assert obj.name == "Food aid"
    assert "sv" not in obj.i18n  # nothing left of it, not even its origin
    assert i18n.translations(obj, "name") == {"en": "Food aid", "fi": "Ruoka-apu"}


def test_a_changed_published_wording_is_no_longer_marked_published():
    obj = Item(text="x", content_language="fi", i18n={})
    i18n.translations_apply(
        obj, "text", {"en": "Generally speaking"}, origin=i18n.PUBLISHED, source="ESS"
    )
    assert i18n.translation_origin(obj, "en") == {
        "origin": i18n.PUBLISHED,
        "source": "ESS",
    }
    i18n.translations_apply(obj, "text", {"en": "In general"})
    assert i18n.translation_origin(obj, "en") == {"origin": i18n.PROJECT, "source": ""}


# the tenant's languages -------------------------------------------------------------


def test_a_tenant_writes_in_its_default_the_three_and_those_it_enables(
    tenant, coordinator
):
    assert i18n.tenant_languages(tenant) == ["en", "fi", "sv"]
    tenant_languages_set(
        tenant=tenant, actor=coordinator, language="fi", further=["ar", "se", "sv"]
    )
    tenant.refresh_from_db()
    assert i18n.tenant_languages(tenant) == ["fi", "sv", "en", "ar", "se"]
    assert tenant.content_languages == ["ar", "se"]  # the three are always there
    with pytest.raises(DomainError):
        tenant_languages_set(
            tenant=tenant, actor=coordinator, language="xx", further=[]
        )


def test_new_content_is_written_in_the_tenants_default(tenant, coordinator):
    tenant_languages_set(tenant=tenant, actor=coordinator, language="sv", further=[])
    tenant.refresh_from_db()
    with scope(tenant=tenant):
        instrument = evaluation.instrument_create_from_library(
            tenant=tenant, actor=coordinator, name="Tillit", keys=["trust_generalised"]
        )
        item = instrument.items.get(code="tg1")
    assert instrument.content_language == item.content_language == "sv"
    assert item.text.startswith("Skulle du säga")  # from the Swedish catalogue
    # the English is the published ESS wording; Finnish is coproduce's own translation
    assert i18n.translation_origin(item, "en")["origin"] == i18n.PUBLISHED
    assert "zis235" in i18n.translation_origin(item, "en")["source"]
    assert i18n.translation_origin(item, "fi")["origin"] == i18n.PROJECT
    assert i18n.translation_origin(item, "sv")["origin"] == i18n.PROJECT


def test_library_scales_written_for_coproduce_claim_no_published_wording(
    tenant, coordinator
):
    with scope(tenant=tenant):
        instrument = evaluation.instrument_create_from_library(
            tenant=tenant, actor=coordinator, name="T", keys=["trust_provider"]
        )
        items = list(instrument.items.all())
    for item in items:
        for language in i18n.languages_of(item, "text"):
            assert i18n.translation_origin(item, language)["origin"] == i18n.PROJECT
    assert {"en", "fi", "sv"} <= set(i18n.languages_of(items[0], "text"))


# the forms --------------------------------------------------------------------------


def _service_data(tenant, **extra):
    organisation = f.OrganisationFactory(tenant=tenant)
    return {
        "identifier": "food-help",
        "name": "Food help",
        "description": "Groceries for those in need.",
        "competent_authority": organisation.pk,
        "status": PublicService.Status.ACTIVE,
        **extra,
    }


def test_the_service_form_has_a_fieldset_per_other_language(tenant):
    with scope(tenant=tenant):
        form = PublicServiceForm(tenant=tenant)
    assert [g["code"] for g in form.translation_groups] == ["fi", "sv"]
    assert form.fields["name__sv"].widget.attrs["lang"] == "sv"
    assert "name__sv" not in [b.name for b in form.visible_fields()]


def test_a_coordinator_enters_each_language_in_the_service_form(
    tenant, coordinator_client
):
    with scope(tenant=tenant):
        data = _service_data(
            tenant, name__fi="Ruoka-apu", name__sv="Mathjälp", description__sv="Mat."
        )
    response = coordinator_client.post(f"/t/{tenant.slug}/services/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        service = PublicService.objects.get(tenant=tenant, identifier="food-help")
    assert i18n.translations(service, "name") == {
        "en": "Food help",
        "fi": "Ruoka-apu",
        "sv": "Mathjälp",
    }
    # a Swedish reader of the service's page sees the Swedish name, the Finnish one the
    # Finnish, with the English description marked as English
    page = coordinator_client.get(
        response["Location"], HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "<h1>Ruoka-apu</h1>" in page
    assert '<p lang="en">Groceries for those in need.</p>' in page
    assert "fallback-note" in page


# the API ----------------------------------------------------------------------------


def test_api_round_trip_of_a_services_translations(
    tenant, coordinator, api_headers, client
):
    headers = api_headers(coordinator, tenant)
    with scope(tenant=tenant):
        organisation = f.OrganisationFactory(tenant=tenant)
    body = {
        "identifier": "food-help",
        "name": "Food help",
        "description": "Groceries.",
        "competent_authority": organisation.pk,
        "name_translations": {"fi": "Ruoka-apu", "sv": "Mathjälp"},
    }
    created = client.post(
        "/api/v1/services",
        body,
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["name"] == "Food help"  # as before
    assert out["language"] == "en"
    assert out["name_translations"] == {
        "en": "Food help",
        "fi": "Ruoka-apu",
        "sv": "Mathjälp",
    }
    assert out["translation_origins"] == {"fi": "project", "sv": "project"}
    changed = client.patch(
        f"/api/v1/services/{out['id']}",
        {
            "name_translations": {"sv": ""},
            "description_translations": {"fi": "Ruokaa."},
        },
        content_type="application/json",
        headers=headers,
    ).json()
    assert changed["name_translations"] == {"en": "Food help", "fi": "Ruoka-apu"}
    assert changed["description_translations"] == {"en": "Groceries.", "fi": "Ruokaa."}
    # a body without translations still works as it did
    plain = client.patch(
        f"/api/v1/services/{out['id']}",
        {"keywords": "food"},
        content_type="application/json",
        headers=headers,
    )
    assert plain.status_code == 200
    assert plain.json()["name_translations"]["fi"] == "Ruoka-apu"


def test_api_refuses_a_language_the_tenant_does_not_write_in(
    tenant, other_tenant, coordinator, api_headers, client, make_member
):
    tenant_languages_set(tenant=other_tenant, actor=None, language="fi", further=["ar"])
    headers = api_headers(coordinator, tenant)
    with scope(tenant=tenant):
        organisation = f.OrganisationFactory(tenant=tenant)
    response = client.post(
        "/api/v1/services",
        {
            "identifier": "x",
            "name": "X",
            "description": "Y",
            "competent_authority": organisation.pk,
            "name_translations": {"ar": "س"},  # enabled by the other tenant only
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422, response.content
    assert "ar" in response.content.decode()
    with scopes_disabled():
        assert not PublicService.objects.filter(tenant=tenant).exists()


def test_api_instrument_items_carry_their_versions_and_origins(
    tenant, coordinator, api_headers, client
):
    headers = api_headers(coordinator, tenant)
    created = client.post(
        "/api/v1/instruments/from-library",
        {
            "name": "Trust",
            "keys": ["trust_generalised"],
            "name_translations": {"sv": "Tillit"},
        },
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["name_translations"] == {"en": "Trust", "sv": "Tillit"}
    item = out["scales"][0]["items"][0]
    assert set(item["text_translations"]) == {"en", "fi", "sv"}
    assert item["translation_origins"] == {
        "en": "published",
        "fi": "project",
        "sv": "project",
    }


# tenant isolation -------------------------------------------------------------------


def test_another_tenants_instrument_cannot_be_translated(
    tenant, other_tenant, coordinator, coordinator_client, make_member
):
    other = make_member(other_tenant, "coordinator", username="olga")
    with scope(tenant=other_tenant):
        instrument = evaluation.instrument_create_from_library(
            tenant=other_tenant, actor=other, name="Theirs", keys=["trust_provider"]
        )
    url = f"/t/{tenant.slug}/evaluation/instruments/{instrument.pk}/languages/"
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {}).status_code == 404
    # nor can a text of it be named through one's own instrument
    with scope(tenant=tenant):
        mine = evaluation.instrument_create_from_library(
            tenant=tenant, actor=coordinator, name="Mine", keys=["trust_provider"]
        )
    with scopes_disabled():
        theirs = Item.objects.filter(instrument=instrument).first()
    with scope(tenant=tenant), pytest.raises(DomainError):
        evaluation.instrument_translations_save(
            instrument=mine,
            actor=coordinator,
            versions={("item", theirs.pk): {"text": {"sv": "Hej"}}},
        )
    with scopes_disabled():
        theirs.refresh_from_db()
    assert i18n.translations(theirs, "text").get("sv") != "Hej"
