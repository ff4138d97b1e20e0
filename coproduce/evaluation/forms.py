"""Input shapes of the evaluation pages. The rules (ranges, instruments in use, waves that
may open) live in the services; these forms only parse what a person typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TenantForm, TenantModelForm, TranslationsMixin
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


class InstrumentFromLibraryForm(TranslationsMixin, TenantForm):
    translated_fields = ("name", "description", "instructions")

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to respondents above the questions."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.tenant is not None:
            self.translations_init(self.tenant)

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


class ScaleForm(TranslationsMixin, TenantModelForm):
    translated_fields = Scale.translatable

    class Meta:
        model = Scale
        fields = ["name", "minimum", "maximum", "minimum_label", "maximum_label"]

    def __init__(self, *args, instrument: Instrument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        language = instrument.content_language if instrument else ""
        self.translations_init(self.tenant, language=language)


class ItemForm(TranslationsMixin, TenantModelForm):
    translated_fields = Item.translatable

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
        self.translations_init(self.tenant, language=instrument.content_language)


class PanelForm(TranslationsMixin, TenantModelForm):
    translated_fields = Panel.translatable

    class Meta:
        model = Panel
        fields = ["initiative", "instrument", "name", "description", "language"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives.order_by("name")
        self.translations_init(self.tenant, self.instance if self.instance.pk else None)


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


class InstrumentTranslationsForm(TenantForm):
    """Every text of an instrument in each of the tenant's other languages: its own name,
    description and instructions, and (until a wave opens) its scales' names and end
    labels and its questions. Field names: ``<kind>-<pk>-<field>-<language>``."""

    def __init__(
        self, *args, instrument: Instrument, scales, items, in_use: bool, **kw
    ):
        from coproduce.core import i18n

        super().__init__(*args, **kw)
        self.instrument = instrument
        original = instrument.content_language
        texts: list[tuple[str, object, str, str]] = [
            ("instrument", instrument, "name", str(_("Name"))),
            ("instrument", instrument, "description", str(_("Description"))),
            ("instrument", instrument, "instructions", str(_("Instructions"))),
        ]
        for scale in scales:
            texts += [
                ("scale", scale, "name", _("Scale: %(name)s") % {"name": scale.name}),
                (
                    "scale",
                    scale,
                    "minimum_label",
                    _("%(name)s: label of %(n)s")
                    % {"name": scale.name, "n": scale.minimum},
                ),
                (
                    "scale",
                    scale,
                    "maximum_label",
                    _("%(name)s: label of %(n)s")
                    % {"name": scale.name, "n": scale.maximum},
                ),
            ]
        texts += [
            ("item", item, "text", _("Question %(code)s") % {"code": item.code})
            for item in items
        ]
        self.groups = []
        self.targets: dict[str, tuple[str, object, str, str]] = {}
        for code in i18n.tenant_languages(instrument.tenant):
            if code == original:
                continue
            names = []
            for kind, obj, field, label in texts:
                source = getattr(obj, field)
                if not source:
                    continue  # nothing to translate
                key = f"{kind}-{obj.pk}-{field}-{code}"
                locked = in_use and kind != "instrument"
                long = field in ("description", "instructions") or kind == "item"
                widget = (
                    forms.Textarea(attrs={"rows": 2, "lang": code})
                    if long
                    else forms.TextInput(attrs={"lang": code})
                )
                if code in i18n.RTL:
                    widget.attrs["dir"] = "rtl"
                self.fields[key] = forms.CharField(
                    label=f"{label} ({i18n.language_name(code)})",
                    required=False,
                    disabled=locked,
                    max_length=obj._meta.get_field(field).max_length,
                    widget=widget,
                    initial=((obj.i18n or {}).get(code) or {}).get(field, ""),
                    help_text=source,
                )
                self.targets[key] = (kind, obj, field, code)
                names.append(key)
            self.groups.append(
                {
                    "code": code,
                    "name": i18n.language_name(code),
                    "autonym": i18n.autonym(code),
                    "names": names,
                }
            )
        self.original_language = original

    def fieldsets(self) -> list[dict]:
        return [
            {**group, "fields": [self[key] for key in group["names"]]}
            for group in self.groups
        ]

    def versions(self) -> dict[tuple[str, int], dict[str, dict[str, str]]]:
        """``{(kind, pk): {field: {language: text}}}`` of the fields one may change."""
        found: dict[tuple[str, int], dict[str, dict[str, str]]] = {}
        for key, (kind, obj, field, code) in self.targets.items():
            if self.fields[key].disabled:
                continue
            entry = found.setdefault((kind, obj.pk), {})  # type: ignore[attr-defined]
            entry.setdefault(field, {})[code] = self.cleaned_data.get(key, "")
        return found
