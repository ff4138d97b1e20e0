"""Exports that run in the background: a large panel's answers, written by the task
worker, kept in the default storage under an unguessable name and served only through the
page that checks who asks (never a public media URL)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


def export_path(instance, filename: str) -> str:
    return f"exports/{instance.tenant_id}/{secrets.token_hex(16)}-{filename}"


class PanelExport(models.Model):
    """One requested download of a panel's answers, and how far its writing has got."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    panel = models.ForeignKey(
        "evaluation.Panel", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shape = models.CharField(max_length=4)
    format = models.CharField(max_length=4)
    bom = models.BooleanField(default=False)
    status = models.CharField(
        max_length=7, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("panel export")
        indexes = [models.Index(fields=["tenant", "panel", "created_at"])]

    def __str__(self) -> str:
        return f"{self.panel_id} {self.shape}.{self.format} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, 100 * self.rows_done // self.rows_total)


class DatasetExport(models.Model):
    """One requested file of a tenant's research dataset (``datasets.TENANT_DATASETS``)
    too large to write during the request, and how far its writing has got."""

    Status = PanelExport.Status

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    dataset = models.CharField(max_length=20)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format = models.CharField(max_length=4)
    status = models.CharField(
        max_length=7, choices=PanelExport.Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("dataset export")
        indexes = [models.Index(fields=["tenant", "dataset", "created_at"])]

    def __str__(self) -> str:
        return f"{self.dataset}.{self.format} {self.status}"

    percent = PanelExport.percent
