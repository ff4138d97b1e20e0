"""Writes of what a tenant publishes: in transactions, validated, each recorded."""

from typing import Any

from django.db import IntegrityError, transaction

from coproduce.core.events import event_record
from coproduce.core.services import instance_update
from coproduce.people.models import PublicService

from .models import AccessibilityStatement, PrivacyNotice, PublishedService


@transaction.atomic
def service_publish(*, service: PublicService, actor) -> PublishedService:
    """Put ``service`` in the tenant's open catalogue (its IRI then answers without login).
    Publishing twice (a double submit, two people at once) leaves one publication."""
    existing = PublishedService.objects.filter(service=service).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            publication = PublishedService.objects.create(
                tenant=service.tenant,
                service=service,
                published_by=getattr(actor, "user", None),
            )
    except IntegrityError:  # published in the meantime
        return PublishedService.objects.get(service=service)
    event_record(
        obj=service,
        action="publishing.service.published",
        actor=actor,
        data={"identifier": service.identifier},
    )
    return publication


@transaction.atomic
def service_withdraw(*, service: PublicService, actor) -> None:
    """Take ``service`` out of the open catalogue: its IRI answers 404 again."""
    deleted, _ = PublishedService.objects.filter(service=service).delete()
    if deleted:
        event_record(
            obj=service,
            action="publishing.service.withdrawn",
            actor=actor,
            data={"identifier": service.identifier},
        )


@transaction.atomic
def accessibility_statement_save(
    *, tenant, actor, **values: Any
) -> AccessibilityStatement:
    statement, _ = AccessibilityStatement.objects.select_for_update().get_or_create(
        tenant=tenant
    )
    return instance_update(
        statement,
        actor=actor,
        action="publishing.accessibility_statement.changed",
        values=values,
    )


@transaction.atomic
def privacy_notice_save(*, tenant, actor, **values: Any) -> PrivacyNotice:
    notice, _ = PrivacyNotice.objects.select_for_update().get_or_create(tenant=tenant)
    return instance_update(
        notice, actor=actor, action="publishing.privacy_notice.changed", values=values
    )
