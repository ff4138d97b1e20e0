"""Writes of crisis mode: one transaction each, events through core.events, messages
queued on commit.

Places fill first come, first served: accepting a call-out locks the need's row
(``select_for_update``) before counting the confirmed sign-ups of its shift, so two
acceptances of the last place at once cannot both get it: the second waits for the
first's commit, counts again and is told all places are taken. The sign-up itself is the
co-producers' (``coproducers.services.shift_sign_up_for``), which locks the shift and
never confirms beyond its places either.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.cases.ledger import NewEntry, canonical, ledger_append, utc
from coproduce.coproducers import services as cp
from coproduce.coproducers.models import Opportunity, SignUp, Skill
from coproduce.coproducers.vocab import LANGUAGE_CODES
from coproduce.core import i18n
from coproduce.core.errors import DomainError
from coproduce.core.events import event_record
from coproduce.core.services import instance_save, instance_update
from coproduce.initiatives.models import Initiative, Participation
from coproduce.initiatives.services import participation_update
from coproduce.people.models import Person
from coproduce.tenancy.actor import Actor

from .access import POST, STAFF, partner_organisations
from .matching import candidates_rank
from .models import (
    CallOut,
    CrisisCentre,
    Decision,
    Need,
    NeedResident,
    ResidentAccess,
    Review,
)

SIGNING_SALT = "coproduce.crisis.callout"
LINK_MAX_AGE = dt.timedelta(days=14)
AREA = re.compile(r"^[0-9A-Za-z]{2,10}$")
CHUNK = 200  # call-outs per message task


def _user(actor: Actor | None):
    return actor.user if actor is not None else None


def _actor_ref(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.person is not None:
        return f"person:{actor.person.pk}"
    if getattr(actor.user, "pk", None):
        return f"user:{actor.user.pk}"
    return None


# The centre ---------------------------------------------------------------------------


@transaction.atomic
def centre_open(*, initiative: Initiative, actor: Actor) -> CrisisCentre:
    """Switch the initiative into crisis mode (again, if it was once)."""
    actor.require("initiatives.change")
    now = timezone.now()
    centre = (
        CrisisCentre.objects.select_for_update().filter(initiative=initiative).first()
    )
    if centre is None:
        centre = CrisisCentre.objects.create(
            tenant_id=initiative.tenant_id, initiative=initiative, opened_at=now
        )
    elif centre.active:
        return centre
    else:
        centre.active, centre.opened_at, centre.closed_at = True, now, None
        centre.save(update_fields=["active", "opened_at", "closed_at"])
    event_record(obj=centre, action="crisis.opened", actor=_user(actor), data={})
    return centre


@transaction.atomic
def centre_close(*, centre: CrisisCentre, actor: Actor) -> CrisisCentre:
    """Switch crisis mode off: no new needs or call-outs; everything recorded stays
    (needs, call-outs, the shifts' activities and participations, decisions)."""
    actor.require("initiatives.change")
    centre = CrisisCentre.objects.select_for_update().get(pk=centre.pk)
    if not centre.active:
        return centre
    centre.active, centre.closed_at = False, timezone.now()
    centre.save(update_fields=["active", "closed_at"])
    waiting = CallOut.objects.filter(
        need__centre=centre, status=CallOut.Status.SENT
    ).update(status=CallOut.Status.WITHDRAWN)
    event_record(
        obj=centre,
        action="crisis.closed",
        actor=_user(actor),
        data={"withdrawn": waiting},
    )
    return centre


def _active(centre: CrisisCentre) -> None:
    if not centre.active:
        raise DomainError(_("This crisis centre is closed: open it again first."))


# Needs --------------------------------------------------------------------------------


def _languages(codes, field: str) -> list[str]:
    unknown = [c for c in codes if c not in LANGUAGE_CODES]
    if unknown:
        raise DomainError(
            _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)},
            field=field,
        )
    return list(dict.fromkeys(codes))


