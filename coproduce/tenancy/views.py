"""The user's own API tokens in this tenant: create (the key is shown once), list, revoke."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from .models import ApiToken
from .services import api_token_create, api_token_revoke


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
