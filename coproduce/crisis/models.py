"""Crisis mode: an initiative switched into a crisis centre, the needs posted to it, the
call-outs sent to co-producers of the registry (coproducers.CoproducerProfile) and their
answers, and the centre's decision log.

Nothing here duplicates the co-producers' side: each need gets an opportunity with one
shift (coproducers.Opportunity/Shift, so an activity of the initiative in the delivery
stage), an accepted call-out is a ``coproducers.SignUp`` on it, and check-in there is a
``initiatives.Participation``. The resident's details of a need live apart
(``NeedResident``), as case parties do: only whoever is assigned reads them, and every
read is logged (``ResidentAccess`` and an audit event).
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class CrisisCentre(models.Model):
    """An initiative in crisis mode. Switching off keeps every record."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.OneToOneField(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    active = models.BooleanField(_("in crisis mode"), default=True)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # how long a round of call-outs waits for answers before the next candidates are asked
    escalate_after = models.PositiveIntegerField(
        _("minutes before asking the next candidates"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    # how many candidates one round asks, per place needed
    callout_factor = models.PositiveSmallIntegerField(
        _("people asked per place"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("crisis centre")

    def __str__(self) -> str:
        return str(self.initiative)


class Need(models.Model):
    class Urgency(models.TextChoices):
        LOW = "low", _("Can wait a few days")
        NORMAL = "normal", _("Today or tomorrow")
        HIGH = "high", _("Within hours")
        CRITICAL = "critical", _("Immediately")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        PROFESSIONAL = "professional", _("A professional")
        PARTNER = "partner", _("A partner organisation")
        PHONE = "phone", _("The centre's phone line")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    centre = models.ForeignKey(
        CrisisCentre, on_delete=models.CASCADE, related_name="needs"
    )
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # the language the title and description are written in, and their other versions
    # ({"sv": {"title": ..., "description": ...}}; coproduce.core.i18n reads them)
    content_language = models.CharField(
        _("written in"), max_length=16, default=settings.LANGUAGE_CODE
    )
    i18n = models.JSONField(_("translations"), default=dict, blank=True)
    translatable = ("title", "description")
    area = models.CharField(_("postcode area"), max_length=10)
    place = models.CharField(_("where"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    people_needed = models.PositiveSmallIntegerField(
        _("people needed"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    skills = models.ManyToManyField(
        "coproducers.Skill",
        verbose_name=_("skills required"),
        blank=True,
        related_name="+",
    )
    languages = models.JSONField(_("languages required"), default=list, blank=True)
    # the language the need was expressed in (by the resident or the poster)
    language = models.CharField(_("expressed in"), max_length=16, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    source = models.CharField(
        _("posted by"),
        max_length=14,
        choices=Source.choices,
        default=Source.PROFESSIONAL,
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        "people.Person",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the shift volunteers are deployed on (its opportunity and activity)
    shift = models.OneToOneField(
        "coproducers.Shift",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalate_at = models.DateTimeField(null=True, blank=True)
    first_callout_at = models.DateTimeField(null=True, blank=True)
    filled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # when the resident's details (NeedResident) were erased: at the end of their
    # retention after closing, or on request
    resident_erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("need")
        indexes = [
            models.Index(fields=["tenant", "centre", "status"]),
            models.Index(fields=["tenant", "status", "escalate_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="need_times_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at) / dt.timedelta(hours=1)


class NeedResident(models.Model):
    """The resident a need is for: kept apart from the need, read only by whoever is
    assigned, every read logged; erased a number of days after the need closes
    (``COPRODUCE_CRISIS_RESIDENT_DAYS``) or on request (``services.resident_erase``).
    The log of reads (``ResidentAccess``) and the events stay: they hold no details."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    objects = ScopedManager(tenant="tenant")

    def __str__(self) -> str:
        return self.name


class ResidentAccess(models.Model):
    """One read of a need's resident details: who, when, where."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=40)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} {self.at:%Y-%m-%d %H:%M}"


class CallOut(models.Model):
    """One person asked to help with one need, by email and text message."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        FULL = "full", _("Came too late: all places taken")
        WITHDRAWN = "withdrawn", _("No longer needed")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="callouts")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    rank = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    sent_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    texted_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    signup = models.ForeignKey(
        "coproducers.SignUp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_out_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["round", "rank", "id"]
        verbose_name = _("call-out")
        constraints = [
            models.UniqueConstraint(fields=["need", "person"], name="callout_once")
        ]
        indexes = [models.Index(fields=["tenant", "person", "status"])]

    def __str__(self) -> str:
        return f"{self.need} – {self.person}"


class Decision(models.Model):
    """A decision of the centre's professionals, each an entry of the tenant's
    tamper-evident ledger (cases.ledger, kind ``crisis.decision``)."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    centre = models.ForeignKey(
        CrisisCentre, on_delete=models.CASCADE, related_name="decisions"
    )
    what = models.TextField(_("what was decided"))
    why = models.TextField(_("why"))
    authority = models.CharField(_("on what authority"), max_length=300)
    consulted = models.CharField(_("who was consulted"), max_length=500, blank=True)
    overrides = models.CharField(_("what it overrides"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"))
    ledger_entry = models.BigIntegerField(null=True, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision")

    def __str__(self) -> str:
        return self.what[:60]


class Review(models.Model):
    """An after-action review: what worked, what failed, what to keep ready."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    centre = models.ForeignKey(
        CrisisCentre, on_delete=models.CASCADE, related_name="reviews"
    )
    worked = models.TextField(_("what worked"))
    failed = models.TextField(_("what failed"))
    keep_ready = models.TextField(_("what to keep ready"))
    recorded_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("after-action review")

    def __str__(self) -> str:
        return f"{self.centre} {self.recorded_at:%Y-%m-%d}"
