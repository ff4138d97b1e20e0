"""Form helpers: every form of a tenant page takes ``tenant`` and sees only that tenant's rows."""

from django import forms
from django.forms.models import ModelFormMetaclass
from django_scopes import scopes_disabled


class _ScopesDisabledMetaclass(ModelFormMetaclass):
    """ModelForm builds querysets for related fields when the class is defined, outside any
    tenant scope; ``TenantModelForm.__init__`` replaces each with the tenant's own."""

    def __new__(mcs, name, bases, attrs):
        with scopes_disabled():
            return super().__new__(mcs, name, bases, attrs)


class TenantModelForm(forms.ModelForm, metaclass=_ScopesDisabledMetaclass):
    """A ModelForm for input shape only: related choices are limited to the tenant, and the
    model's own validation is left to the service (which runs it whole)."""

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "tenant"):
                field.queryset = queryset.model.objects.filter(tenant=tenant)

    def _post_clean(self):
        # Model validation (full_clean, constraints, cross-tenant checks) runs in the service.
        pass

    def values(self) -> dict:
        """The cleaned values of the model fields the form lists (every form names its
        ``Meta.fields``; with ``"__all__"`` Django keeps None there: every field then)."""
        names = self._meta.fields if self._meta.fields is not None else self.fields
        return {
            name: self.cleaned_data[name] for name in names if name in self.cleaned_data
        }


class TenantForm(forms.Form):
    """A plain form of a tenant page: it takes the ``tenant`` that ``ServiceFormView``
    passes to every form, and keeps it for the forms that need it."""

    def __init__(self, *args, tenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
