"""One world for the role matrix, built once per module: two tenants, each with every kind
of object the pages and the API take in their URLs, and in the first a member per role.

In ``riverside`` (the tenant under test):

- ``own``: the initiative *Reading buddies*, led by the City library with the Red Cross
  as partner, with an activity, participations (the volunteer, the service user and four
  residents), a contribution, a cost, an outcome with an indicator and a measurement, a
  valuation, a panel with two answered and closed waves, a sustainability assessment, a
  population table serving it, and a conciliation case of the library with its parties,
  the volunteer as one of its mediators and the professional as supervisor;
- ``hidden``: the same chain for *Harbour sauna*, led by the Harbour office, which
  nobody without ``initiatives.view_all`` takes part in or works for, and a case of the
  Harbour office nobody of ours is assigned to;
- the tenant-wide objects (organisations, people, services, the instrument, case type).

``hillview`` holds the same chain (``foreign``): every one of its objects must be a 404 in
riverside.

The data is written once inside an outer transaction that is rolled back at the end of
the module; each test runs in a savepoint of its own (pytest-django's ``db``), so what a
permitted POST or DELETE changes is undone before the next test.
"""

import datetime as dt
import logging
from types import SimpleNamespace

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from coproduce.cases import services as case_services
from coproduce.cases.models import Party
from coproduce.evaluation import services as evaluation_services
from coproduce.evaluation.library import TRUST_PANEL
from coproduce.people.models import Membership, Person
from coproduce.reports.exports import SECTIONS
from coproduce.sustainability import services as sustainability_services
from coproduce.sustainability.models import Dimension
from coproduce.tenancy.actor import actor_build
from coproduce.tenancy.models import TenantMembership
from coproduce.tenancy.services import api_token_create
from tests import factories as f
from tests.outcomes.factories import (
    CostFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    OutcomeValuationFactory,
)
from tests.representativeness.helpers import population, serve

# Who asks: the seven roles and a viewer designated as auditor in the cases app.
IDENTITIES = {
    "tenant_admin": "tenant_admin",
    "coordinator": "coordinator",
    "professional": "professional",
    "volunteer": "volunteer",
    "service_user": "service_user",
    "viewer": "viewer",
    "partner": "partner",
    "auditor": "viewer",
}

PARTIES = [
    {"role": "victim", "given_name": "Vera", "family_name": "Victim"},
    {"role": "suspect", "given_name": "Sami", "family_name": "Suspect"},
]


def _case_actor(user, tenant):
    role = TenantMembership.objects.get(tenant=tenant, user=user).role
    return actor_build(tenant=tenant, user=user, role=role)


def _member(tenant, role, username, *, person=True):
    user = f.UserFactory(username=username)
    f.TenantMembershipFactory(tenant=tenant, user=user, role=role)
    if person:
        f.PersonFactory(
            tenant=tenant, user=user, given_name=username.title(), family_name="Member"
        )
    return user


def _volunteer_person(tenant, organisation, name):
    person = f.PersonFactory(tenant=tenant, given_name=name)
    f.MembershipFactory(
        tenant=tenant,
        person=person,
        organisation=organisation,
        role=Membership.Role.VOLUNTEER,
    )
    return person


def _person(tenant, user):
    return Person.objects.get(tenant=tenant, user=user)


def _panel(tenant, coordinator, initiative, instrument, seed):
    """A panel of the initiative's participants with two answered, closed waves."""
    panel = evaluation_services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name=f"Trust in {initiative.name}",
    )
    evaluation_services.panel_members_from_participants(panel=panel, actor=coordinator)
    rng = np.random.default_rng(seed)
    items = list(instrument.items.select_related("scale").order_by("position"))
    members = list(panel.members.order_by("pseudonym"))
    waves = []
    for _ in range(2):
        wave = evaluation_services.wave_create(panel=panel, actor=coordinator)
        evaluation_services.wave_open(wave=wave, actor=coordinator, send=False)
        for member in members:
            answers = {}
            for item in items:
                if item.scale is None:
                    answers[item.code] = f"Comment of {member.pseudonym}"
                    continue
                lo, hi = item.scale.minimum, item.scale.maximum
                answers[item.code] = int(rng.integers(lo, hi + 1))
            invitation = wave.invitations.get(member=member)
            evaluation_services.response_save(invitation=invitation, answers=answers)
        evaluation_services.wave_close(wave=wave, actor=coordinator)
        waves.append(wave)
    return panel, members, waves


