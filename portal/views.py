from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import access, throttle
from portal.exceptions import RegistrationAlreadyDecided
from portal.forms import ProfileForm, RegistrationForm, RejectRegistrationForm, ResetRequestForm
from portal.models import AdminAssignment, Department, Notification, User
from portal.notifications import notify
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
                    # Notifications speak the language the person registered in.
                    language="en" if translation.get_language() == "en" else "zh-hans",
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
        user.chose_password()
        user.save(update_fields=["password", "must_change_password", "one_time_expires_at"])
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


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    notifications = list(user.notifications.all()[:100])  # type: ignore[attr-defined]
    return render(request, "portal/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Marks one notification (`pk`) or all of them read, and follows its link if it has one."""
    user: User = request.user  # type: ignore[assignment]
    unread = Notification.objects.filter(person=user, read_at__isnull=True)
    pk = request.POST.get("pk", "")
    if pk.isdigit():
        notification = Notification.objects.filter(person=user, pk=int(pk)).first()
        unread.filter(pk=int(pk)).update(read_at=timezone.now())
        if notification is not None and url_has_allowed_host_and_scheme(
            notification.link, allowed_hosts=None
        ):
            return redirect(notification.link or "portal:inbox")
    else:
        unread.update(read_at=timezone.now())
    return redirect("portal:inbox")


def password_reset(request: HttpRequest) -> HttpResponse:
    """忘记密码: a link by e-mail where mail is configured; the same answer for any address."""
    view = auth_views.PasswordResetView.as_view(
        form_class=ResetRequestForm,
        extra_context={"by_mail": settings.PASSWORD_RESET_BY_MAIL},
    )
    if request.method == "POST" and not settings.PASSWORD_RESET_BY_MAIL:
        return redirect("password_reset")
    return view(request)  # type: ignore[return-value]


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details are saved."))
        return redirect("portal:profile")
    return render(request, "portal/profile_edit.html", {"form": form})


@access.department_admin_required
def department_people(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    # Awaiting confirmation first; a page at a time (keyset), the ID number from its masked column.
    # Only the columns the rows show, as named tuples (people_lists.department_people_rows); the
    # first page and the departments' names through prepared statements.
    page = keyset_page(
        lambda: access.people_shown(user),
        access.PEOPLE_ORDER,
        request,
        first=lambda: access.people_shown_page_one(user),
    )
    return render(
        request,
        "portal/department_people.html",
        {"departments": access.departments_named(user), "people": page.rows, "page": page},
    )


@require_POST
@access.department_admin_required
def confirm_person(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = access.person_for_admin(user, pk)
    try:
        with transaction.atomic():
            person.confirm(by=user)
            with translation.override(person.language):
                notify(
                    person,
                    subject=_("Your registration is confirmed"),
                    body=_("%(name)s confirmed that you belong to %(department)s.")
                    % {"name": user.name, "department": person.department},
                    link=reverse("portal:profile"),
                )
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
    reason = form.cleaned_data["reason"]
    try:
        with transaction.atomic():
            person.reject_registration(by=user, reason=reason)
            # The login is closed, so this reaches only a registrant who gave an e-mail address.
            with translation.override(person.language):
                notify(
                    person,
                    subject=_("Your registration was not confirmed"),
                    body=_(
                        "%(department)s did not confirm your registration: %(reason)s. If you "
                        "are on its staff, ask your department administrator or the HR office."
                    )
                    % {"department": person.department, "reason": reason},
                )
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


ERRORS = {
    400: (
        gettext_lazy("The request could not be understood"),
        gettext_lazy(
            "Something in the address or the form was not as the portal expects. "
            "Go back, reload the page and try again."
        ),
    ),
    403: (
        gettext_lazy("You may not do this"),
        gettext_lazy(
            "Your account does not give access to this page or action. If you administered a "
            "department, your assignment may have ended: the HR office (人事处) can tell you."
        ),
    ),
    404: (
        gettext_lazy("Nothing here"),
        gettext_lazy(
            "This page does not exist, or it is not yours to see. Check the address, "
            "or start again from your home page."
        ),
    ),
    429: (
        gettext_lazy("Too many attempts"),
        gettext_lazy(
            "Too many requests came from here in a short time. Wait a few minutes, then try again."
        ),
    ),
    503: (
        gettext_lazy("This took the database too long"),
        gettext_lazy(
            "The portal stopped this request so that it would not hold everyone else up; "
            "nothing was changed. Try again in a moment, or narrow what you asked for "
            "(a filter, a year)."
        ),
    ),
    500: (
        gettext_lazy("Something went wrong on our side"),
        gettext_lazy(
            "The portal could not finish this request; nothing you entered before it was lost. "
            "Try again in a moment; if it keeps happening, tell the HR office (人事处)."
        ),
    ),
}


def error_page(
    request: HttpRequest, status: int, heading: object = "", explanation: object = ""
) -> HttpResponse:
    """The portal's own page for an HTTP error, in the reader's language and the portal's layout."""
    heading = heading or ERRORS[status][0]
    explanation = explanation or ERRORS[status][1]
    context = {"code": status, "heading": heading, "explanation": explanation}
    try:
        return render(request, "errors/error.html", context, status=status)
    except Exception:
        if status < 500:
            raise
        # The layout needs the database (who is logged in); when that is what failed, plain text.
        return HttpResponse(f"{status} {explanation}", status=status, content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted from a page open too long (or after logging in elsewhere)."""
    return error_page(
        request,
        403,
        _("This form has expired"),
        _(
            "The page was open too long, or you logged in or out in another window. "
            "Nothing was saved: go back, reload the page and send the form again."
        ),
    )
