import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.i18n import CONTENT_LANGUAGES
from coproduce.core.models import TimeStampedModel

from .roles import Role


class Tenant(TimeStampedModel):
    """A public authority with its own space: nothing of one tenant is visible to another."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
        AGENCY = "agency", _("Public agency")
        OTHER = "other", _("Other public body")

    slug = models.SlugField(_("short name"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    # the language content is written in unless its author says otherwise; texts written
    # before content had languages are taken to be in it (see docs/languages.md)
    language = models.CharField(
        _("default language of content"),
        max_length=16,
        choices=CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # further languages of content beside Finnish, Swedish and English (BCP 47 codes of
    # coproduce.core.i18n.CONTENT_LANGUAGES)
    content_languages = models.JSONField(
        _("further languages of content"), default=list, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tenant")

    def __str__(self) -> str:
        return self.name


class TenantMembership(TimeStampedModel):
    """A user's role in one tenant; a user may belong to several tenants."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tenant_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"], name="tenantmembership_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant}: {self.role}"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A personal API token for one user in one tenant; only its hash is stored."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "cp_" + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return _hash(key)
