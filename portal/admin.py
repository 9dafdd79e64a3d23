from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import idnumbers
from portal.exceptions import Refused
from portal.models import AdminAssignment, Department, EmploymentStatus, User


class PersonCreationForm(forms.ModelForm):
    id_number = forms.CharField(label=_("ID number"), max_length=32)

    class Meta:
        model = User
        fields = ("name", "department", "phone", "title")

    def clean_id_number(self) -> str:
        number = idnumbers.validate(self.cleaned_data["id_number"])
        if User.objects.with_id_number(number).exists():
            raise forms.ValidationError(_("This ID number is already registered."))
        return number


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "masked_id_number",
        "department",
        "employment_status",
        "is_active",
        "is_hr_office",
        "bureau_scope",
    )
    list_filter = ("employment_status", "is_hr_office", "bureau_scope", "department")
    list_select_related = ("department",)
    search_fields = ("name", "phone")
    readonly_fields = ("masked_id_number", "registered_at", "confirmed_at", "confirmed_by")
    fields = (
        "masked_id_number",
        "name",
        "phone",
        "department",
        "title",
        "employment_status",
        "is_active",
        "is_hr_office",
        "bureau_scope",
        "is_staff",
        "registered_at",
        "confirmed_at",
        "confirmed_by",
    )

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: User) -> str:
        return obj.masked_id_number

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = PersonCreationForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("id_number", "name", "department", "phone", "title")
        return self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            if obj.employment_status != EmploymentStatus.ACTIVE:
                obj.is_active = False  # leaving closes the login; every record stays
            super().save_model(request, obj, form, change)
            return
        person, one_time = User.objects.create_person(
            id_number=form.cleaned_data["id_number"],
            name=obj.name,
            department=obj.department,
            phone=obj.phone,
            title=obj.title,
            confirmed_at=timezone.now(),
            confirmed_by=request.user,
        )
        form.instance = obj = person
        messages.warning(
            request,
            _("One-time password for %(name)s: %(password)s. It is shown only once.")
            % {"name": obj.name, "password": one_time},
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[User], search_term: str
    ) -> tuple[QuerySet[User], bool]:
        """An exact ID number finds its holder through the keyed hash."""
        if len(idnumbers.normalize(search_term)) == 18:
            return queryset.filter(id_hash=idnumbers.lookup_hash(search_term)), False
        return super().get_search_results(request, queryset, search_term)


# The HR office works in its own pages; the admin site is for superusers only.
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and request.user.is_superuser
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    """Closing goes through `Department.close`: refused while staff or pending work remain."""

    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    actions = ("close_departments",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("active",) if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("name", "active") if obj is not None else ("name",)

    @admin.action(description=_("Close the selected departments"))
    def close_departments(self, request: HttpRequest, queryset: QuerySet[Department]) -> None:
        for department in queryset:
            try:
                department.close(by=request.user)  # type: ignore[arg-type]
            except Refused as refused:
                messages.error(request, refused.reason)
            else:
                messages.success(request, _("%(name)s is closed.") % {"name": department.name})


class AdminAssignmentForm(forms.ModelForm):
    class Meta:
        model = AdminAssignment
        fields = ("person", "department", "needs_replacement", "note", "starts_on")

    def clean(self) -> dict[str, Any]:
        """The checks of `Department.assign_administrator`, as form errors."""
        cleaned = super().clean() or {}
        person, department = cleaned.get("person"), cleaned.get("department")
        if self.instance.pk is None and person is not None and department is not None:
            if not department.active:
                raise forms.ValidationError(_("A closed department gets no administrator."))
            if not person.is_active or person.employment_status != EmploymentStatus.ACTIVE:
                raise forms.ValidationError(
                    _("%(name)s has left: only active people can be administrators.")
                    % {"name": person.name}
                )
            if AdminAssignment.objects.current().filter(person=person, department=department):
                raise forms.ValidationError(
                    _("%(name)s already administers %(department)s.")
                    % {"name": person.name, "department": department.name}
                )
        return cleaned


@admin.register(AdminAssignment)
class AdminAssignmentAdmin(admin.ModelAdmin):
    form = AdminAssignmentForm
    list_display = ("department", "person", "active", "needs_replacement", "starts_on", "ends_on")
    list_filter = ("active", "needs_replacement", "department")
    list_select_related = ("department", "person")
    autocomplete_fields = ("person",)
    readonly_fields = ("assigned_by", "created_at")
    actions = ("release",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """Ending an assignment goes through the release action (the last-administrator rule)."""
        if obj is not None:
            return (*self.readonly_fields, "person", "department", "active", "ends_on", "ended_by")
        return self.readonly_fields

    def save_model(
        self, request: HttpRequest, obj: AdminAssignment, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new assignment through the same door as the HR office's pages: checked and logged.
        form.instance = obj.department.assign_administrator(obj.person, by=request.user)  # type: ignore[arg-type]

    @admin.action(description=_("Release the selected administrators"))
    def release(self, request: HttpRequest, queryset: QuerySet[AdminAssignment]) -> None:
        for assignment in queryset.current().select_related("department", "person"):  # type: ignore[attr-defined]
            try:
                assignment.department.release_administrator(assignment, by=request.user)  # type: ignore[arg-type]
            except Refused as refused:
                messages.error(request, refused.reason)
