"""Members and roles of a tenant, and one's own API tokens, in the API.

As on the pages: the members (``/members``) are the tenant admin's (``tenant.admin``,
403 otherwise); every member keeps their own tokens, and sees no one else's (another's
token, or one of another tenant, is a 404). A new token's key is in the answer to its
creation only: it is never stored, and no read gives it again.
"""

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.schemas import Choice, Id, In, Text

from . import selectors, services
from .models import ApiToken, TenantMembership
from .roles import PERMISSIONS, Role

router = Router(tags=["tenancy"])

ADMIN = "tenant.admin"


class RoleOut(Schema):
    role: str
    label: str
    permissions: list[str]


@router.get("/roles", response={200: list[RoleOut], **errors.READ_LIST})
def role_list(request):
    """The roles a member can have and what each may do."""
    return [
        {"role": value, "label": str(label), "permissions": sorted(PERMISSIONS[value])}
        for value, label in Role.choices
    ]


class TenantMemberOut(Schema):
    id: int
    username: str
    name: str
    role: str
    created_at: dt.datetime


class TenantMemberIn(In):
    role: Choice(Role)  # type: ignore[valid-type]


def _member_out(m: TenantMembership) -> dict:
    return {
        "id": m.pk,
        "username": m.user.get_username(),
        "name": m.user.get_full_name(),
        "role": m.role,
        "created_at": m.created_at,
    }


def _member(request, member_id: int) -> TenantMembership:
    request.actor.require(ADMIN)
    membership = selectors.tenant_member_get(tenant=request.tenant, pk=member_id)
    if membership is None:
        raise Http404
    return membership


@router.get("/members", response={200: list[TenantMemberOut], **errors.READ_LIST})
@paginate(Pagination)
def member_list(request):
    """Who is a member of this space, in which role (tenant admin)."""
    request.actor.require(ADMIN)
    return [_member_out(m) for m in selectors.tenant_member_list(tenant=request.tenant)]


@router.patch(
    "/members/{int:member_id}", response={200: TenantMemberOut, **errors.CHANGE}
)
def member_change(request, member_id: Id, payload: TenantMemberIn):
    """Change a member's role; the last tenant admin keeps theirs (409)."""
    membership = _member(request, member_id)
    return _member_out(
        services.tenant_member_change_role(
            membership=membership, role=payload.role, actor=request.user
        )
    )


@router.delete("/members/{int:member_id}", response={204: None, **errors.CHANGE})
def member_remove(request, member_id: Id):
    """Remove a member from the space (their account stays); not the last admin (409)."""
    membership = _member(request, member_id)
    services.tenant_member_remove(membership=membership, actor=request.user)
    return Status(204, None)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The key's first characters, to tell tokens apart")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    key: str = Field(description="The secret: shown this once, never again")


class TokenIn(In):
    name: Text(100, min_length=1)  # type: ignore[valid-type]


@router.get("/tokens", response={200: list[TokenOut], **errors.READ_LIST})
@paginate(Pagination)
def token_list(request):
    """The caller's own tokens in this space, revoked ones too."""
    return selectors.api_token_list(tenant=request.tenant, user=request.user)


@router.post("/tokens", response={201: TokenCreatedOut, **errors.CREATE})
def token_create(request, payload: TokenIn):
    """A new personal token: its key is in this answer only."""
    token, key = services.api_token_create(
        tenant=request.tenant, user=request.user, name=payload.name
    )
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "key": key})


def _token(request, token_id: int) -> ApiToken:
    token = selectors.api_token_get(
        tenant=request.tenant, user=request.user, pk=token_id
    )
    if token is None:
        raise Http404
    return token


@router.post("/tokens/{int:token_id}/revoke", response={200: TokenOut, **errors.CHANGE})
def token_revoke(request, token_id: Id):
    """Revoke one of one's tokens: it stops working at once (revoking twice is fine)."""
    token = _token(request, token_id)
    services.api_token_revoke(token=token, actor=request.user)
    return token
