"""Collaboration between organisations (Brix, Tuurnas & Mortensen: the opportunity space
beyond one organisation; Casiano Flores et al.: two-way relations in an integrated
service).

- ``LearningEntry``: what members of different organisations tried or learnt together
  (co-exploration: searching for new ideas together; co-exploitation: helping each other
  work better), who learnt from whom, with its evidence and who may read it;
- ``AdoptionFollowUp``: whether and when a lesson was adopted, and by whom.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel


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
