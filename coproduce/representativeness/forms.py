"""Input shapes for representativeness pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TenantForm
from coproduce.initiatives.vocab import Stage

from .models import PopulationTable

MAX_BYTES = 2_000_000


class PopulationImportForm(TenantForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    area = forms.CharField(label=_("Area"), max_length=200)
    reference_date = forms.DateField(
        label=_("Reference date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date the figures describe, e.g. 1 January."),
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    covers_tenant = forms.BooleanField(
        label=_("These figures cover the whole area of the tenant"), required=False
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns dimension, group, count; dimension is age_band, gender, "
            "first_language or district."
        ),
    )

    def clean_name(self):
        name = self.cleaned_data["name"]
        if PopulationTable.objects.filter(tenant=self.tenant, name=name).exists():
            raise forms.ValidationError(_("A table with this name exists already."))
        return name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text; save it as CSV UTF-8.")
            ) from None


class SettingForm(forms.Form):
    min_group_size = forms.IntegerField(
        label=_("Smallest group shown"),
        min_value=2,
        max_value=1000,
        help_text=_(
            "Groups with fewer participants are never shown, on pages, in charts or "
            "in CSV files."
        ),
    )

    def __init__(self, *args, tenant=None, **kwargs):
        super().__init__(*args, **kwargs)


class AreaForm(forms.Form):
    table = forms.ModelChoiceField(
        label=_("Population the initiative serves"),
        queryset=PopulationTable.objects.none(),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = PopulationTable.objects.filter(tenant=tenant)


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[("", _("All stages"))] + list(Stage.choices),
        required=False,
    )
