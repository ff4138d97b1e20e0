"""Who may download which export, given the request's actor: ``data.export`` for every
kind, and ``people.view`` besides for the people (personal data)."""

from coproduce.tenancy.actor import Actor

from .columns import EXPORT_KINDS

PERMISSIONS: dict[str, frozenset[str]] = {
    kind: frozenset({"data.export"}) for kind in EXPORT_KINDS
} | {"people": frozenset({"data.export", "people.view"})}


def export_allowed(actor: Actor, kind: str) -> bool:
    return PERMISSIONS[kind] <= actor.permissions


def panel_data_allowed(actor: Actor) -> bool:
    """A panel's answers at response level: ``data.export``, besides reading the panel
    (``evaluation.access.access_panel_by_id``). They are pseudonymous: no ``people.view``."""
    return "data.export" in actor.permissions
