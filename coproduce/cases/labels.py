"""What people read for the codes a process definition uses: a step's name from the
definition, an outcome's and a performer's label from the lists below (the shipped
process's codes, translated), else the code made readable ("partly_kept" -> "Partly kept").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .process import Process

OUTCOMES = {
    "agreement": _("Agreement"),
    "no_agreement": _("No agreement"),
    "kept": _("Kept"),
    "partly_kept": _("Partly kept"),
    "not_kept": _("Not kept"),
}
PERFORMERS = {
    "mediator": _("mediator"),
    "supervisor": _("supervisor"),
    "coordinator": _("coordinator"),
}


def readable(code: str) -> str:
    return code.replace("_", " ").capitalize()


def outcome_label(code: str) -> str:
    return str(OUTCOMES[code]) if code in OUTCOMES else readable(code) if code else ""


def performer_label(code: str) -> str:
    return str(PERFORMERS.get(code, code.replace("_", " ")))


def step_label(process: Process, code: str) -> str:
    step = process.step(code)
    return step.name if step is not None else readable(code)


def labelled_steps(process: Process, records) -> list:
    """The recorded steps, each with ``step_name`` and ``outcome_label`` to show."""
    rows = list(records)
    for r in rows:
        r.step_name = step_label(process, r.code)
        r.outcome_label = outcome_label(r.outcome)
    return rows


def labelled_states(states) -> list:
    """The process's step states, each with ``performer_labels`` to show."""
    for s in states:
        s.performer_labels = [performer_label(p) for p in s.step.performers]
    return states
