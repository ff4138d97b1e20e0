"""Scenario 8's trust panel: the Working Life Step's sixty service users answer a trust
instrument at the start (wave 1, all sixty) and after six months (wave 2, the fifty-two
who stayed), so that its report reads as a real evaluation.

The answers are drawn with a fixed seed from a small model of what Fledderus, Brandsen &
Honingh (2015) found in a co-produced activation programme (standards.md §4.1): after half
a year trust in the provider, in local government and generalised trust had fallen; trust
in fellow participants fell where trust in the provider fell, and held where it did not;
motivation and the sense of personal control slipped. Those who left were a little less
motivated at the start. Comments explain the numbers, with good words about the peers.

The instrument, panel, members and waves are made through the evaluation services. The
answers are not: ``response_save`` is the respondent's path, one locked transaction per
form and only while a wave is open. Here three thousand answers of two waves that closed
months ago are written with one ``bulk_create`` and the invitations stamped with one
``bulk_update`` (a fraction of a second instead of a hundred and twelve saves), keeping
the rules ``response_save`` keeps: whole numbers within the scale's range, text only for
free-text questions, one answer per item and wave.
"""

import datetime as dt

import numpy as np
from django.db import transaction
from django.utils import translation

from coproduce.core import i18n
from coproduce.evaluation import services
from coproduce.evaluation.library import BY_KEY, TRUST_PANEL
from coproduce.evaluation.models import Answer, Invitation, Item, Panel, Wave
from coproduce.initiatives.models import Activity, Initiative, Participation
from coproduce.initiatives.vocab import ActorRole

from .scenarios import SCENARIOS, at

SEED = 2015
KEYS = [*TRUST_PANEL, "motivation", "personal_control"]
QUESTION = (
    "What has changed for you since the programme started: in how you see the coaches, "
    "the municipality, the other participants, and your own chances?"
)
# The demo's texts are written in English (the tenant's default language of content);
# the coordinator added Finnish and Swedish versions of what the library does not give,
# so that a Swedish-speaking respondent answers the whole form in Swedish (docs/languages.md).
QUESTION_VERSIONS = {
    "en": QUESTION,
    "fi": "Mikä on muuttunut ohjelman alettua: miten näet valmentajat, kunnan, muut "
    "osallistujat ja omat mahdollisuutesi?",
    "sv": "Vad har förändrats för dig sedan programmet började: hur du ser på "
    "coacherna, kommunen, de andra deltagarna och dina egna möjligheter?",
}
INSTRUMENT_VERSIONS = {
    "name": {
        "fi": "Työelämän askel -luottamuspaneeli",
        "sv": "Arbetslivssteget, förtroendepanel",
    },
    "description": {
        "fi": "Luottamus palveluntuottajaan, kuntaan, muihin ihmisiin ja muihin "
        "osallistujiin sekä motivaatio ja elämänhallinta ohjelman alussa ja kuuden "
        "kuukauden kuluttua.",
        "sv": "Förtroende för tjänsteleverantören, kommunen, andra människor och de "
        "andra deltagarna, samt motivation och egen kontroll, i början av programmet "
        "och efter sex månader.",
    },
    "instructions": {
        "en": "Answer each question on its scale: there are no right or wrong answers. "
        "It takes about ten minutes.",
        "fi": "Vastaa jokaiseen kysymykseen sen asteikolla: oikeita tai vääriä "
        "vastauksia ei ole. Vastaamiseen menee noin kymmenen minuuttia.",
        "sv": "Besvara varje fråga på dess skala: det finns inga rätta eller felaktiga "
        "svar. Det tar ungefär tio minuter.",
    },
}
PANEL_VERSIONS = {
    "name": {
        "fi": "Luottamus kuuden kuukauden aikana",
        "sv": "Förtroende under sex månader",
    },
    "description": {
        "fi": "Kaikki ohjelman palvelunkäyttäjät; ensimmäinen kierros alussa (syyskuu "
        "2025), toinen kuuden kuukauden kuluttua (helmikuu 2026).",
        "sv": "Alla programmets tjänsteanvändare; första omgången i början (september "
        "2025), den andra efter sex månader (februari 2026).",
    },
}
WAVES = [  # (opened, closed, days over which the answers came in)
    (at("2025-09-03", "09:00"), at("2025-09-12", "16:00"), 8),
    (at("2026-02-25", "09:00"), at("2026-03-06", "16:00"), 8),
]

