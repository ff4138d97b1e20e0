"""Input shapes of the case pages; the rules live in services and the process."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import search_urls_set
from coproduce.initiatives.models import Initiative
from coproduce.people.forms import PersonSearchField
from coproduce.people.models import Organisation

from . import selectors
from .labels import outcome_label
from .models import Case, CaseType, Party
from .process import process_parse

PARTY_FIELDS = ("role", "given_name", "family_name", "email", "phone")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseRegisterForm(forms.Form):
    case_type = forms.ModelChoiceField(CaseType.objects.none(), label=_("Case type"))
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Responsible organisation")
    )
    initiative = forms.ModelChoiceField(
        Initiative.objects.none(), label=_("Service (initiative)"), required=False
    )
    referrer = forms.ChoiceField(choices=Case.Referrer.choices, label=_("Referred by"))
    referrer_name = forms.CharField(
        label=_("Referring authority"), max_length=200, required=False
    )
    referred_on = forms.DateField(
        label=_("Referred on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].queryset = selectors.case_type_choices(tenant=tenant)
        self.fields["organisation"].queryset = selectors.organisation_choices(
            tenant=tenant
        )
        self.fields["initiative"].queryset = selectors.initiative_choices(tenant=tenant)
        for label in ("a", "b"):
            name = _("Party %(label)s") % {"label": label.upper()}
            self.fields[f"party_{label}_role"] = forms.ChoiceField(
                choices=Party.Role.choices, label=_("%(p)s: role") % {"p": name}
            )
            self.fields[f"party_{label}_given_name"] = forms.CharField(
                max_length=100, label=_("%(p)s: given name") % {"p": name}
            )
            self.fields[f"party_{label}_family_name"] = forms.CharField(
                max_length=100, label=_("%(p)s: family name") % {"p": name}
            )
            self.fields[f"party_{label}_email"] = forms.EmailField(
                required=False, label=_("%(p)s: email") % {"p": name}
            )
            self.fields[f"party_{label}_phone"] = forms.CharField(
                required=False, max_length=40, label=_("%(p)s: phone") % {"p": name}
            )

    def values(self) -> dict:
        data = self.cleaned_data
        parties = [
            {f: data[f"party_{label}_{f}"] for f in PARTY_FIELDS}
            for label in ("a", "b")
        ]
        return {
            "case_type": data["case_type"],
            "organisation": data["organisation"],
            "initiative": data["initiative"],
            "referrer": data["referrer"],
            "referrer_name": data["referrer_name"],
            "referred_on": data["referred_on"],
            "parties": parties,
        }


class AssignForm(VersionForm):
    mediator_1 = PersonSearchField(label=_("Mediator 1"))
    mediator_2 = PersonSearchField(label=_("Mediator 2"))
    supervisor = PersonSearchField(label=_("Supervising professional"))

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("mediator_1", "mediator_2", "supervisor"):
            self.fields[name].queryset = selectors.person_choices(tenant=tenant)
        search_urls_set(self, tenant)


def _now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class StepForm(VersionForm):
    code = forms.ChoiceField(label=_("Step"))
    occurred_at = forms.DateTimeField(
        label=_("When it happened"),
        help_text=_("The date and time of the meeting or talk, not of typing it in."),
        initial=_now_to_the_minute,
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    party = forms.ChoiceField(label=_("Party (for steps per party)"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    note = forms.CharField(
        label=_("What was done (confidential)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    skip = forms.BooleanField(label=_("Skip this step"), required=False)
    reason = forms.CharField(
        label=_("Reason for skipping"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        process = process_parse(case.process)
        self.fields["code"].choices = [
            (s.code, s.name) for s in process.steps if not s.closes
        ]
        self.fields["party"].choices = [("", "—")] + [
            (p.label, p.pseudonym) for p in case.parties.all()
        ]
        outcomes = sorted({o for s in process.steps for o in s.outcomes})
        self.fields["outcome"].choices = [("", "—")] + [
            (o, outcome_label(o)) for o in outcomes
        ]


class CloseForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for closing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class DocumentForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File (PDF, text, image, ODT or DOCX; at most 10 MB)")
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the erasure"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )
