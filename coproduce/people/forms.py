from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TenantModelForm

from .models import Membership, Organisation, Person, PublicService


class OrganisationForm(TenantModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "parent", "identifier", "website", "description"]


class PersonForm(TenantModelForm):
    demographics_consent = forms.BooleanField(
        label=_("The person consents to storing the demographics below"),
        help_text=_(
            "Self-reported; used only in aggregate to compare participants with the population."
        ),
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "email",
            "phone",
            "languages",
            "demographics_consent",
            "age_band",
            "gender",
            "first_language",
            "district",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["demographics_consent"].initial = (
                self.instance.demographics_consent_at is not None
            )

    def clean(self):
        data = super().clean()
        given = [
            n
            for n in ("age_band", "gender", "first_language", "district")
            if data.get(n)
        ]
        if given and not data.get("demographics_consent"):
            raise forms.ValidationError(
                _("Demographics may be stored only with the person's consent.")
            )
        return data

    def values(self) -> dict:
        values = super().values()
        values["demographics_consent"] = self.cleaned_data.get(
            "demographics_consent", False
        )
        return values


class MembershipForm(TenantModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "title", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }


class PublicServiceForm(TenantModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=PublicService.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = PublicService
        fields = [
            "identifier",
            "name",
            "description",
            "competent_authority",
            "sector",
            "channels",
            "legal_resource",
            "processing_time",
            "keywords",
            "status",
        ]
