from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import idnumbers
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
    show_full_result_count = False  # one COUNT over every person less on each page
    search_fields = ("name", "phone")
    readonly_fields = (
        "masked_id_number",
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
    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name",)


@admin.register(AdminAssignment)
class AdminAssignmentAdmin(admin.ModelAdmin):
    list_display = ("department", "person", "active", "needs_replacement", "starts_on", "ends_on")
    list_filter = ("active", "needs_replacement", "department")
    list_select_related = ("department", "person")
    autocomplete_fields = ("person",)
    readonly_fields = ("assigned_by", "created_at")

    def save_model(
        self, request: HttpRequest, obj: AdminAssignment, form: Any, change: bool
    ) -> None:
        if not change:
            obj.assigned_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
