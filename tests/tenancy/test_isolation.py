"""Nothing of one tenant reaches another: by page, by a query that forgets the tenant, by a
foreign key pointing across. (The API and exports have their own isolation tests.)"""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import ScopeError, scope

from coproduce.core.errors import DomainError
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.services import participation_add
from coproduce.people.services import membership_create

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def riverside_world(tenant):
    initiative = f.InitiativeFactory(tenant=tenant, name="Riverside secret pilot")
    activity = f.ActivityFactory(
        initiative=initiative, title="Riverside secret workshop"
    )
    participation = f.ParticipationFactory(activity=activity)
    service = f.PublicServiceFactory(tenant=tenant, name="Riverside secret service")
    membership = f.MembershipFactory(tenant=tenant, person=participation.person)
    return {
        "portfolio": reverse("portfolio", kwargs={"tenant": "riverside"}),
        "initiative": reverse(
            "initiative-detail", kwargs={"tenant": "riverside", "slug": initiative.slug}
        ),
        "initiative-edit": reverse(
            "initiative-update", kwargs={"tenant": "riverside", "slug": initiative.slug}
        ),
        "activity": reverse(
            "activity-detail",
            kwargs={"tenant": "riverside", "slug": initiative.slug, "pk": activity.pk},
        ),
        "organisations": reverse("organisation-list", kwargs={"tenant": "riverside"}),
        "organisation": reverse(
            "organisation-detail",
            kwargs={"tenant": "riverside", "pk": initiative.lead_organisation_id},
        ),
        "person": reverse(
            "person-detail",
            kwargs={"tenant": "riverside", "pk": participation.person_id},
        ),
        "people": reverse("person-list", kwargs={"tenant": "riverside"}),
        "service": reverse(
            "service-detail", kwargs={"tenant": "riverside", "pk": service.pk}
        ),
        "membership-delete": reverse(
            "membership-delete", kwargs={"tenant": "riverside", "pk": membership.pk}
        ),
        "tokens": reverse("token-list", kwargs={"tenant": "riverside"}),
    }


def test_member_of_another_tenant_gets_404_on_every_page(
    riverside_world, other_tenant, make_member, client_for
):
    outsider = client_for(make_member(other_tenant, "tenant_admin"))
    for name, path in riverside_world.items():
        assert outsider.get(path).status_code == 404, name
        assert outsider.post(path, {}).status_code == 404, name


def test_unknown_tenant_and_foreign_tenant_look_the_same(
    riverside_world, other_tenant, make_member, client_for
):
    outsider = client_for(make_member(other_tenant, "coordinator"))
    assert (
        outsider.get("/t/no-such-town/").status_code
        == outsider.get("/t/riverside/").status_code
        == 404
    )


def test_own_pages_show_nothing_of_the_other_tenant(
    riverside_world, other_tenant, make_member, client_for
):
    hill = client_for(make_member(other_tenant, "coordinator"))
    f.InitiativeFactory(tenant=other_tenant, name="Hillview pilot")
    for name in ("portfolio", "organisations", "people"):
        page = hill.get(
            riverside_world[name].replace("riverside", "hillview")
        ).content.decode()
        assert "Riverside secret" not in page, name
    assert "Hillview pilot" in hill.get("/t/hillview/").content.decode()


def test_a_query_that_forgets_the_tenant_raises_instead_of_leaking(tenant):
    f.InitiativeFactory(tenant=tenant)
    with scope(), pytest.raises(ScopeError):
        list(Initiative.objects.all())


def test_inside_a_tenant_scope_other_tenants_rows_are_filtered_out(
    tenant, other_tenant
):
    f.InitiativeFactory(tenant=tenant, name="Mine")
    f.InitiativeFactory(tenant=other_tenant, name="Theirs")
    with scope(tenant=tenant):
        assert [i.name for i in Initiative.objects.all()] == ["Mine"]


def test_foreign_keys_into_another_tenant_are_refused(tenant, other_tenant):
    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    stranger = f.PersonFactory(tenant=other_tenant)
    # the service's validation error, or its domain error naming the field
    refused = (ValidationError, DomainError)
    with pytest.raises(refused, match="does not exist"):
        participation_add(
            activity=activity, actor=None, person=stranger, role="resident"
        )
    org = f.OrganisationFactory(tenant=other_tenant)
    with pytest.raises(refused, match="does not exist") as exc:
        membership_create(
            tenant=tenant,
            actor=None,
            person=f.PersonFactory(tenant=tenant),
            organisation=org,
            role="volunteer",
        )
    assert not isinstance(exc.value, DomainError) or exc.value.field


def _raises_without_scope(model) -> bool:
    try:
        with scope():
            list(model.objects.all())
    except ScopeError:
        return True
    return False


def test_every_tenant_owned_model_has_a_scoped_manager():
    """A meta-test: a new model with a tenant column must declare its scope."""
    tenant_owned = [
        model
        for model in apps.get_models()
        if any(field.name == "tenant" for field in model._meta.fields)
    ]
    assert len(tenant_owned) >= 10
    assert [m._meta.label for m in tenant_owned if not _raises_without_scope(m)] == []
