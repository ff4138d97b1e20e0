"""Coding projects: texts collected from the records or uploaded, a hierarchical codebook
whose every change of meaning is kept as a version, passages coded by several coders,
memos, and the documents a reliability sample assigns to coders who code them blind.

Offsets (``start``, ``end``) count characters of ``Document.text`` (Python string
indices, as REFI-QDA's PlainTextSelection counts characters of the plain text); ``end``
is exclusive.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def colour_validator(value: str) -> None:
    if value and not COLOUR.match(value):
        raise ValidationError(_("A colour is written #rrggbb, for example #1f77b4."))


class CodingProject(TimeStampedModel):
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coding_projects",
        verbose_name=_("initiative"),
        help_text=_("Leave empty for a project of the whole organisation."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # bumped whenever a code's meaning changes: a coding keeps the version it was made in
    codebook_version = models.PositiveIntegerField(
        _("codebook version"), default=1, editable=False
    )
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("coding project")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "title"], name="codingproject_unique_title"
            )
        ]
        indexes = [models.Index(fields=["tenant", "initiative"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "coding-project-detail",
            kwargs={"tenant": self.tenant.slug, "pk": self.pk},
        )


class Document(models.Model):
    """A text to code: a free-text survey answer (by the respondent's pseudonym only), an
    activity's notes, a sustainability assessment, a learning entry, a case's step note
    (pseudonymised), or an uploaded text. ``source_type``/``source_id`` name the record
    it was collected from, so that it is collected once; ``attributes`` carry the groups
    frequencies are read by (wave, item, initiative...)."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Free-text survey answer")
        ACTIVITY_NOTE = "activity_note", _("Activity notes")
        SUSTAINABILITY = "sustainability", _("Sustainability assessment")
        LEARNING = "learning", _("Learning entry")
        CASE_NOTE = "case_note", _("Case note (pseudonymised)")
        UPLOAD = "upload", _("Uploaded text")
        IMPORTED = "imported", _("Imported from a QDA project")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        CodingProject, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    # a survey answer's copy goes with the answer: erased on request (GDPR Art. 17,
    # ``panel_member_withdraw(erase_answers=True)``), its codings and memos with it
    answer = models.ForeignKey(
        "evaluation.Answer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    # a learning entry's copy is read by those who may read the entry, and goes with it
    learning_entry = models.ForeignKey(
        "collaboration.LearningEntry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    # a case note's copy (SENSITIVE, pseudonymised) is read only by those who may read
    # the case's party details (``cases.access.party_details_allowed``); it goes when
    # the case's party data is erased or purged (``cases.services``) or the case is
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coding_documents",
        editable=False,
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("document")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source_type", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="document_collected_once",
            )
        ]
        indexes = [models.Index(fields=["tenant", "project"])]

    def __str__(self) -> str:
        return self.title


class Code(models.Model):
    """A code of a project's codebook; ``parent`` makes the hierarchy. ``version`` is the
    number of the latest ``CodeVersion``: the meaning (name, definition, rules, example)
    codings made now are read in."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        CodingProject, on_delete=models.CASCADE, related_name="codes"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent code"),
    )
    name = models.CharField(_("name"), max_length=120)
    definition = models.TextField(_("definition"), blank=True)
    inclusion = models.TextField(_("when to apply it"), blank=True)
    exclusion = models.TextField(_("when not to apply it"), blank=True)
    example = models.TextField(_("example"), blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, blank=True, validators=[colour_validator]
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["project", "name", "id"]
        verbose_name = _("code")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="code_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is not None and self.parent.project_id != self.project_id:
            raise ValidationError(
                {"parent": _("The parent code belongs to another project.")}
            )
        node, seen = self.parent, set()
        while node is not None and self.pk is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError(
                    {"parent": _("A code cannot be placed under itself.")}
                )
            seen.add(node.pk)
            node = node.parent


MEANING_FIELDS = ["name", "definition", "inclusion", "exclusion", "example"]


class CodeVersion(models.Model):
    """A code's meaning as it was from ``created_at`` on: kept so that a coding is read in
    the meaning it was applied in."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    definition = models.TextField(blank=True)
    inclusion = models.TextField(blank=True)
    exclusion = models.TextField(blank=True)
    example = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="codeversion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Coding(models.Model):
    """One code applied by one coder to the passage ``text[start:end]`` of a document."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="codings"
    )
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings")
    code_version = models.PositiveIntegerField(editable=False)
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # who coded, for codings imported from a QDA project whose coder has no account here
    coder_label = models.CharField(max_length=150, blank=True)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["document", "start", "end", "id"]
        verbose_name = _("coding")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="coding_passage_not_empty",
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "document"]),
            models.Index(fields=["tenant", "code"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} [{self.start}:{self.end}]"

    @property
    def coder_key(self) -> str:
        return f"user:{self.coder_id}" if self.coder_id else f"label:{self.coder_label}"

    @property
    def passage(self) -> str:
        return self.document.text[self.start : self.end]

    def clean(self) -> None:
        if self.start is None or self.end is None:
            return
        length = len(self.document.text)
        if self.end <= self.start:
            raise ValidationError(
                {"end": _("The passage ends where it starts or before.")}
            )
        if self.end > length:
            raise ValidationError(
                {
                    "end": _(
                        "The passage ends at %(end)s, after the end of the text "
                        "(%(length)s characters)."
                    )
                    % {"end": self.end, "length": length}
                }
            )
        if self.code.project_id != self.document.project_id:
            raise ValidationError(
                {"code": _("The code belongs to another project's codebook.")}
            )


class Memo(models.Model):
    """A note on a passage of a document or on a code."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        CodingProject, on_delete=models.CASCADE, related_name="memos"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("memo"))
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["project", "created_at", "id"]
        verbose_name = _("memo")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(document__isnull=False, code__isnull=True)
                    | models.Q(document__isnull=True, code__isnull=False)
                ),
                name="memo_on_passage_or_code",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        if (self.document_id is None) == (self.code_id is None):
            raise ValidationError(_("A memo is written on a passage or on a code."))
        if self.document_id is not None:
            if self.start is None or self.end is None:
                raise ValidationError(_("Give the passage's start and end."))
            if not 0 <= self.start < self.end <= len(self.document.text):
                raise ValidationError(
                    _(
                        "The passage %(start)s–%(end)s is not within the text "
                        "(%(length)s characters)."
                    )
                    % {
                        "start": self.start,
                        "end": self.end,
                        "length": len(self.document.text),
                    }
                )


class CoderAssignment(models.Model):
    """A document of the reliability sample given to a coder. ``blind``: the coder sees
    only their own codings of it, so that the agreement measured is independent."""

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        CodingProject, on_delete=models.CASCADE, related_name="assignments"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="assignments"
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    blind = models.BooleanField(_("blind"), default=True)
    # the coder has read it through (a document read and left uncoded counts: "none apply")
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["project", "document", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "coder"], name="coderassignment_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "project", "coder"])]

    def __str__(self) -> str:
        return f"{self.document} – {self.coder}"
