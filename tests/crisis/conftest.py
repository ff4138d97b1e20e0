"""A tenant with a coordinator, a professional, a viewer and six volunteers in the
co-producers' registry (profiles with languages, skills, areas, weekly availability), an
initiative switched into crisis mode and a need tomorrow evening for two people who
speak Somali and can drive."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from coproduce.coproducers.models import CoproducerProfile, Skill
from coproduce.crisis import services
from coproduce.people.models import Person
from tests import factories as f
from tests.coproducers.conftest import actor_of

# name: (languages, skills, area, availability, consent, callout_ok)
VOLUNTEERS = {
    "amina": (["so", "fi"], ["driving"], "00530", {"DAY": ["evening"]}, True, True),
    "hodan": (["so"], [], "00510", {"DAY": ["evening"]}, True, True),
    "yusuf": (["so", "ar"], ["driving"], "02100", {}, True, True),
    "liisa": (["fi"], ["driving"], "00530", {"DAY": ["evening"]}, True, True),
    "nocall": (["so"], ["driving"], "00530", {"DAY": ["evening"]}, True, False),
    "noconsent": ([], [], "", {}, False, True),
}


def tomorrow_evening():
    start = (timezone.localtime() + dt.timedelta(days=1)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    return start, start + dt.timedelta(hours=2)


@pytest.fixture
def crisis(tenant, make_member, coordinator):
    users = {
        "coordinator": coordinator,
        "professional": make_member(tenant, "professional", username="pia"),
        "viewer": make_member(tenant, "viewer", username="vivi"),
    }
    for name in VOLUNTEERS:
        users[name] = make_member(tenant, "volunteer", username=name)
    actors = {k: actor_of(u, tenant) for k, u in users.items()}
    person = {k: Person.objects.get(user=u) for k, u in users.items()}
    driving = Skill.objects.create(tenant=tenant, name="driving")
    start, end = tomorrow_evening()
    day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][start.weekday()]
    for i, (name, (langs, skills, area, avail, consent, call)) in enumerate(
        VOLUNTEERS.items()
    ):
        p = person[name]
        p.email = f"{name}@example.org"
        p.phone = f"+35840{i:07d}"
        p.save()
        profile = CoproducerProfile.objects.create(
            tenant=tenant,
            person=p,
            languages=langs,
            area=area,
            availability={day if k == "DAY" else k: v for k, v in avail.items()},
            callout_ok=call,
            consent_at=timezone.now() if consent else None,
            email_language="fi" if name == "amina" else "",
        )
        if skills:
            profile.skills.set([driving])
    initiative = f.InitiativeFactory(
        tenant=tenant, name="Epidemic winter", co_delivery=True
    )
    centre = services.centre_open(initiative=initiative, actor=actors["coordinator"])
    need = services.need_post(
        centre=centre,
        actor=actors["professional"],
        title="Groceries for a family in quarantine",
        area="00530",
        starts_at=start,
        ends_at=end,
        people_needed=2,
        languages=["so"],
        language="so",
        urgency="high",
        skills=[driving],
        assigned_to=person["professional"],
        resident={
            "name": "Faadumo Resident",
            "phone": "+358401234567",
            "address": "Kurvi 1",
        },
    )
    return SimpleNamespace(
        tenant=tenant,
        users=users,
        actors=actors,
        person=person,
        initiative=initiative,
        centre=centre,
        need=need,
        driving=driving,
    )
