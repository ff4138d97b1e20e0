"""Input shape of the qualitative pages: a project, a code, a coding (start and end typed
or filled by the page's script from a selection), a memo, an upload, a reliability
sample, and a REFI-QDA file to import."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from coproduce.tenancy.models import TenantMembership

from .models import Code, colour_validator


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for a project of the whole organisation."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, initiatives=None, tenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    parent = forms.ModelChoiceField(
        label=_("Parent code"), queryset=None, required=False
    )
    definition = forms.CharField(
        label=_("Definition"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    inclusion = forms.CharField(
        label=_("When to apply it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    exclusion = forms.CharField(
        label=_("When not to apply it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    example = forms.CharField(
        label=_("Example"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    colour = forms.CharField(
        label=_("Colour"),
        required=False,
        validators=[colour_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    def __init__(self, *args, project, code=None, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Code.objects.filter(tenant_id=project.tenant_id, project=project)
        if code is not None:
            codes = codes.exclude(pk=code.pk)
        self.fields["parent"].queryset = codes


class CodingForm(forms.Form):
    code = forms.ModelChoiceField(label=_("Code"), queryset=None)
    start = forms.IntegerField(
        label=_("Start (character)"),
        min_value=0,
        help_text=_("The first character of the passage, counting from 0."),
    )
    end = forms.IntegerField(
        label=_("End (character)"),
        min_value=1,
        help_text=_("The character after the passage's last."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = Code.objects.filter(
            tenant_id=project.tenant_id, project=project
        ).order_by("name")


class MemoForm(forms.Form):
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 3}))
    start = forms.IntegerField(label=_("Start (character)"), min_value=0)
    end = forms.IntegerField(label=_("End (character)"), min_value=1)


class CodeMemoForm(forms.Form):
    text = forms.CharField(
        label=_("Memo on this code"), widget=forms.Textarea(attrs={"rows": 3})
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Plain text (UTF-8), PDF or Word (.docx); at most 20 MB."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)


STAFF_ROLES = ["tenant_admin", "coordinator", "professional"]


class SampleForm(forms.Form):
    coders = forms.ModelMultipleChoiceField(
        label=_("Coders"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two or more: each codes every document of the sample."),
    )
    size = forms.IntegerField(label=_("Documents to draw"), min_value=1)
    blind = forms.BooleanField(
        label=_("Blind: each coder sees only their own codings"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        members = TenantMembership.objects.filter(
            tenant=tenant, role__in=STAFF_ROLES
        ).values("user")
        self.fields["coders"].queryset = (
            get_user_model().objects.filter(pk__in=members).order_by("username")
        )
        self.fields["coders"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("REFI-QDA file"),
        help_text=_(
            "A project (.qdpx) or a codebook (.qdc) from NVivo, ATLAS.ti, MAXQDA or QualCoder."
        ),
    )


class CodeDeleteForm(forms.Form):
    """Delete a code, or merge it into another: its codings, memos and sub-codes move
    there."""

    merge_into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=None,
        required=False,
        empty_label=_("(none: delete the code)"),
        help_text=_(
            "A code that has been applied can only be merged: its codings, memos and "
            "sub-codes move to the code chosen here."
        ),
    )

    def __init__(self, *args, code, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = (
            Code.objects.filter(tenant_id=code.tenant_id, project_id=code.project_id)
            .exclude(pk__in=[code.pk, *exclude])
            .order_by("name", "id")
        )