def _chain(
    tenant,
    *,
    name,
    slug,
    lead,
    partner_org,
    people,
    coordinator,
    instrument,
    case_type,
    case_org,
    mediators=None,
    supervisor=None,
    recorder=None,
    seed=1,
):
    """An initiative with everything that hangs from it, and a case; the kwargs each
    page and each operation takes to reach them (page and API names do not collide:
    pages say ``pk``/``slug``, operations ``id``/``*_id``)."""
    initiative = f.InitiativeFactory(
        tenant=tenant,
        name=name,
        slug=slug,
        lead_organisation=lead,
        is_temporary=True,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    partner = f.InitiativePartnerFactory(
        initiative=initiative, organisation=partner_org
    )
    activity = f.ActivityFactory(initiative=initiative, title=f"{name} workshop")
    participations = [
        f.ParticipationFactory(activity=activity, person=person, role=role)
        for person, role in people
    ]
    contribution = f.ContributionFactory(initiative=initiative, organisation=lead)
    outcome = OutcomeFactory(initiative=initiative)
    indicator = IndicatorFactory(outcome=outcome)
    measurement = MeasurementFactory(indicator=indicator)
    cost = CostFactory(initiative=initiative)
    valuation = OutcomeValuationFactory(initiative=initiative)
    panel, members, waves = _panel(tenant, coordinator, initiative, instrument, seed)
    assessment = sustainability_services.assessment_create(
        initiative=initiative,
        actor=coordinator,
        assessed_on=dt.date(2026, 3, 1),
        scores={
            d: {"score": 3, "rationale": "As recorded.", "weakness": ""}
            for d in Dimension.values
        },
    )
    table = population(tenant, name=f"{name} area")
    serve(initiative, table)

    coord = _case_actor(coordinator, tenant)
    case = case_services.case_register(
        tenant=tenant,
        actor=coord,
        case_type=case_type,
        organisation=case_org,
        referrer="police",
        referrer_name="Police department",
        referred_on=timezone.localdate(),
        parties=PARTIES,
        initiative=initiative,
    )
    if mediators:
        case = case_services.case_assign(
            case=case,
            actor=coord,
            mediators=mediators,
            supervisor=supervisor,
            expected_version=case.version,
        )
    if recorder is not None:
        actor = _case_actor(recorder, tenant)
        case_services.case_step_record(
            case=case,
            actor=actor,
            code="consent",
            party="A",
            expected_version=case.version,
        )
        case.refresh_from_db()
        case_services.case_document_attach(
            case=case,
            actor=actor,
            file=SimpleUploadedFile("notes.txt", b"Meeting notes", "text/plain"),
            title="Notes",
            expected_version=case.version,
        )
    step = case.steps.order_by("-pk").first()
    document = case.documents.first()
    party = Party.objects.filter(case=case).order_by("pk").first()
    section = SECTIONS[0]
    s, i, p = initiative.slug, initiative.pk, panel.pk
    item = instrument.items.order_by("position").first()
    coproducers = _coproducers(
        tenant,
        initiative=initiative,
        activity=activity,
        coordinator=coordinator,
        claimant=people[0][0],
        published=mediators is not None,
    )
    coproducers |= _coding(tenant, coordinator, initiative)
    coproducers |= _collaboration(tenant, coordinator, initiative, lead, partner_org)
    coproducers |= _crisis(tenant, coordinator, initiative)
    return coproducers | {
        "initiative": {"slug": s, "id": i},
        "initiative_section": {"slug": s, "section": section},
        "activity": {"slug": s, "pk": activity.pk, "id": activity.pk},
        "participation": {
            "slug": s,
            "pk": activity.pk,
            "participation_pk": participations[0].pk,
            "id": participations[0].pk,
        },
        "partner": {"slug": s, "pk": partner.pk, "id": partner.pk},
        "contribution": {"slug": s, "pk": contribution.pk, "id": contribution.pk},
        "outcome": {"slug": s, "pk": outcome.pk},
        "indicator": {
            "slug": s,
            "pk": indicator.pk,
            "id": i,
            "indicator_id": indicator.pk,
        },
        "measurement": {"slug": s, "pk": measurement.pk},
        "cost": {"slug": s, "pk": cost.pk},
        "valuation": {"slug": s, "pk": valuation.pk},
        "panel": {"pk": p, "panel_id": p},
        "panel_member": {
            "pk": p,
            "member_pk": members[0].pk,
            "panel_id": p,
            "member_id": members[0].pk,
        },
        "wave": {"pk": p, "number": waves[0].number, "wave_id": waves[0].pk},
        "wave_member": {
            "pk": p,
            "member_pk": members[0].pk,
            "number": waves[0].number,
        },
        "assessment": {"pk": assessment.pk, "assessment_id": assessment.pk},
        "population_table": {"pk": table.pk, "table_id": table.pk},
        "case": {"pk": case.pk, "case_id": case.pk, "fmt": "json"},
        "case_step": {
            "pk": case.pk,
            "step": step.pk,
            "case_id": case.pk,
            "record_id": step.pk,
        },
        "case_document": {"pk": case.pk, "doc": document.pk if document else 0},
        "case_party": {"pk": case.pk, "party": party.pk, "case_id": case.pk},
        "instrument": {"pk": instrument.pk, "instrument_id": instrument.pk},
        "instrument_item": {"instrument_id": instrument.pk, "item_id": item.pk},
    }


def _crisis(tenant, coordinator, initiative):
    """The initiative in crisis mode, with a need tomorrow and one call-out."""
    from coproduce.crisis import services as crisis_services
    from coproduce.crisis.models import CallOut

    actor = _case_actor(coordinator, tenant)
    centre = crisis_services.centre_open(initiative=initiative, actor=actor)
    start = timezone.now() + dt.timedelta(days=1)
    need = crisis_services.need_post(
        centre=centre,
        actor=actor,
        title="Groceries",
        area="00530",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        people_needed=2,
    )
    callout = CallOut.objects.create(
        tenant=tenant,
        need=need,
        person=_person(tenant, coordinator),
        sent_at=timezone.now(),
    )
    return {
        "need": {"pk": need.pk, "id": need.pk},
        "crisis_callout": {"pk": need.pk, "callout": callout.pk},
    }


def _coding(tenant, coordinator, initiative):
    """A coding project of the initiative with a text, a code and a coding."""
    from coproduce.qualitative import services as qualitative_services
    from coproduce.qualitative.models import Document

    actor = _case_actor(coordinator, tenant)
    project = qualitative_services.project_create(
        tenant=tenant,
        actor=actor,
        title=f"Comments on {initiative.name}",
        initiative=initiative,
    )
    document = Document.objects.create(
        tenant=tenant,
        project=project,
        kind=Document.Kind.UPLOAD,
        title="Interview",
        text="The library listened to us.",
    )
    code = qualitative_services.code_create(project=project, actor=actor, name="Trust")
    coding = qualitative_services.coding_create(
        document=document, code=code, actor=actor, start=4, end=11
    )
    p = project.pk
    return {
        "coding_project": {"pk": p, "id": p},
        "coding_document": {
            "pk": p,
            "doc": document.pk,
            "id": p,
            "doc_id": document.pk,
        },
        "coding_code": {"pk": p, "code": code.pk, "id": p, "code_id": code.pk},
        "coding_coding": {
            "pk": p,
            "doc": document.pk,
            "coding": coding.pk,
            "id": p,
            "coding_id": coding.pk,
        },
    }


def _collaboration(tenant, coordinator, initiative, lead, partner_org):
    """A partnership of the initiative between its lead and its partner, a commitment of
    the partner's side, and a learning entry for the initiative's partners that the
    partner organisation received."""
    from coproduce.collaboration import services as collaboration_services

    actor = _case_actor(coordinator, tenant)
    partnership = collaboration_services.partnership_create(
        actor=actor,
        tenant=tenant,
        name=f"Agreement of {initiative.name}",
        purpose="Who does what",
        start_date=dt.date(2025, 1, 1),
        organisations=[lead, partner_org],
        initiative=initiative,
    )
    side = partnership.sides.get(organisation=partner_org)
    commitment = collaboration_services.commitment_create(
        actor=actor, side=side, description="Two volunteers a week"
    )
    entry = collaboration_services.learning_entry_create(
        actor=actor,
        tenant=tenant,
        kind="co_exploitation",
        title=f"Lesson of {initiative.name}",
        learnt="Reminders the day before halve the no-shows.",
        initiative=initiative,
        source_organisation=lead,
        receiving_organisation=partner_org,
    )
    follow_up = collaboration_services.adoption_record(
        actor=actor, entry=entry, state="considering"
    )
    s = initiative.slug
    return {
        "partnership": {"pk": partnership.pk, "id": partnership.pk},
        "partnership_side": {
            "pk": partnership.pk,
            "side": side.pk,
            "id": partnership.pk,
            "side_id": side.pk,
        },
        "commitment": {"pk": commitment.pk, "id": commitment.pk},
        "commitment_read": {"pk": commitment.pk, "id": commitment.pk},
        "learning": {"pk": entry.pk, "id": entry.pk, "follow_up_id": follow_up.pk},
        "capability": {
            "slug": s,
            "org": partner_org.pk,
            "organisation_id": partner_org.pk,
        },
        "collaboration_initiative": {"slug": s, "id": initiative.pk},
    }


def _coproducers(tenant, *, initiative, activity, coordinator, claimant, published):
    """An opportunity of the initiative with a shift in a week (published: open to
    volunteers, residents and partners' staff; else a draft nobody but coordinators
    sees) and hours that ``claimant`` reported for the activity, waiting."""
    from decimal import Decimal

    from coproduce.coproducers.models import Claim
    from coproduce.coproducers.services import opportunity_create

    actor = _case_actor(coordinator, tenant)
    opportunity = opportunity_create(
        initiative=initiative,
        actor=actor,
        first_starts_at=timezone.now() + dt.timedelta(days=7),
        minutes=120,
        title=f"Help at {initiative.name}",
        place="Library hall",
        capacity=3,
        open_to_volunteers=True,
        open_to_residents=True,
        open_to_partners=True,
        status="published" if published else "draft",
    )
    shift = opportunity.shifts.get()
    claim = Claim.objects.create(
        tenant=tenant,
        person=claimant,
        initiative=initiative,
        activity=activity,
        kind=Claim.Kind.HOURS,
        role="volunteer",
        hours=Decimal("2"),
        date=dt.date(2026, 3, 1),
    )
    return {
        "opportunity": {"pk": opportunity.pk, "id": opportunity.pk},
        "shift": {"pk": shift.pk, "shift_id": shift.pk},
        "claim": {"pk": claim.pk, "claim_id": claim.pk},
    }


def _instrument(tenant, coordinator):
    return evaluation_services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name="Trust panel",
        keys=list(TRUST_PANEL),
        free_text=["What has changed for you?"],
    )


