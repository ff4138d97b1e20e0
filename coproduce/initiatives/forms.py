from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import (
    RecordSearchField,
    TenantModelForm,
    TranslationsMixin,
    search_urls_set,
)
from coproduce.people.forms import OrganisationSearchField, PersonSearchField
from coproduce.people.models import Organisation, PublicService

from .models import (
    INITIATIVE_FIELDS,
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
from .vocab import Stage

DATE = {"type": "date"}
DATETIME = {"type": "datetime-local"}


class InitiativeForm(TranslationsMixin, TenantModelForm):
    translated_fields = Initiative.translatable

    services = forms.ModelMultipleChoiceField(
        label=_("Public services"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Initiative
        fields = [name for name in INITIATIVE_FIELDS if name != "slug"]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE),
            "end_date": forms.DateInput(attrs=DATE),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = PublicService.objects.filter(
            tenant=self.tenant
        )
        if self.instance.pk:
            self.fields["services"].initial = list(
                self.instance.services.values_list("pk", flat=True)
            )
            self.fields["version"].initial = self.instance.version
        self.translations_init(self.tenant, self.instance if self.instance.pk else None)

    def values(self) -> dict:
        values = super().values()
        values["services"] = list(self.cleaned_data.get("services") or [])
        return values


class PartnerForm(TenantModelForm):
    class Meta:
        model = InitiativePartner
        fields = ["organisation", "role", "start_date", "end_date"]
        field_classes = {"organisation": OrganisationSearchField}
        widgets = {
            "start_date": forms.DateInput(attrs=DATE),
            "end_date": forms.DateInput(attrs=DATE),
        }


class ActivityForm(TenantModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "stage",
            "kind",
            "starts_at",
            "ends_at",
            "level",
            "mode",
            "place",
            "description",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "level": _(
                "The IAP2 level the public reached in this activity: inform, consult, "
                "involve, collaborate or empower."
            ),
            "mode": _("Voice: ideas, opinions, decisions. Doing: work and delivery."),
        }


class ParticipationForm(TenantModelForm):
    class Meta:
        model = Participation
        fields = ["person", "organisation", "role", "hours"]
        field_classes = {
            "person": PersonSearchField,
            "organisation": OrganisationSearchField,
        }

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("organisation"):
            raise forms.ValidationError(
                _("Choose the person or the organisation who took part.")
            )
        return data


class ActivitySearchField(RecordSearchField):
    """An activity of the initiative chosen by typing its title (suggestions from the
    initiative's activities/search/)."""

    default_error_messages = {
        "invalid_choice": _(
            "That activity is not one of this initiative's: choose a suggestion."
        ),
        "none": _(
            "No activity of this initiative matches “%(text)s”. Type part of its title "
            "and choose one of the suggestions."
        ),
        "several": _(
            "More than one activity matches “%(text)s”. Type more of the title and "
            "choose one of the suggestions."
        ),
    }

    def __init__(self, queryset=None, **kwargs):
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _("Type part of the title, then choose a suggestion.")
        super().__init__(
            Activity.objects.none() if queryset is None else queryset, **kwargs
        )

    def label_from_instance(self, obj):
        from .selectors import activity_label

        return activity_label(obj)

    def resolve(self, queryset, text):
        from .selectors import activity_resolve

        return activity_resolve(queryset, text)


class ContributionForm(TenantModelForm):
    class Meta:
        model = Contribution
        fields = [
            "kind",
            "description",
            "date",
            "estimated_value",
            "person",
            "organisation",
            "activity",
        ]
        widgets = {"date": forms.DateInput(attrs=DATE)}
        field_classes = {
            "person": PersonSearchField,
            "organisation": OrganisationSearchField,
            "activity": ActivitySearchField,
        }

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if initiative is not None:
            field = self.fields["activity"]
            field.queryset = Activity.objects.filter(
                tenant=self.tenant, initiative=initiative
            )
            field.set_search_url(
                reverse(
                    "activity-search",
                    kwargs={"tenant": self.tenant.slug, "slug": initiative.slug},
                )
            )

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("organisation"):
            raise forms.ValidationError(
                _("Choose the person or the organisation who contributed.")
            )
        return data


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + Initiative.Status.choices,
    )
    lead_organisation = OrganisationSearchField(
        label=_("Lead organisation"), required=False
    )
    declared_stage = forms.ChoiceField(
        label=_("Declares"), required=False, choices=[("", _("Any"))] + Stage.choices
    )
    realised_stage = forms.ChoiceField(
        label=_("Citizens involved in"),
        required=False,
        choices=[("", _("Any"))] + Stage.choices,
    )
    co_produced = forms.ChoiceField(
        label=_("Co-produced"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Yes")), ("no", _("No"))],
    )
    rhetoric = forms.BooleanField(label=_("Declared but not realised"), required=False)
    temporary = forms.ChoiceField(
        label=_("Temporary"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Yes")), ("no", _("No"))],
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        # typed, not chosen from a <select> of every organisation that leads one
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(
            tenant=tenant
        )
        search_urls_set(self, tenant)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        if data.get("lead_organisation"):
            data["lead_organisation"] = data["lead_organisation"].pk
        return {k: v for k, v in data.items() if v not in (None, "", False)}
