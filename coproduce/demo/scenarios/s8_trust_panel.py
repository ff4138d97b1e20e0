"""Scenario 8, trust in a co-produced activation programme: sixty long-term unemployed
residents plan and run six months of group coaching with employment coaches and the
Unemployed Association. These are its activities; the trust panel they answer at the start
and after six months is loaded by ``coproduce.demo.evaluation_panel``."""

import datetime as dt

from coproduce.initiatives.vocab import Scope

from ..spec import ActivitySpec, ContributionSpec, InitiativeSpec
from .builder import (
    AB,
    AK,
    CK,
    MIX_CITY,
    MR,
    PR,
    SCENARIOS,
    ST,
    Builder,
    L,
    M,
    R,
    S,
    activity,
    at,
    d,
    h,
    initiative,
    orgs,
    people,
)

PARTICIPANTS = {
    "prefix": "participant",
    "n": 59,
    "organisation": "employment",
    "role": MR.SERVICE_USER,
    "mix": MIX_CITY,
    "ages": [AB.A18_29, AB.A30_44, AB.A45_64],
    "consent_at": at("2025-09-03", "10:00"),
    "since": d("2025-09-01"),
}
COACHES = ["coach1", "coach2", "coach3", "unemployedcoord"]
JOB_CLUBS = ["2025-10-22", "2025-11-26", "2026-01-21"]

PROGRAMME = {
    "scenario": 8,
    "slug": SCENARIOS[8][0],
    "name": "Working Life Step: co-produced activation programme",
    "description": "Sixty long-term unemployed residents plan and run six months of group coaching with "
    "employment coaches and the Unemployed Association; a trust panel at the start and "
    "after six months shows what changed.",
    "lead": "employment",
    "status": ST.CLOSED,
    "start_date": d("2025-09-01"),
    "end_date": d("2026-02-28"),
    "place": "Employment Services, Studio",
    "co_design": True,
    "co_delivery": True,
    "co_assessment": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Trust in the provider, in local government, in others and in fellow "
    "participants grows; half move to work, studies or a work try-out.",
    "partners": [
        ("unemployed", PR.DELIVERY),
        ("uas", PR.EVALUATOR),
        ("county", PR.ADVISOR),
    ],
    "services": ["employment-activation"],
}
PROGRAMME_CONTRIBUTIONS = [
    ContributionSpec(
        CK.PREMISES,
        "Clubhouse for the peer-led job club",
        d("2026-01-21"),
        h(450),
        organisation="unemployed",
    )
]


def _commission_and_wave_1(participants: list[str]) -> list[ActivitySpec]:
    return [
        activity(
            S.COMMISSIONING,
            "Programme commission with the Unemployed Association",
            AK.MEETING,
            at("2025-06-11", "10:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(["coach1", "unemployedcoord"], R.PROFESSIONAL, 2),
            orgs(["unemployed"], R.PARTNER),
            place="Employment Services",
        ),
        activity(
            S.ASSESSMENT,
            "Trust panel, wave 1 (start)",
            AK.SURVEY_WAVE,
            at("2025-09-03", "09:00"),
            0.5,
            L.CONSULT,
            M.VOICE,
            people(participants, R.SERVICE_USER, 0.5),
            description="Trust in the provider, in local government, generalised trust, "
            "trust in fellow participants: the baseline.",
        ),
    ]


def _group_sessions(
    b: Builder, groups: list[list[str]], dropouts: set[str]
) -> list[ActivitySpec]:
    """Four groups plan their programme, then meet every other week; a participant who
    drops out stops coming from the group's fifth session on (B's sixth, ...)."""
    acts = []
    for g, group in enumerate(groups):
        letter = "ABCD"[g]
        acts.append(
            activity(
                S.DESIGN,
                f"Group {letter}: we plan our programme",
                AK.WORKSHOP,
                at((d("2025-09-08") + dt.timedelta(days=g)).isoformat(), "09:30"),
                3,
                L.COLLABORATE,
                M.VOICE,
                people(group, R.SERVICE_USER, 3),
                people([COACHES[g]], R.PROFESSIONAL, 3),
                place="Employment Services, Studio",
            )
        )
        for n in range(11):
            day = d("2025-09-15") + dt.timedelta(days=g + 14 * n)
            present = [
                p
                for p in group
                if not (p in dropouts and n >= 4 + g)
                and b.rng.random() < 0.85 - 0.01 * n
            ]
            acts.append(
                activity(
                    S.DELIVERY,
                    f"Group {letter}, session {n + 1}",
                    AK.WORKSHOP,
                    at(day.isoformat(), "09:30"),
                    3,
                    L.COLLABORATE,
                    M.DOING,
                    people(present, R.SERVICE_USER, 3),
                    people([COACHES[g]], R.PROFESSIONAL, 3),
                    place="Employment Services, Studio",
                )
            )
    return acts


def _job_clubs(b: Builder, stayed: list[str]) -> list[ActivitySpec]:
    acts = []
    for n, day in enumerate(JOB_CLUBS):
        acts.append(
            activity(
                S.DELIVERY,
                f"Peer-led job club {n + 1}",
                AK.MEETING,
                at(day, "13:00"),
                2,
                L.EMPOWER,
                M.DOING,
                people(b.sample(stayed, 9), R.SERVICE_USER, 2),
                place="Unemployed Association clubhouse",
            )
        )
    return acts


def _evaluation(b: Builder, stayed: list[str]) -> list[ActivitySpec]:
    """The participants' own evaluation, and the trust panel's second wave."""
    return [
        activity(
            S.ASSESSMENT,
            "Participants evaluate the programme",
            AK.WORKSHOP,
            at("2026-02-18", "10:00"),
            2.5,
            L.INVOLVE,
            M.VOICE,
            people(b.sample(stayed, 20), R.SERVICE_USER, 2.5),
            people(["coach1", "researcher"], R.PROFESSIONAL, 2.5),
        ),
        activity(
            S.ASSESSMENT,
            "Trust panel, wave 2 (six months)",
            AK.SURVEY_WAVE,
            at("2026-02-25", "09:00"),
            0.5,
            L.CONSULT,
            M.VOICE,
            people(stayed, R.SERVICE_USER, 0.5),
            description="52 of the 60 answered; the eight who left the programme did not.",
        ),
    ]


def initiatives(b: Builder) -> list[InitiativeSpec]:
    participants = ["serviceuser"] + b.crowd(**PARTICIPANTS)
    groups = [participants[i::4] for i in range(4)]
    dropouts = set(b.sample(participants[1:], 8))
    stayed = [p for p in participants if p not in dropouts]
    acts = (
        _commission_and_wave_1(participants)
        + _group_sessions(b, groups, dropouts)
        + _job_clubs(b, stayed)
        + _evaluation(b, stayed)
    )
    return [initiative(PROGRAMME, acts, PROGRAMME_CONTRIBUTIONS)]
