"""Who may read and change what on the co-producers' side, given the request's actor.

- ``coproducers.manage`` (coordinators, admins): every opportunity, shift and sign-up of
  the tenant;
- ``coproducers.take_part`` (volunteers, service users, partners' staff): the published
  opportunities open to their role (a partner's staff: to partners, or to their own
  organisation), those they signed up for, their own sign-ups, claims, notifications;
- ``coproducers.verify`` (coordinators, admins, professionals): the claims made in the
  initiatives they may read.

What one may not see is a 404, the same answer as for what does not exist. Service users
never see other service users: the team of a shift is shown to those who come only where
the opportunity and the tenant allow it, and never its service users
(``shift_team_visible``).
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from coproduce.initiatives.access import initiative_visible
from coproduce.people.models import Membership
from coproduce.tenancy.actor import Actor

from .models import (
    AvailabilityException,
    Claim,
    CoproducerSettings,
    Notification,
    Opportunity,
    Shift,
    SignUp,
)

TAKE_PART = "coproducers.take_part"
MANAGE = "coproducers.manage"
VERIFY = "coproducers.verify"
STAFF_ROLES = (Membership.Role.PROFESSIONAL, Membership.Role.REPRESENTATIVE)


def takes_part(actor: Actor) -> bool:
    """Whether the actor is a co-producer with a page of their own."""
    return actor.can(TAKE_PART) and actor.person is not None


def coproducers_allowed(actor: Actor) -> bool:
    """Whether the actor may open the opportunities at all."""
    return actor.can_any({TAKE_PART, MANAGE})


def _eligible_q(actor: Actor) -> Q:
    """The opportunities the actor's role may sign up for."""
    if actor.role == "volunteer":
        return Q(open_to_volunteers=True)
    if actor.role == "service_user":
        return Q(open_to_residents=True)
    if actor.role == "partner":
        own_orgs = Membership.objects.filter(
            tenant=actor.tenant, person=actor.person, role__in=STAFF_ROLES
        ).values("organisation")
        return Q(open_to_partners=True) & (
            Q(partner_organisation__isnull=True) | Q(partner_organisation__in=own_orgs)
        )
    return Q(pk__in=[])


def opportunity_visible(
    actor: Actor, qs: QuerySet[Opportunity] | None = None
) -> QuerySet[Opportunity]:
    if qs is None:
        qs = Opportunity.objects.filter(tenant=actor.tenant)
    if actor.can(MANAGE):
        return qs
    if not takes_part(actor):
        return qs.none()
    signed_up = SignUp.objects.filter(
        tenant=actor.tenant, shift__opportunity=OuterRef("pk"), person=actor.person
    )
    return qs.filter(
        (Q(status=Opportunity.Status.PUBLISHED) & _eligible_q(actor))
        | Q(Exists(signed_up))
    )


def opportunity_open_to(actor: Actor, opportunity: Opportunity) -> bool:
    """Whether the actor may sign up for the opportunity's shifts now."""
    if not takes_part(actor) or opportunity.status != Opportunity.Status.PUBLISHED:
        return False
    # the roles whose rule is a field of the opportunity need no query (_eligible_q)
    if actor.role == "volunteer":
        return opportunity.open_to_volunteers
    if actor.role == "service_user":
        return opportunity.open_to_residents
    return (
        Opportunity.objects.filter(pk=opportunity.pk)
        .filter(_eligible_q(actor))
        .exists()
    )


