"""Load the demo tenants through the services (so every record has its audit event),
once, in one transaction; and remove them again for ``--reset``."""

import time
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django_scopes import scope, scopes_disabled

from coproduce.core.errors import DomainError
from coproduce.core.events import snapshot
from coproduce.core.models import Event
from coproduce.initiatives.models import Participation
from coproduce.initiatives.services import (
    activity_create,
    contribution_create,
    initiative_create,
    partner_add,
)
from coproduce.people.models import PublicService
from coproduce.people.services import (
    membership_create,
    organisation_create,
    person_create,
    public_service_create,
)
from coproduce.publishing.services import service_publish
from coproduce.tenancy.models import Tenant, TenantMembership
from coproduce.tenancy.roles import Role
from coproduce.tenancy.services import tenant_create, tenant_member_set, user_create

from .achievements import achievements_load
from .collaboration import collaboration_load
from .conciliation import conciliation_load
from .coproducers import coproducers_load
from .crisis import crisis_load
from .evaluation_panel import trust_panel_load
from .scenarios import DEMO_PASSWORD, DEMO_SLUG, demo_tenant, hillview_tenant
from .scenarios.city import SERVICE_CLASSES
from .spec import TenantSpec

# The payload that ``participation_add`` records in its event.
PARTICIPATION_FIELDS = ["activity", "person", "organisation", "role", "hours"]

COUNTED = [
    ("organisations", "people.Organisation"),
    ("people", "people.Person"),
    ("memberships", "people.Membership"),
    ("services", "people.PublicService"),
    ("initiatives", "initiatives.Initiative"),
    ("partners", "initiatives.InitiativePartner"),
    ("activities", "initiatives.Activity"),
    ("participations", "initiatives.Participation"),
    ("contributions", "initiatives.Contribution"),
    ("events", "core.Event"),
]


@dataclass
class LoadReport:
    seconds: float = 0.0
    counts: dict[str, Counter] = field(default_factory=dict)  # tenant slug -> counts


def demo_specs() -> list[TenantSpec]:
    return [demo_tenant(), hillview_tenant()]


def demo_is_loaded() -> bool:
    return Tenant.objects.filter(slug=DEMO_SLUG).exists()


def demo_load(*, password: str = DEMO_PASSWORD) -> LoadReport:
    """Create the demo tenants with all their records; all or nothing."""
    started = time.perf_counter()
    report = LoadReport()
    specs = demo_specs()
    with transaction.atomic():
        for spec in specs:
            tenant = _tenant_load(spec, password=password)
            report.counts[spec.slug] = tenant_counts(tenant)
    report.seconds = time.perf_counter() - started
    return report


def tenant_counts(tenant: Tenant) -> Counter:
    counts: Counter = Counter()
    with scopes_disabled():
        for name, label in COUNTED:
            counts[name] = apps.get_model(label).objects.filter(tenant=tenant).count()
        counts["users"] = TenantMembership.objects.filter(tenant=tenant).count()
    return counts


def _tenant_load(spec: TenantSpec, *, password: str) -> Tenant:
    tenant = tenant_create(slug=spec.slug, name=spec.name, kind=spec.kind)
    users = _users_create(spec, password=password)
    actor = users[spec.actor]
    with scope(tenant=tenant):
        for account in spec.users:
            tenant_member_set(
                tenant=tenant,
                user=users[account.username],
                role=account.role,
                actor=actor,
            )
        orgs = _organisations_create(spec, tenant=tenant, actor=actor)
        people = _people_create(
            spec, tenant=tenant, actor=actor, users=users, orgs=orgs
        )
        services = _services_create(spec, tenant=tenant, actor=actor, orgs=orgs)
        for i in spec.initiatives:
            _initiative_load(
                i,
                tenant=tenant,
                actor=actor,
                orgs=orgs,
                people=people,
                services=services,
            )
        if spec.slug == DEMO_SLUG:
            trust_panel_load(tenant=tenant, actor=actor)  # scenario 8's evaluation
            achievements_load(tenant=tenant, actor=actor)  # issue 5: scenarios 1, 3, 6
            conciliation_load(tenant=tenant, actor=actor)  # scenario 2's cases
            coproducers_load(tenant=tenant, actor=actor)  # issue 13: own pages
            collaboration_load(tenant=tenant, actor=actor)  # issue 15: scenarios 4, 5
            crisis_load(tenant=tenant, actor=actor)  # issue 14: scenario 7, crisis mode
    return tenant


