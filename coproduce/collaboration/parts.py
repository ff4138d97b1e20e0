"""Parts of the registry's pages this app registers: on an organisation's page its
partnerships, the commitments overdue in them (whichever side made them), and the lessons
it gave and received."""

from django.template.loader import render_to_string

from . import access, selectors


def organisation_collaboration(request, organisation) -> str:
    actor = request.actor
    if not actor.can(access.READ):
        return ""
    return render_to_string(
        "collaboration/_organisation_part.html",
        {
            "tenant": request.tenant,
            "organisation": organisation,
            "partnerships": selectors.partnerships_of_organisation(actor, organisation)[
                :20
            ],
            "overdue": selectors.overdue_commitments_of(actor, organisation),
            "learning": selectors.learning_list(actor, organisation=organisation)[:10],
        },
    )


def register() -> None:
    from coproduce.people.views import page_part_register

    page_part_register("organisation", organisation_collaboration)
