from __future__ import annotations

import os
from typing import Any

from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def id_number_keys_come_from_the_environment(app_configs: Any, **kwargs: Any) -> list[Error]:
    """The keys kept under var/ are for the embedded portal; production brings its own."""
    return [
        Error(
            f"{name} is not set: ID numbers would be protected by a key kept beside the data.",
            hint=f"Set {name} in the environment (see README.md).",
            id="portal.E001",
        )
        for name in ("ID_NUMBER_KEYS", "ID_NUMBER_HASH_KEY", "SECRET_KEY")
        if not os.environ.get(name)
    ]
