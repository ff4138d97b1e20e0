"""Forms of the tenant admin's publishing pages. Editable texts are one textarea per
interface language (saved as ``{language: text}``); an empty one falls back to another
language, then to the default text."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityStatement, PrivacyNotice


def _language_fields(form: forms.Form, name: str, label, initial: dict) -> None:
    for code, language in settings.LANGUAGES:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=initial.get(code, ""),
        )


def _language_values(cleaned: dict, name: str) -> dict[str, str]:
    return {
        code: cleaned[f"{name}_{code}"].strip()
        for code, _language in settings.LANGUAGES
        if cleaned.get(f"{name}_{code}", "").strip()
    }


class _MultilingualForm(forms.ModelForm):
    multilingual: tuple[str, ...] = ()

    def __init__(self, *args, tenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        for name in self.multilingual:
            field = self._meta.model._meta.get_field(name)
            _language_fields(
                self,
                name,
                field.verbose_name.capitalize(),
                getattr(self.instance, name),
            )

    def values(self) -> dict:
        values = {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name not in self.multilingual
        }
        for name in self.multilingual:
            values[name] = _language_values(self.cleaned_data, name)
        return values


class AccessibilityStatementForm(_MultilingualForm):
    multilingual = ("non_accessible", "disproportionate_burden")
    feedback_url = forms.URLField(
        label=_("feedback form"), required=False, assume_scheme="https"
    )

    class Meta:
        model = AccessibilityStatement
        fields = [
            "conformance",
            "feedback_email",
            "feedback_url",
            "method",
            "prepared_on",
            "reviewed_on",
        ]
        widgets = {
            "prepared_on": forms.DateInput(attrs={"type": "date"}),
            "reviewed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "feedback_email": _(
                "Where users report accessibility problems and ask for content in an "
                "accessible form; answered within two weeks."
            ),
        }


class PrivacyNoticeForm(_MultilingualForm):
    multilingual = ("purposes", "legal_bases", "recipients", "retention")

    class Meta:
        model = PrivacyNotice
        fields = ["controller", "controller_contact", "dpo_contact", "updated_on"]
        widgets = {
            "controller_contact": forms.Textarea(attrs={"rows": 3}),
            "dpo_contact": forms.Textarea(attrs={"rows": 3}),
            "updated_on": forms.DateInput(attrs={"type": "date"}),
        }
