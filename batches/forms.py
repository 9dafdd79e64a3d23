from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

import rules
from batches.models import KIND_TYPE, Kind
from declarations.uploads import CheckedFile, UploadRejected, check_upload
from portal.models import Department, User

MAX_PEOPLE_FILE_BYTES = 5 * 1024 * 1024


class BatchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    subject = forms.ChoiceField(
        label=_("Subject"),
        choices=[
            (rules.PUBLIC, _("Public subjects")),
            (rules.PROFESSIONAL, _("Professional subjects")),
        ],
        help_text=_(
            "Public-subject imports credit public subjects, college events professional ones."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    organiser = forms.CharField(label=_("Organiser"), max_length=200)
    starts_on = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Hours per person"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=1000,
        decimal_places=2,
        help_text=_("For everyone without hours of their own in the file."),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Leave empty for the whole unit (HR office only)."),
    )
    people_file = forms.FileField(
        label=_("People (CSV or XLSX)"),
        required=False,
        help_text=_("Columns: ID number or certificate number, name, hours."),
    )
    roster = forms.BooleanField(
        label=_("Everyone in the department instead of a file (college events)"),
        required=False,
    )
    training_notice = forms.FileField(
        label=_("Training notice (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("Needed for a college training event; stored once for everyone."),
    )
    attendance_proof = forms.FileField(
        label=_("Sign-in sheet or roster (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("Needed for a college training event; stored once for everyone."),
    )

    def __init__(self, *args: Any, user: User, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        if not user.is_hr_office:
            self.fields["department"].required = True
            self.fields["department"].help_text = ""
        self.proof: dict[str, list[CheckedFile]] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind:
            type_code, facts, subjects = KIND_TYPE[kind]
            if data.get("subject") and data["subject"] not in subjects:
                self.add_error("subject", _("This kind of batch credits another subject."))
            hour_type = rules.HOUR_TYPES[type_code]
            for material in hour_type.required_materials(hour_type.clean({**facts, "hours": "1"})):
                upload = data.get(material.code)
                if upload is None:
                    self.add_error(material.code, _("This proof is needed for this kind."))
                    continue
                try:
                    self.proof[material.code] = [check_upload(upload)]
                except UploadRejected as rejected:
                    self.add_error(material.code, rejected.message)
            if data.get("roster") and kind != Kind.COLLEGE_EVENT:
                self.add_error("roster", _("A department's roster is for college events only."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        if data.get("roster") and not data.get("department"):
            self.add_error("department", _("Choose the department whose roster to take."))
        if data.get("roster") == bool(data.get("people_file")):
            self.add_error(
                "people_file", _("Give a file of people, or take a department's roster.")
            )
        upload = data.get("people_file")
        if upload is not None and upload.size > MAX_PEOPLE_FILE_BYTES:
            self.add_error("people_file", _("The file is larger than 5 MB."))
        return data

    def batch_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "kind",
                "subject",
                "title",
                "organiser",
                "starts_on",
                "ends_on",
                "hours",
                "department",
            )
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
