from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import access, throttle
from portal.exceptions import RegistrationAlreadyDecided
from portal.forms import RegistrationForm, RejectRegistrationForm
from portal.models import AdminAssignment, Department, User
from portal.pagination import keyset_page
from portal.roles import home_url, roles_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url(roles_of(request.user)[0]))  # type: ignore[arg-type]


@sensitive_post_parameters("id_number", "password1", "password2")
def register(request: HttpRequest) -> HttpResponse:
    """The answer is the same whether or not the ID number is registered already, so the page
    tells nobody who is: the new registrant and the holder of a known number both go to the
    login page, told to log in or, if that fails, to ask for a reset."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    if request.method == "POST" and not throttle.registration_allowed(request):
        return render(request, "portal/register_throttled.html", status=429)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                User.objects.create_person(
                    id_number=data["id_number"],
                    name=data["name"],
                    password=data["password1"],
                    department=data["department"],
                    phone=data["phone"],
                    title=data["title"],
                )
        except IntegrityError:
            pass  # registered already: the holder hears the same as everyone
        messages.success(
            request,
            _(
                "Registration received. Log in with your ID number and the password you chose. "
                "If your ID number was registered before, your earlier password stays: log in "
                "with it, or ask your department administrator or the HR office to reset it."
            ),
        )
        return redirect("login")
    return render(request, "portal/register.html", {"form": form})


@login_required
@sensitive_post_parameters()
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("portal:home")
    return render(
        request,
        "registration/password_change_form.html",
        {"form": form, "forced": user.must_change_password},
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/profile.html", {"person": request.user})


@access.department_admin_required
def department_people(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    # Awaiting confirmation first; a page at a time (keyset), the ID number from its masked column.
    people = (
        access.people_administered(user)
        .select_related("department")
        .annotate(confirmed=ExpressionWrapper(Q(confirmed_at__isnull=False), BooleanField()))
    )
    page = keyset_page(people, ("confirmed", "department_id", "name", "pk"), request)
    return render(
        request,
        "portal/department_people.html",
        {
            "departments": access.departments_administered(user),
            "people": page.rows,
            "page": page,
        },
    )


@require_POST
@access.department_admin_required
def confirm_person(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = access.person_for_admin(user, pk)
    try:
        person.confirm(by=user)
    except RegistrationAlreadyDecided:
        messages.error(request, _("This registration was already decided; look again."))
    else:
        messages.success(request, _("%(name)s is confirmed.") % {"name": person.name})
    return redirect("portal:department-people")


@require_POST
@access.department_admin_required
def reject_person(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = access.person_for_admin(user, pk)
    form = RejectRegistrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the registration is rejected."))
        return redirect("portal:department-people")
    try:
        person.reject_registration(by=user, reason=form.cleaned_data["reason"])
    except RegistrationAlreadyDecided:
        messages.error(request, _("This registration was already decided; look again."))
    else:
        messages.success(
            request,
            _("The registration of %(name)s is rejected; the ID number is free again.")
            % {"name": person.name},
        )
    return redirect("portal:department-people")


@access.hr_office_required
def organisation(request: HttpRequest) -> HttpResponse:
    current = AdminAssignment.objects.current().select_related("person")
    departments = Department.objects.annotate(
        staff=Count("people", filter=Q(people__employment_status="active"), distinct=True),
        unconfirmed=Count(
            "people",
            filter=Q(
                people__confirmed_at__isnull=True,
                people__rejected_at__isnull=True,
                people__employment_status="active",
            ),
            distinct=True,
        ),
    ).prefetch_related(Prefetch("admin_assignments", queryset=current, to_attr="admins"))
    return render(
        request,
        "portal/organisation.html",
        {
            "departments": departments,
            "bureau_reviewers": User.objects.exclude(bureau_scope="").order_by("name"),
            "hr_officers": User.objects.filter(is_hr_office=True).order_by("name"),
        },
    )
