"""Writes for tenancy: tenants, members, API tokens."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError
from coproduce.core.events import event_record
from coproduce.core.models import Event

from .models import ApiToken, Tenant, TenantMembership
from .roles import Role


@transaction.atomic
def tenant_create(
    *, slug: str, name: str, kind: str = Tenant.Kind.MUNICIPALITY
) -> Tenant:
    if Tenant.objects.filter(slug=slug).exists():
        raise DomainError(
            f"A tenant with the short name '{slug}' exists already.", field="slug"
        )
    return Tenant.objects.create(slug=slug, name=name, kind=kind)


@transaction.atomic
def tenant_languages_set(
    *, tenant: Tenant, actor, language: str, further: list[str]
) -> Tenant:
    """The tenant's default language of content (new texts are written in it unless their
    author says otherwise) and the further languages it writes in beside Finnish, Swedish
    and English. Texts already written keep the language they were written in."""
    from coproduce.core import i18n

    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    unknown = sorted({language, *further} - i18n.CONTENT_LANGUAGE_CODES)
    if unknown:
        raise DomainError(
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="further" if language not in unknown else "language",
        )
    extra = [c for c in dict.fromkeys(further) if c not in i18n.BASE_LANGUAGES]
    before = {
        "language": tenant.language,
        "content_languages": tenant.content_languages,
    }
    tenant.language, tenant.content_languages = language, extra
    tenant.save(update_fields=["language", "content_languages", "updated_at"])
    # the tenant is its own tenant in the trail (event_record takes a tenant's row)
    Event.objects.create(
        tenant=tenant,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action="tenancy.languages.changed",
        object_type=tenant._meta.label_lower,
        object_id=tenant.pk,
        data={"before": before, "language": language, "content_languages": extra},
    )
    return tenant


@transaction.atomic
def tenant_member_set(
    *, tenant: Tenant, user, role: str, actor=None
) -> TenantMembership:
    if role not in Role.values:
        raise DomainError(f"Unknown role '{role}'.", field="role")
    membership, created = TenantMembership.objects.update_or_create(
        tenant=tenant, user=user, defaults={"role": role}
    )
    event_record(
        obj=membership,
        action="tenancy.member.added" if created else "tenancy.member.changed",
        actor=actor,
        data={"user": user.get_username(), "role": role},
    )
    return membership


def user_create(*, username: str, password: str, email: str = "", **extra):
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise DomainError(f"The user name '{username}' is taken.", field="username")
    return User.objects.create_user(
        username=username, password=password, email=email, **extra
    )


@transaction.atomic
def tenant_member_change_role(
    *, membership: TenantMembership, role: str, actor
) -> TenantMembership:
    membership = TenantMembership.objects.select_for_update().get(pk=membership.pk)
    if role not in Role.values:
        raise DomainError(f"Unknown role '{role}'.", field="role")
    if membership.role == Role.TENANT_ADMIN and role != Role.TENANT_ADMIN:
        _keep_one_admin(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    event_record(
        obj=membership,
        action="tenancy.member.changed",
        actor=actor,
        data={
            "user": membership.user.get_username(),
            "role": {"old": old, "new": role},
        },
    )
    return membership


@transaction.atomic
def tenant_member_remove(*, membership: TenantMembership, actor) -> None:
    membership = TenantMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.TENANT_ADMIN:
        _keep_one_admin(membership)
    ApiToken.objects.filter(
        tenant_id=membership.tenant_id,
        user_id=membership.user_id,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    event_record(
        obj=membership,
        action="tenancy.member.removed",
        actor=actor,
        data={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()


def _keep_one_admin(membership: TenantMembership) -> None:
    others = (
        TenantMembership.objects.select_for_update()
        .filter(tenant_id=membership.tenant_id, role=Role.TENANT_ADMIN)
        .exclude(pk=membership.pk)
    )
    if not list(others):
        raise DomainError(
            "A space needs at least one tenant admin: name another one first."
        )


@transaction.atomic
def api_token_create(*, tenant: Tenant, user, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is shown once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        tenant=tenant,
        user=user,
        name=name,
        prefix=key[:10],
        key_hash=ApiToken.hash_key(key),
    )
    event_record(
        obj=token, action="tenancy.token.created", actor=user, data={"name": name}
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        event_record(obj=token, action="tenancy.token.revoked", actor=actor)