def _need_check(values: dict[str, Any]) -> None:
    area = (values.get("area") or "").strip().upper()
    if not AREA.match(area):
        raise DomainError(
            _("A postcode area is 2 to 10 letters and digits, e.g. 00100."),
            field="area",
        )
    values["area"] = area
    starts, ends = values["starts_at"], values["ends_at"]
    if starts <= timezone.now():
        raise DomainError(
            _("The window starts in the past: give a time from now on."),
            field="starts_at",
        )
    if ends <= starts:
        raise DomainError(_("A need ends after it starts."), field="ends_at")
    if not dt.timedelta(minutes=15) <= ends - starts <= dt.timedelta(hours=24):
        raise DomainError(
            _("A need's window lasts from 15 minutes to 24 hours."), field="ends_at"
        )
    values["languages"] = _languages(values.get("languages") or [], "languages")
    language = values.get("language") or ""
    if language:
        _languages([language], "language")


@transaction.atomic
def need_post(
    *,
    centre: CrisisCentre,
    actor: Actor,
    skills=(),
    resident: dict[str, str] | None = None,
    translations: i18n.Versions | None = None,
    **values: Any,
) -> Need:
    """Post a need; it gets an opportunity of the centre's initiative with one shift (an
    activity in the delivery stage), on which those who accept are signed up. The
    resident's details, if any, are kept apart (``NeedResident``). ``translations``:
    the title and description in the tenant's other languages (``{field: {language:
    text}}``, coproduce.core.i18n), for the call-out and the pages in each
    volunteer's language; the opportunity gets them too."""
    centre = CrisisCentre.objects.select_related("initiative__tenant").get(pk=centre.pk)
    _active(centre)
    _need_check(values)
    tenant = centre.initiative.tenant
    values["content_language"] = values.get("content_language") or tenant.language
    i18n.translations_validate(
        translations or {}, tenant, language=values["content_language"]
    )
    if not actor.can(STAFF):
        _as_partner(centre, actor, values)
    skill_ids = [getattr(s, "pk", s) for s in skills]
    found = set(
        Skill.objects.filter(tenant_id=centre.tenant_id, pk__in=skill_ids).values_list(
            "pk", flat=True
        )
    )
    if missing := [str(i) for i in skill_ids if i not in found]:
        raise DomainError(
            _("Skill %(ids)s does not exist.") % {"ids": ", ".join(missing)},
            field="skills",
        )
    for key in ("assigned_to", "organisation"):
        obj = values.get(key)
        if obj is not None and obj.tenant_id != centre.tenant_id:
            raise DomainError(_("That is not in this tenant."), field=key)
    need = instance_save(
        Need(
            tenant_id=centre.tenant_id, centre=centre, posted_by=_user(actor), **values
        ),
        actor=_user(actor),
        action="crisis.need.posted",
        fields=[
            "title",
            "area",
            "starts_at",
            "ends_at",
            "people_needed",
            "languages",
            "language",
            "urgency",
            "source",
        ],
    )
    if skill_ids:
        need.skills.set(skill_ids)
    i18n.versions_save(
        need, translations, actor=_user(actor), action="crisis.need.translated"
    )
    minutes = int((need.ends_at - need.starts_at).total_seconds() // 60)
    opportunity = cp.opportunity_create(
        initiative=centre.initiative,
        actor=actor,
        first_starts_at=need.starts_at,
        minutes=minutes,
        title=need.title,
        description=need.description,
        place=need.place or need.area,
        capacity=need.people_needed,
        languages=need.languages,
        skills=skill_ids,
        open_to_volunteers=True,
        status=Opportunity.Status.PUBLISHED,
        content_language=need.content_language,
        translations=translations,
    )
    need.shift = opportunity.shifts.get()
    need.save(update_fields=["shift"])
    if resident and any(
        (resident.get(k) or "").strip() for k in ("name", "phone", "address")
    ):
        if not (resident.get("name") or "").strip():
            raise DomainError(_("Give the resident's name."), field="resident_name")
        NeedResident.objects.create(
            tenant_id=need.tenant_id,
            need=need,
            name=resident["name"].strip()[:200],
            phone=(resident.get("phone") or "").strip()[:40],
            address=(resident.get("address") or "").strip()[:300],
        )
        event_record(
            obj=need, action="crisis.resident.recorded", actor=_user(actor), data={}
        )
    return need


def _as_partner(centre: CrisisCentre, actor: Actor, values: dict[str, Any]) -> None:
    """A partner organisation's staff member posts as that organisation (one of the
    centre's current partners they work for), source "partner", assigned to nobody
    (the centre's staff assign it)."""
    actor.require(POST)
    allowed = list(partner_organisations(actor, centre))
    organisation = values.get("organisation")
    if organisation is None and len(allowed) == 1:
        organisation = allowed[0]
    if organisation is None or organisation.pk not in {o.pk for o in allowed}:
        raise DomainError(
            _(
                "Choose the partner organisation of this centre you post the need for: "
                "one you work for."
            ),
            field="organisation",
        )
    values.update(
        organisation=organisation, source=Need.Source.PARTNER, assigned_to=None
    )


@transaction.atomic
def need_assign(*, need: Need, actor: Actor, person: Person | None) -> Need:
    if person is not None and person.tenant_id != need.tenant_id:
        raise DomainError(_("That person is not in this tenant."), field="assigned_to")
    return instance_update(
        need,
        actor=_user(actor),
        action="crisis.need.assigned",
        values={"assigned_to": person},
    )


@transaction.atomic
def need_close(*, need: Need, actor: Actor) -> Need:
    """Close the need: nobody else is asked; call-outs still waiting are withdrawn; who
    was deployed stays deployed (their sign-ups and participations are kept)."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status == Need.Status.CLOSED:
        return need
    CallOut.objects.filter(need=need, status=CallOut.Status.SENT).update(
        status=CallOut.Status.WITHDRAWN
    )
    need = instance_update(
        need,
        actor=_user(actor),
        action="crisis.need.closed",
        values={
            "status": Need.Status.CLOSED,
            "closed_at": timezone.now(),
            "escalate_at": None,
        },
    )
    if need.shift is not None:
        Opportunity.objects.filter(pk=need.shift.opportunity_id).update(
            status=Opportunity.Status.CLOSED
        )
    if NeedResident.objects.filter(need=need).exists():
        closed = need.closed_at or timezone.now()
        due = closed + dt.timedelta(days=resident_retention_days())
        tenant_id, need_id = need.tenant_id, need.pk
        transaction.on_commit(lambda: _erasure_queue(tenant_id, need_id, due))
    return need


def _erasure_queue(tenant_id: int, need_id: int, due: dt.datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import residents_erase

    if default_task_backend.supports_defer:
        residents_erase.using(run_after=due).enqueue(tenant_id=tenant_id)


# The resident's details: retention and erasure ----------------------------------------


def resident_retention_days() -> int:
    """Days after a need closes before its resident's details are erased (the
    setting ``COPRODUCE_CRISIS_RESIDENT_DAYS``, default 30)."""
    return max(0, int(getattr(settings, "COPRODUCE_CRISIS_RESIDENT_DAYS", 30)))


@transaction.atomic
def resident_erase(*, need: Need, actor: Actor | None, reason: str) -> bool:
    """Erase the need's resident details (name, phone, address): the row goes; the
    need keeps when (``resident_erased_at``), and an event ``crisis.resident.erased``
    says why (``retention`` or ``request``) and who. The log of reads stays (it holds no
    details). Answers whether there was anything to erase."""
    resident = NeedResident.objects.select_for_update().filter(need=need).first()
    if resident is None:
        return False
    resident.delete()
    now = timezone.now()
    Need.objects.filter(pk=need.pk).update(resident_erased_at=now)
    need.resident_erased_at = now
    event_record(
        obj=need,
        action="crisis.resident.erased",
        actor=_user(actor),
        data={"reason": reason},
    )
    return True


def residents_erase_due(
    *, tenant, days: int | None = None, now: dt.datetime | None = None
) -> int:
    """Erase the resident details of the tenant's needs closed at least ``days``
    (default: the setting) ago; answers how many were erased. Each erasure is its own
    transaction and event."""
    days = resident_retention_days() if days is None else max(0, days)
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    due = Need.objects.filter(
        tenant=tenant,
        status=Need.Status.CLOSED,
        closed_at__lte=cutoff,
        pk__in=NeedResident.objects.filter(tenant=tenant).values("need_id"),
    ).order_by("pk")
    return sum(
        resident_erase(need=need, actor=None, reason="retention") for need in due
    )


def resident_read(*, need: Need, actor: Actor, channel: str) -> NeedResident | None:
    """The need's resident details, logged (a ``ResidentAccess`` row and an audit
    event). The caller has checked ``access.resident_allowed``."""
    resident = NeedResident.objects.filter(need=need).first()
    if resident is None:
        return None
    with transaction.atomic():
        ResidentAccess.objects.create(
            tenant_id=need.tenant_id,
            need=need,
            user=actor.user if getattr(actor.user, "pk", None) else None,
            channel=channel[:40],
        )
        event_record(
            obj=need,
            action="crisis.resident.read",
            actor=_user(actor),
            data={"channel": channel},
        )
    return resident


# Call-outs ----------------------------------------------------------------------------


def callout_link_token(callout: CallOut) -> str:
    return signing.dumps(
        {"t": callout.tenant_id, "c": callout.pk}, salt=SIGNING_SALT, compress=True
    )


def callout_by_token(token: str) -> CallOut | None:
    from django_scopes import scopes_disabled

    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    with scopes_disabled():
        return (
            CallOut.objects.filter(tenant_id=data.get("t"), pk=data.get("c"))
            .select_related("need__centre__initiative", "need__shift", "person")
            .first()
        )


def _places_taken(need: Need) -> int:
    if not need.shift_id:
        return 0
    return SignUp.objects.filter(
        shift_id=need.shift_id, status=SignUp.Status.CONFIRMED
    ).count()


@transaction.atomic
def callout_send(
    *, need: Need, actor: Actor | None, n: int | None = None
) -> list[CallOut]:
    """Ask the next ``n`` best candidates not asked yet (default: the centre's factor
    times the places still open); their email and text message are queued on commit, and
    the need escalates to the next ones at the centre's deadline."""
    need = (
        Need.objects.select_for_update(of=("self",))
        .select_related("centre")
        .get(pk=need.pk)
    )
    _active(need.centre)
    if need.status != Need.Status.OPEN:
        raise DomainError(_("This need is not open."))
    open_places = need.people_needed - _places_taken(need)
    if open_places <= 0:
        raise DomainError(_("All places of this need are taken."))
    if n is None:
        n = open_places * need.centre.callout_factor
    if not 1 <= n <= 5000:
        raise DomainError(_("Ask from 1 to 5,000 people at a time."), field="n")
    candidates = candidates_rank(need, limit=n, exclude_asked=True)
    now = timezone.now()
    last_round = max(
        CallOut.objects.filter(need=need).values_list("round", flat=True), default=0
    )
    made = CallOut.objects.bulk_create(
        [
            CallOut(
                tenant_id=need.tenant_id,
                need=need,
                person_id=c.person_id,
                round=last_round + 1,
                rank=c.rank,
                sent_at=now,
            )
            for c in candidates
        ]
    )
    values: dict[str, Any] = {
        "escalate_at": now + dt.timedelta(minutes=need.centre.escalate_after)
    }
    if need.first_callout_at is None:
        values["first_callout_at"] = now
    Need.objects.filter(pk=need.pk).update(**values)
    event_record(
        obj=need,
        action="crisis.callout.sent",
        actor=_user(actor),
        data={"round": last_round + 1, "people": [c.person_id for c in candidates]},
    )
    tenant_id, ids, due = need.tenant_id, [c.pk for c in made], values["escalate_at"]
    transaction.on_commit(lambda: _messages_queue(tenant_id, ids, need.pk, due))
    return made


