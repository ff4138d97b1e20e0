"""Cases of a legally regulated service: case types (processes as data), cases, their
parties (sensitive, kept apart), assignments, recorded steps, documents, consents, the
access log of party data, and the per-tenant ledger (a hash chain, see ledger.py)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel

from .process import ProcessError, process_parse


class CaseType(TimeStampedModel):
    """A kind of case and the process it follows (``steps``, checked by process.py)."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    steps = models.JSONField(_("steps"), default=list)
    retention_days = models.PositiveIntegerField(
        _("party data kept after closure (days)"), default=365 * 2
    )
    consent_wording = models.TextField(
        _("consent wording"),
        blank=True,
        help_text=_("The text each party consents to; stored with every consent."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["name"]
        verbose_name = _("case type")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="casetype_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            process_parse(self.steps)
        except ProcessError as exc:
            raise ValidationError({"steps": str(exc)}) from exc

    @property
    def process(self):
        return process_parse(self.steps)


class Auditor(TimeStampedModel):
    """A member designated as auditor of the cases: reads trails, verifies and exports the
    ledger, never party details. Usually a member with the ``viewer`` role."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("auditor")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"], name="auditor_unique_user"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Case(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Referrer(models.TextChoices):
        POLICE = "police", _("Police")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        PARTIES = "parties", _("The parties")
        OTHER = "other", _("Other authority")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=40)
    case_type = models.ForeignKey(
        CaseType,
        verbose_name=_("case type"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("service (initiative)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referrer = models.CharField(
        _("referred by"), max_length=12, choices=Referrer.choices
    )
    referrer_name = models.CharField(
        _("referring authority"),
        max_length=200,
        blank=True,
        help_text=_("The authority, not a person: e.g. 'Riverside police department'."),
    )
    referred_on = models.DateField(_("referred on"))
    # The process as it was when the case was registered: a case type changed later
    # does not change the rules of a running case.
    process = models.JSONField(default=list, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("While set, party data is neither purged nor erased on request."),
    )
    parties_erased_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("case")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "reference"], name="case_unique_reference"
            )
        ]
        indexes = [models.Index(fields=["tenant", "status", "organisation"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Party(TimeStampedModel):
    """SENSITIVE: who a party of a case is. Shown only on the party-details view (each read
    logged); everywhere else a party is its pseudonym ("Party A"). The ledger holds only a
    salted hash of these details, so erasing them leaves the ledger verifiable."""

    class Role(models.TextChoices):
        VICTIM = "victim", _("Victim / complainant")
        SUSPECT = "suspect", _("Suspect / respondent")
        CLIENT = "client", _("Client")
        OTHER = "other", _("Other party")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    label = models.CharField(_("pseudonym"), max_length=2)  # "A", "B", ...
    role = models.CharField(_("role in the case"), max_length=10, choices=Role.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    salt = models.CharField(max_length=32, default="", blank=True, editable=False)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["case", "label"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "case", "label"], name="party_unique_label"
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        return _("Party %(label)s") % {"label": self.label}

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @staticmethod
    def new_salt() -> str:
        return secrets.token_hex(16)


class Assignment(TimeStampedModel):
    class Role(models.TextChoices):
        MEDIATOR = "mediator", _("Volunteer mediator")
        SUPERVISOR = "supervisor", _("Supervising professional")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="case_assignments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["role", "id"]
        indexes = [models.Index(fields=["tenant", "person", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class StepRecord(TimeStampedModel):
    """One step of a case as it was recorded: who, what, when it happened
    (``occurred_at``: the meeting held last week) and when it was recorded
    (``performed_at``, the moment it was typed in); skipped ones with a reason."""

    class Status(models.TextChoices):
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(_("step"), max_length=40)
    status = models.CharField(max_length=8, choices=Status.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    party_label = models.CharField(max_length=2, blank=True)
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)  # confidential; erased with parties
    reason = models.TextField(_("reason for skipping"), blank=True)
    performed_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    # When the step was recorded (typed in); ``occurred_at`` is when it happened.
    performed_at = models.DateTimeField(_("recorded at"))
    occurred_at = models.DateTimeField(_("happened at"))
    signed_off_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["tenant", "case", "code"])]

    def __str__(self) -> str:
        return f"{self.case} {self.code}"


class ConsentRecord(TimeStampedModel):
    """A party's consent: when, in which words, through which channel; and its withdrawal."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="consents")
    wording = models.TextField(_("wording consented to"))
    channel = models.CharField(_("channel"), max_length=40, default="in person")
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["given_at", "id"]


def document_path(instance, filename: str) -> str:
    return f"cases/{instance.tenant_id}/{instance.case_id}/{secrets.token_hex(8)}"


class Document(TimeStampedModel):
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    step = models.ForeignKey(
        StepRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class PartyAccess(models.Model):
    """One read of a case's party data: who, when, which case, where and why."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=40)  # page, api, export, subject-access...
    purpose = models.CharField(max_length=200, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["tenant", "case", "at"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.at:%Y-%m-%d %H:%M}"


class DataRequest(models.Model):
    """A subject access export or an erasure on request, and what came of it (logged
    without the erased data)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Subject access")
        ERASURE = "erasure", _("Erasure on request")
        RETENTION = "retention", _("Erasure after the retention period")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20)  # done / refused
    detail = models.TextField(blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.outcome}"


class LedgerHead(models.Model):
    """The last chained entry of a tenant's chain; the sequencer locks this row (one
    chainer at a time), appends do not."""

    tenant = models.OneToOneField(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)
    # slot -> the last slot_seq the sequencer chained from that slot (as text keys)
    slots = models.JSONField(default=dict, blank=True)

    objects = ScopedManager(tenant="tenant")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class LedgerSlot(models.Model):
    """One of a tenant's few append counters: an appending transaction locks a free
    slot (``SKIP LOCKED``) and numbers its waiting entries from it, so that waiting
    entries are counted without gaps and a deleted one is noticed, while concurrent
    appends still do not wait for one another (see ledger.py)."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    slot = models.PositiveSmallIntegerField()
    appended = models.BigIntegerField(default=0)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slot"], name="ledger_unique_slot"
            )
        ]

    def __str__(self) -> str:
        return f"slot {self.slot}: {self.appended}"


class LedgerEntry(models.Model):
    """One entry of a tenant's hash chain. ``content`` is the canonical JSON exactly as
    hashed; see ledger.py for the format. An entry waiting to be chained has no ``seq``
    (nor ``prev_hash``, ``entry_hash``) yet."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    seq = models.BigIntegerField(null=True, blank=True)
    case_id = models.BigIntegerField(
        null=True, blank=True
    )  # no FK: entries outlive rows
    kind = models.CharField(max_length=40)
    content = models.TextField()
    content_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    entry_hash = models.CharField(max_length=64, blank=True, default="")
    mac = models.CharField(max_length=64, blank=True, default="")
    key_id = models.CharField(max_length=32, blank=True, default="")
    # 1: entries chained before the keyed format (their hash does not cover created_at)
    format = models.PositiveSmallIntegerField(default=2)
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    slot_seq = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "seq"], name="ledger_unique_seq")
        ]
        indexes = [
            models.Index(fields=["tenant", "case_id", "seq"]),
            models.Index(
                fields=["tenant", "id"],
                condition=models.Q(seq__isnull=True),
                name="ledger_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}" if self.seq else f"(waiting) {self.kind}"
