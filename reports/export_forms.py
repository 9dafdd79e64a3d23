from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations.validators import multi_line
from portal.models import Department, User
from portal.spreadsheets import CSV, XLSX
from reports import access

FORMAT_CHOICES = [(XLSX, _("Excel (XLSX)")), (CSV, _("CSV (UTF-8)"))]


class FormatForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMAT_CHOICES, initial=XLSX, required=False
    )

    def chosen_format(self) -> str:
        return (self.cleaned_data.get("format") if self.is_valid() else "") or XLSX


class PeopleExportForm(FormatForm):
    year = forms.IntegerField(label=_("Year"), min_value=2017, max_value=2100)
    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=_("All of them")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = access.export_departments(user)  # type: ignore[attr-defined]
        if user.is_hr_office:
            self.fields["department"].empty_label = _("The whole unit")  # type: ignore[attr-defined]


class FullIdsForm(forms.Form):
    """The HR office asks for full ID numbers, saying why: the reason is kept with the request."""

    reason = forms.CharField(
        label=_("Why full ID numbers are needed"),
        min_length=4,
        max_length=500,
        validators=[multi_line],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: the provincial platform's annual filing. The request is logged with "
            "your name and this reason; the file is XLSX and kept for 24 hours."
        ),
    )
