"""Input shape of the outcome and value pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TenantModelForm

from .models import (
    Cost,
    Indicator,
    Measurement,
    Outcome,
    OutcomeValuation,
    SroiModel,
    ValueRate,
)

DATE = {"type": "date"}


class HttpsURLField(forms.URLField):
    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class VersionedForm(TenantModelForm):
    """An edit form that carries the version of the row it was read from (optimistic
    locking; the service refuses a save made from an older version). New rows have none."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]


class OutcomeForm(VersionedForm):
    class Meta:
        model = Outcome
        fields = ["kind", "name", "description"]


class IndicatorForm(VersionedForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "direction", "panel", "scale"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = self.fields["panel"].queryset.filter(
            initiative=initiative
        )
        self.fields["scale"].queryset = (
            self.fields["scale"]
            .queryset.filter(instrument__panels__initiative=initiative)
            .distinct()
        )


class MeasurementForm(VersionedForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "note"]
        widgets = {"date": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.source == Measurement.Source.SCALE:
            # the mean of a scale in a wave: only the note is the editor's
            for name in ("date", "value"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Taken from the evaluation scale; take the measurements from the "
                    "scale again to update it."
                )


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns indicator (its number), date (YYYY-MM-DD), value, optional note. "
            "A file with any error is refused whole."
        ),
    )

    def __init__(self, *args, tenant=None, **kwargs):
        super().__init__(*args, **kwargs)


class ValueRateForm(TenantModelForm):
    class Meta:
        model = ValueRate
        fields = [
            "role",
            "hourly_rate",
            "method",
            "isco_code",
            "value_tag",
            "source_note",
            "source_url",
        ]
        field_classes = {"source_url": HttpsURLField}

    def validate_unique(self):  # the service changes an existing rate of the role
        pass


class CostForm(TenantModelForm):
    class Meta:
        model = Cost
        fields = [
            "kind",
            "description",
            "date",
            "hours",
            "hourly_rate",
            "amount",
            "value_tag",
        ]
        widgets = {"date": forms.DateInput(attrs=DATE)}
        help_texts = {
            "amount": _("For professional time, left empty: hours × rate."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False


class SroiModelForm(TenantModelForm):
    class Meta:
        model = SroiModel
        fields = [
            "discount_rate",
            "sensitivity_step",
            "include_volunteer_time",
            "include_in_kind",
            "in_kind_tag",
            "note",
        ]


class ValuationForm(TenantModelForm):
    class Meta:
        model = OutcomeValuation
        fields = [
            "outcome",
            "description",
            "quantity",
            "proxy_value",
            "proxy_source",
            "duration_years",
            "deadweight",
            "attribution",
            "displacement",
            "drop_off",
            "value_tag",
        ]
        help_texts = {
            name: _("A share: 0.2 for 20 %.")
            for name in ("deadweight", "attribution", "displacement", "drop_off")
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = self.fields["outcome"].queryset.filter(
            initiative=initiative
        )
