"""factory_boy factories for the suite; build them with scopes disabled (conftest does)."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Stage
from coproduce.people.models import Membership, Organisation, Person, PublicService
from coproduce.tenancy.models import Tenant, TenantMembership


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    slug = factory.Sequence(lambda n: f"town-{n}")
    name = factory.Sequence(lambda n: f"Town {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-correct-horse")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TenantMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenantMembership

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = "coordinator"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    tenant = factory.SubFactory(TenantFactory)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    tenant = factory.SubFactory(TenantFactory)
    person = factory.SubFactory(PersonFactory, tenant=factory.SelfAttribute("..tenant"))
    organisation = factory.SubFactory(
        OrganisationFactory, tenant=factory.SelfAttribute("..tenant")
    )
    role = Membership.Role.VOLUNTEER


class PublicServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicService

    tenant = factory.SubFactory(TenantFactory)
    identifier = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A public service."
    competent_authority = factory.SubFactory(
        OrganisationFactory, tenant=factory.SelfAttribute("..tenant")
    )
    channels = ["in_person"]


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    tenant = factory.SubFactory(TenantFactory)
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    name = factory.Sequence(lambda n: f"Initiative {n}")
    lead_organisation = factory.SubFactory(
        OrganisationFactory, tenant=factory.SelfAttribute("..tenant")
    )
    status = Initiative.Status.RUNNING
    start_date = dt.date(2026, 1, 1)


class InitiativePartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativePartner

    initiative = factory.SubFactory(InitiativeFactory)
    tenant = factory.SelfAttribute("initiative.tenant")
    organisation = factory.SubFactory(
        OrganisationFactory, tenant=factory.SelfAttribute("..tenant")
    )
    role = InitiativePartner.Role.DELIVERY


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    initiative = factory.SubFactory(InitiativeFactory)
    tenant = factory.SelfAttribute("initiative.tenant")
    stage = Stage.DESIGN
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = Activity.Kind.WORKSHOP
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))
    level = Level.COLLABORATE
    mode = Mode.VOICE


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    activity = factory.SubFactory(ActivityFactory)
    tenant = factory.SelfAttribute("activity.tenant")
    initiative = factory.SelfAttribute("activity.initiative")
    person = factory.SubFactory(PersonFactory, tenant=factory.SelfAttribute("..tenant"))
    role = ActorRole.RESIDENT
    hours = Decimal("2.00")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    initiative = factory.SubFactory(InitiativeFactory)
    tenant = factory.SelfAttribute("initiative.tenant")
    organisation = factory.SubFactory(
        OrganisationFactory, tenant=factory.SelfAttribute("..tenant")
    )
    kind = Contribution.Kind.PREMISES
    description = "Meeting room for the evening workshops"
    date = dt.date(2026, 3, 1)
    estimated_value = Decimal("120.00")