# Latent scores per respondent: baseline mean, baseline SD, mean change, SD of change.
# The changes of trust in fellow participants and of motivation follow the provider's.
PROVIDER = (6.6, 1.3, -1.1, 1.2)
GOVERNMENT = (5.3, 1.5, -0.8, 1.0)
GENERALISED = (5.9, 1.2, -0.6, 0.9)
FELLOWS = (6.2, 1.2)
MOTIVATION = (3.9, 0.45)  # 1-5
CONTROL = (2.85, 0.35)  # 1-4

WAVE_1_COMMENTS = [
    "I hope this time someone listens to what we want to do.",
    "Good to meet people in the same situation. A bit nervous.",
    "We made the plan ourselves today, that was new for me.",
    "I have done three of these programmes. Let's see.",
    "The coach seems to really know the employers in town.",
    "I want a work try-out before summer.",
    "Nice that the Unemployed Association is part of it and not only the office.",
    "I don't really trust the municipality, but the coach was honest with me.",
    "Too early to say anything.",
]
PROVIDER_FELL = [
    "Our coach changed twice and nobody told us why. Hard to trust them after that.",
    "They promised a work try-out for everyone. I am still waiting.",
    "The plan we made in September was changed by the office without asking us.",
    "At the start it felt like our programme. Now it feels like theirs again.",
]
GOVERNMENT_FELL = [
    "The benefit rules did not change, whatever we told the municipality.",
    "The city sent a letter about my benefits in the middle of it all. Nobody could "
    "explain it.",
]
MOTIVATION_FELL = [
    "In autumn I was eager. By January it was the same session every week.",
    "Hard to keep going when nothing seems to lead to a job.",
]
CONTROL_FELL = [
    "I have less say in what I do than I was promised.",
    "Whatever I do, the decisions are made somewhere else.",
]
PEERS_HELD = [
    "The others in my group are the best part: we help each other with applications.",
    "The job club at the clubhouse works because we run it ourselves.",
    "I found a friend here. That is not nothing.",
]


# What a wave-2 comment is about: the first change past its threshold (the peers when
# trust in them grew; the others when they fell this far).
WHY = [
    ("peers", 0.0),
    ("provider", -1.5),
    ("government", -1.2),
    ("motivation", -0.45),
    ("control", -0.3),
]


def _programme(tenant) -> Initiative:
    return Initiative.objects.get(tenant=tenant, slug=SCENARIOS[8][0])


def _answered(programme: Initiative, title_start: str) -> set[int]:
    """The people the programme records as having taken part in a survey wave."""
    activity = Activity.objects.get(
        initiative=programme,
        kind=Activity.Kind.SURVEY_WAVE,
        title__startswith=title_start,
    )
    return set(
        Participation.objects.filter(activity=activity).values_list(
            "person_id", flat=True
        )
    )


def _value(rng, latent: np.ndarray, item: Item, noise: float) -> np.ndarray:
    """Whole-number answers around the latent score, within the scale's range; a
    reverse-coded item is answered the other way round."""
    lo, hi = item.scale.minimum, item.scale.maximum
    values = np.clip(np.rint(latent + rng.normal(0, noise, len(latent))), lo, hi)
    return (lo + hi - values) if item.reverse else values


def trust_instrument_create(*, tenant, actor):
    """Scenario 8's instrument: the library's trust scales, motivation and personal
    control (their Finnish and Swedish versions from the library), a free-text question,
    and the coordinator's own Finnish and Swedish name, description and instructions."""
    instrument = services.instrument_create_from_library(
        tenant=tenant,
        actor=actor,
        name="Working Life Step trust panel",
        keys=KEYS,
        free_text=[QUESTION_VERSIONS],
        description="Trust in the provider, in local government, generalised trust and "
        "trust in fellow participants, with motivation and personal control, at the "
        "start of the programme and after six months.",
        instructions=INSTRUMENT_VERSIONS["instructions"]["en"],
    )
    _versions(instrument, INSTRUMENT_VERSIONS)
    return instrument


