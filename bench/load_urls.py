"""The portal's URLs plus the load bench's baselines: a bare Django list, form and upload, served
by the same gunicorn in the same run (see bench/load.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.models import Permission
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_safe

from bench.bench_urls import save
from portal.urls import urlpatterns as portal_urlpatterns

TEMPLATES = Path(__file__).resolve().parent / "templates" / "bench"


@cache
def template(name: str) -> Any:
    return engines["django"].from_string((TEMPLATES / name).read_text())


class BareForm(forms.Form):
    username = forms.CharField(max_length=32)
    password = forms.CharField(widget=forms.PasswordInput)


@require_safe
def bare_list(request: HttpRequest) -> HttpResponse:
    rows = Permission.objects.order_by("pk")[:50]
    return HttpResponse(template("list.html").render({"rows": rows}, request))


@require_safe
def bare_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(template("form.html").render({"form": BareForm()}, request))


urlpatterns = [
    *portal_urlpatterns,
    path("bench/list/", bare_list),
    path("bench/form/", bare_form),
    path("bench/save/", save),
]