def access_opportunity_by_id(actor: Actor, pk: int) -> Opportunity:
    opportunity = (
        opportunity_visible(actor).select_related("initiative").filter(pk=pk).first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def shift_visible(actor: Actor, qs: QuerySet[Shift] | None = None) -> QuerySet[Shift]:
    if qs is None:
        qs = Shift.objects.filter(tenant=actor.tenant)
    return qs.filter(opportunity__in=opportunity_visible(actor).values("pk"))


SHIFT_RELATED = ("opportunity__initiative", "activity")


def access_shift_by_id(
    actor: Actor, pk: int, *, related: tuple[str, ...] = SHIFT_RELATED
) -> Shift:
    """The shift, with its opportunity, initiative and activity, or only the ``related``
    a caller names: the opportunity for the roster and for the sign-up and withdrawal
    (their services read the shift again under its lock), whose pages need neither
    the initiative nor the activity (their 40 columns, JSON among them, cost more to
    read than the check itself). Without any join the query took 35 ms instead of
    1-4 ms in runs on the large data (not understood; the note of issue 13's speed
    work), so the opportunity stays."""
    shift = shift_visible(actor).select_related(*related).filter(pk=pk).first()
    if shift is None:
        raise Http404
    return shift


def shift_team_visible(actor: Actor, opportunity: Opportunity) -> bool:
    """Whether the actor sees who else signed up: those who keep the roster; those who
    come only where the opportunity says so, and never service users."""
    if actor.can(MANAGE):
        return True
    return (
        opportunity.team_visible
        and actor.role != "service_user"
        and tenant_allows_teams(opportunity.tenant_id)
    )


def tenant_allows_teams(tenant_id: int) -> bool:
    """Whether the tenant lets opportunities show their team to those who come (the
    tenant administrator's setting; yes until they say otherwise)."""
    allowed = (
        CoproducerSettings.objects.filter(tenant_id=tenant_id)
        .values_list("teams_visible", flat=True)
        .first()
    )
    return True if allowed is None else allowed


def signup_visible(
    actor: Actor, qs: QuerySet[SignUp] | None = None
) -> QuerySet[SignUp]:
    if qs is None:
        qs = SignUp.objects.filter(tenant=actor.tenant)
    if actor.can(MANAGE):
        return qs
    if actor.person is None:
        return qs.none()
    return qs.filter(person=actor.person)


def access_signup_by_id(actor: Actor, *, shift: Shift, pk: int) -> SignUp:
    signup = (
        signup_visible(actor, SignUp.objects.filter(shift=shift))
        .select_related("person")
        .filter(pk=pk)
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def access_signup_by_person(actor: Actor, *, shift: Shift, person: int) -> SignUp:
    """The person's sign-up for the shift (the API names the person in the body, so a
    person without one is a 422 on that field, as ``references_resolve`` answers)."""
    signup = (
        signup_visible(actor, SignUp.objects.filter(shift=shift))
        .select_related("person")
        .filter(person_id=person)
        .first()
    )
    if signup is None:
        raise ValidationError(
            {"person": _("This person has not signed up for this shift.")}
        )
    return signup


def claim_visible(actor: Actor, qs: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """One's own claims; with ``coproducers.verify`` those of the initiatives one reads."""
    if qs is None:
        qs = Claim.objects.filter(tenant=actor.tenant)
    own = Q(person=actor.person) if actor.person is not None else Q(pk__in=[])
    if actor.can(VERIFY):
        return qs.filter(own | Q(initiative__in=initiative_visible(actor).values("pk")))
    return qs.filter(own)


def access_claim_by_id(actor: Actor, pk: int) -> Claim:
    claim = (
        claim_visible(actor)
        .select_related("person", "activity", "initiative")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404
    return claim


def notification_visible(actor: Actor) -> QuerySet[Notification]:
    if actor.person is None:
        return Notification.objects.none()
    return Notification.objects.filter(tenant=actor.tenant, person=actor.person)


def access_exception_by_id(actor: Actor, pk) -> AvailabilityException:
    """One of the actor's own availability exceptions; anyone else's is a 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    exception = (
        AvailabilityException.objects.filter(
            tenant=actor.tenant, profile__person=actor.person, pk=pk
        )
        .select_related("profile")
        .first()
        if actor.person is not None
        else None
    )
    if exception is None:
        raise Http404
    return exception