def _users_create(spec: TenantSpec, *, password: str) -> dict:
    people_by_key = {p.key: p for p in spec.people}
    users = {}
    hashed = make_password(password)
    for account in spec.users:
        try:
            user = user_create(
                username=account.username,
                password=None,
                email=people_by_key[account.person].email,
                first_name=people_by_key[account.person].given_name,
                last_name=people_by_key[account.person].family_name,
            )
        except DomainError as exc:
            raise DomainError(
                f"{exc} The demo needs the user names "
                f"{', '.join(u.username for s in demo_specs() for u in s.users)}: "
                "remove or rename the existing users first."
            ) from exc
        # Hashing is slow on purpose (0.7 s a password with the default hasher): all the
        # demo users share one password, so hash it once.
        user.password = hashed
        user.save(update_fields=["password"])
        users[account.username] = user
    return users


def _organisations_create(spec: TenantSpec, *, tenant, actor) -> dict:
    orgs: dict = {}
    for o in spec.organisations:
        orgs[o.key] = organisation_create(
            tenant=tenant,
            actor=actor,
            name=o.name,
            kind=o.kind,
            parent=orgs[o.parent] if o.parent else None,
            identifier=o.identifier,
            website=o.website,
            description=o.description,
        )
    return orgs


def _people_create(spec: TenantSpec, *, tenant, actor, users, orgs) -> dict:
    user_of_person = {account.person: users[account.username] for account in spec.users}
    people = {}
    for p in spec.people:
        values = {
            "given_name": p.given_name,
            "family_name": p.family_name,
            "email": p.email,
            "phone": p.phone,
            "languages": p.languages,
            "user": user_of_person.get(p.key),
        }
        if p.demographics:
            # consent first (the service stamps it), then the day it was really given
            values.update(
                p.demographics,
                demographics_consent=True,
                demographics_consent_at=p.consent_at,
            )
        people[p.key] = person_create(tenant=tenant, actor=actor, **values)
        for m in p.memberships:
            membership_create(
                tenant=tenant,
                actor=actor,
                person=people[p.key],
                organisation=orgs[m.organisation],
                role=m.role,
                title=m.title,
                start_date=m.start_date,
            )
    return people


def _services_create(spec: TenantSpec, *, tenant, actor, orgs) -> dict:
    services = _services_make(spec, tenant=tenant, actor=actor, orgs=orgs)
    # the demo's open catalogue: its active services answer at their IRIs as linked data
    for service in services.values():
        if service.status == PublicService.Status.ACTIVE:
            service_publish(service=service, actor=actor)
    return services


def _services_make(spec: TenantSpec, *, tenant, actor, orgs) -> dict:
    return {
        s.key: public_service_create(
            tenant=tenant,
            actor=actor,
            identifier=s.key,
            name=s.name,
            description=s.description,
            competent_authority=orgs[s.competent_authority],
            sector=s.sector,
            channels=list(s.channels),
            legal_resource=s.legal_resource,
            processing_time=s.processing_time,
            keywords=s.keywords,
            status=s.status,
            function=s.function or SERVICE_CLASSES.get(s.key, ("", ()))[0],
            life_events=list(s.life_events or SERVICE_CLASSES.get(s.key, ("", ()))[1]),
        )
        for s in spec.services
    }


def _initiative_load(i, *, tenant, actor, orgs, people, services) -> None:
    initiative = initiative_create(
        tenant=tenant,
        actor=actor,
        services=[services[k] for k in i.services],
        slug=i.slug,
        name=i.name,
        description=i.description,
        lead_organisation=orgs[i.lead],
        place=i.place,
        start_date=i.start_date,
        end_date=i.end_date,
        is_temporary=i.is_temporary,
        status=i.status,
        intended_outcomes=i.intended_outcomes,
        co_commissioning=i.co_commissioning,
        co_design=i.co_design,
        co_delivery=i.co_delivery,
        co_assessment=i.co_assessment,
        declared_scope=i.declared_scope,
    )
    for org_key, role in i.partners:
        partner_add(
            initiative=initiative, actor=actor, organisation=orgs[org_key], role=role
        )
    by_title = {}
    participations = []
    for a in i.activities:
        activity = activity_create(
            initiative=initiative,
            actor=actor,
            stage=a.stage,
            title=a.title,
            kind=a.kind,
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            level=a.level,
            mode=a.mode,
            place=a.place,
            description=a.description,
        )
        by_title[a.title] = activity
        participations += [
            Participation(
                tenant=tenant,
                initiative=initiative,
                activity=activity,
                role=part.role,
                hours=part.hours,
                organisation=orgs[part.ref] if part.organisation else None,
                person=None if part.organisation else people[part.ref],
            )
            for part in a.parts
        ]
    _participations_add(participations, actor=actor)
    for c in i.contributions:
        contribution_create(
            initiative=initiative,
            actor=actor,
            kind=c.kind,
            description=c.description,
            date=c.date,
            estimated_value=c.estimated_value,
            person=people[c.person] if c.person else None,
            organisation=orgs[c.organisation] if c.organisation else None,
            activity=by_title[c.activity] if c.activity else None,
        )


