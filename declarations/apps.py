from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("Declarations")

    def ready(self) -> None:
        from declarations.models import count_pending_work
        from portal.signals import count_pending_work as asked

        asked.connect(count_pending_work, dispatch_uid="declarations.count_pending_work")
