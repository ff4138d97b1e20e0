from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import (
    RecordSearchField,
    TenantModelForm,
    TranslationsMixin,
    search_urls_set,
)

from . import selectors
from .models import Membership, Organisation, Person, PublicService


class PersonSearchField(RecordSearchField):
    """A person chosen by typing a name or an email (suggestions from people/search/);
    use it for every foreign key to a person in a form, in place of a ``<select>``."""

    search_url_name = "person-search"
    default_error_messages = {
        "invalid_choice": _("That person is not in the register: choose a suggestion."),
        "none": _(
            "No person matches “%(text)s”. Type part of the name or the email and "
            "choose one of the suggestions."
        ),
        "several": _(
            "More than one person matches “%(text)s”. Type more of the name, or the "
            "email, and choose one of the suggestions."
        ),
    }

    def __init__(self, queryset=None, **kwargs):
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _(
                "Type a name or an email, then choose a suggestion."
            )
        super().__init__(
            Person.objects.none() if queryset is None else queryset, **kwargs
        )

    def label_from_instance(self, obj):
        return selectors.person_label(obj)

    def resolve(self, queryset, text):
        return selectors.person_resolve(queryset, text)


class OrganisationSearchField(RecordSearchField):
    """An organisation chosen by typing its name (suggestions from organisations/search/)."""

    search_url_name = "organisation-search"
    default_error_messages = {
        "invalid_choice": _(
            "That organisation is not in the register: choose a suggestion."
        ),
        "none": _(
            "No organisation matches “%(text)s”. Type part of its name and choose one "
            "of the suggestions."
        ),
        "several": _(
            "More than one organisation matches “%(text)s”. Type more of the name and "
            "choose one of the suggestions."
        ),
    }

    def __init__(self, queryset=None, **kwargs):
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _("Type a name, then choose a suggestion.")
        super().__init__(
            Organisation.objects.none() if queryset is None else queryset, **kwargs
        )

    def label_from_instance(self, obj):
        return selectors.organisation_label(obj)

    def resolve(self, queryset, text):
        return selectors.organisation_resolve(queryset, text)


class PersonFilterForm(forms.Form):
    """The people list's filters: words of a name or email, and an organisation typed
    (a ``<select>`` of every organisation was 2,000 options on a big tenant)."""

    q = forms.CharField(label=_("Search"), required=False)
    organisation = OrganisationSearchField(label=_("Organisation"), required=False)

    def __init__(self, *args, tenant, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["q"].widget.input_type = "search"
        search_urls_set(self, tenant)

    def filters(self) -> dict:
        """The filters for ``person_list``; an organisation not found filters nothing
        (the field says why)."""
        if not self.is_bound:
            return {"q": "", "organisation": ""}
        self.is_valid()  # the valid fields' values are kept, the others say why
        organisation = self.cleaned_data.get("organisation")
        return {
            "q": (self.cleaned_data.get("q") or "").strip(),
            "organisation": str(organisation.pk) if organisation else "",
        }


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
        field_classes = {"organisation": OrganisationSearchField}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }


class PublicServiceForm(TranslationsMixin, TenantModelForm):
    translated_fields = PublicService.translatable
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=PublicService.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    life_events = forms.MultipleChoiceField(
        label=_("Life events"),
        choices=PublicService.LifeEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The situations in a resident's life the service belongs to."),
    )

    class Meta:
        model = PublicService
        fields = [
            "identifier",
            "name",
            "description",
            "competent_authority",
            "sector",
            "function",
            "life_events",
            "channels",
            "legal_resource",
            "processing_time",
            "keywords",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.translations_init(self.tenant, self.instance if self.instance.pk else None)
