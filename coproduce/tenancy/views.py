"""The tenant chooser, the members of a tenant and the user's own API tokens in it (the key
is shown once)."""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core.errors import DomainError
from coproduce.core.i18n import BASE_LANGUAGES, CONTENT_LANGUAGES
from coproduce.core.views import form_add_errors

from .models import ApiToken, TenantMembership
from .permissions import TenantPermissionRequired
from .roles import Role
from .selectors import tenant_memberships_of
from .services import (
    api_token_create,
    api_token_revoke,
    tenant_languages_set,
    tenant_member_change_role,
    tenant_member_remove,
    tenant_member_set,
)


class HomeView(LoginRequiredMixin, TemplateView):
    """The tenant chooser; with a single tenant, go straight to it."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        memberships = tenant_memberships_of(user=request.user)
        if len(memberships) == 1:
            return redirect("portfolio", tenant=memberships[0].tenant.slug)
        return self.render_to_response({"memberships": memberships})


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What the token is for"), max_length=100)


class TokenListView(View):
    template_name = "tenancy/token_list.html"

    def tokens(self, request):
        return ApiToken.objects.filter(tenant=request.tenant, user=request.user)

    def get(self, request, **kwargs):
        return render(
            request,
            self.template_name,
            {"tokens": self.tokens(request), "form": TokenForm()},
        )

    def post(self, request, **kwargs):
        form = TokenForm(request.POST)
        key = None
        if form.is_valid():
            _token, key = api_token_create(
                tenant=request.tenant, user=request.user, name=form.cleaned_data["name"]
            )
            form = TokenForm()
        return render(
            request,
            self.template_name,
            {"tokens": self.tokens(request), "form": form, "key": key},
        )


class TokenRevokeView(View):
    def post(self, request, *, pk, **kwargs):
        token = ApiToken.objects.filter(
            tenant=request.tenant, user=request.user, pk=pk
        ).first()
        if token is None:
            raise Http404
        api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("Token revoked."))
        return redirect("token-list", tenant=request.tenant.slug)


class MemberForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("User name"),
        max_length=150,
        help_text=gettext_lazy(
            "An existing account, or a new one made with the email below."
        ),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email (for a new account)"), required=False
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)


class MemberListView(TenantPermissionRequired, View):
    """The tenant admin's page: who is a member of this space, in which role."""

    permission = "tenant.admin"
    template_name = "tenancy/member_list.html"

    def render_page(self, request, form, status=200):
        members = (
            TenantMembership.objects.filter(tenant=request.tenant)
            .select_related("user")
            .order_by("user__username")
        )
        return render(
            request,
            self.template_name,
            {"members": members, "form": form, "roles": Role.choices},
            status=status,
        )

    def get(self, request, **kwargs):
        return self.render_page(request, MemberForm())

    def post(self, request, **kwargs):
        form = MemberForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=422)
        data = form.cleaned_data
        User = get_user_model()
        user = User.objects.filter(username=data["username"]).first()
        try:
            with transaction.atomic():
                if user is None:
                    if not data["email"]:
                        raise DomainError(
                            _(
                                "No account has this user name; give an email to create one."
                            ),
                            field="email",
                        )
                    # A password nobody knows; the newcomer sets their own through the
                    # reset link (Django sends none to an unusable password).
                    user = User.objects.create_user(
                        username=data["username"],
                        email=data["email"],
                        password=secrets.token_urlsafe(32),
                    )
                    created = True
                else:
                    created = False
                if TenantMembership.objects.filter(
                    tenant=request.tenant, user=user
                ).exists():
                    raise DomainError(
                        _("%(user)s is already a member.")
                        % {"user": user.get_username()},
                        field="username",
                    )
                tenant_member_set(
                    tenant=request.tenant,
                    user=user,
                    role=data["role"],
                    actor=request.user,
                )
        except DomainError as exc:
            form_add_errors(form, exc)
            return self.render_page(request, form, status=422)
        if created:
            messages.success(
                request,
                _(
                    "Account %(user)s created and added. They set their password through the password reset link."
                )
                % {"user": user.get_username()},
            )
        else:
            messages.success(
                request, _("%(user)s added.") % {"user": user.get_username()}
            )
        return redirect("member-list", tenant=request.tenant.slug)


class LanguagesForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Default language of content"),
        choices=CONTENT_LANGUAGES,
        help_text=gettext_lazy(
            "New services, initiatives, instruments and opportunities are written in it "
            "unless their author chooses another. Texts already written keep theirs."
        ),
    )
    further = forms.MultipleChoiceField(
        label=gettext_lazy("Further languages of content"),
        choices=[(c, n) for c, n in CONTENT_LANGUAGES if c not in BASE_LANGUAGES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Finnish, Swedish and English are always offered; forms then also take "
            "texts in these, and respondents may choose them."
        ),
    )


class TenantLanguagesView(TenantPermissionRequired, View):
    """The tenant admin's page: the languages this space writes its content in."""

    permission = "tenant.admin"
    template_name = "tenancy/languages.html"

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {"form": form}, status=status)

    def get(self, request, **kwargs):
        tenant = request.tenant
        return self._render(
            request,
            LanguagesForm(
                initial={
                    "language": tenant.language,
                    "further": tenant.content_languages,
                }
            ),
        )

    def post(self, request, **kwargs):
        form = LanguagesForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=422)
        try:
            tenant_languages_set(
                tenant=request.tenant,
                actor=request.user,
                language=form.cleaned_data["language"],
                further=form.cleaned_data["further"],
            )
        except DomainError as exc:
            form_add_errors(form, exc)
            return self._render(request, form, status=422)
        messages.success(request, _("The languages of content are saved."))
        return redirect("tenant-languages", tenant=request.tenant.slug)


class MemberChangeView(TenantPermissionRequired, View):
    permission = "tenant.admin"

    def post(self, request, *, pk, **kwargs):
        membership = (
            TenantMembership.objects.filter(tenant=request.tenant, pk=pk)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise Http404
        try:
            if request.POST.get("action") == "remove":
                tenant_member_remove(membership=membership, actor=request.user)
                messages.success(
                    request,
                    _("%(user)s removed.") % {"user": membership.user.get_username()},
                )
            else:
                tenant_member_change_role(
                    membership=membership,
                    role=request.POST.get("role", ""),
                    actor=request.user,
                )
                messages.success(request, _("Role changed."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("member-list", tenant=request.tenant.slug)
