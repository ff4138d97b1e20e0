"""Writes for the registry. Each takes keyword arguments, validates the row whole and logs it."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.core import i18n
from coproduce.core.errors import DomainError
from coproduce.core.services import instance_delete, instance_save, instance_update

from .models import (
    EMAIL_TAKEN,
    PERSON_UNIQUE_EMAIL,
    Membership,
    Organisation,
    Person,
    PublicService,
)

ORGANISATION_FIELDS = ["name", "kind", "parent", "identifier", "website", "description"]
PERSON_FIELDS = ["given_name", "family_name", "email", "phone", "languages"]
SERVICE_FIELDS = [
    "identifier",
    "name",
    "description",
    "competent_authority",
    "sector",
    "function",
    "life_events",
    "channels",
    "legal_resource",
    "processing_time",
    "keywords",
    "status",
]


def organisation_create(*, tenant, actor, **values: Any) -> Organisation:
    return instance_save(
        Organisation(tenant=tenant, **values),
        actor=actor,
        action="registry.organisation.created",
        fields=ORGANISATION_FIELDS,
    )


def organisation_update(
    *, organisation: Organisation, actor, **values: Any
) -> Organisation:
    return instance_update(
        organisation, actor=actor, action="registry.organisation.changed", values=values
    )


def organisation_delete(*, organisation: Organisation, actor) -> None:
    instance_delete(organisation, actor=actor, action="registry.organisation.deleted")


def _demographics_consent(person: Person, values: dict[str, Any]) -> None:
    """Giving demographics with ``demographics_consent=True`` stamps the time of consent;
    withdrawing consent erases them."""
    consent = values.pop("demographics_consent", None)
    if consent is True and person.demographics_consent_at is None:
        person.demographics_consent_at = timezone.now()
    elif consent is False:
        person.demographics_consent_at = None
        for name in ("age_band", "gender", "first_language", "district"):
            values[name] = ""


@contextmanager
def _email_refusal() -> Iterator[None]:
    """A person's email is unique in the tenant, without regard to case: the check
    before saving and the database's constraint (two writers at once) both refuse on
    the field ``email``, with the same message."""
    try:
        yield
    except ValidationError as exc:
        errors = getattr(exc, "error_dict", None)
        general = (errors or {}).get(NON_FIELD_ERRORS, [])
        if not any(e.code == "email_taken" for e in general):
            raise
        kept = [e for e in general if e.code != "email_taken"]
        assert errors is not None  # noqa: S101 (general is not empty)
        errors.setdefault("email", []).append(ValidationError(EMAIL_TAKEN))
        if kept:
            errors[NON_FIELD_ERRORS] = kept
        else:
            errors.pop(NON_FIELD_ERRORS)
        raise ValidationError(errors) from None
    except DomainError as exc:  # the constraint, when a concurrent writer won the race
        if PERSON_UNIQUE_EMAIL not in exc.message:
            raise
        raise DomainError(str(EMAIL_TAKEN), field="email") from exc


def person_create(*, tenant, actor, **values: Any) -> Person:
    person = Person(tenant=tenant)
    _demographics_consent(person, values)
    for key, value in values.items():
        setattr(person, key, value)
    with _email_refusal():
        return instance_save(
            person, actor=actor, action="registry.person.created", fields=PERSON_FIELDS
        )


def person_update(*, person: Person, actor, **values: Any) -> Person:
    _demographics_consent(person, values)
    with _email_refusal():
        return instance_update(
            person, actor=actor, action="registry.person.changed", values=values
        )


def person_delete(*, person: Person, actor) -> None:
    instance_delete(person, actor=actor, action="registry.person.deleted")


def membership_create(*, tenant, actor, **values: Any) -> Membership:
    return instance_save(
        Membership(tenant=tenant, **values),
        actor=actor,
        action="registry.membership.created",
        fields=["person", "organisation", "role", "start_date", "end_date"],
    )


def membership_update(*, membership: Membership, actor, **values: Any) -> Membership:
    return instance_update(
        membership, actor=actor, action="registry.membership.changed", values=values
    )


def membership_delete(*, membership: Membership, actor) -> None:
    instance_delete(membership, actor=actor, action="registry.membership.deleted")


@transaction.atomic
def public_service_create(
    *, tenant, actor, translations: i18n.Versions | None = None, **values: Any
) -> PublicService:
    """A public service; its name and description in the tenant's default language
    unless ``content_language`` says otherwise, with ``translations`` in others."""
    values.setdefault("content_language", tenant.language)
    i18n.translations_validate(
        translations or {}, tenant, language=values["content_language"]
    )
    service = instance_save(
        PublicService(tenant=tenant, **values),
        actor=actor,
        action="registry.service.created",
        fields=SERVICE_FIELDS,
    )
    i18n.versions_save(
        service, translations, actor=actor, action="registry.service.translated"
    )
    return service


@transaction.atomic
def public_service_update(
    *,
    service: PublicService,
    actor,
    translations: i18n.Versions | None = None,
    **values: Any,
) -> PublicService:
    i18n.translations_validate(
        translations or {}, service.tenant, language=values.get("content_language")
    )
    if values:
        service = instance_update(
            service, actor=actor, action="registry.service.changed", values=values
        )
    i18n.versions_save(
        service, translations, actor=actor, action="registry.service.translated"
    )
    return service


def public_service_delete(*, service: PublicService, actor) -> None:
    instance_delete(service, actor=actor, action="registry.service.deleted")