@transaction.atomic
def trust_panel_load(*, tenant, actor) -> Panel:
    """Create scenario 8's instrument, panel and two closed waves with their answers."""
    programme = _programme(tenant)
    rng = np.random.default_rng(SEED)
    instrument = trust_instrument_create(tenant=tenant, actor=actor)
    panel = services.panel_create(
        tenant=tenant,
        actor=actor,
        initiative=programme,
        instrument=instrument,
        name="Trust over six months",
        description="All service users of the programme; wave 1 at the start "
        "(September 2025), wave 2 after six months (February 2026).",
    )
    _versions(panel, PANEL_VERSIONS)
    services.panel_members_from_participants(
        panel=panel, actor=actor, roles=[ActorRole.SERVICE_USER]
    )
    members = list(panel.members.order_by("pseudonym"))
    n = len(members)
    wave_1 = _answered(programme, "Trust panel, wave 1")
    wave_2 = _answered(programme, "Trust panel, wave 2")
    stayed = np.array([m.person_id in wave_2 for m in members])

    # The model: one row per member, baseline (b) and six months on (a).
    def pair(mean, sd, change, change_sd, common, shift):
        base = mean + sd * (0.6 * common + 0.8 * rng.normal(size=n))
        diff = change + change_sd * rng.normal(size=n) + shift
        return base, diff

    common = rng.normal(size=n)
    provider_b, provider_d = pair(*PROVIDER, common, 0)
    government_b, government_d = pair(*GOVERNMENT, common, 0.15 * provider_d)
    generalised_b, generalised_d = pair(*GENERALISED, common, 0.2 * provider_d)
    fellows_b = FELLOWS[0] + FELLOWS[1] * (0.5 * common + 0.85 * rng.normal(size=n))
    # fellows held where trust in the provider held, fell where it fell
    fellows_d = (
        0.55 * provider_d + 0.3 * generalised_d + 0.45 + 0.45 * rng.normal(size=n)
    )
    motivation_b = MOTIVATION[0] + MOTIVATION[1] * rng.normal(size=n) - 0.35 * ~stayed
    motivation_d = -0.2 + 0.15 * provider_d + 0.35 * rng.normal(size=n)
    control_b = CONTROL[0] + CONTROL[1] * rng.normal(size=n)
    control_d = -0.12 + 0.25 * rng.normal(size=n)
    latent = {
        "trust_provider": (provider_b, provider_d, 0.8),
        "trust_local_government": (government_b, government_d, 0.8),
        "trust_generalised": (generalised_b, generalised_d, 0.9),
        "trust_participants": (fellows_b, fellows_d, 0.8),
        "motivation": (motivation_b, motivation_d, 0.5),
        "personal_control": (control_b, control_d, 0.45),
    }
    items = list(instrument.items.select_related("scale").order_by("position", "id"))
    by_code = {item.code: item for item in items}
    text_item = next(item for item in items if item.kind == Item.Kind.TEXT)
    with translation.override(tenant.language):
        key_of_scale = {str(BY_KEY[key].name): key for key in KEYS}

    answers: list[Answer] = []
    invitations: list[Invitation] = []
    for w, (opened, closed, days) in enumerate(WAVES):
        wave = services.wave_create(panel=panel, actor=actor, closes_at=closed)
        services.wave_open(wave=wave, actor=actor, send=False)
        answered = np.array(
            [m.person_id in (wave_1 if w == 0 else wave_2) for m in members]
        )
        values = {}
        for item in items:
            if item.kind != Item.Kind.SCALE:
                continue
            base, diff, noise = latent[key_of_scale[item.scale.name]]
            values[item.code] = _value(rng, base + w * diff, item, noise)
        skipped = rng.random((n, len(values))) < 0.004  # now and then an item left out
        changes = {
            "provider": provider_d,
            "government": government_d,
            "motivation": motivation_d,
            "control": control_d,
            "peers": fellows_d,
        }
        comments = _comments(rng, w, answered, changes)
        sent = {inv.member_id: inv for inv in wave.invitations.all()}
        helped = 0
        for i, member in enumerate(members):
            invitation = sent[member.pk]
            # members without an address got a printed letter instead of the email
            if member.email:
                invitation.sent_at = opened
            else:
                invitation.letter_printed_at = opened
            if not answered[i]:
                invitations.append(invitation)
                continue
            for j, (code, column) in enumerate(values.items()):
                if skipped[i, j]:
                    continue
                answers.append(
                    Answer(
                        tenant_id=tenant.pk,
                        wave=wave,
                        member=member,
                        item=by_code[code],
                        value=float(column[i]),
                    )
                )
            if comments.get(i):
                answers.append(
                    Answer(
                        tenant_id=tenant.pk,
                        wave=wave,
                        member=member,
                        item=text_item,
                        text=comments[i],
                    )
                )
            submitted = opened + dt.timedelta(
                days=float(rng.uniform(0, days)), hours=float(rng.uniform(0, 6))
            )
            invitation.submitted_at = invitation.updated_at = submitted
            invitation.version = 1
            if not member.email:
                # every fourth of them answered on the telephone with the coordinator
                helped += 1
                if helped % 4 == 0:
                    invitation.assisted_at, invitation.assisted_by = submitted, actor
            invitations.append(invitation)
        services.wave_close(wave=wave, actor=actor)
        Wave.objects.filter(pk=wave.pk).update(opened_at=opened, closed_at=closed)
    _check(answers, items)
    Answer.objects.bulk_create(answers, batch_size=1000)
    Invitation.objects.bulk_update(
        invitations,
        [
            "sent_at",
            "letter_printed_at",
            "submitted_at",
            "updated_at",
            "assisted_at",
            "assisted_by",
            "version",
        ],
        batch_size=500,
    )
    # the answers went in around response_save: pack them as it would have
    services.invitations_repack(wave_ids=list(panel.waves.values_list("pk", flat=True)))
    # one of those who left the programme also asked to leave the panel: their address
    # goes, their wave 1 answers stay under the pseudonym (the figures do not change)
    leaver = next(m for i, m in enumerate(members) if not stayed[i])
    services.panel_member_withdraw(member=leaver, actor=actor)
    return panel


