"""The registry: organisations, people, their memberships, and public services (CPSV-AP)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coproduce.core.models import TimeStampedModel, Translatable

ISO_DURATION = re.compile(
    r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
)


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        DEPARTMENT = "department", _("Department")
        NGO = "ngo", _("NGO")
        COMPANY = "company", _("Company")
        COMMUNITY_GROUP = "community_group", _("Community group")
        PARISH = "parish", _("Parish")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    PUBLIC_KINDS = {Kind.PUBLIC_AGENCY, Kind.DEPARTMENT, Kind.SCHOOL}

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    identifier = models.CharField(
        _("identifier (e.g. business ID)"), max_length=60, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"], name="organisation_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC_KINDS

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("An organisation cannot be part of itself.")}
            )


PERSON_UNIQUE_EMAIL = "person_unique_email"
EMAIL_TAKEN = _(
    "Someone in the register already has this email address (capital letters make "
    "no difference): find and use that person instead of adding them again."
)


class Person(TimeStampedModel):
    """Someone who takes part. Demographics are optional, self-reported and used only in aggregate."""

    class AgeBand(models.TextChoices):
        UNDER_18 = "0-17", _("under 18")
        A18_29 = "18-29", "18–29"
        A30_44 = "30-44", "30–44"
        A45_64 = "45-64", "45–64"
        A65_74 = "65-74", "65–74"
        A75 = "75+", _("75 or over")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Other")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user account"),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    # Self-reported demographics, stored only with consent.
    demographics_consent_at = models.DateTimeField(
        _("demographics consented at"), null=True, blank=True
    )
    age_band = models.CharField(
        _("age band"), max_length=6, choices=AgeBand.choices, blank=True
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, blank=True
    )
    first_language = models.CharField(_("first language"), max_length=40, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)

    objects = ScopedManager(tenant="tenant")

    # the account the person was read with, for what keeps an actor (people.apps):
    # ``...`` (not known) unless read from the database with the field
    user_id_loaded: object = ...

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.user_id_loaded = instance.__dict__.get("user_id", ...)
        return instance

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # the list's order to its last key: with the id left out, a page deep in a
            # big tenant sorted every row before it again (28 ms at page 100 of 200,000)
            models.Index(
                fields=["tenant", "family_name", "given_name", "id"],
                name="person_tenant_name_id",
            ),
            models.Index(fields=["tenant", "id"], name="person_tenant_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"],
                condition=models.Q(user__isnull=False),
                name="person_unique_user",
            ),
            # two imports at once must not make the same person twice (issue 11)
            models.UniqueConstraint(
                Lower("email"),
                "tenant",
                condition=~models.Q(email=""),
                name=PERSON_UNIQUE_EMAIL,
                violation_error_code="email_taken",
                violation_error_message=EMAIL_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def name(self) -> str:
        return str(self)

    def clean(self) -> None:
        has_demographics = any(
            [self.age_band, self.gender, self.first_language, self.district]
        )
        if has_demographics and self.demographics_consent_at is None:
            raise ValidationError(
                _("Demographics may be stored only with the person's consent.")
            )


class Membership(TimeStampedModel):
    """A person's role in an organisation (Popolo / org:Membership). One person, many roles."""

    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        VOLUNTEER = "volunteer", _("Volunteer")
        SERVICE_USER = "service_user", _("Service user")
        MEMBER = "member", _("Member")
        REPRESENTATIVE = "representative", _("Representative")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "person", "organisation", "role"],
                name="membership_unique_role",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.organisation}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )


