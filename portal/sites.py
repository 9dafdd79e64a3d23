"""The admin site: for superusers only (the HR office works in its own pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.translation import get_language


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        """Django's list of apps and models, built once per language (its labels), script
        prefix (its links) and app instead of on every admin page (a permission check per
        model, a reverse() per link). Everyone let in is an active superuser, whom Django
        permits everything, so nothing else of theirs changes it; anyone else gets Django's
        own, built afresh."""
        if not self.has_permission(request):
            return super().get_app_list(request, app_label)
        key = (get_language(), get_script_prefix(), app_label)
        apps = _app_lists.get(key)
        if apps is None:
            apps = _app_lists[key] = super().get_app_list(request, app_label)
        return list(apps)


_app_lists: dict[tuple[Any, ...], list[Any]] = {}
setting_changed.connect(lambda **kwargs: _app_lists.clear(), weak=False)