def _messages_queue(
    tenant_id: int, ids: list[int], need_id: int, due: dt.datetime
) -> None:
    from django_tasks import default_task_backend

    from .tasks import callout_messages_send, need_escalate

    for i in range(0, len(ids), CHUNK):
        callout_messages_send.enqueue(
            tenant_id=tenant_id, callout_ids=ids[i : i + CHUNK]
        )
    if default_task_backend.supports_defer:
        need_escalate.using(run_after=due).enqueue(tenant_id=tenant_id, need_id=need_id)


@transaction.atomic
def callout_respond(*, callout: CallOut, accept: bool) -> CallOut:
    """The person's answer from their link. Accepting takes a place while there is one
    (first come, first served), as a confirmed sign-up on the need's shift; once every
    place is taken the need is filled and later acceptances are told so. Answering again
    changes nothing but a decline after an acceptance (that frees the place)."""
    need = Need.objects.select_for_update(of=("self",)).get(pk=callout.need_id)
    callout = (
        CallOut.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=callout.pk)
    )
    now = timezone.now()
    actor = Actor(tenant=None, person=callout.person)
    if not accept:
        if callout.status == CallOut.Status.ACCEPTED and callout.signup_id:
            _withdraw(callout, need, actor)
        elif callout.status not in (CallOut.Status.SENT, CallOut.Status.FULL):
            return callout
        return _answer(callout, CallOut.Status.DECLINED, now)
    if callout.status != CallOut.Status.SENT:
        return callout
    if (
        need.shift is None
        or need.status != Need.Status.OPEN
        or _places_taken(need) >= need.people_needed
    ):
        return _answer(callout, CallOut.Status.FULL, now)
    try:
        signup = cp.shift_sign_up_for(
            shift=need.shift, actor=actor, person=callout.person
        )
    except DomainError:
        return _answer(callout, CallOut.Status.FULL, now)
    if signup.status != SignUp.Status.CONFIRMED:  # someone signed up directly meanwhile
        SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.WITHDRAWN)
        return _answer(callout, CallOut.Status.FULL, now)
    callout.signup = signup
    callout = _answer(callout, CallOut.Status.ACCEPTED, now)
    if _places_taken(need) >= need.people_needed:
        Need.objects.filter(pk=need.pk).update(
            status=Need.Status.FILLED, filled_at=now, escalate_at=None
        )
        event_record(obj=need, action="crisis.need.filled", data={})
    return callout


