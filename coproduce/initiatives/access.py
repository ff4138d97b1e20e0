"""Who may read and change which initiative, given the request's actor.

- with ``initiatives.view_all`` every initiative of the tenant;
- otherwise those the actor's person took part in, or whose lead or partner organisation
  they work for (as professional or representative; being an organisation's volunteer or
  service user opens nothing).

An initiative one may not see is a 404 (``access_initiative_by_slug``/``_by_id``), the same
answer as for one that does not exist, and so is every record under it (partners,
activities, participations, contributions). Pages, the API, exports and reports all ask here.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from coproduce.people.models import Membership
from coproduce.tenancy.actor import Actor

from .models import Activity, Contribution, Initiative, InitiativePartner, Participation
from .vocab import ActorRole

STAFF_MEMBERSHIP_ROLES = [Membership.Role.PROFESSIONAL, Membership.Role.REPRESENTATIVE]
PEOPLE = "people.view"
TEAM = "people.view_team"
# who one's team is, in an activity one took part in
TEAM_ROLES = [ActorRole.PROFESSIONAL, ActorRole.VOLUNTEER]


def _person_q(*, tenant, person) -> Q:
    took_part = Participation.objects.filter(
        tenant=tenant, initiative=OuterRef("pk"), person=person
    )
    own_orgs = Membership.objects.filter(
        tenant=tenant, person=person, role__in=STAFF_MEMBERSHIP_ROLES
    ).values("organisation")
    return (
        Q(Exists(took_part))
        | Q(lead_organisation__in=own_orgs)
        | Q(partners__organisation__in=own_orgs)
    )


def initiatives_of_person(*, tenant, person) -> QuerySet[Initiative]:
    """The initiatives ``person`` took part in or works for, whatever their role."""
    qs = Initiative.objects.filter(tenant=tenant)
    if person is None:
        return qs.none()
    return qs.filter(_person_q(tenant=tenant, person=person)).distinct()


def initiative_visible(
    actor: Actor, qs: QuerySet[Initiative] | None = None
) -> QuerySet[Initiative]:
    """Every initiative ``actor`` may read (of ``qs`` if given)."""
    if qs is None:
        qs = Initiative.objects.filter(tenant=actor.tenant)
    if actor.can("initiatives.view_all"):
        return qs
    if actor.person is None:
        return qs.none()
    return qs.filter(_person_q(tenant=actor.tenant, person=actor.person)).distinct()


def access_initiative_by_slug(actor: Actor, slug: str) -> Initiative:
    initiative = (
        initiative_visible(actor)
        .select_related("lead_organisation")
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


def access_initiative_by_id(actor: Actor, pk: int) -> Initiative:
    initiative = (
        initiative_visible(actor)
        .select_related("lead_organisation")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


def _under_visible(actor: Actor, model, qs) -> QuerySet:
    if qs is None:
        qs = model.objects.filter(tenant=actor.tenant)
    if actor.can("initiatives.view_all"):
        # every initiative of the tenant: the rows of the tenant, without a semi-join
        # that made an offset of 10,000 activities check 10,000 initiatives (60 ms)
        return qs.filter(tenant=actor.tenant)
    return qs.filter(initiative__in=initiative_visible(actor).values("pk"))


def partner_visible(
    actor: Actor, qs: QuerySet[InitiativePartner] | None = None
) -> QuerySet[InitiativePartner]:
    """The partners of every initiative ``actor`` may read (of ``qs`` if given)."""
    return _under_visible(actor, InitiativePartner, qs)


def activity_visible(
    actor: Actor, qs: QuerySet[Activity] | None = None
) -> QuerySet[Activity]:
    return _under_visible(actor, Activity, qs)


def _people_narrow(actor: Actor, qs: QuerySet, *, team: bool) -> QuerySet:
    """The rows of ``qs`` that name no one ``actor`` may not learn of: with
    ``people.view`` (staff) all; otherwise those of organisations and one's own, and,
    with ``people.view_team`` and ``team``, the professionals and volunteers of the
    activities one took part in. Clients of a social service never learn who else is a
    client."""
    if actor.can(PEOPLE):
        return qs
    allowed = Q(person__isnull=True)
    if actor.person is not None:
        allowed |= Q(person=actor.person)
        if team and actor.can(TEAM):
            mine = Participation.objects.filter(
                tenant=actor.tenant, person=actor.person
            ).values("activity_id")
            allowed |= Q(activity_id__in=mine, role__in=TEAM_ROLES)
    return qs.filter(allowed)


def participation_visible(
    actor: Actor, qs: QuerySet[Participation] | None = None
) -> QuerySet[Participation]:
    """The participations of the initiatives ``actor`` may read, of the people they may
    learn took part (see ``_people_narrow``). Counts and hours of everyone are read
    from the unnarrowed rows, never with names."""
    return _people_narrow(actor, _under_visible(actor, Participation, qs), team=True)


def contribution_visible(
    actor: Actor, qs: QuerySet[Contribution] | None = None
) -> QuerySet[Contribution]:
    """The contributions of the initiatives ``actor`` may read, of organisations, of
    oneself, or of anyone with ``people.view``."""
    return _people_narrow(actor, _under_visible(actor, Contribution, qs), team=False)


def person_name_visible(actor: Actor, person_id: int | None) -> bool:
    """Whether a page may print the name of the person ``person_id`` to ``actor``
    (beside a row whose counts it shows anyway)."""
    if person_id is None or actor.can(PEOPLE):
        return True
    return actor.person is not None and actor.person.pk == person_id


def _one(qs: QuerySet, pk: int):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def access_activity_by_id(
    *, pk: int, initiative: Initiative | None = None, actor: Actor | None = None
) -> Activity:
    """The activity ``pk`` of ``initiative`` (one the page already accessed), or of any
    initiative ``actor`` may read: a 404 otherwise."""
    if initiative is not None:
        return _one(Activity.objects.filter(initiative=initiative), pk)
    if actor is None:
        raise TypeError("access_activity_by_id needs an initiative or an actor")
    return _one(activity_visible(actor), pk)


def access_partner_by_id(actor: Actor, pk: int) -> InitiativePartner:
    return _one(partner_visible(actor), pk)


def access_participation_by_id(actor: Actor, pk: int) -> Participation:
    return _one(participation_visible(actor), pk)


def access_contribution_by_id(actor: Actor, pk: int) -> Contribution:
    return _one(contribution_visible(actor), pk)
