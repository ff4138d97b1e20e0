"""Writes of the co-producers' side: one transaction each, one event per change, mail
queued on commit.

Sign-ups lock their shift (``select_for_update``) before counting its places, so two
people taking the last place at once cannot both get it: the second waits for the
first's commit, counts again and joins the waiting list. A place that frees goes to the
first on the waiting list in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core import i18n
from coproduce.core.errors import DomainError
from coproduce.core.events import event_record, events_record
from coproduce.core.file_problems import Problems
from coproduce.core.services import instance_delete, instance_save, instance_update
from coproduce.initiatives.models import Activity, Initiative, Participation
from coproduce.initiatives.services import (
    activity_create,
    activity_update,
    contribution_create,
    participation_add,
    participation_remove,
    participation_update,
)
from coproduce.initiatives.vocab import ActorRole, Mode, Stage
from coproduce.people.models import Person
from coproduce.tenancy.actor import Actor

from .access import opportunity_open_to
from .models import (
    AvailabilityException,
    Claim,
    CoproducerProfile,
    CoproducerSettings,
    Notification,
    Opportunity,
    Shift,
    SignUp,
    Skill,
)
from .recurrence import shift_times
from .vocab import ACTOR_ROLE_OF, LANGUAGE_CODES

OPPORTUNITY_FIELDS = [
    "initiative",
    "title",
    "description",
    "place",
    "accessibility",
    "capacity",
    "languages",
    "open_to_volunteers",
    "open_to_residents",
    "open_to_partners",
    "partner_organisation",
    "team_visible",
    "level",
    "status",
]
# How long before a shift starts, and until when, its check-in code is accepted.
CHECKIN_EARLY = dt.timedelta(hours=1)


def _url(tenant, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


def _languages_check(languages) -> list[str]:
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    if unknown:
        raise DomainError(
            _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="languages",
        )
    return list(dict.fromkeys(languages))


def _skills_check(tenant, skills) -> list[int]:
    ids = [getattr(s, "pk", s) for s in skills]
    found = set(
        Skill.objects.filter(tenant=tenant, pk__in=ids).values_list("pk", flat=True)
    )
    if missing := [str(i) for i in ids if i not in found]:
        raise DomainError(
            _("Skill %(ids)s does not exist.") % {"ids": ", ".join(missing)},
            field="skills",
        )
    return ids


# Opportunities and shifts ---------------------------------------------------------------


@transaction.atomic
def opportunity_create(
    *,
    initiative: Initiative,
    actor: Actor,
    first_starts_at: dt.datetime,
    minutes: int,
    weekdays: list[int] | None = None,
    until: dt.date | None = None,
    skills=(),
    translations: i18n.Versions | None = None,
    **values: Any,
) -> Opportunity:
    """An opportunity with its shifts: one at ``first_starts_at``, or weekly on
    ``weekdays`` until ``until``; each shift an activity (volunteer shift, co-delivery)
    of the initiative."""
    values["languages"] = _languages_check(values.get("languages") or [])
    values.setdefault("content_language", initiative.tenant.language)
    i18n.translations_validate(
        translations or {}, initiative.tenant, language=values["content_language"]
    )
    if not 15 <= minutes <= 24 * 60:
        raise DomainError(
            _("A shift lasts from 15 minutes to 24 hours."), field="minutes"
        )
    if until is not None and until < first_starts_at.date():
        raise DomainError(_("The series ends before it starts."), field="until")
    opportunity = instance_save(
        Opportunity(tenant_id=initiative.tenant_id, initiative=initiative, **values),
        actor=actor.user,
        action="opportunity.created",
        fields=OPPORTUNITY_FIELDS,
    )
    if skills:
        opportunity.skills.set(_skills_check(initiative.tenant_id, skills))
    i18n.versions_save(
        opportunity, translations, actor=actor.user, action="opportunity.translated"
    )
    times = shift_times(
        first=first_starts_at,
        minutes=minutes,
        weekdays=weekdays,
        until=until,
        zone=settings.TIME_ZONE,
    )
    for starts, ends in times:
        shift_add(opportunity=opportunity, actor=actor, starts_at=starts, ends_at=ends)
    return opportunity


@transaction.atomic
def shift_create(
    *, opportunity: Opportunity, actor: Actor, starts_at, ends_at, capacity=None
) -> Shift:
    """One more shift of an opportunity that already has its series."""
    if ends_at <= starts_at:
        raise DomainError(_("A shift ends after it starts."), field="ends_at")
    if not dt.timedelta(minutes=15) <= ends_at - starts_at <= dt.timedelta(hours=24):
        raise DomainError(
            _("A shift lasts from 15 minutes to 24 hours."), field="ends_at"
        )
    if starts_at <= timezone.now():
        raise DomainError(_("A new shift starts in the future."), field="starts_at")
    return shift_add(
        opportunity=opportunity,
        actor=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
    )


def shift_add(
    *, opportunity: Opportunity, actor: Actor, starts_at, ends_at, capacity=None
) -> Shift:
    activity = activity_create(
        initiative=opportunity.initiative,
        actor=actor.user,
        stage=Stage.DELIVERY,
        title=opportunity.title,
        kind=Activity.Kind.VOLUNTEER_SHIFT,
        starts_at=starts_at,
        ends_at=ends_at,
        level=opportunity.level,
        mode=Mode.DOING,
        place=opportunity.place,
        description=opportunity.description,
    )
    shift = instance_save(
        Shift(
            tenant_id=opportunity.tenant_id,
            opportunity=opportunity,
            activity=activity,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity or opportunity.capacity,
        ),
        actor=actor.user,
        action="shift.created",
        fields=["opportunity", "activity", "starts_at", "ends_at", "capacity"],
    )
    tenant_id, due = shift.tenant_id, starts_at - dt.timedelta(days=1)
    transaction.on_commit(lambda: _reminder_schedule(tenant_id, due))
    return shift


def _reminder_schedule(tenant_id: int, due: dt.datetime) -> None:
    """Queue the day-before reminders for when they are due, where the task backend can
    wait (the database backend of the worker can; the daily ``coproduce coproducers
    remind`` covers the others)."""
    from django_tasks import default_task_backend

    from .tasks import shift_reminders_run

    if default_task_backend.supports_defer and due > timezone.now():
        shift_reminders_run.using(run_after=due).enqueue(tenant_id=tenant_id)


def opportunity_status_set(
    *, opportunity: Opportunity, actor: Actor, status: str
) -> Opportunity:
    if status not in Opportunity.Status.values:
        raise DomainError(_("Unknown status."), field="status")
    return instance_update(
        opportunity,
        actor=actor.user,
        action=f"opportunity.{status}",
        values={"status": status},
    )


# What the opportunity's texts give each of its shifts' activities.
ACTIVITY_OF_OPPORTUNITY = {
    "title": "title",
    "place": "place",
    "description": "description",
    "level": "level",
}
OPPORTUNITY_EDITABLE = frozenset(OPPORTUNITY_FIELDS) - {"initiative"}


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    actor: Actor,
    skills=None,
    translations: i18n.Versions | None = None,
    **values: Any,
) -> Opportunity:
    """Change what the opportunity says. Its upcoming shifts follow: their activities
    take the new title, place, description and level, and those that had the old
    number of places the new one (fewer than already have a place is refused; more
    lets the first waiting in)."""
    if unknown := set(values) - OPPORTUNITY_EDITABLE:
        raise DomainError(
            _("These cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "languages" in values:
        values["languages"] = _languages_check(values["languages"] or [])
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    i18n.translations_validate(
        translations or {}, opportunity.tenant, language=values.get("content_language")
    )
    old_capacity = opportunity.capacity
    opportunity = instance_update(
        opportunity, actor=actor.user, action="opportunity.changed", values=values
    )
    i18n.versions_save(
        opportunity, translations, actor=actor.user, action="opportunity.translated"
    )
    if skills is not None:
        ids = _skills_check(opportunity.tenant_id, skills)
        if sorted(ids) != sorted(opportunity.skills.values_list("pk", flat=True)):
            opportunity.skills.set(ids)
            event_record(
                obj=opportunity,
                action="opportunity.skills",
                actor=actor.user,
                data={"skills": sorted(ids)},
            )
    upcoming = list(
        Shift.objects.select_for_update()
        .filter(opportunity=opportunity, cancelled=False, starts_at__gt=timezone.now())
        .select_related("activity", "opportunity")
    )
    texts = {
        to: getattr(opportunity, name)
        for name, to in ACTIVITY_OF_OPPORTUNITY.items()
        if name in values
    }
    for shift in upcoming:
        if texts and any(getattr(shift.activity, k) != v for k, v in texts.items()):
            activity_update(activity=shift.activity, actor=actor.user, **texts)
        if shift.capacity == old_capacity != opportunity.capacity:
            _capacity_set(shift, opportunity.capacity, actor=actor)
    return opportunity


def _capacity_set(shift: Shift, capacity: int, *, actor: Actor) -> None:
    """New places on the locked ``shift``: never fewer than have one; the waiting move
    up into new ones."""
    taken = _confirmed(shift)
    if capacity < taken:
        raise DomainError(
            _(
                "%(n)s people already have a place on %(shift)s: it cannot have fewer "
                "places."
            )
            % {"n": taken, "shift": _shift_label(shift)},
            field="capacity",
        )
    instance_update(
        shift, actor=actor.user, action="shift.changed", values={"capacity": capacity}
    )
    while _promote(shift, actor=actor) is not None:
        pass


@transaction.atomic
def shift_update(
    *,
    shift: Shift,
    actor: Actor,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    capacity: int | None = None,
) -> Shift:
    """Move a shift or change its places. Its activity moves with it; whoever has a
    place or waits is told it moved."""
    shift = _lock(shift)
    if shift.cancelled:
        raise DomainError(_("This shift is cancelled."))
    starts = starts_at or shift.starts_at
    ends = ends_at or shift.ends_at
    if ends <= starts:
        raise DomainError(_("A shift ends after it starts."), field="ends_at")
    if not dt.timedelta(minutes=15) <= ends - starts <= dt.timedelta(hours=24):
        raise DomainError(
            _("A shift lasts from 15 minutes to 24 hours."), field="ends_at"
        )
    moved = (starts, ends) != (shift.starts_at, shift.ends_at)
    if moved:
        if SignUp.objects.filter(
            shift=shift, attendance=SignUp.Attendance.PRESENT
        ).exists():
            raise DomainError(
                _("People have been checked in to this shift: it cannot move.")
            )
        shift = instance_update(
            shift,
            actor=actor.user,
            action="shift.moved",
            values={"starts_at": starts, "ends_at": ends, "reminded_at": None},
        )
        activity_update(
            activity=shift.activity, actor=actor.user, starts_at=starts, ends_at=ends
        )
        tenant_id, due = shift.tenant_id, starts - dt.timedelta(days=1)
        transaction.on_commit(lambda: _reminder_schedule(tenant_id, due))
    if capacity is not None and capacity != shift.capacity:
        _capacity_set(shift, capacity, actor=actor)
    if moved:
        when = timezone.localtime(starts)
        for signup in SignUp.objects.filter(
            shift=shift, status__in=[SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED]
        ).select_related("person"):
            notify(
                person=signup.person,
                kind=Notification.Kind.CHANGED,
                params={
                    "shift": shift.opportunity.title,
                    "when": f"{when:%d.%m.%Y %H:%M}",
                },
                url=_url(
                    shift.opportunity.tenant,
                    "opportunity-detail",
                    pk=shift.opportunity_id,
                ),
            )
    return shift


@transaction.atomic
def shift_cancel(*, shift: Shift, actor: Actor, reason: str = "") -> int:
    """Cancel a shift: the sign-ups are closed (kept, as cancelled) and everyone who had
    a place or waited is told, with the reason. Returns how many were told."""
    shift = _lock(shift)
    if shift.cancelled:
        raise DomainError(_("This shift is already cancelled."))
    if SignUp.objects.filter(
        shift=shift, attendance=SignUp.Attendance.PRESENT
    ).exists():
        raise DomainError(
            _("People have been checked in to this shift: it cannot be cancelled.")
        )
    shift = instance_update(
        shift, actor=actor.user, action="shift.cancelled", values={"cancelled": True}
    )
    open_ = list(
        SignUp.objects.filter(
            shift=shift, status__in=[SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED]
        ).select_related("person")
    )
    for signup in open_:
        instance_update(
            signup,
            actor=actor.user,
            action="signup.cancelled",
            values={"status": SignUp.Status.CANCELLED},
        )
        notify(
            person=signup.person,
            kind=Notification.Kind.CANCELLED,
            params={"shift": _shift_label(shift), "reason": reason.strip()},
            url=_url(
                shift.opportunity.tenant, "opportunity-detail", pk=shift.opportunity_id
            ),
        )
    return len(open_)


# Sign-up, withdrawal, the waiting list --------------------------------------------------


def _lock(shift: Shift) -> Shift:
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related("opportunity__tenant")
        .get(pk=shift.pk)
    )


def _confirmed(shift: Shift) -> int:
    return SignUp.objects.filter(shift=shift, status=SignUp.Status.CONFIRMED).count()


@transaction.atomic
def shift_sign_up(*, shift: Shift, actor: Actor) -> SignUp:
    """Take a place on ``shift``, or the next place on its waiting list when it is full."""
    person = actor.person
    if person is None:
        raise DomainError(_("Your account is not linked to a person in this tenant."))
    emails = email_kinds_of(person)  # asked before the lock: it does not need it
    shift = _lock(shift)
    if not opportunity_open_to(actor, shift.opportunity):
        raise DomainError(_("This opportunity is not open to you."))
    return _sign_up(
        shift,
        person=person,
        role=ACTOR_ROLE_OF.get(actor.role or "", "volunteer"),
        actor=actor,
        already=_("You have already signed up for this shift."),
        emails=emails,
    )


@transaction.atomic
def shift_sign_up_for(*, shift: Shift, actor: Actor, person: Person) -> SignUp:
    """A coordinator signs ``person`` up (someone who phoned): the same places and
    waiting list as signing up oneself, in the role the person has in the tenant."""
    if person.tenant_id != shift.tenant_id:
        raise DomainError(_("That person is not in this tenant."), field="person")
    role = roles_of([person]).get(person.pk, ActorRole.VOLUNTEER)
    emails = email_kinds_of(person)
    shift = _lock(shift)
    if shift.opportunity.status != Opportunity.Status.PUBLISHED:
        raise DomainError(_("The opportunity is not open for sign-up."))
    return _sign_up(
        shift,
        person=person,
        role=role,
        actor=actor,
        already=_("%(person)s has already signed up for this shift.")
        % {"person": person},
        emails=emails,
    )


def _sign_up(
    shift: Shift,
    *,
    person: Person,
    role: str,
    actor: Actor,
    already: str,
    emails: frozenset[str],
) -> SignUp:
    """The place or the waiting list for ``person`` on the locked ``shift``.

    Every statement here runs while the shift's row is locked, and every other sign-up
    for the shift waits for this one's commit: so only what needs the lock is here
    (the person's email choices are asked before), and the writes take no savepoints
    (``savepoint=False``: an error rolls back the caller's whole transaction, as it
    would anyway). The count of places is a statement of its own after the lock: in
    READ COMMITTED it sees every sign-up committed before the lock was granted (a
    count in the locking statement would not)."""
    if shift.cancelled or shift.starts_at <= timezone.now():
        raise DomainError(_("This shift can no longer be signed up for."))
    now = timezone.now()
    # the places taken and the person's earlier sign-up, if any, in one query
    seen = SignUp.objects.filter(shift=shift).aggregate(
        confirmed=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED)),
        mine=Max("pk", filter=Q(person=person)),
    )
    full = seen["confirmed"] >= shift.capacity
    status = SignUp.Status.WAITLISTED if full else SignUp.Status.CONFIRMED
    signup = None if seen["mine"] is None else SignUp.objects.get(pk=seen["mine"])
    if signup is not None and signup.status != SignUp.Status.WITHDRAWN:
        raise DomainError(already)
    action = f"signup.{status}"
    if signup is None:
        signup = instance_save(
            SignUp(
                tenant_id=shift.tenant_id,
                shift=shift,
                person=person,
                role=role,
                status=status,
                queued_at=now,
            ),
            actor=actor.user,
            action=action,
            fields=["shift", "person", "role", "status"],
            # asked above, under the shift's lock (the constraint still guards it)
            checked=("signup_unique_person",),
            known=("tenant", "shift", "person"),
            savepoint=False,
        )
    else:
        signup = instance_update(
            signup,
            actor=actor.user,
            action=action,
            values={"status": status, "queued_at": now},
            savepoint=False,
        )
    kind = Notification.Kind.WAITLISTED if full else Notification.Kind.CONFIRMED
    notify(
        person=person,
        kind=kind,
        params={"shift": _shift_label(shift)},
        url=_url(
            shift.opportunity.tenant, "opportunity-detail", pk=shift.opportunity_id
        ),
        emails=emails,
    )
    return signup


def roles_of(people) -> dict[int, str]:
    """The actor role each person takes part in, from their role in the tenant (one
    query for all; people without an account, or staff, are not in it)."""
    from coproduce.tenancy.models import TenantMembership

    by_user = {p.user_id: p.pk for p in people if p.user_id}
    if not by_user:
        return {}
    rows = TenantMembership.objects.filter(
        tenant_id=next(iter(people)).tenant_id, user_id__in=list(by_user)
    ).values_list("user_id", "role")
    return {
        by_user[user]: ACTOR_ROLE_OF[role]
        for user, role in rows
        if role in ACTOR_ROLE_OF
    }


@transaction.atomic
def shift_withdraw(*, shift: Shift, actor: Actor) -> SignUp:
    """Give up one's place (or place in the queue); the first waiting takes it."""
    shift = _lock(shift)
    signup = SignUp.objects.filter(
        shift=shift,
        person=actor.person,
        status__in=[SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED],
    ).first()
    if signup is None:
        raise DomainError(_("You have not signed up for this shift."))
    if signup.attendance != SignUp.Attendance.EXPECTED:
        raise DomainError(_("Attendance has already been recorded."))
    was_confirmed = signup.status == SignUp.Status.CONFIRMED
    signup = instance_update(
        signup,
        actor=actor.user,
        action="signup.withdrawn",
        values={"status": SignUp.Status.WITHDRAWN},
    )
    if was_confirmed:
        _promote(shift, actor=actor)
    return signup


def _promote(shift: Shift, *, actor: Actor) -> SignUp | None:
    """Move the first on the waiting list up while there is a free place (the shift is
    locked by the caller)."""
    if _confirmed(shift) >= shift.capacity:
        return None
    first = (
        SignUp.objects.filter(shift=shift, status=SignUp.Status.WAITLISTED)
        .select_related("person")
        .order_by("queued_at", "id")
        .first()
    )
    if first is None:
        return None
    first = instance_update(
        first,
        actor=actor.user,
        action="signup.promoted",
        values={"status": SignUp.Status.CONFIRMED},
    )
    notify(
        person=first.person,
        kind=Notification.Kind.PROMOTED,
        params={"shift": _shift_label(shift)},
        url=_url(
            shift.opportunity.tenant, "opportunity-detail", pk=shift.opportunity_id
        ),
    )
    return first


def _shift_label(shift: Shift) -> str:
    starts = timezone.localtime(shift.starts_at)
    return f"{shift.opportunity.title}, {starts:%d.%m.%Y %H:%M}"


# Attendance -----------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, signup: SignUp, actor: Actor, present: bool, by_self: bool = False
) -> SignUp:
    """Record that the person came (a participation of the shift's activity, with the
    shift's hours, in their role: the profile counts it) or did not. The shift is locked
    first, as every change of its roster locks it (``attendance_add``), so that two at
    once wait for each other rather than deadlock."""
    list(Shift.objects.select_for_update().filter(pk=signup.shift_id).values("pk"))
    signup = (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("shift__activity", "person")
        .get(pk=signup.pk)
    )
    if signup.status != SignUp.Status.CONFIRMED:
        raise DomainError(_("Only confirmed sign-ups are checked in."))
    attendance = SignUp.Attendance.PRESENT if present else SignUp.Attendance.NO_SHOW
    if signup.attendance == attendance:
        return signup
    values: dict[str, Any] = {"attendance": attendance}
    recorded = signup.participation_id
    if (
        not present
        and recorded
        and Claim.objects.filter(
            participation_id=recorded, status=Claim.Status.VERIFIED
        ).exists()
    ):
        raise DomainError(
            _("Verified hours were added to this attendance: it cannot be undone here.")
        )
    if present:
        values["checked_in_at"] = timezone.now()
        values["self_checked_in"] = by_self
        values["participation"] = _participation_for(signup, actor=actor)
    else:
        values |= {"checked_in_at": None, "participation": None}
    signup = instance_update(
        signup,
        actor=actor.user,
        action="signup.present" if present else "signup.no_show",
        values=values,
    )
    if not present and recorded:
        participation_remove(
            participation=Participation.objects.get(pk=recorded), actor=actor.user
        )
    return signup