def _withdraw(callout: CallOut, need: Need, actor: Actor) -> None:
    signup = SignUp.objects.select_related("shift").get(pk=callout.signup_id or 0)
    if signup.attendance != SignUp.Attendance.EXPECTED:
        raise DomainError(_("You have already been checked in."))
    cp.shift_withdraw(shift=signup.shift, actor=actor)
    if need.status == Need.Status.FILLED:
        Need.objects.filter(pk=need.pk).update(
            status=Need.Status.OPEN,
            filled_at=None,
            escalate_at=timezone.now(),
        )


def _answer(callout: CallOut, status: str, now) -> CallOut:
    callout.status = status
    callout.responded_at = now
    callout.save(update_fields=["status", "responded_at", "signup"])
    event_record(
        obj=callout.need,
        action=f"crisis.callout.{status}",
        data={"person": callout.person_id, "callout": callout.pk},
    )
    return callout


def escalate_due(*, tenant, now: dt.datetime | None = None) -> int:
    """Ask the next candidates for every open need of the tenant whose deadline passed
    with places still open; returns how many were asked."""
    now = now or timezone.now()
    asked = 0
    due = Need.objects.filter(
        tenant=tenant,
        status=Need.Status.OPEN,
        escalate_at__lte=now,
        centre__active=True,
    ).values_list("pk", flat=True)
    for pk in list(due):
        need = Need.objects.get(pk=pk)
        try:
            asked += len(callout_send(need=need, actor=None))
        except DomainError:
            Need.objects.filter(pk=pk).update(escalate_at=None)
    return asked