def _versions(obj, versions: dict[str, dict[str, str]]) -> None:
    """The coordinator's Finnish and Swedish versions of the demo's own texts."""
    for field, texts in versions.items():
        i18n.translations_apply(obj, field, texts, origin=i18n.PROJECT)
    obj.save(update_fields=[*versions, "i18n"])


def _comments(rng, w: int, answered: np.ndarray, changes: dict) -> dict[int, str]:
    """A few write something in wave 1, more in wave 2; what they write in wave 2 follows
    how their own answers changed."""
    out = {}
    pools = {
        "provider": list(PROVIDER_FELL),
        "government": list(GOVERNMENT_FELL),
        "motivation": list(MOTIVATION_FELL),
        "control": list(CONTROL_FELL),
        "peers": list(PEERS_HELD),
        "start": list(WAVE_1_COMMENTS),
    }
    for i in np.flatnonzero(answered):
        if w == 0:
            if pools["start"] and rng.random() < 0.2:
                out[int(i)] = pools["start"].pop(0)
            continue
        if rng.random() > 0.4:
            continue
        reason = next(
            (
                reason
                for reason, below in WHY
                if pools[reason]
                and (
                    changes[reason][i] > below
                    if reason == "peers"
                    else changes[reason][i] < below
                )
            ),
            None,
        )
        if reason is None:
            continue
        out[int(i)] = pools[reason].pop(0)
    return out


def _check(answers: list[Answer], items: list[Item]) -> None:
    """The rules ``response_save`` keeps, checked once for the whole batch."""
    seen = set()
    for answer in answers:
        item = answer.item
        key = (answer.wave.pk, answer.member.pk, item.pk)
        if key in seen:
            raise ValueError(f"two answers to {item.code} in one wave")
        seen.add(key)
        if item.kind == Item.Kind.TEXT:
            if answer.value is not None or not answer.text:
                raise ValueError(f"{item.code} takes text only")
            continue
        value, scale = answer.value, item.scale
        if value != int(value) or not scale.minimum <= value <= scale.maximum:
            raise ValueError(f"{item.code}: {value} is not a whole number in range")
