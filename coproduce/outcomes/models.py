"""Outcomes with indicators and dated measurements; the value of time and the costs of an
initiative; the assumptions of its social return on investment (standards.md §4.4, §4.5)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel
from coproduce.initiatives.vocab import ActorRole

SHARE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class ValueTag(models.TextChoices):
    """Who the value accrues to (Alford 2002): the individual, a group, the public."""

    PRIVATE = "private", _("Private value")
    GROUP = "group", _("Group value")
    PUBLIC = "public", _("Public value")


class Outcome(TimeStampedModel):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal (what citizens want for themselves)")
        ORGANISATIONAL = (
            "organisational",
            _("Organisational (what the public body wants)"),
        )
        PUBLIC = "public", _("Public")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Optimistic locking: an edit made from an older version is refused, not lost.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("outcome")
        indexes = [models.Index(fields=["tenant", "initiative"])]

    def __str__(self) -> str:
        return self.name


class Indicator(TimeStampedModel):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    direction = models.CharField(
        _("direction"),
        max_length=6,
        choices=Direction.choices,
        default=Direction.HIGHER,
    )
    # Measurements may come from an evaluation scale: the scale's mean in each wave.
    scale = models.ForeignKey(
        "evaluation.Scale",
        verbose_name=_("evaluation scale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    panel = models.ForeignKey(
        "evaluation.Panel",
        verbose_name=_("evaluation panel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("indicator")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.baseline is not None and self.target is not None:
            if self.target == self.baseline:
                errors["target"] = _("The target must differ from the baseline.")
            elif (
                self.direction == self.Direction.HIGHER and self.target < self.baseline
            ):
                errors["target"] = _(
                    "Higher is better, so the target must be above the baseline."
                )
            elif self.direction == self.Direction.LOWER and self.target > self.baseline:
                errors["target"] = _(
                    "Lower is better, so the target must be below the baseline."
                )
        if bool(self.scale_id) != bool(self.panel_id):
            errors["panel"] = _(
                "Choose both an evaluation scale and its panel, or none."
            )
        if errors:
            raise ValidationError(errors)


class Measurement(TimeStampedModel):
    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported from a file")
        SCALE = "scale", _("Evaluation scale (mean in a wave)")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.ENTERED
    )
    wave = models.ForeignKey(
        "evaluation.Wave",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("measurement")
        indexes = [models.Index(fields=["indicator", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "wave"],
                condition=models.Q(wave__isnull=False),
                name="measurement_unique_wave",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.date}: {self.value}"


class ValueRate(TimeStampedModel):
    """The replacement cost of an hour of one actor role, set by the tenant (ILO 2011)."""

    class Method(models.TextChoices):
        SPECIALIST = "replacement_specialist", _("Replacement cost, specialist")
        GENERALIST = "replacement_generalist", _("Replacement cost, generalist")
        FLAT = "flat_rate", _("Flat rate")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=ActorRole.choices)
    hourly_rate = models.DecimalField(
        _("EUR per hour"), max_digits=8, decimal_places=2, validators=NOT_NEGATIVE
    )
    method = models.CharField(
        _("method"), max_length=24, choices=Method.choices, default=Method.GENERALIST
    )
    isco_code = models.CharField(_("ISCO-08 code"), max_length=8, blank=True)
    value_tag = models.CharField(
        _("value tag"), max_length=7, choices=ValueTag.choices, default=ValueTag.PUBLIC
    )
    source_note = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["role"]
        verbose_name = _("value rate")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "role"], name="valuerate_unique_role"
            ),
            models.CheckConstraint(
                condition=models.Q(hourly_rate__gte=0), name="valuerate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.hourly_rate} EUR/h"


class Cost(TimeStampedModel):
    """Professional time not recorded as participation (hours x rate) or money spent."""

    class Kind(models.TextChoices):
        TIME = "time", _("Professional time")
        MONEY = "money", _("Money spent")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="costs"
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    hourly_rate = models.DecimalField(
        _("EUR per hour"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )
    value_tag = models.CharField(
        _("value tag"), max_length=7, choices=ValueTag.choices, default=ValueTag.PUBLIC
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("cost")
        indexes = [models.Index(fields=["tenant", "initiative"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="cost_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.kind == self.Kind.TIME:
            errors = {}
            if self.hours is None:
                errors["hours"] = _("Give the hours of professional time.")
            if self.hourly_rate is None:
                errors["hourly_rate"] = _("Give the rate per hour.")
            if errors:
                raise ValidationError(errors)
            if self.amount != (self.hours * self.hourly_rate).quantize(Decimal("0.01")):
                raise ValidationError(
                    {"amount": _("The amount must be hours times the rate.")}
                )


class SroiModel(TimeStampedModel):
    """The assumptions of an initiative's SROI that are not per outcome."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.OneToOneField(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="sroi_model"
    )
    discount_rate = models.DecimalField(
        _("discount rate"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.035"),
        validators=SHARE,
        help_text=_("0.035 is the 3.5 per cent rate of the HM Treasury Green Book."),
    )
    sensitivity_step = models.DecimalField(
        _("sensitivity step"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(1)],
        help_text=_(
            "How far each assumption moves in the sensitivity table: shares by this "
            "many points, proxies and quantities by this fraction."
        ),
    )
    include_volunteer_time = models.BooleanField(
        _("count the valued time of citizens as an input"), default=True
    )
    include_in_kind = models.BooleanField(
        _("count contributions in kind as an input"), default=True
    )
    in_kind_tag = models.CharField(
        _("value tag of contributions in kind"),
        max_length=7,
        choices=ValueTag.choices,
        default=ValueTag.GROUP,
    )
    note = models.TextField(_("sources and notes"), blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("SROI model")

    def __str__(self) -> str:
        return f"SROI {self.initiative_id}"


class OutcomeValuation(TimeStampedModel):
    """One outcome valued with a financial proxy, with its impact adjustments."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="outcome_valuations",
    )
    outcome = models.ForeignKey(
        Outcome,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="valuations",
    )
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(
        _("number of people or units"),
        max_digits=12,
        decimal_places=2,
        validators=NOT_NEGATIVE,
    )
    proxy_value = models.DecimalField(
        _("financial proxy (EUR per unit per year)"),
        max_digits=12,
        decimal_places=2,
        validators=NOT_NEGATIVE,
    )
    proxy_source = models.CharField(_("source of the proxy"), max_length=300)
    duration_years = models.PositiveSmallIntegerField(
        _("duration (years)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    deadweight = models.DecimalField(
        _("deadweight"), max_digits=5, decimal_places=4, default=0, validators=SHARE
    )
    attribution = models.DecimalField(
        _("attribution"), max_digits=5, decimal_places=4, default=0, validators=SHARE
    )
    displacement = models.DecimalField(
        _("displacement"), max_digits=5, decimal_places=4, default=0, validators=SHARE
    )
    drop_off = models.DecimalField(
        _("drop-off per year"),
        max_digits=5,
        decimal_places=4,
        default=0,
        validators=SHARE,
    )
    value_tag = models.CharField(
        _("value tag"), max_length=7, choices=ValueTag.choices, default=ValueTag.PUBLIC
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["id"]
        verbose_name = _("valued outcome")
        indexes = [models.Index(fields=["tenant", "initiative"])]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.outcome_id and self.initiative_id:
            owner = (
                Outcome._base_manager.filter(pk=self.outcome_id)
                .values_list("initiative_id", flat=True)
                .first()
            )
            if owner != self.initiative_id:
                raise ValidationError(
                    {"outcome": _("The outcome belongs to another initiative.")}
                )
