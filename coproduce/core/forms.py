"""Form helpers: every form of a tenant page takes ``tenant`` and sees only that tenant's rows."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelFormMetaclass
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
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
        search_urls_set(self, tenant)

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


def search_urls_set(form: forms.BaseForm, tenant) -> None:
    """Point every ``RecordSearchField`` of ``form`` at its search page in ``tenant``."""
    from django.urls import reverse

    for field in form.fields.values():
        name = getattr(field, "search_url_name", "")
        if isinstance(field, RecordSearchField) and name and tenant is not None:
            field.set_search_url(reverse(name, kwargs={"tenant": tenant.slug}))


class TenantForm(forms.Form):
    """A plain form of a tenant page: it takes the ``tenant`` that ``ServiceFormView``
    passes to every form, and keeps it for the forms that need it."""

    def __init__(self, *args, tenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant


class SearchInput(forms.TextInput):
    """A text input with type-ahead suggestions: htmx asks ``search_url`` for ``<option>``s
    into the input's own ``<datalist>`` as one types. Without JavaScript it is a text box
    whose words are resolved on submit (``RecordSearchField``)."""

    def __init__(self, *, search_url: str = "", attrs=None):
        super().__init__(
            attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if self.search_url and widget_attrs.get("id"):
            listbox = f"{widget_attrs['id']}-options"
            widget_attrs.update(
                {
                    "list": listbox,
                    "hx-get": f"{self.search_url}?name={name}",
                    "hx-trigger": "input changed delay:250ms",
                    "hx-target": f"#{listbox}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        listbox = (attrs or {}).get("id") or self.attrs.get("id")
        if not (self.search_url and listbox):
            return html
        return format_html('{}<datalist id="{}-options"></datalist>', html, listbox)


class RecordSearchField(forms.ModelChoiceField):
    """A foreign key chosen by typing instead of from a ``<select>`` of the whole table.

    What it accepts: a suggestion's text (it ends in ``#<id>``), a bare id, or words that
    ``resolve(queryset, text)`` narrows to one row (an exact email, a name); no match or
    several matches are a form error that says so. Subclasses give ``resolve``,
    ``label_from_instance`` and the search URL's name (``people.forms.PersonSearchField``,
    ``OrganisationSearchField``). The form's tenant-scoped queryset bounds every lookup.
    """

    widget = SearchInput
    search_url_name = ""  # the URL name of the search page, under /t/<tenant>/
    default_error_messages = {
        "invalid_choice": _(
            "That one is not in the list: choose one of the suggestions."
        ),
        "none": _(
            "Nothing matches “%(text)s”. Type part of the name or the email and "
            "choose one of the suggestions."
        ),
        "several": _(
            "More than one matches “%(text)s”. Type more of the name, or the email, "
            "and choose one of the suggestions."
        ),
    }

    def __init__(self, queryset=None, *, search_url: str = "", **kwargs):
        kwargs.setdefault("widget", SearchInput(search_url=search_url))
        super().__init__(queryset, **kwargs)

    def set_search_url(self, url: str) -> None:
        self.widget.search_url = url

    def resolve(self, queryset, text: str) -> list:
        """At most two rows the words ``text`` name (two: ambiguous)."""
        raise NotImplementedError

    def prepare_value(self, value):
        if value in self.empty_values:
            return ""
        if hasattr(value, "_meta"):
            return self.label_from_instance(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            obj = self.queryset.filter(pk=value).first()
            return self.label_from_instance(obj) if obj is not None else str(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "_meta"):
            return value
        text = str(value).strip()
        tail = re.search(r"#(\d+)\s*$", text)
        pk = tail.group(1) if tail else (text if text.isdigit() else None)
        if pk is not None:
            obj = self.queryset.filter(pk=int(pk)).first()
            if obj is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
            return obj
        found = self.resolve(self.queryset, text)
        if not found:
            raise ValidationError(
                self.error_messages["none"] % {"text": text}, code="none"
            )
        if len(found) > 1:
            raise ValidationError(
                self.error_messages["several"] % {"text": text}, code="several"
            )
        return found[0]

    def validate(self, value):
        forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        initial_pk = getattr(initial, "pk", initial)
        try:
            data_obj = self.to_python(data)
        except Exception:  # noqa: BLE001 (an unreadable value has changed)
            return True
        return str(initial_pk or "") != str(getattr(data_obj, "pk", "") or "")


class TranslationsMixin:
    """A form that also takes the versions of its texts in the tenant's other languages
    (coproduce.core.i18n): for each language a fieldset with one field per text,
    ``<field>__<language>``, typed in that language (``lang`` on the input). Call
    ``translations_init(tenant, instance)`` at the end of ``__init__``; ``translations()``
    answers ``{field: {language: text}}`` for the service (an empty text removes a
    version). ``core/form.html`` renders the fieldsets after the form's own fields."""

    translated_fields: tuple[str, ...] = ()
    fields: dict
    cleaned_data: dict

    def translations_init(self, tenant, instance=None, language: str = "") -> None:
        from coproduce.core import i18n

        names = [f for f in self.translated_fields if f in self.fields]
        original = language or (
            getattr(instance, "content_language", "") if instance else ""
        )
        original = original or getattr(tenant, "language", "") or "en"
        self.original_language = original
        self.original_language_name = i18n.language_name(original)
        self.translation_groups: list[dict] = []
        versions = (getattr(instance, "i18n", None) or {}) if instance else {}
        for code in i18n.tenant_languages(tenant):
            if code == original:
                continue
            keys: list[str] = []
            group = {
                "code": code,
                "name": i18n.language_name(code),
                "autonym": i18n.autonym(code),
                "names": keys,
            }
            for name in names:
                source = self.fields[name]
                widget = (
                    forms.Textarea(attrs={"rows": 3, "lang": code})
                    if isinstance(source.widget, forms.Textarea)
                    else forms.TextInput(attrs={"lang": code})
                )
                if code in i18n.RTL:
                    widget.attrs["dir"] = "rtl"
                key = f"{name}__{code}"
                # the language in the label too: each label names one field only
                self.fields[key] = forms.CharField(
                    label=f"{source.label} ({i18n.language_name(code)})",
                    required=False,
                    max_length=getattr(source, "max_length", None),
                    widget=widget,
                    initial=(versions.get(code) or {}).get(name, ""),
                )
                keys.append(key)
            self.translation_groups.append(group)

    def translation_keys(self) -> set[str]:
        return {key for group in self.translation_groups for key in group["names"]}

    def visible_fields(self):
        keys = self.translation_keys() if hasattr(self, "translation_groups") else set()
        return [f for f in super().visible_fields() if f.name not in keys]

    def translation_fieldsets(self) -> list[dict]:
        return [
            {**group, "fields": [self[key] for key in group["names"]]}  # type: ignore[index]
            for group in self.translation_groups
        ]

    def translations(self) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for group in self.translation_groups:
            for key in group["names"]:
                name, code = key.rsplit("__", 1)
                found.setdefault(name, {})[code] = self.cleaned_data.get(key, "")
        return found

    def values_without_translations(self, values: dict) -> dict:
        keys = self.translation_keys()
        return {k: v for k, v in values.items() if k not in keys}
