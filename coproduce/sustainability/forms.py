"""Input shape of an assessment: a date, a summary and, per dimension, a score, why, and
what weakens it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Dimension, Score


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Assessed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)

    def __init__(self, *args, tenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        for d in Dimension.values:
            label = Dimension(d).label
            self.fields[f"{d}_score"] = forms.TypedChoiceField(
                label=_("%(dimension)s: score") % {"dimension": label},
                choices=[("", "—")] + list(Score.choices),
                coerce=int,
            )
            self.fields[f"{d}_rationale"] = forms.CharField(
                label=_("%(dimension)s: why this score") % {"dimension": label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.fields[f"{d}_weakness"] = forms.CharField(
                label=_("%(dimension)s: what weakens it") % {"dimension": label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def scores(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            d: {
                "score": data[f"{d}_score"],
                "rationale": data[f"{d}_rationale"],
                "weakness": data[f"{d}_weakness"],
            }
            for d in Dimension.values
        }

    def dimension_fields(self):
        return [
            (
                Dimension(d).label,
                d,
                [self[f"{d}_score"], self[f"{d}_rationale"], self[f"{d}_weakness"]],
            )
            for d in Dimension.values
        ]
