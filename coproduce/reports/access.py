"""Which dashboard figures an actor reads: everyone with ``initiatives.view_all`` reads the
same ones ('all'); anyone else those of the initiatives their own person may see
('p<id>', as ``initiatives.access.initiative_visible`` decides)."""

from coproduce.tenancy.actor import Actor

from .models import ALL


def audience_of(actor: Actor) -> str:
    if actor.can("initiatives.view_all"):
        return ALL
    return f"p{actor.person.pk if actor.person else 0}"
