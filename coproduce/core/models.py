from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Translatable(models.Model):
    """Content that can be read in several languages (coproduce.core.i18n): the texts of
    ``translatable`` fields are written in ``content_language``, their other versions are
    kept in ``i18n`` as ``{language: {field: text}}``."""

    content_language = models.CharField(
        _("written in"), max_length=16, default=settings.LANGUAGE_CODE
    )
    i18n = models.JSONField(_("translations"), default=dict, blank=True)

    translatable: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True


class Event(models.Model):
    """One row per state change: who did what to which object, with old and new values."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(max_length=60)
    object_id = models.BigIntegerField()
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "object_type", "object_id"]),
            # the tenant's latest event (core.kept.data_fingerprint)
            models.Index(fields=["tenant", "id"], name="event_tenant_id"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"
