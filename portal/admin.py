from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import idnumbers
from portal.exceptions import Refused
from portal.models import AdminAssignment, Department, EmploymentStatus, User, department_options
from portal.templatetags import people_admin
from portal.widgets import FastHiddenInput, FastSelect


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


class PeopleActionForm(helpers.ActionForm):
    """Django's action form with widgets written in Python (portal/widgets.py): the list of
    people renders it on every visit."""

    action = forms.ChoiceField(label=_("Action:"), widget=FastSelect)
    select_across = forms.BooleanField(
        label="",
        required=False,
        initial=0,
        widget=FastHiddenInput({"class": "select-across"}),
    )


class PeopleChangeList(ChangeList):
    """The list of people reads only the columns it shows (not password hashes, encrypted ID
    numbers…), as named tuples where portal/templatetags/people_admin.py writes the rows (no
    hundred people and departments to build per page); actions still get whole people from
    `get_queryset`."""

    def get_results(self, request: HttpRequest) -> None:
        self.queryset = self.queryset.only(
            "name",
            "id_masked",
            "department__name",
            "employment_status",
            "is_active",
            "is_hr_office",
            "bureau_scope",
        )
        super().get_results(request)
        if people_admin.writes_rows(self):
            self.result_list = self.result_list.values_list(*people_admin.ROW_FIELDS, named=True)


class DepartmentListFilter(admin.RelatedFieldListFilter):
    """Django's filter by department, its choices (every department by name, in their order, as
    Django's reads them) read through a prepared statement on every visit of the list."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        return department_options()


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
    list_filter = (
        "employment_status",
        "is_hr_office",
        "bureau_scope",
        ("department", DepartmentListFilter),
    )
    list_select_related = ("department",)
    show_full_result_count = False  # one COUNT over every person less on each page
    action_form = PeopleActionForm

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return PeopleChangeList

    search_fields = ("name", "phone")
    search_help_text = _(
        "Name or phone number. An ID number is found with “Find by ID number” below, which "
        "keeps it out of the address."
    )
    # Transfers and leaving have one door each, the HR office's person page: it keeps the
    # department history and moves undecided work along with the person. Here they are shown only.
    readonly_fields = (
        "masked_id_number",
        "department",
        "employment_status",
        "is_active",
        "where_to_change",
        "registered_at",
        "confirmed_at",
        "confirmed_by",
        "rejected_at",
        "rejected_by",
        "rejection_reason",
    )
    fields = (
        "masked_id_number",
        "name",
        "phone",
        "department",
        "title",
        "employment_status",
        "is_active",
        "where_to_change",
        "is_hr_office",
        "bureau_scope",
        "is_staff",
        "registered_at",
        "confirmed_at",
        "confirmed_by",
        "rejected_at",
        "rejected_by",
        "rejection_reason",
    )

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: User) -> str:
        return obj.masked_id_number

    def action_checkbox(self, obj: User) -> SafeString:
        """Django's checkbox of each row, written out instead of rendered through the widget's
        template a hundred times a page (tests/portal/test_admin_people_list.py compares them)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("Transfer or leaving"))
    def where_to_change(self, obj: User) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("hr:person", args=[obj.pk]),
            gettext("On the HR office's person page, which keeps the history"),
        )

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
        # The admin goes on with `obj` (history entry, redirect): make it the person created.
        for field in User._meta.concrete_fields:
            setattr(obj, field.attname, getattr(person, field.attname))
        obj._state.adding, obj._state.db = False, person._state.db
        form.instance = obj
        messages.warning(
            request,
            _("One-time password for %(name)s: %(password)s. It is shown only once.")
            % {"name": obj.name, "password": one_time},
        )

    def response_add(
        self, request: HttpRequest, obj: User, post_url_continue: str | None = None
    ) -> HttpResponse:
        """After adding, stay on the new person, beside their one-time password."""
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return response
        return HttpResponseRedirect(reverse("admin:portal_user_change", args=[obj.pk]))

    @method_decorator(sensitive_post_parameters("id_number"))
    def changeform_view(self, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().changeform_view(*args, **kwargs)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The search box is a GET form: an ID number typed there is refused, so that a full
        number never stays in an address, the browser's history or a server log."""
        term = request.GET.get(SEARCH_VAR, "")
        if idnumbers.ID_NUMBER_LIKE.search(term) or _mostly_digits(term):
            messages.error(
                request,
                _("Use “Find by ID number”: it keeps the number out of the address."),
            )
            query = request.GET.copy()
            query.pop(SEARCH_VAR)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}".rstrip("?"))
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[URLPattern]:
        find = path("find/", self.admin_site.admin_view(self.find_view), name="portal_user_find")
        return [find, *super().get_urls()]

    @method_decorator(sensitive_post_parameters("id_number"))
    @method_decorator(require_POST)
    def find_view(self, request: HttpRequest) -> HttpResponse:
        """Find a person by ID number, sent by POST, through the keyed hash."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        number = idnumbers.normalize(request.POST.get("id_number", ""))
        person = User.objects.with_id_number(number).first() if number else None
        if person is None:
            messages.error(request, _("Nobody is registered with this ID number."))
            return HttpResponseRedirect(reverse("admin:portal_user_changelist"))
        return HttpResponseRedirect(reverse("admin:portal_user_change", args=[person.pk]))


def _mostly_digits(term: str) -> bool:
    """Fifteen digits or more (an old or a mistyped ID number) are refused like a whole one;
    a phone number (11 digits) is still searched."""
    return sum(c.isdigit() for c in term) >= 15


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
