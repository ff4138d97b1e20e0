"""The co-producers' side: opportunities with their shifts, sign-ups and attendance, the
hours and contributions people report themselves, their notifications and the profile
they control.

Everything lands on the records the rest of the platform reads: every shift is an
``initiatives.Activity``, attendance becomes ``initiatives.Participation`` rows, and a
claim, once a professional verifies it, a participation (hours) or a
``initiatives.Contribution`` (in kind). Nothing pending is ever a participation, so the
profile, value and SROI count verified hours only.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel
from coproduce.initiatives.models import Contribution
from coproduce.initiatives.vocab import ActorRole, Level


def _code() -> str:
    """A short check-in code to show at the venue: 6 characters without look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class Skill(models.Model):
    """A tenant's vocabulary of skills (optionally an ESCO concept URI)."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    esco_uri = models.URLField(_("ESCO concept"), blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="skill_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Opportunity(TimeStampedModel):
    """Something co-producers can sign up for in an initiative: what, where, when (one
    shift or a weekly series), how many, who may come."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Open for sign-up")
        CLOSED = "closed", _("Closed")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("where"), max_length=200)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, hearing loop, quiet room, what to bring …"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("people per shift"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills wanted"), blank=True, related_name="+"
    )
    # BCP 47 language tags (fi, sv, se, fse, en ...): see vocab.LANGUAGES
    languages = models.JSONField(_("languages wanted"), default=list, blank=True)
    # the language the texts above are written in, and their other versions
    # ({"sv": {"title": ..., "description": ...}}; coproduce.core.i18n reads them)
    content_language = models.CharField(
        _("written in"), max_length=16, default=settings.LANGUAGE_CODE
    )
    i18n = models.JSONField(_("translations"), default=dict, blank=True)
    translatable = ("title", "description", "place", "accessibility")
    open_to_volunteers = models.BooleanField(_("volunteers may sign up"), default=True)
    open_to_residents = models.BooleanField(
        _("residents and service users may sign up"), default=False
    )
    open_to_partners = models.BooleanField(
        _("partner organisations' staff may sign up"), default=False
    )
    partner_organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("only the staff of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_visible = models.BooleanField(
        _("those signed up see who else comes"),
        default=False,
        help_text=_("Never for service users: they see no other service users."),
    )
    level = models.PositiveSmallIntegerField(
        _("participation level (IAP2)"),
        choices=Level.choices,
        default=Level.COLLABORATE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["tenant", "status"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (
            self.open_to_volunteers or self.open_to_residents or self.open_to_partners
        ):
            raise ValidationError(_("Say who may sign up."))
        if self.partner_organisation_id and not self.open_to_partners:
            raise ValidationError(
                {
                    "partner_organisation": _(
                        "Open the opportunity to partners' staff to name a partner."
                    )
                }
            )


class Shift(models.Model):
    """One occurrence of an opportunity: its own activity of the initiative."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="shifts"
    )
    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1)]
    )
    checkin_code = models.CharField(
        _("check-in code"), max_length=8, default=_code, editable=False
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("shift")
        indexes = [
            models.Index(fields=["tenant", "starts_at"]),
            models.Index(fields=["tenant", "checkin_code"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="shift_times_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


class SignUp(models.Model):
    """A person's place on a shift, or on its waiting list, and whether they came."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # the shift was cancelled: the sign-up is closed, kept as a record
        CANCELLED = "cancelled", _("Shift cancelled")

    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("Expected")
        PRESENT = "present", _("Came")
        NO_SHOW = "no_show", _("Did not come")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    # the role the participation is recorded in (from the person's role in the tenant)
    role = models.CharField(_("role"), max_length=16, choices=ActorRole.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # the waiting list's order: when this sign-up (last) joined
    queued_at = models.DateTimeField()
    attendance = models.CharField(
        _("attendance"),
        max_length=8,
        choices=Attendance.choices,
        default=Attendance.EXPECTED,
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    self_checked_in = models.BooleanField(default=False)
    participation = models.ForeignKey(
        "initiatives.Participation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("sign-up")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"], name="signup_unique_person"
            )
        ]
        indexes = [models.Index(fields=["tenant", "person", "status"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.shift}"


class Claim(TimeStampedModel):
    """Hours or a contribution in kind that a co-producer reports for an activity they
    took part in, until a professional verifies it (then it is a participation or a
    contribution, and counts) or returns it with a reason."""

    class Kind(models.TextChoices):
        HOURS = "hours", _("Hours")
        IN_KIND = "in_kind", _("Contribution in kind")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # what may follow what (claim_verify, claim_return, claim_withdraw)
    TRANSITIONS = {
        Status.PENDING: {Status.VERIFIED, Status.RETURNED, Status.WITHDRAWN},
        Status.RETURNED: {Status.PENDING, Status.WITHDRAWN},
        Status.VERIFIED: set(),
        Status.WITHDRAWN: set(),
    }

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        "initiatives.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=8, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=16, choices=ActorRole.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.25")),
            MaxValueValidator(Decimal("24")),
        ],
    )
    contribution_kind = models.CharField(
        _("kind of contribution"),
        max_length=12,
        choices=Contribution.Kind.choices,
        blank=True,
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    estimated_value = models.DecimalField(
        _("estimated value (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    participation = models.ForeignKey(
        "initiatives.Participation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contribution = models.ForeignKey(
        "initiatives.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("hours or contribution reported")
        indexes = [
            models.Index(fields=["tenant", "status"]),
            models.Index(fields=["tenant", "person"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="hours") | models.Q(hours__isnull=False),
                name="claim_hours_given",
            )
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.HOURS:
            return _("%(hours)s h in %(activity)s") % {
                "hours": self.hours,
                "activity": self.activity,
            }
        return self.description

    def clean(self) -> None:
        if self.kind == self.Kind.HOURS and self.hours is None:
            raise ValidationError({"hours": _("Give the hours.")})
        if self.kind == self.Kind.IN_KIND:
            errors = {}
            if not self.contribution_kind:
                errors["contribution_kind"] = _("Say what kind of contribution.")
            if not self.description:
                errors["description"] = _("Describe the contribution.")
            if errors:
                raise ValidationError(errors)


class Notification(models.Model):
    """One message in a person's inbox (and by email where they asked for it)."""

    class Kind(models.TextChoices):
        CONFIRMED = "signup.confirmed", _("Sign-up confirmed")
        WAITLISTED = "signup.waitlisted", _("On the waiting list")
        PROMOTED = "signup.promoted", _("A place freed up for you")
        REMINDER = "shift.reminder", _("Shift reminder")
        CHANGED = "shift.changed", _("Shift moved")
        CANCELLED = "shift.cancelled", _("Shift cancelled")
        VERIFIED = "claim.verified", _("Hours verified")
        RETURNED = "claim.returned", _("Hours returned")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # what the message names (shift, activity, reason): written out in the reader's
    # language when shown or sent, not in the language of whoever caused it
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "person", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        template = NOTIFICATION_TEXT.get(self.kind)
        if template is None:
            return self.kind
        try:
            return str(template) % self.params
        except (KeyError, TypeError, ValueError):
            return str(self.get_kind_display())


NOTIFICATION_TEXT = {
    Notification.Kind.CONFIRMED: _("Your place on %(shift)s is confirmed."),
    Notification.Kind.WAITLISTED: _(
        "You are on the waiting list for %(shift)s. We tell you if a place frees up."
    ),
    Notification.Kind.PROMOTED: _(
        "A place freed up: you now have a place on %(shift)s."
    ),
    Notification.Kind.REMINDER: _("Reminder: %(shift)s at %(place)s."),
    Notification.Kind.CHANGED: _("%(shift)s has moved: it is now %(when)s."),
    Notification.Kind.CANCELLED: _("%(shift)s is cancelled. %(reason)s"),
    Notification.Kind.VERIFIED: _(
        "What you reported for %(activity)s was verified. Thank you!"
    ),
    Notification.Kind.RETURNED: _(
        "What you reported for %(activity)s was returned: %(reason)s"
    ),
}


class CoproducerProfile(TimeStampedModel):
    """What a person tells about themselves as a co-producer, with their consent: skills,
    languages, availability, what reaches them by email; and their calendar's secret."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="+"
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), blank=True, related_name="+"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # {"mon": ["morning", "evening"], ...}
    availability = models.JSONField(_("weekly availability"), default=dict, blank=True)
    # the postcode area the person lives or works in, for matching them to needs nearby
    area = models.CharField(_("postcode area"), max_length=10, blank=True)
    callout_ok = models.BooleanField(
        _("may be called out at short notice"),
        default=False,
        help_text=_("In a crisis the centre may ask you by email or text message."),
    )
    # notification kinds the person wants by email as well as in the inbox
    email_kinds = models.JSONField(_("by email"), default=list, blank=True)
    email_language = models.CharField(
        _("language of the emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(
        _("consent withdrawn"), null=True, blank=True
    )
    feed_token = models.CharField(
        max_length=64, unique=True, default=_feed_token, editable=False
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("co-producer profile")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None and self.consent_withdrawn_at is None


class AvailabilityException(models.Model):
    """A stretch of days on which the weekly availability does not hold: a holiday (not
    available) or extra days (available)."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    profile = models.ForeignKey(
        CoproducerProfile, on_delete=models.CASCADE, related_name="exceptions"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    available = models.BooleanField(_("available on these days"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("availability exception")
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["tenant", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="availability_exception_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The last day cannot be before the first.")}
            )


class CoproducerSettings(models.Model):
    """What a tenant allows on its co-producers' side (one row per tenant; without one,
    the defaults)."""

    tenant = models.OneToOneField(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    teams_visible = models.BooleanField(
        _("opportunities may show those signed up who else comes"),
        default=True,
        help_text=_(
            "Off: volunteers and partners' staff never see the others on a shift, "
            "whatever an opportunity says. Service users never see them."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("co-producers' settings")

    def __str__(self) -> str:
        return str(self.tenant_id)
