"""Input shapes of the evaluation pages. The rules (ranges, instruments in use, waves that
may open) live in the services; these forms only parse what a person typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TenantForm, TenantModelForm
from coproduce.initiatives.vocab import ActorRole

from .library import LIBRARY
from .models import Instrument, Item, Panel, Scale

MAX_EMAIL_FILE = 2 * 1024 * 1024


def _library_choices():
    return [
        (
            s.key,
            _("%(name)s (%(lo)s–%(hi)s, %(n)s items)")
            % {"name": s.name, "lo": s.minimum, "hi": s.maximum, "n": len(s.items)},
        )
        for s in LIBRARY
    ]


class InstrumentFromLibraryForm(TenantForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scales = forms.MultipleChoiceField(
        label=_("Scales from the library"),
        choices=_library_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each scale is copied with its items, answer range, reverse-coded items and "
            "source note."
        ),
    )
    free_text = forms.CharField(
        label=_("Free-text questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional: one question per line, answered in the respondent's words."
        ),
    )

    def clean_free_text(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["free_text"].splitlines()
            if line.strip()
        ]

    def clean(self):
        data = super().clean()
        if not data.get("scales") and not data.get("free_text"):
            raise ValidationError(
                _("Choose at least one scale or write at least one question.")
            )
        return data


class LibraryScaleAddForm(TenantForm):
    key = forms.ChoiceField(label=_("Scale from the library"), choices=_library_choices)


class InstrumentCopyForm(TenantForm):
    name = forms.CharField(label=_("Name of the copy"), max_length=200)


class ScaleForm(TenantModelForm):
    class Meta:
        model = Scale
        fields = ["name", "minimum", "maximum", "minimum_label", "maximum_label"]


class ItemForm(TenantModelForm):
    class Meta:
        model = Item
        fields = ["code", "text", "kind", "scale", "reverse"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "code": _(
                "A short name for the question in analyses and exports, e.g. q5."
            ),
        }

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].queryset = instrument.scales.all()
        self.fields["scale"].help_text = _("For a rating; leave empty for free text.")


class PanelForm(TenantModelForm):
    class Meta:
        model = Panel
        fields = ["initiative", "instrument", "name", "description", "language"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives.order_by("name")


class WaveForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Closes (optional)"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text=_("Shown to respondents; you close the wave yourself."),
    )


class MemberEmailForm(TenantForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "While a wave is open and this member has not answered it, their personal "
            "link is sent again, to this address."
        ),
    )


class MembersFromParticipantsForm(TenantForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=ActorRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to invite everyone who took part."),
    )


class MembersFromEmailsForm(TenantForm):
    emails = forms.CharField(
        label=_("Email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One address per line."),
    )
    file = forms.FileField(
        label=_("Or a text file"),
        required=False,
        help_text=_("A plain text or CSV file with one address per line (UTF-8)."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_EMAIL_FILE:
            raise ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None

    def clean(self):
        data = super().clean()
        text = "\n".join(t for t in (data.get("emails"), data.get("file")) if t)
        if not text.strip():
            if not self.errors:
                raise ValidationError(_("Paste or upload at least one address."))
            return data
        emails, bad = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            email = line.strip().strip(",;").strip()
            if not email:
                continue
            try:
                validate_email(email)
            except ValidationError:
                bad.append(
                    _("line %(line)s: '%(email)s' is not an email address")
                    % {"line": number, "email": email[:80]}
                )
            else:
                emails.append(email)
        if bad:
            raise ValidationError(bad)
        data["addresses"] = emails
        return data


class LettersForm(forms.Form):
    """Which letters to print for a wave, and who to call for help."""

    WITHOUT_EMAIL, EVERYONE = "without_email", "everyone"

    who = forms.ChoiceField(
        label=_("Letters for"),
        choices=[
            (WITHOUT_EMAIL, _("Members without an email address")),
            (EVERYONE, _("Every member, with or without an email address")),
        ],
        initial=WITHOUT_EMAIL,
        required=False,  # a single member's letter names the member instead
        widget=forms.RadioSelect,
        help_text=_(
            "Only members who have not answered this wave and are still in the panel."
        ),
    )
    help_contact = forms.CharField(
        label=_("Who to call for help"),
        max_length=200,
        help_text=_(
            "Printed on every letter, for example a name and a telephone number; kept "
            "for the panel's next letters."
        ),
    )
    # a single member's letter (printed again from the member's page)
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
