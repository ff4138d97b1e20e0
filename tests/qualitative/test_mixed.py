"""The mixed-method view: the change on a scale of respondents whose comments carry a
code, beside that of those whose comments do not (scenario 8)."""

import re

from django.urls import reverse

from coproduce.evaluation import services as evaluation_services
from coproduce.evaluation.library import TRUST_PANEL
from coproduce.qualitative import selectors, services

from .. import factories as f
from .helpers import actor_of

# member k: score 4 in wave 1 and 4 + CHANGE[k] in wave 2; a comment in wave 2
CHANGE = [2, 1, -1, 0]
COMMENTS = ["They listened.", "They called back.", "Nobody came.", "Fine."]


def _panel_with_comments(tenant, coord):
    instrument = evaluation_services.instrument_create_from_library(
        tenant=tenant,
        actor=coord,
        name="Trust",
        keys=[TRUST_PANEL[0]],
        free_text=["Why?"],
    )
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    for _k in range(len(CHANGE)):
        f.ParticipationFactory(
            activity=activity, person=f.PersonFactory(tenant=tenant), role="resident"
        )
    panel = evaluation_services.panel_create(
        tenant=tenant,
        actor=coord,
        initiative=initiative,
        instrument=instrument,
        name="P",
    )
    evaluation_services.panel_members_from_participants(panel=panel, actor=coord)
    members = list(panel.members.order_by("pseudonym"))
    items = list(instrument.items.select_related("scale").order_by("position"))
    for number in (1, 2):
        wave = evaluation_services.wave_create(panel=panel, actor=coord)
        evaluation_services.wave_open(wave=wave, actor=coord, send=False)
        for k, member in enumerate(members):
            score = 4 + (CHANGE[k] if number == 2 else 0)
            answers = {}
            for item in items:
                if item.scale is None:
                    answers[item.code] = COMMENTS[k] if number == 2 else ""
                else:
                    lo, hi = item.scale.minimum, item.scale.maximum
                    answers[item.code] = lo + hi - score if item.reverse else score
            evaluation_services.response_save(
                invitation=wave.invitations.get(member=member), answers=answers
            )
        evaluation_services.wave_close(wave=wave, actor=coord)
    return initiative, members, items[0].scale.name


def test_respondents_with_a_code_beside_those_without(
    tenant, coordinator, coordinator_client
):
    coord = actor_of(coordinator, tenant)
    initiative, members, scale = _panel_with_comments(tenant, coord)
    project = services.project_create(
        tenant=tenant, actor=coord, title="Why", initiative=initiative
    )
    assert services.answers_collect(project=project, actor=coord) == 4
    code = services.code_create(project=project, actor=coord, name="Listened")
    docs = {d.pseudonym: d for d in project.documents.all()}
    for k in (0, 1):  # the two whose trust rose by 2 and 1
        doc = docs[members[k].pseudonym]
        services.coding_create(document=doc, code=code, actor=coord, start=0, end=4)
    view = selectors.mixed_method(project)
    assert view.scale == scale
    (row,) = view.rows
    assert (row.with_code.n, row.with_code.mean_change) == (2, 1.5)
    assert (row.without_code.n, row.without_code.mean_change) == (2, -0.5)
    assert row.difference == 2.0
    page = reverse("coding-mixed", kwargs={"tenant": tenant.slug, "pk": project.pk})
    html = coordinator_client.get(page).content.decode()
    cells = re.findall(r"<td class=\"num\">(.*?)</td>", html.split("Listened</th>")[1])
    assert cells[:5] == ["2", "1.50", "2", "-0.50", "2.00"]


def test_without_answers_the_view_says_why(tenant, coordinator):
    coord = actor_of(coordinator, tenant)
    project = services.project_create(tenant=tenant, actor=coord, title="Empty")
    assert (
        selectors.mixed_method(project).reason
        == "No free-text survey answer in this project."
    )
