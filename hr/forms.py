from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import idnumbers
from portal.forms import PHONE_PATTERN, IdNumberInput
from portal.models import BureauScope, Department, EmploymentStatus, User
from review.forms import QueueFilterForm


def _reason(required: bool = False) -> forms.CharField:
    return forms.CharField(label=_("Why"), required=required, max_length=300)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        department = obj.department.name if obj.department_id else "—"
        return f"{obj.name} · {department} · {obj.masked_id_number}"


def active_people() -> Any:
    return (
        User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE)
        .select_related("department")
        .order_by("name", "pk")
    )


def open_departments() -> Any:
    return Department.objects.filter(active=True).order_by("name")


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Department name"), max_length=100)

    def __init__(self, *args: Any, department: Department | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.department = department

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Department.objects.filter(name=name)
        if self.department is not None:
            others = others.exclude(pk=self.department.pk)
        if others.exists():
            raise forms.ValidationError(_("A department with this name already exists."))
        return name


class ReasonForm(forms.Form):
    reason = _reason()


class AssignForm(forms.Form):
    person = PersonChoiceField(label=_("Person to assign"), queryset=User.objects.none())
    reason = _reason()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = active_people()  # type: ignore[attr-defined]


class FlagForm(forms.Form):
    needs_replacement = forms.BooleanField(label=_("Needs replacement (需调换)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("needs_replacement") and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why a replacement is needed."))
        return cleaned


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Move to"), queryset=Department.objects.none(), empty_label=_("Choose")
    )
    reason = _reason()

    def __init__(self, *args: Any, exclude: Department | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = open_departments()
        if exclude is not None:
            departments = departments.exclude(pk=exclude.pk)
        self.fields["to"].queryset = departments  # type: ignore[attr-defined]


class BulkTransferForm(TransferForm):
    people = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:
        super().__init__(*args, exclude=department, **kwargs)
        self.fields["people"].queryset = department.people.all()  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Leaves as"),
        choices=[
            (EmploymentStatus.RESIGNED, EmploymentStatus.RESIGNED.label),
            (EmploymentStatus.RETIRED, EmploymentStatus.RETIRED.label),
        ],
    )
    reason = _reason()


class RolesForm(forms.Form):
    is_hr_office = forms.BooleanField(label=_("HR office (人事处)"), required=False)
    bureau_scope = forms.ChoiceField(
        label=_("Bureau reviewer scope"), choices=BureauScope.choices, required=False
    )
    reason = _reason()


class PersonForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"), max_length=32, widget=IdNumberInput(attrs={"autocomplete": "off"})
    )
    name = forms.CharField(label=_("Name"), max_length=50)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("Choose")
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    title = forms.CharField(label=_("Professional title (职称)"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = open_departments()  # type: ignore[attr-defined]

    def clean_id_number(self) -> str:
        number = idnumbers.validate(self.cleaned_data["id_number"])
        if User.objects.with_id_number(number).exists():
            raise forms.ValidationError(_("This ID number is already registered."))
        return number

    def clean_phone(self) -> str:
        phone = "".join(self.cleaned_data["phone"].split())
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                _("Enter an 11-digit mobile number or a landline such as 0371-12345678.")
            )
        return phone


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("All departments"),
    )
    certificate = forms.CharField(
        label=_("Certificate number"), required=False, max_length=13, min_length=13
    )
    left = forms.BooleanField(label=_("Include people who left"), required=False)


class IdNumberSearchForm(forms.Form):
    """Sent by POST only: an ID number never goes into a URL, a log line or the history."""

    id_number = forms.CharField(
        label=_("ID number"), max_length=32, widget=IdNumberInput(attrs={"autocomplete": "off"})
    )

    def clean_id_number(self) -> str:
        return idnumbers.validate(self.cleaned_data["id_number"])


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Columns: ID number, name, department, phone, title, e-mail."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportCommitForm(forms.Form):
    update_existing = forms.BooleanField(
        label=_("Also update the people already registered (name, phone, title, e-mail)"),
        required=False,
    )


class MoveRequestForm(forms.Form):
    to_department = forms.ModelChoiceField(
        label=_("Move to"), queryset=Department.objects.none(), empty_label=_("Choose")
    )
    reason = forms.CharField(
        label=_("Why"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = open_departments()
        if person.department_id:
            departments = departments.exclude(pk=person.department_id)
        self.fields["to_department"].queryset = departments  # type: ignore[attr-defined]


class MoveDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why: the teacher reads it."))
        return cleaned


class RecordsFilterForm(QueueFilterForm):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("All departments"),
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2017, max_value=2100, required=False)
