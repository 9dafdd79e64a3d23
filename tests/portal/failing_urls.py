"""The project's URLs plus one view that fails, for the tests of error reports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as project_patterns


def fails(request: HttpRequest) -> HttpResponse:
    number = request.POST.get("note", "")
    raise RuntimeError(f"something broke while handling {number}")


urlpatterns = [path("fails/", fails, name="fails"), *project_patterns]
