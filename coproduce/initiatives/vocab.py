"""The co-production vocabularies: stages (the 4 Co's), IAP2 levels, modes, actor groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The value chain of Bovaird & Loeffler; with citizens each stage becomes a 'Co'."""

    COMMISSIONING = "commissioning", _("Commissioning")
    DESIGN = "design", _("Design")
    DELIVERY = "delivery", _("Delivery")
    ASSESSMENT = "assessment", _("Assessment")


STAGE_CO_LABELS = {
    Stage.COMMISSIONING: _("Co-commissioning"),
    Stage.DESIGN: _("Co-design"),
    Stage.DELIVERY: _("Co-delivery"),
    Stage.ASSESSMENT: _("Co-assessment"),
}


class Level(models.IntegerChoices):
    """The IAP2 spectrum of public participation, by increasing public impact."""

    INFORM = 1, _("Inform")
    CONSULT = 2, _("Consult")
    INVOLVE = 3, _("Involve")
    COLLABORATE = 4, _("Collaborate")
    EMPOWER = 5, _("Empower")


class Mode(models.TextChoices):
    VOICE = "voice", _("Voice")
    DOING = "doing", _("Doing")


class ActorRole(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    VOLUNTEER = "volunteer", _("Volunteer")
    SERVICE_USER = "service_user", _("Service user")
    RESIDENT = "resident", _("Resident")
    COMMUNITY_GROUP = "community_group", _("Community group")
    PARTNER = "partner", _("Partner organisation")


# Lay actors: citizens as individuals or in groups. Their participation at level
# "involve" or higher in any stage makes an initiative co-produced (the value chain school).
CITIZEN_ROLES = frozenset(
    {
        ActorRole.VOLUNTEER,
        ActorRole.SERVICE_USER,
        ActorRole.RESIDENT,
        ActorRole.COMMUNITY_GROUP,
    }
)
CO_PRODUCTION_THRESHOLD = Level.INVOLVE


class Scope(models.TextChoices):
    """Who benefits (Nabatchi, Sancino & Sicilia 2017)."""

    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")
    COLLECTIVE = "collective", _("Collective")
