"""Collaboration between organisations (Brix, Tuurnas & Mortensen: the opportunity space
beyond one organisation; Casiano Flores et al.: two-way relations in an integrated
service).

- ``LearningEntry``: what members of different organisations tried or learnt together
  (co-exploration: searching for new ideas together; co-exploitation: helping each other
  work better), who learnt from whom, with its evidence and who may read it;
- ``AdoptionFollowUp``: whether and when a lesson was adopted, and by whom.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel
from coproduce.initiatives.vocab import ActorRole, Stage


class LearningKind(models.TextChoices):
    CO_EXPLORATION = "co_exploration", _("Co-exploration")
    CO_EXPLOITATION = "co_exploitation", _("Co-exploitation")


class Visibility(models.TextChoices):
    OWN = "own", _("Own organisation")
    PARTNERS = "partners", _("The partners of the initiative")
    TENANT = "tenant", _("Everyone in the organisation's space")


class LearningEntry(TimeStampedModel):
    """One lesson: what was tried or learnt, with its evidence, between organisations."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LearningKind.choices)
    title = models.CharField(_("title"), max_length=200)
    learnt = models.TextField(_("what was tried or learnt"))
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    learnt_on = models.DateField(_("date"))
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learning_entries",
        verbose_name=_("initiative"),
    )
    activities = models.ManyToManyField(
        "initiatives.Activity",
        blank=True,
        related_name="learning_entries",
        verbose_name=_("activities"),
    )
    organisations = models.ManyToManyField(
        "people.Organisation",
        blank=True,
        related_name="learning_entries",
        verbose_name=_("organisations involved"),
    )
    source_organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons_given",
        verbose_name=_("learnt from (source organisation)"),
    )
    receiving_organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons_received",
        verbose_name=_("learnt by (receiving organisation)"),
    )
    # whose entry it is: "own organisation" visibility means this organisation's staff
    owner_organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learning_entries_written",
        verbose_name=_("written for (organisation)"),
    )
    visibility = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PARTNERS,
    )
    # where another app's record produced the entry (e.g. "crisis.centre" and its id):
    # the same record makes one entry only
    origin = models.CharField(max_length=60, blank=True, editable=False)
    origin_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-learnt_on", "-id"]
        verbose_name = _("learning entry")
        verbose_name_plural = _("learning entries")
        indexes = [
            models.Index(fields=["tenant", "learnt_on"]),
            models.Index(fields=["tenant", "initiative"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "origin", "origin_id"],
                condition=models.Q(origin_id__isnull=False),
                name="learningentry_origin_once",
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility="own")
                | models.Q(owner_organisation__isnull=False),
                name="learningentry_own_has_owner",
                violation_error_message=_(
                    "An entry for the own organisation only names that organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboration-learning-detail",
            kwargs={"tenant": self.tenant.slug, "pk": self.pk},
        )

    @property
    def crosses_boundary(self) -> bool:
        return bool(
            self.source_organisation_id
            and self.receiving_organisation_id
            and self.source_organisation_id != self.receiving_organisation_id
        )

    def clean(self) -> None:
        if (
            self.source_organisation_id
            and self.source_organisation_id == self.receiving_organisation_id
        ):
            raise ValidationError(
                {
                    "receiving_organisation": _(
                        "An organisation learning from itself is not learning across "
                        "organisations: name the organisation it learnt from."
                    )
                }
            )
        if self.visibility == Visibility.OWN and not self.owner_organisation_id:
            raise ValidationError(
                {
                    "owner_organisation": _(
                        "Name the organisation whose staff may read the entry."
                    )
                }
            )


class AdoptionState(models.TextChoices):
    CONSIDERING = "considering", _("Being considered")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class AdoptionFollowUp(TimeStampedModel):
    """A follow-up of a lesson: on ``date`` ``organisation`` (its team in ``note``)
    adopted it, decided not to, or is considering it. The latest follow-up of an entry
    is its state."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    entry = models.ForeignKey(
        LearningEntry, on_delete=models.CASCADE, related_name="follow_ups"
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    state = models.CharField(_("state"), max_length=12, choices=AdoptionState.choices)
    date = models.DateField(_("date"))
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Who adopted it and how, e.g. the discharge team of the ward."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["entry", "date", "id"]
        verbose_name = _("adoption follow-up")
        indexes = [models.Index(fields=["tenant", "entry"])]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.date}"


# Partnerships -----------------------------------------------------------------------------


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Partnership(TimeStampedModel):
    """An agreement between organisations, inside an initiative or standing."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"))
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collaboration_partnerships",
        verbose_name=_("initiative"),
        help_text=_("Leave empty for a standing partnership."),
    )
    agreement_url = models.URLField(_("agreement (link)"), blank=True, max_length=500)
    agreement_reference = models.CharField(
        _("agreement (document reference)"),
        max_length=120,
        blank=True,
        help_text=_("The register number or file name of the signed agreement."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.ACTIVE,
    )
    # the yearly partner panel (evaluation), once made (``partner_panel_create``)
    panel = models.OneToOneField(
        "evaluation.Panel",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="partnership",
        verbose_name=_("partner panel"),
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partnership")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"], name="partnership_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="partnership_dates_ordered",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboration-partnership-detail",
            kwargs={"tenant": self.tenant.slug, "pk": self.pk},
        )

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )


