"""Input shapes of the co-producers' pages. Most act for the person logged in; the
coordinator's roster picks people with the type-ahead search (``PersonSearchField``),
never a ``<select>`` of the register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TranslationsMixin, search_urls_set
from coproduce.initiatives.models import Contribution, Initiative
from coproduce.initiatives.vocab import ActorRole, Level
from coproduce.people.forms import PersonSearchField
from coproduce.people.models import Organisation

from .models import Claim, Notification, Opportunity, Skill
from .vocab import DAY_PARTS, LANGUAGES, WEEKDAYS

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEEKDAY_NUMBERS = [(i, label) for i, (_code, label) in enumerate(WEEKDAYS)]


class OpportunityForm(TranslationsMixin, forms.Form):
    translated_fields = Opportunity.translatable

    initiative = forms.ModelChoiceField(label=_("Initiative"), queryset=None)
    title = forms.CharField(label=_("What"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    place = forms.CharField(label=_("Where"), max_length=200)
    accessibility = forms.CharField(
        label=_("Accessibility"),
        help_text=_("Step-free access, hearing loop, quiet room, what to bring …"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    first_starts_at = forms.DateTimeField(
        label=_("First shift starts"), widget=DATETIME
    )
    minutes = forms.IntegerField(
        label=_("Length of a shift (minutes)"),
        min_value=15,
        max_value=1440,
        initial=120,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Repeat weekly on"),
        choices=WEEKDAY_NUMBERS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty and give no end date for a one-off shift."),
    )
    until = forms.DateField(label=_("Last date"), required=False, widget=DATE)
    capacity = forms.IntegerField(
        label=_("People per shift"), min_value=1, max_value=500, initial=4
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills wanted"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages wanted"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_to_volunteers = forms.BooleanField(
        label=_("Volunteers may sign up"), required=False, initial=True
    )
    open_to_residents = forms.BooleanField(
        label=_("Residents and service users may sign up"), required=False
    )
    open_to_partners = forms.BooleanField(
        label=_("Partner organisations' staff may sign up"), required=False
    )
    partner_organisation = forms.ModelChoiceField(
        label=_("Only the staff of"), queryset=None, required=False
    )
    team_visible = forms.BooleanField(
        label=_("Those signed up see who else comes (never service users)"),
        required=False,
    )
    level = forms.TypedChoiceField(
        label=_("Participation level (IAP2)"),
        choices=Level.choices,
        coerce=int,
        initial=Level.COLLABORATE,
    )
    publish = forms.BooleanField(label=_("Open for sign-up now"), required=False)

    def __init__(self, *args, tenant, opportunity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.opportunity = opportunity
        self.fields["initiative"].queryset = Initiative.objects.filter(
            tenant=tenant
        ).exclude(status__in=[Initiative.Status.CLOSED, Initiative.Status.EVALUATED])
        self.fields["skills"].queryset = Skill.objects.filter(tenant=tenant)
        self.translations_init(tenant, opportunity)
        # A small list: the organisations that are partners of some initiative.
        self.fields["partner_organisation"].queryset = Organisation.objects.filter(
            tenant=tenant, partnerships__isnull=False
        ).distinct()


class OpportunityEditForm(OpportunityForm):
    """What an opportunity says, once it has its shifts (they are moved one by one)."""

    status = forms.ChoiceField(label=_("Status"), choices=Opportunity.Status.choices)

    SHIFT_FIELDS = ("initiative", "first_starts_at", "minutes", "weekdays", "until")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (*self.SHIFT_FIELDS, "publish"):
            del self.fields[name]
        self.fields["capacity"].help_text = _(
            "Upcoming shifts that had the old number of places get the new one."
        )


class ShiftForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)


class ShiftCreateForm(ShiftForm):
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Leave empty for the opportunity's number."),
    )


class ShiftCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to those signed up)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClaimForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Activity you took part in"), queryset=None
    )
    kind = forms.ChoiceField(
        label=_("What you report"),
        choices=Claim.Kind.choices,
        widget=forms.RadioSelect,
        initial=Claim.Kind.HOURS,
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=0.25,
        max_value=24,
        decimal_places=2,
        required=False,
        help_text=_("For example 1.5 for an hour and a half."),
    )
    contribution_kind = forms.ChoiceField(
        label=_("Kind of contribution"),
        choices=[("", "—"), *Contribution.Kind.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        help_text=_("What you did or brought."),
    )
    estimated_value = forms.DecimalField(
        label=_("Estimated value (EUR)"), min_value=0, decimal_places=2, required=False
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: (
            f"{a.title} – {a.starts_at:%d.%m.%Y} ({a.initiative.name})"
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Claim.Kind.HOURS and data.get("hours") is None:
            self.add_error("hours", _("Give the hours."))
        if data.get("kind") == Claim.Kind.IN_KIND:
            if not data.get("contribution_kind"):
                self.add_error("contribution_kind", _("Say what kind of contribution."))
            if not data.get("description"):
                self.add_error("description", _("Describe the contribution."))
        return data


class ClaimCorrectForm(forms.Form):
    """A returned report, corrected: hours, or what the contribution was."""

    hours = ClaimForm.base_fields["hours"]
    contribution_kind = ClaimForm.base_fields["contribution_kind"]
    description = ClaimForm.base_fields["description"]
    estimated_value = ClaimForm.base_fields["estimated_value"]

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Claim.Kind.HOURS:
            del self.fields["contribution_kind"]
            del self.fields["estimated_value"]
            self.fields["hours"].required = True

    def clean(self):
        data = super().clean()
        if self.kind == Claim.Kind.IN_KIND:
            if not data.get("contribution_kind"):
                self.add_error("contribution_kind", _("Say what kind of contribution."))
            if not data.get("description"):
                self.add_error("description", _("Describe the contribution."))
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("verify", _("Verify")), ("return", _("Return"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=8,
        help_text=_("The code shown at the venue, six letters and digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class ProfileForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I agree that coproduce keeps my skills, languages and availability to "
            "offer me suitable opportunities. I can withdraw this at any time."
        ),
        required=False,
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I can use"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area = forms.CharField(
        label=_("Postcode area"),
        max_length=10,
        required=False,
        help_text=_(
            "Where you live or work, e.g. 00100: to offer you opportunities nearby."
        ),
    )
    callout_ok = forms.BooleanField(
        label=_("You may call me out at short notice"),
        help_text=_("In a crisis the centre may ask you by email or text message."),
        required=False,
    )
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me by email as well"),
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email_language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=[("", _("The service's default"))],
        required=False,
    )

    def __init__(self, *args, tenant, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.filter(tenant=tenant)
        self.fields["email_language"].choices += list(settings.LANGUAGES)
        for day, label in WEEKDAYS:
            self.fields[f"available_{day}"] = forms.MultipleChoiceField(
                label=label,
                choices=DAY_PARTS,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def availability(self) -> dict[str, list[str]]:
        return {
            day: self.cleaned_data[f"available_{day}"]
            for day, _label in WEEKDAYS
            if self.cleaned_data.get(f"available_{day}")
        }

    def availability_fields(self):
        return [self[f"available_{day}"] for day, _label in WEEKDAYS]


class AvailabilityExceptionForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    available = forms.TypedChoiceField(
        label=_("On these days I am"),
        choices=[("0", _("not available")), ("1", _("available"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("starts_on")
            and data.get("ends_on")
            and data["ends_on"] < data["starts_on"]
        ):
            self.add_error("ends_on", _("The last day cannot be before the first."))
        return data


class SkillForm(forms.Form):
    name = forms.CharField(label=_("Skill"), max_length=120)
    esco_uri = forms.URLField(
        label=_("ESCO concept (optional)"),
        required=False,
        assume_scheme="https",
    )


PICKS = 6  # type-ahead boxes on the roster; more people: paste them or send a sheet


class AttendanceAddForm(forms.Form):
    """People who came, at once: picked one by one, pasted as a list, or a sign-in
    sheet. Role and hours apply to the picked and pasted (the sheet has its own)."""

    names = forms.CharField(
        label=_("Or paste a list"),
        help_text=_(
            "One person a line: the full name or the email, as in the register."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    sheet = forms.FileField(
        label=_("Or a sign-in sheet (CSV)"),
        help_text=_(
            "The first line names the columns: name or email, and optionally role "
            "and hours. Nothing is saved unless every line is right."
        ),
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Their usual role")), *ActorRole.choices],
        required=False,
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=0.25,
        max_value=24,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty for the length of the shift."),
    )

    def __init__(self, *args, tenant, people, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, PICKS + 1):
            self.fields[f"person_{i}"] = PersonSearchField(
                people,
                label=_("Person %(n)s") % {"n": i},
                required=False,
            )
        # the picks first, in the page's order
        order = [f"person_{i}" for i in range(1, PICKS + 1)]
        self.order_fields([*order, "names", "sheet", "role", "hours"])
        search_urls_set(self, tenant)

    def picks(self) -> list:
        return [
            self.cleaned_data[f"person_{i}"]
            for i in range(1, PICKS + 1)
            if self.cleaned_data.get(f"person_{i}")
        ]

    def pick_fields(self):
        return [self[f"person_{i}"] for i in range(1, PICKS + 1)]

    def clean(self):
        data = super().clean()
        if not self.errors and not (
            self.picks() or (data.get("names") or "").strip() or data.get("sheet")
        ):
            raise forms.ValidationError(
                _("Choose people, paste a list or send a sign-in sheet.")
            )
        return data


class SignUpForForm(forms.Form):
    person = PersonSearchField(label=_("Sign up on behalf of"))

    def __init__(self, *args, tenant, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        search_urls_set(self, tenant)


class SettingsForm(forms.Form):
    teams_visible = forms.BooleanField(
        label=_("Opportunities may show those signed up who else comes"),
        help_text=_(
            "Off: volunteers and partners' staff never see the others on a shift, "
            "whatever an opportunity says. Service users never see them."
        ),
        required=False,
    )
