"""Evaluation: instruments (scales of items), panels followed over waves, and answers.

Every row belongs to a tenant; the scale library that ships with the product lives in code
(``library.py``) and is copied into a tenant when a coordinator uses it. Respondents are
panel members with a pseudonym: analyses and exports never show who they are.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel, Translatable
from coproduce.core.validators import single_line


class Instrument(Translatable, TimeStampedModel):
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        help_text=_("Shown to respondents above the questions."),
    )
    source_note = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the items come from, and whether they were adapted."),
    )
    library_key = models.CharField(
        _("copied from the library"), max_length=60, blank=True, editable=False
    )

    objects = ScopedManager(tenant="tenant")
    translatable = ("name", "description", "instructions")

    class Meta:
        ordering = ["name"]
        verbose_name = _("instrument")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"], name="instrument_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_in_use(self) -> bool:
        return (
            Wave.objects.filter(panel__instrument=self)
            .exclude(status=Wave.Status.DRAFT)
            .exists()
        )


class Scale(Translatable):
    """A set of items answered on one range; its score is the mean of its items."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="scales"
    )
    name = models.CharField(_("name"), max_length=120)
    minimum = models.SmallIntegerField(_("lowest answer"), default=0)
    maximum = models.SmallIntegerField(_("highest answer"), default=10)
    minimum_label = models.CharField(
        _("label of the lowest answer"), max_length=120, blank=True
    )
    maximum_label = models.CharField(
        _("label of the highest answer"), max_length=120, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(tenant="tenant")
    translatable = ("name", "minimum_label", "maximum_label")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("scale")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "name"], name="scale_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(maximum__gt=models.F("minimum")),
                name="scale_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.minimum is not None
            and self.maximum is not None
            and self.maximum <= self.minimum
        ):
            raise ValidationError(
                {"maximum": _("The highest answer must be above the lowest.")}
            )


class Item(Translatable):
    """A question. Scale items are answered on their scale's range; free-text items in words."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("Rating on the scale")
        TEXT = "text", _("Free text")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="items"
    )
    scale = models.ForeignKey(
        Scale, null=True, blank=True, on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("code"), max_length=40)
    text = models.TextField(_("question"))
    kind = models.CharField(
        _("kind"), max_length=5, choices=Kind.choices, default=Kind.SCALE
    )
    reverse = models.BooleanField(
        _("reverse-coded"),
        default=False,
        help_text=_(
            "Scored as lowest + highest − answer, so that high always means more."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(tenant="tenant")
    translatable = ("text",)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("item")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="item_unique_code"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="text", scale__isnull=True)
                | models.Q(kind="scale", scale__isnull=False),
                name="item_kind_matches_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    def clean(self) -> None:
        if self.kind == self.Kind.SCALE and not self.scale_id:
            raise ValidationError({"scale": _("A rating item belongs to a scale.")})
        if self.kind == self.Kind.TEXT and (self.scale_id or self.reverse):
            raise ValidationError(
                _("A free-text item has no scale and is not reverse-coded.")
            )


class Panel(Translatable, TimeStampedModel):
    """The people of one initiative followed with one instrument over several waves."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="panels"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="panels"
    )
    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "Invitations and reminders are written in it, unless a member has answered "
            "in another language: then theirs."
        ),
    )
    help_contact = models.CharField(
        _("who to call for help"),
        max_length=200,
        blank=True,
        validators=[single_line],
        help_text=_(
            "Printed on the invitation letters: a name and a telephone number, for "
            "example."
        ),
    )

    objects = ScopedManager(tenant="tenant")
    translatable = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("panel")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "initiative", "name"], name="panel_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    """A respondent: known to the coordinator by person or email, to every analysis only by
    pseudonym."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("email"), blank=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    # A member who left keeps the row, by pseudonym and without an address, so that later
    # waves and imports of participants do not invite them again; one whose answers were
    # erased on request has no invitations or answers left either.
    # the language the member last answered in (their reminders are written in it)
    language = models.CharField(max_length=8, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("left the panel"), null=True, blank=True)
    answers_erased_at = models.DateTimeField(_("answers erased"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("panel member")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "pseudonym"], name="panelmember_unique_pseudonym"
            ),
            models.UniqueConstraint(
                fields=["panel", "person"],
                condition=models.Q(person__isnull=False),
                name="panelmember_unique_person",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Wave(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not yet open")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("wave"))
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["panel", "number"]
        verbose_name = _("wave")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "number"], name="wave_unique_number"
            )
        ]

    def __str__(self) -> str:
        return _("Wave %(n)s") % {"n": self.number}


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """One member's personal link to one wave; no account needed. Saved answers can be changed
    until the wave closes."""

    # No index of their own on tenant and wave: the composite index and the unique
    # (wave, member) serve those lookups, and a save of a respondent's form writes every
    # index of the table (migration 0003 also drops the token's LIKE index).
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="invitations", db_index=False
    )
    member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(
        max_length=64, unique=True, default=_new_token, editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # the last send that failed (the mail server refused it), kept until a send succeeds
    send_failed_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=200, blank=True)
    # the last time a letter with the link was printed (who printed it: the audit trail)
    letter_printed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    # The last save made by staff on the member's behalf (by telephone, in person): the
    # response is marked as assisted for good, and analyses include it and say how many
    # were. A later save by the member through their link leaves the mark (its
    # ``updated_at`` is then after ``assisted_at``); who helped each time is in the trail.
    assisted_at = models.DateTimeField(null=True, blank=True)
    # (no index: a save writes every index of the table; only deleting a user looks it up)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # The answers to the instrument's rating items, kept by ``response_save`` beside the
    # Answer rows in the same transaction: big-endian float64 in item order (position,
    # id), NaN where unanswered. Analyses read one short row per respondent instead of
    # one row per answer (see ``selectors.panel_data_for``).
    scale_values = models.BinaryField(null=True, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "member"], name="invitation_unique_member"
            )
        ]
        indexes = [models.Index(fields=["tenant", "wave", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.member} – {self.wave}"

    @property
    def last_saved_by_member(self) -> bool:
        """Whether the saved answers were last saved by the member through their own
        link, not with staff's help: staff then change them only if the member asks."""
        if self.submitted_at is None:
            return False
        saved = self.updated_at or self.submitted_at
        return self.assisted_at is None or saved > self.assisted_at


class Answer(models.Model):
    """One answer to one item in one wave: the fact table analyses read (in SQL, or copied
    straight into arrays)."""

    # tenant and wave lead the composite indexes below; their own would only slow saves
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("answer")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "member", "item"], name="answer_unique_item"
            )
        ]
        indexes = [models.Index(fields=["tenant", "wave"])]

    def __str__(self) -> str:
        return f"{self.member} {self.item_id}={self.value if self.value is not None else self.text}"