# Deployment ---------------------------------------------------------------------------


def _callout_signup(callout: CallOut) -> SignUp:
    if callout.status != CallOut.Status.ACCEPTED or not callout.signup_id:
        raise DomainError(_("Only those who accepted are checked in."))
    return SignUp.objects.select_related("shift").get(pk=callout.signup_id)


def check_in(*, callout: CallOut, actor: Actor) -> SignUp:
    """The coordinator checks a deployed volunteer in: a participation of the need's
    activity (delivery stage), as the co-producers' roster records it."""
    return cp.attendance_record(
        signup=_callout_signup(callout), actor=actor, present=True
    )


@transaction.atomic
def check_out(
    *, callout: CallOut, actor: Actor, at: dt.datetime | None = None
) -> Participation:
    """Check out: the participation's hours become the time actually worked (check-in to
    check-out, at least a quarter of an hour)."""
    signup = _callout_signup(callout)
    if signup.attendance != SignUp.Attendance.PRESENT or not signup.participation_id:
        raise DomainError(_("Check the volunteer in first."))
    at = at or timezone.now()
    checked_in = signup.checked_in_at or at
    if at <= checked_in:
        raise DomainError(_("Check-out comes after check-in."), field="at")
    hours = Decimal((at - checked_in).total_seconds() / 3600).quantize(Decimal("0.01"))
    hours = max(hours, Decimal("0.25"))
    participation = participation_update(
        participation=Participation.objects.get(pk=signup.participation_id),
        actor=_user(actor),
        hours=hours,
    )
    CallOut.objects.filter(pk=callout.pk).update(checked_out_at=at)
    return participation


