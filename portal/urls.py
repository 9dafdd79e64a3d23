from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import health, views
from portal.forms import LoginForm, ResetPasswordForm

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("register/", views.register, name="register"),
        path("me/", views.profile, name="profile"),
        path("me/edit/", views.profile_edit, name="profile-edit"),
        path("inbox/", views.inbox, name="inbox"),
        path("inbox/read/", views.mark_read, name="mark-read"),
        path("department/people/", views.department_people, name="department-people"),
        path("department/people/<int:pk>/confirm/", views.confirm_person, name="confirm-person"),
        path("department/people/<int:pk>/reject/", views.reject_person, name="reject-person"),
        path("organisation/", views.organisation, name="organisation"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("hours/", include("declarations.urls")),
    path("review/", include("review.urls")),
    path("certificate/", include("certificates.urls")),
    path("verify/", include("certificates.verify_urls")),
    path("hr/", include("hr.urls")),
    path("batches/", include("batches.urls")),
    path("reports/", include("reports.urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path(
        "password/forgot/",
        views.password_reset,
        name="password_reset",
    ),
    path(
        "password/forgot/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=ResetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.healthz_live, name="healthz-live"),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