def _residents(tenant, n, prefix):
    return [
        (f.PersonFactory(tenant=tenant, given_name=f"{prefix}{k}"), "resident")
        for k in range(n)
    ]


def _registry(tenant, prefix):
    """Tenant-wide objects: organisations, a person with a membership, a service."""
    library = f.OrganisationFactory(tenant=tenant, name=f"{prefix} library")
    red_cross = f.OrganisationFactory(tenant=tenant, name=f"{prefix} Red Cross")
    harbour = f.OrganisationFactory(tenant=tenant, name=f"{prefix} harbour office")
    service = f.PublicServiceFactory(tenant=tenant, competent_authority=library)
    someone = f.PersonFactory(tenant=tenant, given_name=f"{prefix} someone")
    membership = f.MembershipFactory(
        tenant=tenant,
        person=someone,
        organisation=library,
        role=Membership.Role.VOLUNTEER,
    )
    tenant_wide = {
        "organisation": {"pk": library.pk, "id": library.pk},
        "person": {"pk": someone.pk, "id": someone.pk},
        "membership": {"pk": membership.pk, "id": membership.pk},
        "service": {"pk": service.pk, "id": service.pk},
    }
    return library, red_cross, harbour, tenant_wide


def _tenant_member_and_token(tenant, user):
    token, _key = api_token_create(tenant=tenant, user=user, name="matrix")
    membership = TenantMembership.objects.get(tenant=tenant, user=user)
    return {
        "tenant_member": {"pk": membership.pk, "member_id": membership.pk},
        "token": {"pk": token.pk, "token_id": token.pk},
    }


