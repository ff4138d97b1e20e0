"""The research datasets of a tenant (``research.Dataset``): what each file holds, its
columns with their labels, and where its rows come from.

Tenant-wide (``TENANT_DATASETS``, needing ``data.export``; population tables and
sustainability assessments also reading them, ``initiatives.view_all`` or
``initiatives.change``, as their pages): participations, activities, measurements (with
their outcome and indicator), costs, valued outcomes (the SROI's lines), population
tables, sustainability scores, learning entries between organisations. Of one object: an initiative's representativeness (its
page's comparison, small groups suppressed) and a coding project's codings.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from coproduce.initiatives.models import Activity, Participation
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Stage
from coproduce.outcomes.models import (
    Cost,
    Indicator,
    Measurement,
    Outcome,
    OutcomeValuation,
    ValueTag,
)
from coproduce.qualitative.models import Coding, Document
from coproduce.representativeness.models import Dimension as RepDimension
from coproduce.representativeness.models import PopulationRow
from coproduce.sustainability.models import Dimension, DimensionScore, Score

from .research import Column, Dataset, choices, keyset_rows

ANALYSIS_READ = frozenset({"initiatives.view_all", "initiatives.change"})


def _source(qs, lookups: list[str], *, tenant_id: int, convert=None) -> dict:
    return {
        "rows": keyset_rows(qs, lookups, tenant_id=tenant_id, convert=convert),
        "queryset": qs,
    }


def _id(name: str, label: str) -> Column:
    return Column(name, label, "integer")


def _text(name: str, label: str, **kw) -> Column:
    return Column(name, label, "string", **kw)


def _number(name: str, label: str, **kw) -> Column:
    return Column(name, label, "number", **kw)


def _initiative() -> Column:
    return _text("initiative", _("Initiative (its short name)"))


def participations(tenant) -> Dataset:
    return Dataset(
        key="participations",
        title=_("Participations"),
        description=_(
            "Who took part in which activity, in which role, for how many hours; "
            "people by number only."
        ),
        columns=(
            _id("id", _("Participation")),
            _initiative(),
            _id("activity_id", _("Activity")),
            Column("activity_starts_at", _("Activity started (UTC)"), "datetime"),
            _text("stage", _("Stage of the activity"), categories=choices(Stage)),
            Column(
                "level",
                _("IAP2 level of the activity"),
                "integer",
                categories=choices(Level),
                ordered=True,
            ),
            _text("mode", _("Mode of the activity"), categories=choices(Mode)),
            _text("role", _("Role in it"), categories=choices(ActorRole)),
            _number("hours", _("Hours")),
            _id("person_id", _("Person (a number, never the name)")),
            _id("organisation_id", _("Organisation taking part as a whole")),
        ),
        **_source(
            Participation.objects.filter(tenant=tenant),
            [
                "pk",
                "initiative__slug",
                "activity_id",
                "activity__starts_at",
                "activity__stage",
                "activity__level",
                "activity__mode",
                "role",
                "hours",
                "person_id",
                "organisation_id",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


def activities(tenant) -> Dataset:
    return Dataset(
        key="activities",
        title=_("Activities"),
        description=_("The activities of the initiatives, with their stage and level."),
        columns=(
            _id("id", _("Activity")),
            _initiative(),
            _text("title", _("Title")),
            _text("kind", _("Kind"), categories=choices(Activity.Kind)),
            _text("stage", _("Stage"), categories=choices(Stage)),
            Column(
                "level",
                _("IAP2 level"),
                "integer",
                categories=choices(Level),
                ordered=True,
            ),
            _text("mode", _("Mode"), categories=choices(Mode)),
            Column("starts_at", _("Starts (UTC)"), "datetime"),
            Column("ends_at", _("Ends (UTC)"), "datetime"),
            _text("place", _("Place")),
        ),
        **_source(
            Activity.objects.filter(tenant=tenant),
            [
                "pk",
                "initiative__slug",
                "title",
                "kind",
                "stage",
                "level",
                "mode",
                "starts_at",
                "ends_at",
                "place",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


def measurements(tenant) -> Dataset:
    return Dataset(
        key="measurements",
        title=_("Outcomes and measurements"),
        description=_(
            "Every measurement of an indicator, with its outcome, baseline and target."
        ),
        columns=(
            _id("id", _("Measurement")),
            _initiative(),
            _id("outcome_id", _("Outcome")),
            _text(
                "outcome_kind", _("Kind of outcome"), categories=choices(Outcome.Kind)
            ),
            _text("outcome", _("Outcome")),
            _id("indicator_id", _("Indicator")),
            _text("indicator", _("Indicator")),
            _text("unit", _("Unit")),
            _text(
                "direction",
                _("Which way is better"),
                categories=choices(Indicator.Direction),
            ),
            _number("baseline", _("Baseline")),
            _number("target", _("Target")),
            Column("date", _("Date measured"), "date"),
            _number("value", _("Value")),
            _text("source", _("Source"), categories=choices(Measurement.Source)),
            _id("respondents", _("Respondents (from a scale)")),
            _text("note", _("Note")),
        ),
        **_source(
            Measurement.objects.filter(tenant=tenant),
            [
                "pk",
                "indicator__outcome__initiative__slug",
                "indicator__outcome_id",
                "indicator__outcome__kind",
                "indicator__outcome__name",
                "indicator_id",
                "indicator__name",
                "indicator__unit",
                "indicator__direction",
                "indicator__baseline",
                "indicator__target",
                "date",
                "value",
                "source",
                "respondents",
                "note",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


def costs(tenant) -> Dataset:
    return Dataset(
        key="costs",
        title=_("Costs"),
        description=_("Professional time and money spent, per initiative, in EUR."),
        columns=(
            _id("id", _("Cost")),
            _initiative(),
            _text("kind", _("Kind"), categories=choices(Cost.Kind)),
            _text("description", _("Description")),
            Column("date", _("Date"), "date"),
            _number("hours", _("Hours")),
            _number("hourly_rate", _("Hourly rate (EUR)")),
            _number("amount", _("Amount (EUR)")),
            _text("value_tag", _("Whose value"), categories=choices(ValueTag)),
        ),
        **_source(
            Cost.objects.filter(tenant=tenant),
            [
                "pk",
                "initiative__slug",
                "kind",
                "description",
                "date",
                "hours",
                "hourly_rate",
                "amount",
                "value_tag",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


def valuations(tenant) -> Dataset:
    return Dataset(
        key="valuations",
        title=_("Valued outcomes (SROI)"),
        description=_(
            "The outcomes valued for the SROI: quantity, financial proxy and its "
            "source, duration, deadweight, attribution, displacement and drop-off "
            "(shares from 0 to 1)."
        ),
        columns=(
            _id("id", _("Valued outcome")),
            _initiative(),
            _id("outcome_id", _("Outcome")),
            _text("description", _("Description")),
            _number("quantity", _("Quantity")),
            _number("proxy_value", _("Financial proxy (EUR)")),
            _text("proxy_source", _("Source of the proxy")),
            _id("duration_years", _("Duration (years)")),
            _number("deadweight", _("Deadweight")),
            _number("attribution", _("Attribution")),
            _number("displacement", _("Displacement")),
            _number("drop_off", _("Drop-off")),
            _text("value_tag", _("Whose value"), categories=choices(ValueTag)),
        ),
        **_source(
            OutcomeValuation.objects.filter(tenant=tenant),
            [
                "pk",
                "initiative__slug",
                "outcome_id",
                "description",
                "quantity",
                "proxy_value",
                "proxy_source",
                "duration_years",
                "deadweight",
                "attribution",
                "displacement",
                "drop_off",
                "value_tag",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


def population(tenant) -> Dataset:
    return Dataset(
        key="population",
        title=_("Population tables"),
        description=_("People per dimension and group in each population table."),
        columns=(
            _id("id", _("Row")),
            _id("table_id", _("Population table")),
            _text("table", _("Name of the table")),
            _text("area", _("Area")),
            Column("reference_date", _("Reference date"), "date"),
            _text("dimension", _("Dimension"), categories=choices(RepDimension)),
            _text("group", _("Group")),
            _id("count", _("People")),
        ),
        **_source(
            PopulationRow.objects.filter(tenant=tenant),
            [
                "pk",
                "table_id",
                "table__name",
                "table__area",
                "table__reference_date",
                "dimension",
                "group",
                "count",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


def sustainability(tenant) -> Dataset:
    return Dataset(
        key="sustainability",
        title=_("Sustainability assessments"),
        description=_(
            "One row per assessment and dimension: the score (1 absent to 5 strong), "
            "why, and what weakens it."
        ),
        columns=(
            _id("id", _("Score")),
            _id("assessment_id", _("Assessment")),
            _initiative(),
            Column("assessed_on", _("Assessed on"), "date"),
            _text("dimension", _("Dimension"), categories=choices(Dimension)),
            Column(
                "score",
                _("Score"),
                "integer",
                categories=choices(Score),
                ordered=True,
            ),
            _text("rationale", _("Why this score")),
            _text("weakness", _("What weakens it")),
        ),
        **_source(
            DimensionScore.objects.filter(tenant=tenant),
            [
                "pk",
                "assessment_id",
                "assessment__initiative__slug",
                "assessment__assessed_on",
                "dimension",
                "score",
                "rationale",
                "weakness",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


def learning(tenant) -> Dataset:
    from coproduce.collaboration.models import (
        AdoptionFollowUp,
        AdoptionState,
        LearningEntry,
        LearningKind,
        Visibility,
    )

    latest = Subquery(
        AdoptionFollowUp.objects.filter(entry=OuterRef("pk"))
        .order_by("-date", "-id")
        .values("state")[:1]
    )
    return Dataset(
        key="learning",
        title=_("Learning entries"),
        description=_(
            "What organisations learnt together (co-exploration) or from each other "
            "(co-exploitation): who learnt from whom, and whether it was adopted, by "
            "the latest follow-up."
        ),
        columns=(
            _id("id", _("Learning entry")),
            _initiative(),
            _text("kind", _("Kind"), categories=choices(LearningKind)),
            Column("learnt_on", _("Date"), "date"),
            _text("title", _("Title")),
            _text("learnt", _("What was tried or learnt")),
            _text("evidence", _("Evidence")),
            _id("source_organisation_id", _("Learnt from (organisation)")),
            _text("source_organisation", _("Learnt from (its name)")),
            _id("receiving_organisation_id", _("Learnt by (organisation)")),
            _text("receiving_organisation", _("Learnt by (its name)")),
            _text("visibility", _("Visible to"), categories=choices(Visibility)),
            _text(
                "adoption",
                _("Adoption, by the latest follow-up"),
                categories=choices(AdoptionState),
            ),
        ),
        **_source(
            LearningEntry.objects.filter(tenant=tenant).annotate(adoption=latest),
            [
                "pk",
                "initiative__slug",
                "kind",
                "learnt_on",
                "title",
                "learnt",
                "evidence",
                "source_organisation_id",
                "source_organisation__name",
                "receiving_organisation_id",
                "receiving_organisation__name",
                "visibility",
                "adoption",
            ],
            tenant_id=tenant.pk,
        ),  # fmt: skip
    )


# key -> (builder, the permissions needed besides data.export: any of them)
TENANT_DATASETS = {
    "participations": (participations, frozenset()),
    "activities": (activities, frozenset()),
    "measurements": (measurements, frozenset()),
    "costs": (costs, frozenset()),
    "valuations": (valuations, frozenset()),
    "population": (population, ANALYSIS_READ),
    "sustainability": (sustainability, ANALYSIS_READ),
    # every entry, those kept to their own organisation too: those who read them all
    # (collaboration.access: the managers), not every reader of the initiatives
    "learning": (learning, frozenset({"initiatives.change"})),
}


def tenant_dataset_allowed(actor, key: str) -> bool:
    _builder, also = TENANT_DATASETS[key]
    return "data.export" in actor.permissions and (not also or actor.can_any(also))


def codings(project, documents=None) -> Dataset:
    """Every coding of the project (of ``documents``, those the caller may read, where
    given): the text's kind and pseudonym, the code (and the version of its definition
    applied), the coder, the span and the passage coded."""
    codings_of = Coding.objects.filter(
        tenant_id=project.tenant_id, document__project=project
    )
    if documents is not None:
        codings_of = codings_of.filter(document__in=documents.values("pk"))

    def cut(row: list) -> list:
        text, start, end = row[-1], row[-3], row[-2]
        return [*row[:-1], text[start:end]]

    return Dataset(
        key="codings",
        title=_("Codings of %(project)s") % {"project": project.title},
        description=_(
            "One row per coding: the text (by pseudonym), the code, the coder and the "
            "passage (characters start to end of the text)."
        ),
        columns=(
            _id("id", _("Coding")),
            _id("document_id", _("Text")),
            _text(
                "document_kind", _("Kind of text"), categories=choices(Document.Kind)
            ),
            _text("pseudonym", _("Who wrote it (pseudonym)")),
            _id("code_id", _("Code")),
            _text("code", _("Code name")),
            _id("code_version", _("Version of the code's definition")),
            _text("coder", _("Coder")),
            _id("start", _("First character")),
            _id("end", _("After the last character")),
            _text("passage", _("Passage coded")),
        ),
        **_source(
            codings_of,
            [
                "pk",
                "document_id",
                "document__kind",
                "document__pseudonym",
                "code_id",
                "code__name",
                "code_version",
                "coder_label",
                "start",
                "end",
                "document__text",
            ],
            tenant_id=project.tenant_id,
            convert=cut,
        ),  # fmt: skip
        extra={"x-project": {"id": project.pk, "title": project.title}},
    )


def representativeness(initiative, result: dict, *, stage: str = "") -> Dataset:
    """The initiative's comparison as its page shows it (small groups suppressed)."""
    from coproduce.representativeness.exports import HEADER, rows_for_csv

    scope = initiative.slug + (f":{stage}" if stage else "")
    numbers = {
        "participants", "participant_share", "population", "population_share",
        "representation_ratio", "ratio_ci95_low", "ratio_ci95_high", "duncan_index",
        "chi_square", "df", "p_value", "not_given",
    }  # fmt: skip
    labels = {
        "scope": _("Initiative (and stage)"),
        "dimension": _("Dimension"),
        "group": _("Group"),
        "participants": _("Participants (empty: suppressed)"),
        "suppressed": _("Why not shown"),
        "participant_share": _("Share of participants"),
        "population": _("People in the population"),
        "population_share": _("Share of the population"),
        "representation_ratio": _("Representation ratio"),
        "ratio_ci95_low": _("Ratio, 95 per cent interval, low"),
        "ratio_ci95_high": _("Ratio, 95 per cent interval, high"),
        "reading": _("Reading"),
        "duncan_index": _("Duncan's dissimilarity index"),
        "chi_square": _("Chi-square"),
        "df": _("Degrees of freedom"),
        "p_value": _("p value"),
        "warning": _("Warning of the test"),
        "not_given": _("Participants without an answer"),
    }
    columns = tuple(
        Column(
            name,
            labels[name],
            "number" if name in numbers else "string",
            categories=choices(RepDimension) if name == "dimension" else (),
        )
        for name in HEADER
    )

    def rows() -> Iterator[list]:
        for row in rows_for_csv(result, scope=scope):
            yield [
                (None if v == "" else float(v)) if name in numbers else v
                for name, v in zip(HEADER, row, strict=True)
            ]

    return Dataset(
        key="representativeness",
        title=_("Representativeness of %(initiative)s")
        % {"initiative": initiative.name},
        description=_(
            "Participants against the population per dimension and group; groups "
            "smaller than the threshold are suppressed."
        ),
        columns=columns,
        rows=rows,
        primary_key=("dimension", "group"),
    )
