"""What a tenant publishes: which public services are in its open catalogue (served as
linked data at their persistent IRIs without login), its accessibility statement and its
privacy notice.

They live in their own app so that publishing adds no column to the registry's tables: a
service is published when a ``PublishedService`` row names it. Editable texts are JSON
objects ``{language code: text}`` read with ``coproduce.publishing.languages.text_in``
(the reader's language, else the tenant's content language, else any).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel


class PublishedService(TimeStampedModel):
    """A public service the tenant publishes in its open catalogue."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    service = models.OneToOneField(
        "people.PublicService", on_delete=models.CASCADE, related_name="publication"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("published service")

    def __str__(self) -> str:
        return str(self.service)


class AccessibilityStatement(TimeStampedModel):
    """The tenant's accessibility statement, on the model of Commission Implementing
    Decision (EU) 2018/1523 (Web Accessibility Directive, Art. 7)."""

    class Conformance(models.TextChoices):
        FULL = "full", _("Fully compliant")
        PARTIAL = "partial", _("Partially compliant")
        NONE = "none", _("Not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("Self-assessment")
        THIRD_PARTY = "third_party", _("Assessment by a third party")

    tenant = models.OneToOneField(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    conformance = models.CharField(
        _("conformance status"),
        max_length=10,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
    )
    non_accessible = models.JSONField(
        _("content that is not accessible"), default=dict, blank=True
    )
    disproportionate_burden = models.JSONField(
        _("disproportionate burden"), default=dict, blank=True
    )
    feedback_email = models.EmailField(_("feedback email"), blank=True)
    feedback_url = models.URLField(_("feedback form"), blank=True)
    method = models.CharField(
        _("assessment method"),
        max_length=12,
        choices=Method.choices,
        default=Method.SELF,
    )
    prepared_on = models.DateField(_("statement prepared on"), null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("accessibility statement")

    def __str__(self) -> str:
        return str(self.tenant)


class PrivacyNotice(TimeStampedModel):
    """The tenant's privacy notice (GDPR Art. 13 and 14): controller, purposes, legal
    bases, retention, recipients, the data subject's rights."""

    tenant = models.OneToOneField(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    controller = models.CharField(_("controller"), max_length=200, blank=True)
    controller_contact = models.TextField(_("controller's contact details"), blank=True)
    dpo_contact = models.TextField(
        _("data protection officer's contact details"), blank=True
    )
    purposes = models.JSONField(_("purposes of processing"), default=dict, blank=True)
    legal_bases = models.JSONField(_("legal bases"), default=dict, blank=True)
    recipients = models.JSONField(_("recipients"), default=dict, blank=True)
    retention = models.JSONField(_("retention"), default=dict, blank=True)
    updated_on = models.DateField(_("notice updated on"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("privacy notice")

    def __str__(self) -> str:
        return str(self.tenant)