def _dashboards_warm(tenant, users):
    """Compute the kept dashboard figures of every audience once, as a reader would have:
    each test's writes are rolled back, so otherwise every dashboard test computes them."""
    from django_scopes import scope

    from coproduce.reports.access import audience_of
    from coproduce.reports.services import dashboard_figures_get
    from coproduce.tenancy.actor import actor_build

    with scope(tenant=tenant):
        for identity, user in users.items():
            actor = actor_build(tenant=tenant, user=user, role=IDENTITIES[identity])
            audience = audience_of(actor)
            dashboard_figures_get(tenant=tenant, audience=audience)


def _build():
    tenant = f.TenantFactory(slug="riverside", name="Riverside")
    other = f.TenantFactory(slug="hillview", name="Hillview")

    # Riverside: a member per role.
    users = {
        identity: _member(tenant, role, f"m-{identity}")
        for identity, role in IDENTITIES.items()
    }
    library, red_cross, harbour, tenant_wide = _registry(tenant, "Riverside")
    person = {k: _person(tenant, u) for k, u in users.items()}
    f.MembershipFactory(
        tenant=tenant,
        person=person["professional"],
        organisation=library,
        role=Membership.Role.PROFESSIONAL,
    )
    f.MembershipFactory(
        tenant=tenant,
        person=person["partner"],
        organisation=red_cross,
        role=Membership.Role.REPRESENTATIVE,
    )
    coordinator = users["coordinator"]
    coord = _case_actor(coordinator, tenant)
    case_services.auditor_designate(tenant=tenant, actor=coord, user=users["auditor"])
    case_type = case_services.conciliation_install(tenant=tenant, actor=coord)
    instrument = _instrument(tenant, coordinator)
    co_mediator = _volunteer_person(tenant, library, "Comediator")
    own = _chain(
        tenant,
        name="Reading buddies",
        slug="reading-buddies",
        lead=library,
        partner_org=red_cross,
        people=[
            (person["volunteer"], "volunteer"),
            (person["service_user"], "service_user"),
            *_residents(tenant, 4, "Resident"),
        ],
        coordinator=coordinator,
        instrument=instrument,
        case_type=case_type,
        case_org=library,
        mediators=[person["volunteer"], co_mediator],
        supervisor=person["professional"],
        recorder=users["volunteer"],
        seed=1,
    )
    hidden_partner = f.OrganisationFactory(tenant=tenant, name="Sauna society")
    hidden = _chain(
        tenant,
        name="Harbour sauna",
        slug="harbour-sauna",
        lead=harbour,
        partner_org=hidden_partner,
        people=_residents(tenant, 4, "Bather"),
        coordinator=coordinator,
        instrument=instrument,
        case_type=case_type,
        case_org=harbour,
        seed=2,
    )
    case_type_kwargs = {"type_id": case_type.pk}
    own |= tenant_wide | {"case_type": case_type_kwargs}
    hidden |= tenant_wide | {"case_type": case_type_kwargs}
    per_user = {k: _tenant_member_and_token(tenant, u) for k, u in users.items()}
    own_viewer = per_user["viewer"]["tenant_member"]
    for k in per_user:
        # Every role changes the same membership (the viewer's); the token is one's own.
        per_user[k]["tenant_member"] = own_viewer

    # Hillview: the same objects, none of them riverside's.
    o_coordinator = _member(other, "coordinator", "h-coordinator")
    o_volunteer = _member(other, "volunteer", "h-volunteer")
    o_professional = _member(other, "professional", "h-professional")
    o_library, o_red_cross, _o_harbour, o_tenant_wide = _registry(other, "Hillview")
    o_coord = _case_actor(o_coordinator, other)
    o_case_type = case_services.conciliation_install(tenant=other, actor=o_coord)
    foreign = _chain(
        other,
        name="Hill buddies",
        slug="hill-buddies",
        lead=o_library,
        partner_org=o_red_cross,
        people=[
            (_person(other, o_volunteer), "volunteer"),
            *_residents(other, 4, "Hiller"),
        ],
        coordinator=o_coordinator,
        instrument=_instrument(other, o_coordinator),
        case_type=o_case_type,
        case_org=o_library,
        mediators=[
            _person(other, o_volunteer),
            _volunteer_person(other, o_library, "Hcomediator"),
        ],
        supervisor=_person(other, o_professional),
        recorder=o_volunteer,
        seed=3,
    )
    foreign |= o_tenant_wide | {"case_type": {"type_id": o_case_type.pk}}
    foreign |= _tenant_member_and_token(other, o_coordinator)
    _dashboards_warm(tenant, users)
    return SimpleNamespace(
        tenant=tenant,
        other=other,
        users=users,
        targets={"own": own, "hidden": hidden, "foreign": foreign},
        per_user=per_user,
    )


@pytest.fixture(scope="module", autouse=True)
def _quiet_refusals():
    """Thousands of expected 403s and 404s: do not format a logged traceback for each
    (errors, 500s included, are still logged)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), scopes_disabled():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
