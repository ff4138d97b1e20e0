"""The respondent's side: a personal link (token), no account. Owned by the respondent-form work."""

from django.http import Http404
from django.views import View


class RespondView(View):
    def get(self, request, *, token):
        raise Http404
