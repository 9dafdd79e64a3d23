from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import health, views
from portal.forms import LoginForm

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("register/", views.register, name="register"),
        path("me/", views.profile, name="profile"),
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
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.healthz_live, name="healthz-live"),
]
