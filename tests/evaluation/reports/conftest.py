"""A small two-wave panel answered through the services, with a fixed seed: trust falls a
little, one respondent leaves, a few write comments, one skips an item in wave 2."""

import numpy as np
import pytest

from coproduce.evaluation import services
from coproduce.evaluation.library import TRUST_PANEL

from ... import factories as f

N = 14


@pytest.fixture
def initiative(tenant):
    return f.InitiativeFactory(tenant=tenant, name="Working Life Step")


@pytest.fixture
def panel(tenant, coordinator, initiative):
    activity = f.ActivityFactory(initiative=initiative)
    for n in range(N):
        person = f.PersonFactory(
            tenant=tenant,
            given_name=f"Hanna{n}",
            family_name=f"Virtanen{n}",
            email=f"hanna{n}@example.org",
        )
        f.ParticipationFactory(activity=activity, person=person, role="service_user")
    instrument = services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name="Trust panel",
        keys=[*TRUST_PANEL, "motivation"],
        free_text=["What has changed for you?"],
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name="Trust over six months",
    )
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    rng = np.random.default_rng(8)
    items = list(instrument.items.select_related("scale").order_by("position"))
    members = list(panel.members.order_by("pseudonym"))
    level = {m.pk: rng.normal(6, 1.2) for m in members}
    waves = []
    for w in range(2):
        wave = services.wave_create(panel=panel, actor=coordinator)
        services.wave_open(wave=wave, actor=coordinator, send=False)
        for i, member in enumerate(members):
            if w == 1 and i == N - 1:
                continue  # left the programme
            answers = {}
            for item in items:
                if item.scale is None:
                    if i % 4 == 0:
                        answers[item.code] = (
                            f"Comment of {member.pseudonym} in wave {w + 1}"
                        )
                    continue
                lo, hi = item.scale.minimum, item.scale.maximum
                centre = lo + (hi - lo) * (level[member.pk] - 1.0 * w) / 10
                value = int(np.clip(round(centre + rng.normal(0, 0.8)), lo, hi))
                if item.reverse:
                    value = lo + hi - value
                answers[item.code] = value
            if w == 1 and i == 0:
                answers["tp1"] = ""  # one skipped item: no provider score in wave 2
            invitation = wave.invitations.get(member=member)
            services.response_save(invitation=invitation, answers=answers)
        services.wave_close(wave=wave, actor=coordinator)
        waves.append(wave)
    panel.test_waves = waves
    return panel


def report_url(panel, suffix="", **query):
    from django.urls import reverse

    url = reverse(
        f"panel-report{suffix}", kwargs={"tenant": panel.tenant.slug, "pk": panel.pk}
    )
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url
