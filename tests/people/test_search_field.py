"""Choosing a person or an organisation by typing: suggestions from the search page (htmx
or plain), and the typed words resolved on submit when there is no JavaScript."""

import pytest
from django.urls import reverse

from coproduce.initiatives.forms import ParticipationForm
from coproduce.initiatives.models import Participation

from .. import factories as f


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


@pytest.fixture
def people(tenant):
    return {
        "aino": f.PersonFactory(
            tenant=tenant, given_name="Aino", family_name="Koski", email="aino@x.org"
        ),
        "aino2": f.PersonFactory(
            tenant=tenant, given_name="Aino", family_name="Laine", email="al@x.org"
        ),
        "omar": f.PersonFactory(
            tenant=tenant, given_name="Omar", family_name="Hassan", email="oh@x.org"
        ),
    }


def _form(tenant, person):
    return ParticipationForm(
        {"person": person, "role": "resident", "hours": "1"}, tenant=tenant
    )


def test_the_activity_page_has_a_labelled_type_ahead_not_a_select(
    tenant, coordinator_client, people
):
    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    page = coordinator_client.get(
        url("activity-detail", tenant, slug=activity.initiative.slug, pk=activity.pk)
    ).content.decode()
    assert '<label for="id_person">' in page
    assert 'list="id_person-options"' in page
    assert '<datalist id="id_person-options">' in page
    assert "Koski" not in page  # no person is listed in the page itself
    assert url("person-search", tenant) in page


def test_suggestions_come_as_options_with_htmx_and_as_a_page_without(
    tenant, coordinator_client, people
):
    path = url("person-search", tenant) + "?name=person&person=aino"
    options = coordinator_client.get(path, headers={"HX-Request": "true"})
    body = options.content.decode()
    assert body.count("<option") == 2
    assert f'value="Aino Koski &lt;aino@x.org&gt; #{people["aino"].pk}"' in body
    page = coordinator_client.get(url("person-search", tenant) + "?q=hassan")
    assert "Omar Hassan" in page.content.decode()
    assert "<html" in page.content.decode()


def test_typed_words_resolve_to_one_person_or_say_why_not(tenant, people):
    aino = people["aino"]
    for typed in (
        f"Aino Koski <aino@x.org> #{aino.pk}",  # a suggestion
        str(aino.pk),
        "AINO@x.org",
        "aino koski",
    ):
        form = _form(tenant, typed)
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["person"] == aino
    ambiguous = _form(tenant, "Aino")
    assert not ambiguous.is_valid()
    assert "More than one person matches" in str(ambiguous.errors["person"])
    nobody = _form(tenant, "Zelda")
    assert not nobody.is_valid()
    assert "No person matches" in str(nobody.errors["person"])


def test_another_tenants_person_is_not_found(tenant, other_tenant, people):
    stranger = f.PersonFactory(tenant=other_tenant, given_name="Sven", family_name="X")
    for typed in (str(stranger.pk), f"Sven X #{stranger.pk}", "Sven"):
        assert not _form(tenant, typed).is_valid(), typed


def test_without_javascript_a_typed_name_records_the_participation(
    tenant, coordinator_client, people
):
    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    path = url("activity-detail", tenant, slug=activity.initiative.slug, pk=activity.pk)
    response = coordinator_client.post(
        path, {"person": "Omar Hassan", "role": "resident", "hours": "1"}
    )
    assert response.status_code == 302
    assert Participation.objects.get(activity=activity).person == people["omar"]
    refused = coordinator_client.post(path, {"person": "Aino", "role": "resident"})
    assert refused.status_code == 422
    assert "More than one person matches" in refused.content.decode()
