from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Department


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(active=True),
        required=False,
        empty_label=_("The whole unit"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year - 1


class BundleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class SealPersonForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class VerifyForm(forms.Form):
    number = forms.RegexField(
        label=_("Certificate number"),
        regex=r"^\d{13}$",
        error_messages={"invalid": _("A certificate number has 13 digits.")},
    )
    name = forms.CharField(label=_("Name"), max_length=50)
