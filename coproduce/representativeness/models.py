"""Population figures for the area an initiative serves, and the tenant's small-group rule."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel


class Dimension(models.TextChoices):
    """The demographics a person may report (people.Person) and statistics publish."""

    AGE_BAND = "age_band", _("Age band")
    GENDER = "gender", _("Gender")
    FIRST_LANGUAGE = "first_language", _("First language")
    DISTRICT = "district", _("District")


DEFAULT_MIN_GROUP = 5


class Setting(TimeStampedModel):
    """Per tenant: groups with fewer participants than ``min_group_size`` are never shown."""

    tenant = models.OneToOneField(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=DEFAULT_MIN_GROUP,
        validators=[MinValueValidator(2)],
        help_text=_(
            "Groups with fewer participants are never shown, so that nobody can be "
            "singled out."
        ),
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("representativeness setting")


class PopulationTable(TimeStampedModel):
    """Published population figures for one area on one reference date."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(_("area"), max_length=200)
    reference_date = models.DateField(_("reference date"))
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The public statistics the figures come from."),
    )
    covers_tenant = models.BooleanField(
        _("the whole area of the tenant"),
        default=False,
        help_text=_("Used on the tenant dashboard for all initiatives together."),
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("population table")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"], name="populationtable_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PopulationRow(models.Model):
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    table = models.ForeignKey(
        PopulationTable, on_delete=models.CASCADE, related_name="rows"
    )
    dimension = models.CharField(
        _("dimension"), max_length=16, choices=Dimension.choices
    )
    group = models.CharField(_("group"), max_length=80)
    count = models.PositiveIntegerField(_("people"))

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["dimension", "id"]
        verbose_name = _("population figure")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "dimension", "group"],
                name="populationrow_unique_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.group}: {self.count}"


class InitiativeArea(TimeStampedModel):
    """Which population an initiative serves."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.OneToOneField(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="+"
    )
    table = models.ForeignKey(
        PopulationTable,
        verbose_name=_("population table"),
        on_delete=models.PROTECT,
        related_name="initiative_areas",
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("area served")
