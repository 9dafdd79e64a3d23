from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True  # "portal" in INSTALLED_APPS; PortalAdminConfig is named there on its own
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import checks  # noqa: F401 (registers the deploy checks)
        from portal.idnumbers import install_log_masking

        install_log_masking()


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, its site portal.sites.PortalAdminSite."""

    default = False
    default_site = "portal.sites.PortalAdminSite"
