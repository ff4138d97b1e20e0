"""Fixed vocabularies of the co-producers' side: languages (BCP 47), parts of the day, and
which tenant role takes part in which actor role."""

from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.vocab import ActorRole

# BCP 47 language tags (standards-2.md): the national languages, Sámi, the sign languages.
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("se", _("Northern Sámi")),
    ("smn", _("Inari Sámi")),
    ("sms", _("Skolt Sámi")),
    ("fse", _("Finnish Sign Language")),
    ("fss", _("Finland-Swedish Sign Language")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("et", _("Estonian")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("uk", _("Ukrainian")),
]
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGES)

WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
DAY_PARTS = [
    ("morning", _("morning")),
    ("afternoon", _("afternoon")),
    ("evening", _("evening")),
]

# The tenant role of a co-producer -> the role their participations are recorded in.
ACTOR_ROLE_OF = {
    "volunteer": ActorRole.VOLUNTEER,
    "service_user": ActorRole.SERVICE_USER,
    "partner": ActorRole.PARTNER,
}


def language_label(code: str) -> str:
    return str(dict(LANGUAGES).get(code, code))