def _participations_add(participations: list[Participation], *, actor) -> None:
    """What ``participation_add`` does for each row, in two INSERTs: the rows, and their
    ``participation.added`` events with the payload the service records.

    The service checks each row against the database (a dozen queries a row: foreign keys,
    tenant, constraints); for the demo's two thousand rows that was two thirds of a 20 s
    load on SQLite. Here the rows are checked without queries: whatever they point to was
    created by this load in this tenant, and a person is in an activity once per role.
    """
    seen = set()
    for row in participations:
        row.full_clean(
            exclude=["tenant", "initiative", "activity", "person", "organisation"],
            validate_unique=False,
            validate_constraints=False,
        )
        if row.person is None and row.organisation is None:
            raise DomainError(f"Nobody takes part in '{row.activity}'.")
        if row.person is not None:
            key = (row.activity.pk, row.person.pk, row.role)
            if key in seen:
                raise DomainError(
                    f"{row.person} is twice in '{row.activity}' as {row.role}."
                )
            seen.add(key)
    Participation.objects.bulk_create(participations, batch_size=500)
    Event.objects.bulk_create(
        [
            Event(
                tenant_id=row.tenant_id,
                actor=actor,
                action="participation.added",
                object_type=Participation._meta.label_lower,
                object_id=row.pk,
                data=snapshot(row, PARTICIPATION_FIELDS),
            )
            for row in participations
        ],
        batch_size=500,
    )


def demo_unload() -> list[str]:
    """Delete the demo tenants, everything in them and the demo's users; return the slugs
    deleted. Users who belong to any other tenant are kept."""
    specs = demo_specs()
    slugs = [spec.slug for spec in specs]
    usernames = {account.username for spec in specs for account in spec.users}
    User = get_user_model()
    with transaction.atomic(), scopes_disabled():
        demo_users = [
            user
            for user in User.objects.filter(username__in=usernames)
            if TenantMembership.objects.filter(
                user=user, tenant__slug__in=slugs
            ).exists()
            and not TenantMembership.objects.filter(user=user)
            .exclude(tenant__slug__in=slugs)
            .exists()
        ]
        deleted = []
        for tenant in Tenant.objects.filter(slug__in=slugs):
            tenant_purge(tenant)
            deleted.append(tenant.slug)
        for user in demo_users:
            user.delete()
    return deleted


def _tenant_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if any(
            f.name == "tenant" and f.is_relation and f.related_model is Tenant
            for f in model._meta.concrete_fields
        )
    ]


def tenant_purge(tenant: Tenant) -> None:
    """Delete every row of one tenant, then the tenant. Rows protected by others (a person
    in a participation, an organisation leading an initiative) go once those are gone."""
    pending = _tenant_models()
    with transaction.atomic(), scopes_disabled():
        while pending:
            left = []
            for model in pending:
                try:
                    with transaction.atomic():
                        model._base_manager.filter(tenant=tenant).delete()
                except (models.ProtectedError, models.RestrictedError):
                    left.append(model)
            if len(left) == len(pending):
                names = ", ".join(model._meta.label for model in left)
                raise DomainError(
                    f"The tenant '{tenant.slug}' cannot be deleted: {names} protect each other."
                )
            pending = left
        tenant.delete()


def login_lines(base_url: str) -> list[str]:
    """How to log in: the address, the password, and one line per demo user."""
    specs = demo_specs()
    lines = [
        f"Open {base_url} and log in with one of these users; the password of each is "
        f"'{DEMO_PASSWORD}'.",
    ]
    width = max(len(account.username) for spec in specs for account in spec.users) + 2
    for n, spec in enumerate(specs):
        note = "" if n == 0 else ", which none of the users above can see"
        lines.append(f"  {spec.name} ({base_url}t/{spec.slug}/){note}:")
        people = {p.key: p for p in spec.people}
        for account in spec.users:
            person = people[account.person]
            lines.append(
                f"    {account.username:<{width}}{Role(account.role).label}: "
                f"{person.given_name} {person.family_name}, {account.label}"
            )
    return lines
