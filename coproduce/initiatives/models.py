"""Initiatives and their value chain: activities, participations, contributions."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel, Translatable

from .vocab import ActorRole, Level, Mode, Scope, Stage

# The boolean field of Initiative that declares each stage as a "Co".
DECLARED_FIELD = {
    Stage.COMMISSIONING: "co_commissioning",
    Stage.DESIGN: "co_design",
    Stage.DELIVERY: "co_delivery",
    Stage.ASSESSMENT: "co_assessment",
}


# What a coordinator sets on an initiative (forms, services and the audit trail use it).
INITIATIVE_FIELDS = [
    "slug",
    "name",
    "description",
    "lead_organisation",
    "place",
    "start_date",
    "end_date",
    "is_temporary",
    "status",
    "intended_outcomes",
    "co_commissioning",
    "co_design",
    "co_delivery",
    "co_assessment",
    "declared_scope",
]


class Initiative(Translatable, TimeStampedModel):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")
        EVALUATED = "evaluated", _("Evaluated")

    # Allowed status moves; anything else is refused by initiative_update.
    TRANSITIONS = {
        Status.IDEA: {Status.PLANNED, Status.RUNNING, Status.CLOSED},
        Status.PLANNED: {Status.IDEA, Status.RUNNING, Status.CLOSED},
        Status.RUNNING: {Status.PLANNED, Status.CLOSED},
        Status.CLOSED: {Status.RUNNING, Status.EVALUATED},
        Status.EVALUATED: {Status.CLOSED},
    }

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    services = models.ManyToManyField(
        "people.PublicService",
        verbose_name=_("public services"),
        blank=True,
        related_name="initiatives",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_temporary = models.BooleanField(_("temporary"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IDEA
    )
    intended_outcomes = models.TextField(_("intended outcomes"), blank=True)
    # The declared approach: which of the 4 Co's are intended (stages citizens share).
    co_commissioning = models.BooleanField(
        _("co-commissioning intended"), default=False
    )
    co_design = models.BooleanField(_("co-design intended"), default=False)
    co_delivery = models.BooleanField(_("co-delivery intended"), default=False)
    co_assessment = models.BooleanField(_("co-assessment intended"), default=False)
    declared_scope = models.CharField(
        _("declared scope"),
        max_length=12,
        choices=Scope.choices,
        default=Scope.COLLECTIVE,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedManager(tenant="tenant")
    translatable = ("name", "description", "intended_outcomes")

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiative")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="initiative_unique_slug"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def declared_stages(self) -> list[str]:
        return [stage for stage in Stage.values if getattr(self, DECLARED_FIELD[stage])]

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.is_temporary and not self.end_date:
            errors["end_date"] = _("A temporary initiative needs an end date.")
        if errors:
            raise ValidationError(errors)


class InitiativePartner(TimeStampedModel):
    class Role(models.TextChoices):
        CO_LEAD = "co_lead", _("Co-lead")
        DELIVERY = "delivery", _("Delivery partner")
        FUNDER = "funder", _("Funder")
        HOST = "host", _("Host (premises)")
        ADVISOR = "advisor", _("Advisor")
        REFERRER = "referrer", _("Referrer")
        EVALUATOR = "evaluator", _("Evaluator")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("partner")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "initiative", "organisation"],
                name="partner_unique_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Activity(TimeStampedModel):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        MEETING = "meeting", _("Meeting")
        VOLUNTEER_SHIFT = "volunteer_shift", _("Volunteer shift")
        MEDIATION_SESSION = "mediation_session", _("Mediation session")
        SURVEY_WAVE = "survey_wave", _("Survey wave")
        WALK_THROUGH = "walk_through", _("Walk-through")
        TRAINING = "training", _("Training")
        EVENT = "event", _("Public event")
        OTHER = "other", _("Other")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="activities"
    )
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(
        _("participation level (IAP2)"), choices=Level.choices
    )
    mode = models.CharField(_("mode"), max_length=5, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["tenant", "initiative", "stage"]),
            # the lists' order (starts_at, id): an offset is read along the index
            models.Index(
                fields=["tenant", "starts_at", "id"], name="activity_tenant_start"
            ),
            models.Index(fields=["tenant", "id"], name="activity_tenant_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_times_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5),
                name="activity_level_iap2",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The activity ends before it starts.")})


class Participation(models.Model):
    """Who took part in an activity, in which role, for how many hours.

    A large append-mostly fact table: the initiative is copied from the activity so that
    profiles aggregate on (tenant, initiative) without a join to activities.
    """

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text=_(
            "For a community group or partner organisation taking part as a whole."
        ),
    )
    role = models.CharField(_("role"), max_length=16, choices=ActorRole.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[
            MinValueValidator(Decimal("0")),
            MaxValueValidator(Decimal("1000")),
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["id"]
        verbose_name = _("participation")
        indexes = [
            models.Index(fields=["tenant", "initiative", "role"]),
            models.Index(fields=["tenant", "person"]),
            # keyset walks (exports, API cursors) and Max(id) of one tenant
            models.Index(fields=["tenant", "id"], name="participation_tenant_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False)
                | models.Q(organisation__isnull=False),
                name="participation_has_participant",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="participation_hours_positive"
            ),
            models.UniqueConstraint(
                fields=["activity", "person", "role"],
                condition=models.Q(person__isnull=False),
                name="participation_unique_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} – {self.get_role_display()}"

    @property
    def participant_name(self) -> str:
        return str(self.person or self.organisation)

    def clean(self) -> None:
        if not self.person_id and not self.organisation_id:
            raise ValidationError(_("Name a person or an organisation who took part."))


class Contribution(TimeStampedModel):
    """A contribution in kind: premises, equipment, food, transport, materials, money."""

    class Kind(models.TextChoices):
        PREMISES = "premises", _("Premises")
        EQUIPMENT = "equipment", _("Equipment")
        MATERIALS = "materials", _("Materials")
        FOOD = "food", _("Food")
        TRANSPORT = "transport", _("Transport")
        MONEY = "money", _("Money")
        EXPERTISE = "expertise", _("Expertise")
        OTHER = "other", _("Other")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="contributions"
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    date = models.DateField(_("date"))
    estimated_value = models.DecimalField(
        _("estimated value (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contribution in kind")
        indexes = [models.Index(fields=["tenant", "id"], name="contribution_tenant_id")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False)
                | models.Q(organisation__isnull=False),
                name="contribution_has_contributor",
            )
        ]

    def __str__(self) -> str:
        return self.description
