from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from certificates.regions import region_problem


@register()
def region_is_known(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    problem = region_problem(settings.CERTIFICATE_REGION)
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint="Set CERTIFICATE_REGION to the unit's prefecture (GB/T 2260) and county digits, "
            "e.g. 0100.",
            id="certificates.E001",
        )
    ]