def _participation_for(signup: SignUp, *, actor: Actor) -> Participation:
    shift = signup.shift
    existing = Participation.objects.filter(
        activity=shift.activity, person=signup.person, role=signup.role
    ).first()
    if existing is not None:
        return existing
    return participation_add(
        activity=shift.activity,
        actor=actor.user,
        person=signup.person,
        role=signup.role,
        hours=shift.hours,
    )


def checkin_by_code(*, actor: Actor, code: str, shift: Shift | None = None) -> SignUp:
    """Check oneself in with the code shown at the venue, from an hour before the shift
    until its end (only on ``shift`` where given: the API names it)."""
    now = timezone.now()
    code = code.strip().upper()
    on_shift = {"shift": shift} if shift is not None else {}
    signup = (
        SignUp.objects.filter(
            **on_shift,
            tenant=actor.tenant,
            person=actor.person,
            status=SignUp.Status.CONFIRMED,
            shift__checkin_code=code,
            shift__starts_at__lte=now + CHECKIN_EARLY,
            shift__ends_at__gte=now,
        )
        .select_related("shift")
        .first()
        if actor.person is not None and code
        else None
    )
    if signup is None:
        raise DomainError(
            _(
                "That code does not match a shift you have a place on now. Check the "
                "code, or ask the coordinator to check you in."
            ),
            field="code",
        )
    return attendance_record(signup=signup, actor=actor, present=True, by_self=True)


