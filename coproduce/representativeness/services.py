"""Writes for representativeness: population tables, the area an initiative serves, the
small-group threshold. Each in one transaction with its event row."""

import datetime as dt

from django.db import transaction

from coproduce.core.events import event_record
from coproduce.core.services import instance_delete, instance_save, instance_update

from .csv_import import figures_parse
from .models import InitiativeArea, PopulationRow, PopulationTable, Setting
from .selectors import setting_get

TABLE_FIELDS = ["name", "area", "reference_date", "source", "covers_tenant"]


@transaction.atomic
def population_table_import(
    *,
    tenant,
    actor,
    name: str,
    area: str,
    reference_date: dt.date,
    text: str,
    source: str = "",
    covers_tenant: bool = False,
) -> PopulationTable:
    """A new table with every figure of ``text``, or nothing at all (ImportRefused)."""
    figures = figures_parse(text)
    table = instance_save(
        PopulationTable(
            tenant=tenant,
            name=name,
            area=area,
            reference_date=reference_date,
            source=source,
            covers_tenant=covers_tenant,
        ),
        actor=actor,
        action="population_table.imported",
        fields=TABLE_FIELDS,
    )
    if covers_tenant:
        PopulationTable.objects.filter(tenant=tenant, covers_tenant=True).exclude(
            pk=table.pk
        ).update(covers_tenant=False)
    PopulationRow.objects.bulk_create(
        PopulationRow(
            tenant=tenant,
            table=table,
            dimension=fig.dimension,
            group=fig.group,
            count=fig.count,
        )
        for fig in figures
    )
    event_record(
        obj=table,
        action="population_table.figures_loaded",
        actor=actor,
        data={"rows": len(figures)},
    )
    return table


def population_table_delete(*, table: PopulationTable, actor) -> None:
    instance_delete(table, actor=actor, action="population_table.deleted")


@transaction.atomic
def setting_update(*, tenant, actor, min_group_size: int) -> Setting:
    setting = setting_get(tenant=tenant)
    if setting.pk is None:
        setting.min_group_size = min_group_size
        return instance_save(
            setting,
            actor=actor,
            action="representativeness.setting_created",
            fields=["min_group_size"],
        )
    return instance_update(
        setting,
        actor=actor,
        action="representativeness.setting_changed",
        values={"min_group_size": min_group_size},
    )


@transaction.atomic
def initiative_area_set(*, initiative, table: PopulationTable, actor) -> InitiativeArea:
    area = InitiativeArea.objects.filter(initiative=initiative).first()
    if area is None:
        return instance_save(
            InitiativeArea(
                tenant=initiative.tenant, initiative=initiative, table=table
            ),
            actor=actor,
            action="initiative_area.set",
            fields=["initiative", "table"],
        )
    return instance_update(
        area, actor=actor, action="initiative_area.changed", values={"table": table}
    )
