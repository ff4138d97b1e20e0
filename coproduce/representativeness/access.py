"""Who may read and change the population tables and the representativeness pages.

Staff who see every initiative or change them read (``READ``); changing a table or an
initiative's settings needs ``initiatives.change``. A table of another tenant is a 404.
"""

from django.db.models import QuerySet
from django.http import Http404

from coproduce.tenancy.actor import Actor

from .models import PopulationTable

READ = frozenset({"initiatives.view_all", "initiatives.change"})
CHANGE = "initiatives.change"


def representativeness_read_require(actor: Actor) -> None:
    actor.require_any(READ)


def population_table_visible(
    actor: Actor, qs: QuerySet[PopulationTable] | None = None
) -> QuerySet[PopulationTable]:
    if qs is None:
        qs = PopulationTable.objects.filter(tenant=actor.tenant)
    return qs if actor.can_any(READ) else qs.none()


def access_population_table_by_id(actor: Actor, pk: int) -> PopulationTable:
    table = population_table_visible(actor).filter(pk=pk).first()
    if table is None:
        raise Http404
    return table