@transaction.atomic
def shift_attendance_close(*, shift: Shift, actor: Actor) -> int:
    """Whoever is still expected did not come; returns how many."""
    shift = _lock(shift)
    expected = list(
        SignUp.objects.filter(
            shift=shift,
            status=SignUp.Status.CONFIRMED,
            attendance=SignUp.Attendance.EXPECTED,
        )
    )
    for signup in expected:
        attendance_record(signup=signup, actor=actor, present=False)
    return len(expected)


class AttendanceRefused(DomainError):
    """Attendance to add was refused whole; ``problems`` names what is wrong, where (the
    line of a pasted list or a sheet), the first ``MAX_PROBLEMS`` of ``total``."""

    def __init__(self, problems: list[str], *, total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__(" ".join(problems))


@dataclass(frozen=True)
class Attendee:
    """One person to record as present: their role and hours where given (else their
    role in the tenant and the shift's hours), and where they came from (``line`` of a
    pasted list or sheet; 0 for a pick)."""

    person: Person
    role: str = ""
    hours: Decimal | None = None
    line: int = 0


def _same_tenant(attendees: list[Attendee], tenant_id: int) -> None:
    if any(a.person.tenant_id != tenant_id for a in attendees):
        raise DomainError(_("That person is not in this tenant."), field="person")


def _at(line: int, text: str) -> str:
    if not line:
        return text
    return _("Line %(line)s: %(problem)s") % {"line": line, "problem": text}


@transaction.atomic
def attendance_add(
    *, shift: Shift, actor: Actor, attendees: list[Attendee]
) -> list[SignUp]:
    """Record many people as present on ``shift`` at once (picked on the roster, pasted,
    or read from a sign-in sheet): each gets a confirmed sign-up marked present and a
    participation of the shift's activity, in their role, with the shift's hours unless
    others are given: what checking in records. Walk-ins count though the shift was
    full: they came. All or nothing: one refused line refuses the lot, every problem
    named. A constant number of statements, however many people."""
    if not attendees:
        raise DomainError(_("Choose or list at least one person."))
    _same_tenant(attendees, shift.tenant_id)
    shift = _lock(shift)
    if shift.cancelled:
        raise DomainError(_("This shift is cancelled."))
    if shift.starts_at > timezone.now() + CHECKIN_EARLY:
        raise DomainError(
            _("Attendance is recorded from an hour before the shift starts.")
        )
    problems = Problems(AttendanceRefused)
    people = [a.person for a in attendees]
    roles = roles_of(people)
    # locked, as ``attendance_record`` locks the one it checks in: a click on the roster
    # at the same moment waits, then finds the person present
    signups = {
        s.person_id: s
        for s in SignUp.objects.select_for_update().filter(
            shift=shift, person__in=people
        )
    }
    recorded = set(
        Participation.objects.filter(
            activity_id=shift.activity_id, person__in=people
        ).values_list("person_id", "role")
    )
    first_line: dict[int, int] = {}
    rows = []
    for a in attendees:
        pk = a.person.pk
        signup = signups.get(pk)
        role = (
            a.role
            or (signup.role if signup is not None else "")
            or roles.get(pk, ActorRole.VOLUNTEER)
        )
        if pk in first_line:
            problems.add(
                _at(
                    a.line,
                    _("%(person)s is listed twice.") % {"person": a.person},
                ),
                line=a.line,
            )
            continue
        first_line[pk] = a.line
        if signup is not None and signup.attendance == SignUp.Attendance.PRESENT:
            problems.add(
                _at(
                    a.line,
                    _("%(person)s is already checked in.") % {"person": a.person},
                ),
                line=a.line,
            )
        elif (pk, role) in recorded:
            problems.add(
                _at(
                    a.line,
                    _("%(person)s is already recorded in this activity in that role.")
                    % {"person": a.person},
                ),
                line=a.line,
            )
        rows.append((a, signup, role))
    problems.raise_any()
    now = timezone.now()
    activity = shift.activity
    participations = Participation.objects.bulk_create(
        Participation(
            tenant_id=shift.tenant_id,
            initiative_id=activity.initiative_id,
            activity=activity,
            person=a.person,
            role=role,
            hours=shift.hours if a.hours is None else a.hours,
        )
        for a, _signup, role in rows
    )
    events_record(
        objs=participations,
        action="participation.added",
        actor=actor.user,
        fields=["activity", "person", "role", "hours"],
    )
    present = {
        "status": SignUp.Status.CONFIRMED,
        "attendance": SignUp.Attendance.PRESENT,
        "checked_in_at": now,
        "self_checked_in": False,
    }
    new, changed = [], []
    for (a, signup, role), participation in zip(rows, participations, strict=True):
        if signup is None:
            new.append(
                SignUp(
                    tenant_id=shift.tenant_id,
                    shift=shift,
                    person=a.person,
                    role=role,
                    queued_at=now,
                    participation=participation,
                    **present,
                )
            )
        else:
            for name, value in {**present, "role": role}.items():
                setattr(signup, name, value)
            signup.participation = participation
            changed.append(signup)
    try:
        with transaction.atomic():
            SignUp.objects.bulk_create(new)
    except IntegrityError:  # someone signed up at this very moment
        raise DomainError(
            _("The roster changed meanwhile: look at it again and repeat.")
        ) from None
    SignUp.objects.bulk_update(
        changed, [*present, "role", "participation"], batch_size=500
    )
    events_record(
        objs=[*new, *changed],
        action="signup.present",
        actor=actor.user,
        fields=["person", "role", "status", "attendance", "participation"],
    )
    return [*new, *changed]


@transaction.atomic
def activity_attendance_add(
    *, activity: Activity, actor: Actor, attendees: list[Attendee]
) -> list[Participation]:
    """Many participations of any activity at once, as ``attendance_add`` records them
    for a shift (a shift's activity goes through its shift, so its sign-ups agree): in
    each person's role (given, else their role in the tenant, else resident) with the
    activity's length unless hours are given. All or nothing, every problem named."""
    if not attendees:
        raise DomainError(_("Choose or list at least one person."))
    _same_tenant(attendees, activity.tenant_id)
    shift = Shift.objects.filter(activity=activity).first()
    if shift is not None:
        signups = attendance_add(shift=shift, actor=actor, attendees=attendees)
        return [s.participation for s in signups if s.participation is not None]
    length = None
    if activity.ends_at is not None:
        seconds = Decimal((activity.ends_at - activity.starts_at).total_seconds())
        length = (seconds / Decimal(3600)).quantize(Decimal("0.01"))
    people = [a.person for a in attendees]
    roles = roles_of(people)
    recorded = set(
        Participation.objects.filter(activity=activity, person__in=people).values_list(
            "person_id", "role"
        )
    )
    problems = Problems(AttendanceRefused)
    seen: set[int] = set()
    rows = []
    for a in attendees:
        role = a.role or roles.get(a.person.pk, ActorRole.RESIDENT)
        hours = a.hours if a.hours is not None else length
        if a.person.pk in seen:
            problems.add(
                _at(a.line, _("%(person)s is listed twice.") % {"person": a.person}),
                line=a.line,
            )
            continue
        seen.add(a.person.pk)
        if (a.person.pk, role) in recorded:
            problems.add(
                _at(
                    a.line,
                    _("%(person)s is already recorded in this activity in that role.")
                    % {"person": a.person},
                ),
                line=a.line,
            )
        if hours is None:
            problems.add(
                _at(
                    a.line,
                    _("Give the hours of %(person)s: the activity has no end time.")
                    % {"person": a.person},
                ),
                line=a.line,
            )
            continue
        rows.append((a.person, role, hours))
    problems.raise_any()
    participations = Participation.objects.bulk_create(
        Participation(
            tenant_id=activity.tenant_id,
            initiative_id=activity.initiative_id,
            activity=activity,
            person=person,
            role=role,
            hours=hours,
        )
        for person, role, hours in rows
    )
    events_record(
        objs=participations,
        action="participation.added",
        actor=actor.user,
        fields=["activity", "person", "role", "hours"],
    )
    return participations


# Claims: hours and contributions reported by the co-producer ----------------------------


def _took_part(person: Person, activity: Activity) -> bool:
    return (
        Participation.objects.filter(activity=activity, person=person).exists()
        or SignUp.objects.filter(
            shift__activity=activity, person=person, status=SignUp.Status.CONFIRMED
        ).exists()
    )


CLAIM_FIELDS = [
    "activity",
    "kind",
    "role",
    "hours",
    "contribution_kind",
    "description",
    "date",
    "estimated_value",
    "status",
]


@transaction.atomic
def claim_submit(*, actor: Actor, activity: Activity, **values: Any) -> Claim:
    """Report hours or a contribution in kind for an activity one took part in: it waits
    for a professional's verification and counts nowhere until then."""
    person = actor.person
    if person is None:
        raise DomainError(_("Your account is not linked to a person in this tenant."))
    if not _took_part(person, activity):
        raise DomainError(
            _("You can report only for activities you took part in."),
            field="activity",
        )
    if activity.starts_at > timezone.now():
        raise DomainError(_("This activity has not happened yet."), field="activity")
    values.setdefault("date", timezone.localtime(activity.starts_at).date())
    if values.get("kind") == Claim.Kind.IN_KIND:
        values["hours"] = None
    return instance_save(
        Claim(
            tenant_id=activity.tenant_id,
            person=person,
            initiative_id=activity.initiative_id,
            activity=activity,
            role=ACTOR_ROLE_OF.get(actor.role or "", "volunteer"),
            **values,
        ),
        actor=actor.user,
        action="claim.submitted",
        fields=CLAIM_FIELDS,
    )


def _claim_lock(claim: Claim, to: str) -> Claim:
    claim = (
        Claim.objects.select_for_update()
        .select_related("activity", "person")
        .get(pk=claim.pk)
    )
    if to not in Claim.TRANSITIONS[Claim.Status(claim.status)]:
        raise DomainError(
            _("This report is %(status)s and cannot be changed that way.")
            % {"status": claim.get_status_display().lower()}
        )
    return claim


@transaction.atomic
def claim_verify(*, claim: Claim, actor: Actor) -> Claim:
    """Accept a report: hours become (or add to) the person's participation in the
    activity, a contribution in kind becomes a contribution of the initiative."""
    claim = _claim_lock(claim, Claim.Status.VERIFIED)
    if claim.person_id == getattr(actor.person, "pk", None):
        raise DomainError(_("Someone else verifies what you reported yourself."))
    values: dict[str, Any] = {
        "status": Claim.Status.VERIFIED,
        "decided_by": actor.person,
        "decided_at": timezone.now(),
        "reason": "",
    }
    if claim.kind == Claim.Kind.HOURS:
        hours = claim.hours or Decimal("0")
        existing = (
            Participation.objects.select_for_update()
            .filter(activity=claim.activity, person=claim.person, role=claim.role)
            .first()
        )
        if existing is not None:
            values["participation"] = participation_update(
                participation=existing, actor=actor.user, hours=existing.hours + hours
            )
        else:
            values["participation"] = participation_add(
                activity=claim.activity,
                actor=actor.user,
                person=claim.person,
                role=claim.role,
                hours=hours,
            )
    else:
        values["contribution"] = contribution_create(
            initiative=claim.activity.initiative,
            actor=actor.user,
            activity=claim.activity,
            person=claim.person,
            kind=claim.contribution_kind,
            description=claim.description,
            date=claim.date,
            estimated_value=claim.estimated_value,
        )
    claim = instance_update(
        claim, actor=actor.user, action="claim.verified", values=values
    )
    notify(
        person=claim.person,
        kind=Notification.Kind.VERIFIED,
        params={"activity": str(claim.activity)},
        url=_url(claim.activity.initiative.tenant, "my-coproduction"),
    )
    return claim


@transaction.atomic
def claim_return(*, claim: Claim, actor: Actor, reason: str) -> Claim:
    """Send a report back with the reason; the person may correct and resubmit it."""
    if not reason.strip():
        raise DomainError(_("Say why it is returned."), field="reason")
    claim = _claim_lock(claim, Claim.Status.RETURNED)
    claim = instance_update(
        claim,
        actor=actor.user,
        action="claim.returned",
        values={
            "status": Claim.Status.RETURNED,
            "reason": reason.strip(),
            "decided_by": actor.person,
            "decided_at": timezone.now(),
        },
    )
    notify(
        person=claim.person,
        kind=Notification.Kind.RETURNED,
        params={"activity": str(claim.activity), "reason": claim.reason},
        url=_url(claim.activity.initiative.tenant, "my-coproduction"),
    )
    return claim


@transaction.atomic
def claim_resubmit(*, claim: Claim, actor: Actor, **values: Any) -> Claim:
    claim = _claim_lock(claim, Claim.Status.PENDING)
    if claim.person_id != getattr(actor.person, "pk", None):
        raise DomainError(_("Only the person who reported it resubmits it."))
    allowed = {"hours", "description", "estimated_value", "contribution_kind"}
    values = {k: v for k, v in values.items() if k in allowed}
    return instance_update(
        claim,
        actor=actor.user,
        action="claim.resubmitted",
        values={**values, "status": Claim.Status.PENDING},
    )


@transaction.atomic
def claim_withdraw(*, claim: Claim, actor: Actor) -> Claim:
    claim = _claim_lock(claim, Claim.Status.WITHDRAWN)
    if claim.person_id != getattr(actor.person, "pk", None):
        raise DomainError(_("Only the person who reported it withdraws it."))
    return instance_update(
        claim,
        actor=actor.user,
        action="claim.withdrawn",
        values={"status": Claim.Status.WITHDRAWN},
    )


# Notifications --------------------------------------------------------------------------


def email_kinds_of(person: Person) -> frozenset[str]:
    """The kinds of notification ``person`` gets by email too (one query)."""
    kinds = (
        CoproducerProfile.objects.filter(person=person)
        .values_list("email_kinds", flat=True)
        .first()
    )
    return EMAIL_DEFAULT if kinds is None else frozenset(kinds)


def notify(
    *,
    person: Person,
    kind: str,
    params: dict[str, str],
    url: str = "",
    emails: frozenset[str] | None = None,
) -> Notification:
    """Into the person's inbox; by email too where they asked for this kind (queued on
    commit, so a rolled back change sends nothing). ``emails``: the person's
    ``email_kinds_of``, when the caller asked it already."""
    notification = Notification.objects.create(
        tenant_id=person.tenant_id, person=person, kind=kind, params=params, url=url
    )
    if emails is None:
        emails = email_kinds_of(person)
    if kind in emails and person.email:
        from .tasks import notification_email_send

        _enqueue_with_change(
            notification_email_send,
            tenant_id=person.tenant_id,
            notification_id=notification.pk,
        )
    return notification


def _enqueue_with_change(task, **kwargs: Any) -> None:
    """Queue ``task`` so that it exists only if the change commits. With the database
    task backend (production's) the task's row is written in the change's own
    transaction: it commits or rolls back with it, and the change costs one commit (one
    fsync) instead of two (bench/coproducers.py). Any other backend: on commit."""
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


# What reaches a person by email until they choose: what needs them to act or plan.
EMAIL_DEFAULT = frozenset(
    {
        Notification.Kind.CONFIRMED,
        Notification.Kind.PROMOTED,
        Notification.Kind.REMINDER,
        Notification.Kind.RETURNED,
    }
)


def notifications_read(*, person: Person) -> int:
    return Notification.objects.filter(person=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# The profile the person controls --------------------------------------------------------


def profile_get_or_create(*, person: Person) -> CoproducerProfile:
    profile = CoproducerProfile.objects.filter(person=person).first()
    if profile is None:
        profile = CoproducerProfile.objects.create(
            tenant_id=person.tenant_id,
            person=person,
            email_kinds=sorted(EMAIL_DEFAULT),
        )
    return profile


AREA = re.compile(r"^[0-9A-Za-z]{2,10}$")


@transaction.atomic
def profile_update(
    *,
    actor: Actor,
    consent: bool,
    skills=(),
    languages=(),
    availability=None,
    email_kinds=(),
    area: str | None = None,
    callout_ok: bool | None = None,
) -> CoproducerProfile:
    """Save what the person gives about themselves. Skills, languages, availability (and
    its exceptions) and the postcode area are kept only with their consent; withdrawing
    it erases them (the record of consent stays: when it was given and withdrawn).
    Whether they may be called out is theirs to say either way."""
    if actor.person is None:
        raise DomainError(_("Your account is not linked to a person in this tenant."))
    profile = profile_get_or_create(person=actor.person)
    kinds = [k for k in email_kinds if k in Notification.Kind.values]
    now = timezone.now()
    values: dict[str, Any] = {"email_kinds": kinds}
    if callout_ok is not None:
        values["callout_ok"] = bool(callout_ok)
    if consent:
        values |= {
            "languages": _languages_check(list(languages)),
            "availability": availability or {},
        }
        if area is not None:
            area = area.strip().upper()
            if area and not AREA.match(area):
                raise DomainError(
                    _("A postcode area is 2 to 10 letters and digits, e.g. 00100."),
                    field="area",
                )
            values["area"] = area
        if not profile.has_consent:
            values |= {"consent_at": now, "consent_withdrawn_at": None}
        skill_ids = _skills_check(actor.tenant, skills)
    else:
        values |= {"languages": [], "availability": {}, "area": ""}
        if profile.has_consent:
            values["consent_withdrawn_at"] = now
        skill_ids = []
        erased = AvailabilityException.objects.filter(profile=profile).delete()[0]
        if erased:
            event_record(
                obj=profile,
                action="coproducer.exceptions.erased",
                actor=actor.user,
                data={"n": erased},
            )
    profile = instance_update(
        profile, actor=actor.user, action="coproducer.profile.changed", values=values
    )
    before = sorted(profile.skills.values_list("pk", flat=True))
    if sorted(skill_ids) != before:
        profile.skills.set(skill_ids)
        event_record(
            obj=profile,
            action="coproducer.profile.skills",
            actor=actor.user,
            data={"skills": sorted(skill_ids)},
        )
    return profile


@transaction.atomic
def availability_exception_add(
    *,
    actor: Actor,
    starts_on: dt.date,
    ends_on: dt.date,
    available: bool = False,
    note: str = "",
) -> AvailabilityException:
    """Days on which the weekly availability does not hold (a holiday, or extra days);
    kept only with the person's consent, as the availability is."""
    if actor.person is None:
        raise DomainError(_("Your account is not linked to a person in this tenant."))
    profile = profile_get_or_create(person=actor.person)
    if not profile.has_consent:
        raise DomainError(
            _(
                "Give your consent in the profile first: without it we keep no availability."
            )
        )
    return instance_save(
        AvailabilityException(
            tenant_id=profile.tenant_id,
            profile=profile,
            starts_on=starts_on,
            ends_on=ends_on,
            available=available,
            note=note.strip(),
        ),
        actor=actor.user,
        action="coproducer.exception.added",
        fields=["starts_on", "ends_on", "available", "note"],
    )


@transaction.atomic
def availability_exceptions_set(
    *, actor: Actor, exceptions: list[dict[str, Any]]
) -> list[AvailabilityException]:
    """Replace all the person's exceptions with ``exceptions`` (the API's whole list)."""
    if actor.person is None:
        raise DomainError(_("Your account is not linked to a person in this tenant."))
    profile = profile_get_or_create(person=actor.person)
    for old in list(AvailabilityException.objects.filter(profile=profile)):
        instance_delete(old, actor=actor.user, action="coproducer.exception.removed")
    return [availability_exception_add(actor=actor, **e) for e in exceptions]


@transaction.atomic
def availability_exception_remove(
    *, actor: Actor, exception: AvailabilityException
) -> None:
    if exception.profile.person_id != getattr(actor.person, "pk", None):
        raise DomainError(_("Only the person themselves removes it."))
    instance_delete(exception, actor=actor.user, action="coproducer.exception.removed")


@transaction.atomic
def feed_token_renew(*, actor: Actor) -> CoproducerProfile:
    """A new secret calendar address; the old one stops working."""
    from .models import _feed_token

    if actor.person is None:
        raise DomainError(_("Your account is not linked to a person in this tenant."))
    profile = profile_get_or_create(person=actor.person)
    profile.feed_token = _feed_token()
    profile.save(update_fields=["feed_token", "updated_at"])
    event_record(obj=profile, action="coproducer.feed.renewed", actor=actor.user)
    return profile


@transaction.atomic
def skill_create(*, tenant, actor: Actor, name: str, esco_uri: str = "") -> Skill:
    return instance_save(
        Skill(tenant=tenant, name=name, esco_uri=esco_uri),
        actor=actor.user,
        action="skill.created",
        fields=["name", "esco_uri"],
    )


# Reminders ------------------------------------------------------------------------------


def shift_reminders_send(*, tenant, now: dt.datetime | None = None) -> int:
    """Remind everyone with a place on a shift that starts within the next day, once per
    shift; returns how many were reminded."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        shifts = list(
            Shift.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                tenant=tenant,
                cancelled=False,
                reminded_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=now + dt.timedelta(days=1),
            )
            .select_related("opportunity")
        )
        for shift in shifts:
            for signup in SignUp.objects.filter(
                shift=shift, status=SignUp.Status.CONFIRMED
            ).select_related("person"):
                notify(
                    person=signup.person,
                    kind=Notification.Kind.REMINDER,
                    params={
                        "shift": _shift_label(shift),
                        "place": shift.opportunity.place,
                    },
                    url=_url(tenant, "opportunity-detail", pk=shift.opportunity_id),
                )
                count += 1
            shift.reminded_at = now
            shift.save(update_fields=["reminded_at"])
    return count


# What the tenant allows ---------------------------------------------------------------


@transaction.atomic
def settings_set(*, tenant, actor: Actor, teams_visible: bool) -> CoproducerSettings:
    """The tenant's co-producers' settings (a tenant administrator's), with an event."""
    current = (
        CoproducerSettings.objects.select_for_update().filter(tenant=tenant).first()
    )
    if current is None:
        return instance_save(
            CoproducerSettings(tenant=tenant, teams_visible=teams_visible),
            actor=actor.user,
            action="coproducers.settings_changed",
            fields=["teams_visible"],
        )
    return instance_update(
        current,
        actor=actor.user,
        action="coproducers.settings_changed",
        values={"teams_visible": teams_visible},
    )
