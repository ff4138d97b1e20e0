"""Forms of crisis mode. People and organisations are chosen with the type-ahead fields;
skills and languages are short vocabularies (check boxes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.coproducers.models import Skill
from coproduce.coproducers.vocab import LANGUAGES
from coproduce.core.forms import TranslationsMixin, search_urls_set
from coproduce.people.forms import OrganisationSearchField, PersonSearchField
from coproduce.people.models import Organisation, Person

from .models import Need


class NeedForm(TranslationsMixin, forms.Form):
    translated_fields = ("title", "description")

    title = forms.CharField(label=_("What is needed"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    area = forms.CharField(
        label=_("Postcode area"), max_length=10, help_text=_("e.g. 00530")
    )
    place = forms.CharField(label=_("Where exactly"), max_length=200, required=False)
    starts_at = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    people_needed = forms.IntegerField(
        label=_("People needed"), min_value=1, max_value=500
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Need.Urgency.choices, initial=Need.Urgency.NORMAL
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills required"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages required"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("The need was expressed in"),
        choices=[("", "–"), *LANGUAGES],
        required=False,
    )
    source = forms.ChoiceField(label=_("Posted by"), choices=Need.Source.choices)
    organisation = OrganisationSearchField(
        label=_("Partner organisation"), required=False
    )
    assigned_to = PersonSearchField(
        label=_("Assigned to"),
        required=False,
        help_text=_("Only this person sees the resident's details."),
    )
    resident_name = forms.CharField(
        label=_("Resident's name"), max_length=200, required=False
    )
    resident_phone = forms.CharField(
        label=_("Resident's phone"), max_length=40, required=False
    )
    resident_address = forms.CharField(
        label=_("Resident's address"), max_length=300, required=False
    )

    def __init__(self, *args, tenant, partner_organisations=None, **kwargs):
        """``partner_organisations``: for a partner organisation's staff member, the
        centre's partners they may post for (a short list); they neither say who
        posts nor assign the need."""
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.filter(tenant=tenant)
        self.translations_init(tenant)
        if partner_organisations is not None:
            del self.fields["source"], self.fields["assigned_to"]
            orgs = list(partner_organisations)
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("For the partner organisation"),
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in orgs]),
                initial=orgs[0].pk if len(orgs) == 1 else None,
                empty_label=None if len(orgs) == 1 else "–",
            )
            return
        self.fields["organisation"].queryset = Organisation.objects.filter(
            tenant=tenant
        )
        self.fields["assigned_to"].queryset = Person.objects.filter(tenant=tenant)
        search_urls_set(self, tenant)


class DecisionForm(forms.Form):
    what = forms.CharField(
        label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 2})
    )
    why = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
    authority = forms.CharField(label=_("On what authority"), max_length=300)
    consulted = forms.CharField(
        label=_("Who was consulted"), max_length=500, required=False
    )
    overrides = forms.CharField(
        label=_("What it overrides"), max_length=500, required=False
    )


class ReviewForm(forms.Form):
    worked = forms.CharField(
        label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3})
    )
    failed = forms.CharField(
        label=_("What failed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    keep_ready = forms.CharField(
        label=_("What to keep ready"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CallOutForm(forms.Form):
    n = forms.IntegerField(
        label=_("How many people to ask"),
        min_value=1,
        max_value=5000,
        required=False,
        help_text=_("Leave empty for the centre's default."),
    )
