"""Roles per tenant and the permissions each one carries (the single source of truth)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TENANT_ADMIN = "tenant_admin", _("Tenant admin")
    COORDINATOR = "coordinator", _("Co-production coordinator")
    PROFESSIONAL = "professional", _("Professional")
    VOLUNTEER = "volunteer", _("Volunteer")
    SERVICE_USER = "service_user", _("Service user")
    VIEWER = "viewer", _("Viewer (manager, politician)")
    PARTNER = "partner", _("Partner organisation")


# What each permission allows:
#   registry.view     read organisations, services; people (personal data) needs people.view
#   people.view       read people and their memberships; who took part in what, by name
#   people.view_team  see who else worked an activity one took part in (its professionals
#                     and volunteers), never its service users or residents
#   registry.change   create/change organisations, people, memberships, services
#   initiatives.view_all   read every initiative of the tenant (else: only those one takes part in)
#   initiatives.change     create/change initiatives and partners
#   activities.record      record activities, participations and contributions
#   tenant.admin      manage members and roles
#   cases.view_all    read every case of the tenant (else: professionals the cases of their
#                     organisation, volunteers the cases they are assigned to)
#   cases.view_org    read the cases of one's own organisation (professionals)
#   cases.manage      register, assign, close cases; define case types; designate auditors;
#                     subject access and erasure of party data
#   cases.record      record steps in the cases one may see, as the process allows
#   cases.sign_off    sign off steps done by someone else (a supervising professional)
#   cases.audit       read case trails (never party details), verify and export the ledger
#   coproducers.take_part  sign up for opportunities open to one's role, check in, report
#                     one's own hours and contributions, keep one's co-producer profile
#   coproducers.manage     publish opportunities and shifts, keep rosters and attendance
#   coproducers.verify     verify or return the hours and contributions people reported
#   crisis.post_need  post needs to the crisis centres whose initiative one's organisation
#                     is a partner of, as that organisation (partner organisations' staff;
#                     the centre's staff post with activities.record)
#   (An auditor is a member with any role, usually viewer, whom a coordinator designated as
#   auditor in the cases app: the designation adds cases.audit; see cases.models.Auditor.)
CASES_MANAGE = (
    "cases.view_all",
    "cases.manage",
    "cases.record",
    "cases.sign_off",
    "cases.audit",
)
AUDITOR_PERMISSIONS = frozenset({"cases.audit"})
TAKE_PART = "coproducers.take_part"
COPRODUCERS_MANAGE = ("coproducers.manage", "coproducers.verify")

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.TENANT_ADMIN: frozenset(
        {
            "registry.view",
            "people.view",
            "registry.change",
            "initiatives.view_all",
            "initiatives.change",
            "activities.record",
            "tenant.admin",
            "data.export",
            *CASES_MANAGE,
            *COPRODUCERS_MANAGE,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            "registry.view",
            "people.view",
            "registry.change",
            "initiatives.view_all",
            "initiatives.change",
            "activities.record",
            "data.export",
            *CASES_MANAGE,
            *COPRODUCERS_MANAGE,
        }
    ),
    Role.PROFESSIONAL: frozenset(
        {
            "registry.view",
            "people.view",
            "initiatives.view_all",
            "activities.record",
            "cases.view_org",
            "cases.record",
            "cases.sign_off",
            "coproducers.verify",
        }
    ),
    Role.VIEWER: frozenset({"registry.view", "initiatives.view_all", "data.export"}),
    Role.PARTNER: frozenset(
        {"registry.view", "people.view_team", TAKE_PART, "crisis.post_need"}
    ),
    Role.VOLUNTEER: frozenset({"cases.record", "people.view_team", TAKE_PART}),
    Role.SERVICE_USER: frozenset({TAKE_PART}),
}


def permissions_for(role: str | None) -> frozenset[str]:
    return PERMISSIONS.get(role or "", frozenset())