# Decisions ----------------------------------------------------------------------------


@transaction.atomic
def decision_record(*, centre: CrisisCentre, actor: Actor, **values: Any) -> Decision:
    """Log a decision and append it to the tenant's tamper-evident ledger (the cases'
    hash chain, an entry of kind ``crisis.decision`` without a case)."""
    for key in ("what", "why", "authority"):
        if not (values.get(key) or "").strip():
            raise DomainError(_("This field is required."), field=key)
    now = timezone.now()
    decision = Decision.objects.create(
        tenant_id=centre.tenant_id,
        centre=centre,
        decided_by=actor.person,
        decided_at=values.pop("decided_at", None) or now,
        **{k: (v or "").strip() for k, v in values.items()},
    )
    data = {
        "decision": decision.pk,
        "centre": centre.pk,
        "initiative": centre.initiative_id,
        "what": decision.what,
        "why": decision.why,
        "authority": decision.authority,
        "consulted": decision.consulted,
        "overrides": decision.overrides,
        "decided_at": utc(decision.decided_at),
    }
    canonical(data)
    event_record(obj=decision, action="crisis.decision", actor=_user(actor), data=data)
    entry = ledger_append(
        tenant_id=centre.tenant_id,
        entries=[NewEntry(kind="crisis.decision", data=data, actor=_actor_ref(actor))],
    )[0]
    decision.ledger_entry = entry.pk
    decision.save(update_fields=["ledger_entry"])
    return decision


# After-action review ------------------------------------------------------------------


REVIEW_PARTS = (
    ("worked", "What worked"),
    ("failed", "What failed"),
    ("keep_ready", "What to keep ready"),
)


@transaction.atomic
def review_record(
    *, centre: CrisisCentre, actor: Actor, worked: str, failed: str, keep_ready: str
) -> Review:
    """Record an after-action review, and each of its three parts as an entry of the
    learning log (coproduce.collaboration) that the centre's partners and other centres
    read: what worked, what failed, what to keep ready (co-exploitation: lessons to
    use again), tied to the centre's initiative."""
    from coproduce.collaboration.services import learning_entry_create

    values = {"worked": worked, "failed": failed, "keep_ready": keep_ready}
    for key, value in values.items():
        if not (value or "").strip():
            raise DomainError(_("This field is required."), field=key)
    review = Review.objects.create(
        tenant_id=centre.tenant_id,
        centre=centre,
        recorded_by=actor.person,
        **{k: v.strip() for k, v in values.items()},
    )
    event_record(
        obj=review, action="crisis.review.recorded", actor=_user(actor), data={}
    )
    name = centre.initiative.name
    for key, label in REVIEW_PARTS:
        learning_entry_create(
            actor=actor,
            tenant=centre.initiative.tenant,
            kind="co_exploitation",
            title=f"{_(label)}: {name}"[:200],
            learnt=values[key].strip(),
            initiative=centre.initiative,
            owner_organisation=centre.initiative.lead_organisation,
            visibility="partners",
            origin=f"crisis.review.{key}",
            origin_id=review.pk,
        )
    return review
