"""The process engine: a case type is data (a list of step definitions), and this module
decides, from that data and what a case has recorded, what may happen next.

No models here: the services hand in plain values (the process, the records, the parties,
the actor's roles in the case) and get back a refusal message (translated into the active
language; step names are the process's own) or ``None``. The shipped
conciliation process is at the bottom (``CONCILIATION``).

A step definition (one dict in ``CaseType.steps``)::

    code          short identifier, unique in the process ("consent")
    name          what people read ("Consent of each party")
    performers    case roles that may record it: "mediator" (an assigned volunteer
                  mediator), "supervisor" (the assigned supervising professional),
                  "coordinator" (a coordinator of the tenant)
    requires      codes of steps that must be complete first (done and, where the step
                  needs it, signed off; or skipped with a reason)
    per_party     done once for each party (consent): complete when every party has it
    repeatable    may be recorded more than once (mediation meetings)
    outcomes      allowed outcomes, one of which must be given ("agreement", ...)
    needs_sign_off  a professional other than the performer must sign it off
    deadline_days days from the referral by which it should be done (None: no deadline)
    skippable     may be skipped, and only with a written reason
    closes        recording it closes the case (closure)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

PERFORMERS = ("mediator", "supervisor", "coordinator")
# How refusals name the performers (the codes stay the process's data).
PERFORMER_NAMES = {
    "mediator": pgettext_lazy("case role", "mediator"),
    "supervisor": pgettext_lazy("case role", "supervisor"),
    "coordinator": pgettext_lazy("case role", "coordinator"),
}
CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


class ProcessError(ValueError):
    """The definition of a process is not valid; the message names the step."""


@dataclass(frozen=True)
class StepDef:
    code: str
    name: str
    performers: tuple[str, ...]
    requires: tuple[str, ...] = ()
    per_party: bool = False
    repeatable: bool = False
    outcomes: tuple[str, ...] = ()
    needs_sign_off: bool = False
    deadline_days: int | None = None
    skippable: bool = False
    closes: bool = False
    description: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "performers": list(self.performers),
            "requires": list(self.requires),
            "per_party": self.per_party,
            "repeatable": self.repeatable,
            "outcomes": list(self.outcomes),
            "needs_sign_off": self.needs_sign_off,
            "deadline_days": self.deadline_days,
            "skippable": self.skippable,
            "closes": self.closes,
            "description": self.description,
        }


@dataclass(frozen=True)
class Process:
    steps: tuple[StepDef, ...]

    def step(self, code: str) -> StepDef | None:
        return next((s for s in self.steps if s.code == code), None)

    def as_list(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.steps]


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ProcessError(f"{where}: give true or false.")
    return value


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProcessError(f"{where}: give a list of names.")
    return tuple(value)


def process_parse(data: Any) -> Process:
    """A process from its stored form (a list of dicts), checked whole."""
    if not isinstance(data, list) or not data:
        raise ProcessError("A process needs at least one step.")
    if len(data) > 50:
        raise ProcessError("A process has at most 50 steps.")
    known = {
        "code",
        "name",
        "performers",
        "requires",
        "per_party",
        "repeatable",
        "outcomes",
        "needs_sign_off",
        "deadline_days",
        "skippable",
        "closes",
        "description",
    }
    steps: list[StepDef] = []
    seen: set[str] = set()
    for i, raw in enumerate(data, start=1):
        if not isinstance(raw, dict):
            raise ProcessError(f"Step {i}: give an object.")
        if unknown := sorted(set(raw) - known):
            raise ProcessError(f"Step {i}: unknown field {', '.join(unknown)}.")
        code = raw.get("code")
        if (
            not isinstance(code, str)
            or not 1 <= len(code) <= 40
            or not set(code) <= CODE_CHARS
        ):
            raise ProcessError(
                f"Step {i}: the code must be 1-40 lower-case letters, digits or _."
            )
        where = f"Step {code!r}"
        if code in seen:
            raise ProcessError(f"{where} appears twice.")
        name = raw.get("name")
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= 200:
            raise ProcessError(f"{where}: give a name of at most 200 characters.")
        performers = _codes(raw.get("performers"), f"{where}, performers")
        if not performers or not set(performers) <= set(PERFORMERS):
            raise ProcessError(
                f"{where}: performers must be some of {', '.join(PERFORMERS)}."
            )
        requires = _codes(raw.get("requires", []), f"{where}, requires")
        if missing := [r for r in requires if r not in seen]:
            raise ProcessError(
                f"{where} requires {', '.join(missing)}, which must come before it."
            )
        outcomes = _codes(raw.get("outcomes", []), f"{where}, outcomes")
        if any(not 1 <= len(o) <= 40 or not set(o) <= CODE_CHARS for o in outcomes):
            raise ProcessError(f"{where}: outcomes are short lower-case codes.")
        deadline = raw.get("deadline_days")
        if deadline is not None and (
            isinstance(deadline, bool)
            or not isinstance(deadline, int)
            or not 0 <= deadline <= 3650
        ):
            raise ProcessError(f"{where}: the deadline is 0-3650 days or null.")
        description = raw.get("description", "")
        if not isinstance(description, str) or len(description) > 2000:
            raise ProcessError(f"{where}: the description is text of 2000 at most.")
        step = StepDef(
            code=code,
            name=name.strip(),
            performers=performers,
            requires=requires,
            per_party=_bool(raw.get("per_party", False), where),
            repeatable=_bool(raw.get("repeatable", False), where),
            outcomes=outcomes,
            needs_sign_off=_bool(raw.get("needs_sign_off", False), where),
            deadline_days=deadline,
            skippable=_bool(raw.get("skippable", False), where),
            closes=_bool(raw.get("closes", False), where),
            description=description,
        )
        if step.closes and step.per_party:
            raise ProcessError(f"{where}: the closing step cannot be per party.")
        seen.add(code)
        steps.append(step)
    if sum(s.closes for s in steps) > 1:
        raise ProcessError("Only one step may close the case.")
    return Process(steps=tuple(steps))


# What a case has recorded, as the engine sees it ---------------------------------------


@dataclass(frozen=True)
class Record:
    """One recorded step of a case."""

    code: str
    status: str  # "done" or "skipped"
    party: str | None = None  # the party's label for per-party steps
    performed_by: int | None = None  # person id
    signed_off: bool = False
    at: dt.datetime | None = None


@dataclass
class StepState:
    """Where one step of the process stands in one case."""

    step: StepDef
    records: list[Record] = field(default_factory=list)
    parties_missing: list[str] = field(default_factory=list)
    due: dt.date | None = None
    complete: bool = False
    skipped: bool = False
    awaiting_sign_off: bool = False
    overdue: bool = False


def _record_counts(record: Record, step: StepDef) -> bool:
    if record.status == "skipped":
        return True
    return record.status == "done" and (record.signed_off or not step.needs_sign_off)


def step_states(
    process: Process,
    records: Iterable[Record],
    *,
    parties: list[str],
    referred_on: dt.date,
    today: dt.date,
) -> list[StepState]:
    by_code: dict[str, list[Record]] = {}
    for r in records:
        by_code.setdefault(r.code, []).append(r)
    states = []
    for step in process.steps:
        rs = by_code.get(step.code, [])
        state = StepState(step=step, records=rs)
        state.skipped = any(r.status == "skipped" for r in rs)
        if step.per_party and not state.skipped:
            done = {r.party for r in rs if _record_counts(r, step)}
            state.parties_missing = [p for p in parties if p not in done]
            state.complete = bool(parties) and not state.parties_missing
        else:
            state.complete = any(_record_counts(r, step) for r in rs)
        state.awaiting_sign_off = step.needs_sign_off and any(
            r.status == "done" and not r.signed_off for r in rs
        )
        if step.deadline_days is not None:
            state.due = referred_on + dt.timedelta(days=step.deadline_days)
            state.overdue = not state.complete and today > state.due
        states.append(state)
    return states


def refusal(
    process: Process,
    records: Iterable[Record],
    *,
    code: str,
    case_roles: set[str],
    parties: list[str],
    party: str | None = None,
    outcome: str = "",
    skip: bool = False,
    reason: str = "",
    is_open: bool = True,
) -> str | None:
    """Why the process forbids this step now, or ``None`` when it allows it.

    ``case_roles`` are the actor's roles in this case (mediator, supervisor, coordinator).
    """
    if not is_open:
        return _("The case is closed: nothing more can be recorded.")
    step = process.step(code)
    if step is None:
        return _("The process has no step '%(code)s'.") % {"code": code}
    if not case_roles & set(step.performers):
        return _(
            "Only the case's %(performers)s may record the step '%(step)s'; you are "
            "not entitled to it in this case."
        ) % {
            "performers": _(" or ").join(
                str(PERFORMER_NAMES.get(p, p)) for p in step.performers
            ),
            "step": step.name,
        }
    records = list(records)
    if skip:
        if not step.skippable:
            return _(
                "The step '%(step)s' may not be skipped: the process requires it."
            ) % {"step": step.name}
        if not reason.strip():
            return _("Give a written reason for skipping the step '%(step)s'.") % {
                "step": step.name
            }
    mine = [r for r in records if r.code == code]
    if step.per_party and not skip:
        if party not in parties:
            return _("Name the party whose '%(step)s' this is.") % {"step": step.name}
        if any(r.party == party and r.status == "done" for r in mine):
            return _("'%(step)s' is already recorded for %(party)s.") % {
                "step": step.name,
                "party": party,
            }
    elif not step.repeatable and any(r.status in ("done", "skipped") for r in mine):
        return _("The step '%(step)s' is already recorded.") % {"step": step.name}
    if not skip and step.outcomes and outcome not in step.outcomes:
        return _("Choose the outcome of '%(step)s': %(outcomes)s.") % {
            "step": step.name,
            "outcomes": ", ".join(step.outcomes),
        }
    if not skip and not step.outcomes and outcome:
        return _("The step '%(step)s' has no outcome to choose.") % {"step": step.name}
    states = {
        s.step.code: s
        for s in step_states(
            process,
            records,
            parties=parties,
            referred_on=dt.date.min,
            today=dt.date.min,
        )
    }
    for required in step.requires:
        state = states[required]
        if state.complete:
            continue
        names = {"step": step.name, "required": state.step.name}
        if state.step.per_party and state.parties_missing and state.records:
            return _(
                "'%(step)s' needs '%(required)s' of every party first; still "
                "missing: %(parties)s."
            ) % {**names, "parties": ", ".join(state.parties_missing)}
        if state.awaiting_sign_off:
            return (
                _("'%(step)s' needs '%(required)s' signed off by a professional first.")
                % names
            )
        return _("'%(step)s' needs '%(required)s' first.") % names
    return None


def sign_off_refusal(
    step: StepDef | None, record: Record, *, signer: int | None, may_sign: bool
) -> str | None:
    if step is None or not step.needs_sign_off:
        return _("This step does not need a sign-off.")
    if not may_sign:
        return _("Only a supervising professional of the case may sign off a step.")
    if record.status != "done":
        return _("A skipped step cannot be signed off.")
    if record.signed_off:
        return _("This step is already signed off.")
    if signer is not None and signer == record.performed_by:
        return _(
            "The person who recorded a step cannot sign it off: another professional "
            "must."
        )
    return None


# The shipped conciliation process ------------------------------------------------------

CONCILIATION_LEGAL_BASIS = (
    "Act on Conciliation in Criminal and Certain Civil Cases (1015/2005), Finland: "
    "referral by the police, the prosecutor or the parties (s. 13); personal, voluntary "
    "and withdrawable consent of each party (ss. 2, 14); conciliation by trained "
    "volunteer mediators supervised by professionals (ss. 5, 8); agreement confirmed in "
    "writing (s. 21); the conciliation office reports to the referring authority (s. 22)."
)

CONCILIATION: list[dict[str, Any]] = [
    {
        "code": "referral",
        "name": "Referral",
        "description": "The case is referred by the police, the prosecutor or the parties.",
        "performers": ["coordinator", "supervisor"],
        "deadline_days": 0,
    },
    {
        "code": "consent",
        "name": "Consent of each party",
        "description": "Each party is informed and consents, personally and freely.",
        "performers": ["mediator", "supervisor"],
        "requires": ["referral"],
        "per_party": True,
        "deadline_days": 21,
    },
    {
        "code": "preparation",
        "name": "Preparation",
        "description": "Separate preparatory talks with each party.",
        "performers": ["mediator"],
        "requires": ["consent"],
        "deadline_days": 35,
    },
    {
        "code": "meeting",
        "name": "Mediation meeting",
        "description": "A meeting of the parties with the mediator pair (repeatable).",
        "performers": ["mediator"],
        "requires": ["preparation"],
        "repeatable": True,
        "deadline_days": 60,
    },
    {
        "code": "agreement",
        "name": "Agreement or no agreement",
        "description": "The outcome of the mediation, signed off by the supervisor.",
        "performers": ["mediator"],
        "requires": ["consent", "meeting"],
        "outcomes": ["agreement", "no_agreement"],
        "needs_sign_off": True,
        "deadline_days": 75,
    },
    {
        "code": "follow_up",
        "name": "Follow-up of the agreement",
        "description": "Whether the agreement was kept; skipped when there is none.",
        "performers": ["mediator", "supervisor"],
        "requires": ["agreement"],
        "outcomes": ["kept", "partly_kept", "not_kept"],
        "skippable": True,
        "deadline_days": 180,
    },
    {
        "code": "report",
        "name": "Report to the referrer",
        "description": "The conciliation office reports the outcome to the referrer.",
        "performers": ["supervisor"],
        "requires": ["agreement"],
        "deadline_days": 190,
    },
    {
        "code": "closure",
        "name": "Closure",
        "description": "The case is closed with a reason.",
        "performers": ["coordinator", "supervisor"],
        "requires": ["report", "follow_up"],
        "closes": True,
    },
]

HOME_CARE_VISITS: list[dict[str, Any]] = [
    {
        "code": "referral",
        "name": "Referral from home care",
        "performers": ["coordinator", "supervisor"],
        "deadline_days": 0,
    },
    {
        "code": "consent",
        "name": "Consent of the client",
        "performers": ["supervisor"],
        "requires": ["referral"],
        "per_party": True,
        "deadline_days": 7,
    },
    {
        "code": "plan",
        "name": "Visit plan",
        "performers": ["supervisor"],
        "requires": ["consent"],
        "needs_sign_off": True,
        "deadline_days": 14,
    },
    {
        "code": "visit",
        "name": "Volunteer visit",
        "performers": ["mediator"],
        "requires": ["plan"],
        "repeatable": True,
    },
    {
        "code": "review",
        "name": "Review with the client",
        "performers": ["supervisor"],
        "requires": ["visit"],
        "deadline_days": 90,
    },
    {
        "code": "closure",
        "name": "Closure",
        "performers": ["coordinator", "supervisor"],
        "requires": ["review"],
        "closes": True,
    },
]
