"""Input shape for the collaboration pages. Organisations are chosen by type-ahead where
the member may search the registry (``people.view``); partner staff, who may not, choose
from the organisations of the initiative or of their partnerships (a short list)."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TenantForm, TenantModelForm, search_urls_set
from coproduce.initiatives.models import Activity, Initiative, InitiativePartner
from coproduce.people.forms import OrganisationSearchField
from coproduce.people.models import Organisation
from coproduce.tenancy.actor import Actor

from .access import own_organisations
from .models import (
    AdoptionState,
    Capability,
    Commitment,
    CommitmentState,
    LearningKind,
    Partnership,
    PartnershipSide,
    Relation,
    StageRelation,
    Visibility,
)

DATE = {"type": "date"}


def organisations_near(
    actor: Actor, initiative: Initiative | None
) -> QuerySet[Organisation]:
    """The organisations a partner may name: those of the initiative (lead, partners),
    their own, and the other sides of their partnerships."""
    from .models import PartnershipSide as Side

    own = own_organisations(actor).values("pk")
    q = Q(pk__in=own) | Q(
        pk__in=Side.objects.filter(
            tenant=actor.tenant,
            partnership__in=Side.objects.filter(
                tenant=actor.tenant, organisation__in=own
            ).values("partnership"),
        ).values("organisation")
    )
    if initiative is not None:
        q |= Q(pk=initiative.lead_organisation_id) | Q(
            pk__in=InitiativePartner.objects.filter(
                tenant=actor.tenant, initiative=initiative
            ).values("organisation")
        )
    return Organisation.objects.filter(tenant=actor.tenant).filter(q).order_by("name")


def _organisation_field(
    actor: Actor, initiative, *, label, required=False, help_text=""
):
    if actor.can("people.view"):
        field = OrganisationSearchField(
            Organisation.objects.filter(tenant=actor.tenant),
            label=label,
            required=required,
        )
        if help_text:
            field.help_text = help_text
        return field
    return forms.ModelChoiceField(
        organisations_near(actor, initiative),
        label=label,
        required=required,
        help_text=help_text,
    )


class LearningEntryForm(TenantForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=LearningKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Co-exploration: searching for new ideas together. Co-exploitation: "
            "helping each other do the present work better."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    learnt = forms.CharField(label=_("What was tried or learnt"), widget=forms.Textarea)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What shows it: figures, feedback, a report."),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, assume_scheme="https"
    )
    learnt_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.PARTNERS,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args, actor: Actor, initiative: Initiative | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.actor, self.initiative = actor, initiative
        self.fields["source_organisation"] = _organisation_field(
            actor, initiative, label=_("Learnt from (source organisation)")
        )
        self.fields["receiving_organisation"] = _organisation_field(
            actor, initiative, label=_("Learnt by (receiving organisation)")
        )
        own = own_organisations(actor)
        if actor.can_any({"initiatives.change", "activities.record"}):
            self.fields["owner_organisation"] = _organisation_field(
                actor,
                initiative,
                label=_("Written for (organisation)"),
                help_text=_("Whose staff read it when it is for the own organisation."),
            )
        else:
            self.fields["owner_organisation"] = forms.ModelChoiceField(
                own,
                label=_("Written for (organisation)"),
                required=True,
                initial=own.first(),
            )
        if initiative is not None:
            self.fields["activities"] = forms.ModelMultipleChoiceField(
                Activity.objects.filter(
                    tenant=actor.tenant, initiative=initiative
                ).order_by("starts_at"),
                label=_("Activities"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        search_urls_set(self, self.tenant)


class AdoptionForm(TenantForm):
    state = forms.ChoiceField(
        label=_("State"), choices=AdoptionState.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who adopted it and how, e.g. the discharge team of the ward."),
    )

    def __init__(self, *args, actor: Actor, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(
            actor,
            entry.initiative,
            label=_("Organisation"),
            help_text=_("Leave empty for the receiving organisation."),
        )
        search_urls_set(self, self.tenant)


class PartnershipForm(TenantModelForm):
    agreement_url = forms.URLField(
        label=_("agreement (link)"), required=False, assume_scheme="https"
    )
    organisations = forms.CharField(
        label=_("Organisations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One organisation a line: its name as in the register, or its number."
        ),
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "purpose",
            "agreement_url",
            "agreement_reference",
            "start_date",
            "end_date",
            "review_date",
            "status",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE),
            "end_date": forms.DateInput(attrs=DATE),
            "review_date": forms.DateInput(attrs=DATE),
        }

    def clean_organisations(self):
        lines = [
            line.strip()
            for line in self.cleaned_data["organisations"].splitlines()
            if line.strip()
        ]
        found, problems = [], []
        qs = Organisation.objects.filter(tenant=self.tenant)
        for n, line in enumerate(lines, start=1):
            text = line.rsplit("#", 1)[-1] if "#" in line else line
            row = (
                qs.filter(pk=int(text)).first()
                if text.isdigit()
                else qs.filter(name__iexact=text).first()
            )
            if row is None:
                problems.append(
                    _("Line %(n)s: no organisation “%(text)s”.")
                    % {"n": n, "text": line}
                )
            else:
                found.append(row)
        if problems:
            raise forms.ValidationError(problems)
        return found


class PartnershipEditForm(TenantModelForm):
    agreement_url = forms.URLField(
        label=_("agreement (link)"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Partnership
        fields = PartnershipForm.Meta.fields
        widgets = PartnershipForm.Meta.widgets


class SideAddForm(TenantForm):
    """A new side of a partnership: the organisation typed (type-ahead) where the
    member may search the registry, else chosen from the organisations near the
    partnership (its initiative's, the member's own and their partners': a short
    list); never a list of the whole registry."""

    brings = forms.CharField(
        label=_("What it brings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expects = forms.CharField(
        label=_("What it expects"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, actor: Actor, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        field = _organisation_field(
            actor,
            partnership.initiative,
            label=_("Organisation"),
            required=True,
        )
        field.queryset = field.queryset.exclude(
            pk__in=PartnershipSide.objects.filter(
                tenant=actor.tenant, partnership=partnership
            ).values("organisation")
        )
        self.fields = {"organisation": field, **self.fields}
        search_urls_set(self, self.tenant)


class SideForm(TenantModelForm):
    class Meta:
        model = PartnershipSide
        fields = ["brings", "expects", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import side_contacts

        # the contact is one of the side's own people: a short list, not the registry
        self.fields["contact"].queryset = side_contacts(self.instance).order_by(
            "family_name", "given_name"
        )


class CommitmentForm(TenantModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "due_date", "note"]
        widgets = {"due_date": forms.DateInput(attrs=DATE)}


class CommitmentUpdateForm(TenantModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Commitment
        fields = ["state", "due_date", "note"]
        widgets = {"due_date": forms.DateInput(attrs=DATE), "state": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = CommitmentState.choices
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class CapabilityForm(TenantModelForm):
    class Meta:
        model = Capability
        fields = ["description", "hours", "in_kind_value", "money", "activities_led"]


class StageRelationForm(TenantModelForm):
    class Meta:
        model = StageRelation
        fields = ["stage", "relation", "organisation", "group", "note"]
        field_classes = {"organisation": OrganisationSearchField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relation"].choices = Relation.choices


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
