"""Sustainability assessments of temporary initiatives (Jaspers & Steen), repeated over time.

A coordinator scores each dimension; the evidence the records give at that moment
(partnerships that outlast the end date, activities that continued, people who moved
from taking part to organising) is computed and kept with the assessment, so that later
assessments can be compared with earlier ones.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel


class Dimension(models.TextChoices):
    COLLABORATIONS = "collaborations", _("Lasting collaborations")
    PROCESSES = "processes", _("Institutionalised but flexible processes")
    EMPOWERMENT = "empowerment", _("Empowered citizens")
    CAPACITY = "capacity", _("Problem solving and capacity building")
    FUTURE_NEEDS = "future_needs", _("Needs of today and of tomorrow")


class Score(models.IntegerChoices):
    ABSENT = 1, _("1 – absent")
    WEAK = 2, _("2 – weak")
    PARTLY = 3, _("3 – partly in place")
    MOSTLY = 4, _("4 – mostly in place")
    STRONG = 5, _("5 – strong")


class Assessment(TimeStampedModel):
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="sustainability_assessments",
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessor"),
    )
    summary = models.TextField(_("summary"), blank=True)
    evidence = models.JSONField(_("evidence from the records"), default=dict)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("sustainability assessment")
        indexes = [models.Index(fields=["tenant", "initiative", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.assessed_on}"


class DimensionScore(models.Model):
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores"
    )
    dimension = models.CharField(
        _("dimension"), max_length=16, choices=Dimension.choices
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=Score.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rationale = models.TextField(_("why this score"), blank=True)
    weakness = models.TextField(_("what weakens it"), blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("dimension score")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="dimensionscore_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="dimensionscore_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.score}"
