from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView

from coproduce.tenancy.selectors import tenant_memberships_of


class HomeView(LoginRequiredMixin, TemplateView):
    """The tenant chooser; with a single tenant, go straight to it."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        memberships = tenant_memberships_of(user=request.user)
        if len(memberships) == 1:
            return redirect("portfolio", tenant=memberships[0].tenant.slug)
        return self.render_to_response({"memberships": memberships})