class PartnershipSide(TimeStampedModel):
    """One organisation's side of a partnership: what it brings, what it expects, who to
    contact."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="sides"
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="partnership_sides",
        verbose_name=_("organisation"),
    )
    contact = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person"),
    )
    brings = models.TextField(_("what it brings"), blank=True)
    expects = models.TextField(_("what it expects"), blank=True)
    # read with the side and given back on a change: a change made meanwhile is refused
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["partnership", "organisation__name"]
        verbose_name = _("side of a partnership")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partnershipside_once"
            )
        ]
        indexes = [models.Index(fields=["tenant", "organisation"])]

    def __str__(self) -> str:
        return str(self.organisation)


class CommitmentState(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    DROPPED = "dropped", _("Dropped by agreement")


class Commitment(TimeStampedModel):
    """What one side promised, by when. An open commitment past its date is overdue: it
    shows on both sides' pages."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    side = models.ForeignKey(
        PartnershipSide, on_delete=models.CASCADE, related_name="commitments"
    )
    description = models.CharField(_("commitment"), max_length=300)
    due_date = models.DateField(_("due by"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=CommitmentState.choices,
        default=CommitmentState.OPEN,
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["side", "due_date", "id"]
        verbose_name = _("commitment")
        indexes = [models.Index(fields=["tenant", "state", "due_date"])]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today) -> bool:
        return (
            self.state == CommitmentState.OPEN
            and self.due_date is not None
            and self.due_date < today
        )


# The opportunity space ----------------------------------------------------------------------


class Capability(TimeStampedModel):
    """What a partner says it could contribute to an initiative (declared): hours, in
    kind, money, activities it could lead, and what it could bring in words."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="capabilities",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    description = models.TextField(_("what it could bring"), blank=True)
    hours = models.DecimalField(
        _("hours it could give"),
        max_digits=9,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(Decimal("0"))],
    )
    in_kind_value = models.DecimalField(
        _("in kind it could give (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(Decimal("0"))],
    )
    money = models.DecimalField(
        _("money it could give (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(Decimal("0"))],
    )
    activities_led = models.PositiveIntegerField(
        _("activities it could lead"), default=0
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["initiative", "organisation__name"]
        verbose_name = _("declared capability")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"], name="capability_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.initiative}"


# Two-way relations --------------------------------------------------------------------------


class Relation(models.TextChoices):
    PROVIDER = "provider", _("Provider")
    USER = "user", _("User")


class StageRelation(TimeStampedModel):
    """A declared relation: in ``stage`` of an initiative, ``organisation`` (or a citizen
    group, named by its actor role) provides or uses. Used where the participations do
    not say it."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="stage_relations",
    )
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices)
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    group = models.CharField(
        _("citizen group"), max_length=16, choices=ActorRole.choices, blank=True
    )
    relation = models.CharField(_("relation"), max_length=8, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["initiative", "stage", "id"]
        verbose_name = _("declared relation")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False) & models.Q(group=""))
                | (models.Q(organisation__isnull=True) & ~models.Q(group="")),
                name="stagerelation_one_actor",
                violation_error_message=_(
                    "Name an organisation or a citizen group, not both."
                ),
            ),
            models.UniqueConstraint(
                fields=["initiative", "stage", "organisation", "group", "relation"],
                name="stagerelation_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.get_group_display()} {self.relation}"