class PublicService(Translatable, TimeStampedModel):
    """A public service described with the mandatory and common fields of CPSV-AP 3.2.0."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        WEBSITE = "website", _("Website")
        MOBILE_APP = "mobile_app", _("Mobile app")
        MAIL = "mail", _("Post")
        HOME_VISIT = "home_visit", _("Home visit")

    class Sector(models.TextChoices):
        # The EU Publications Office data-theme table (CPSV-AP cv:sector).
        SOCI = "SOCI", _("Population and society")
        HEAL = "HEAL", _("Health")
        EDUC = "EDUC", _("Education, culture and sport")
        JUST = "JUST", _("Justice, legal system and public safety")
        GOVE = "GOVE", _("Government and public sector")
        ENVI = "ENVI", _("Environment")
        ECON = "ECON", _("Economy and finance")
        REGI = "REGI", _("Regions and cities")
        TRAN = "TRAN", _("Transport")
        ENER = "ENER", _("Energy")
        AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
        TECH = "TECH", _("Science and technology")
        INTR = "INTR", _("International issues")

    class Function(models.TextChoices):
        # COFOG's ten divisions as the EU Publications Office "main activity" table codes
        # them (http://publications.europa.eu/resource/authority/main-activity/...):
        # CPSV-AP's functions of government (dct:type). COFOG division in the comment.
        GEN_PUB = "gen-pub", _("General public services")  # 01
        DEFENCE = "defence", _("Defence")  # 02
        PUB_OS = "pub-os", _("Public order and safety")  # 03
        ECON_AFF = "econ-aff", _("Economic affairs")  # 04
        ENV_PRO = "env-pro", _("Environmental protection")  # 05
        HC_AM = "hc-am", _("Housing and community amenities")  # 06
        HEALTH = "health", _("Health")  # 07
        RCR = "rcr", _("Recreation, culture and religion")  # 08
        EDUCATION = "education", _("Education")  # 09
        SOC_PRO = "soc-pro", _("Social protection")  # 10

    class LifeEvent(models.TextChoices):
        # The life events a service belongs to (CPSV-AP cv:isGroupedBy, cv:LifeEvent),
        # published by coproduce as the SKOS scheme /def/life-event (docs/publishing.md)
        BIRTH = "birth", _("Having a child")
        SCHOOL = "school", _("Childhood and school")
        STUDYING = "studying", _("Studying")
        WORKING = "working", _("Working and looking for work")
        MOVING = "moving", _("Moving house")
        ARRIVING = "arriving", _("Moving to Finland")
        ILLNESS = "illness", _("Falling ill or becoming disabled")
        CARING = "caring", _("Caring for a family member")
        RETIRING = "retiring", _("Retiring and growing older")
        DEATH = "death", _("Death of a family member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PLANNED = "planned", _("Planned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    identifier = models.SlugField(_("identifier"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    competent_authority = models.ForeignKey(
        Organisation,
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    sector = models.CharField(
        _("sector"), max_length=4, choices=Sector.choices, blank=True
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    function = models.CharField(
        _("function of government (COFOG)"),
        max_length=10,
        choices=Function.choices,
        blank=True,
        help_text=_("The COFOG division the service belongs to."),
    )
    life_events = models.JSONField(_("life events"), default=list, blank=True)
    legal_resource = models.CharField(
        _("legal resource"),
        max_length=300,
        blank=True,
        help_text=_(
            "The law or regulation the service rests on: a citation or an ELI address."
        ),
    )
    processing_time = models.CharField(
        _("processing time"),
        max_length=30,
        blank=True,
        help_text=_("ISO 8601 duration, e.g. P3D for three days."),
    )
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    objects = ScopedManager(tenant="tenant")
    translatable = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("public service")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "identifier"], name="publicservice_unique_identifier"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if not isinstance(self.channels, list):
            errors["channels"] = _("Channels must be a list.")
        elif bad := [c for c in self.channels if c not in self.Channel.values]:
            errors["channels"] = _("Unknown channel: %(c)s") % {
                "c": ", ".join(map(str, bad))
            }
        if not isinstance(self.life_events, list):
            errors["life_events"] = _("Life events must be a list.")
        elif bad := [e for e in self.life_events if e not in self.LifeEvent.values]:
            errors["life_events"] = _("Unknown life event: %(e)s") % {
                "e": ", ".join(map(str, bad))
            }
        if self.processing_time and not ISO_DURATION.fullmatch(self.processing_time):
            errors["processing_time"] = _(
                "Give an ISO 8601 duration such as P3D (three days) or PT2H (two hours)."
            )
        if errors:
            raise ValidationError(errors)
