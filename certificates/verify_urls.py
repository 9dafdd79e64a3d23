"""Public verification of a certificate, without login (mounted at /verify/)."""

from __future__ import annotations

from django.urls import path

from certificates import views

app_name = "verify"

urlpatterns = [
    path("", views.verify_form, name="form"),
    path("<str:token>/", views.verify_token, name="token"),
]
