from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from portal.roles import roles_of


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": []}
    return {"roles": roles_of(user)}  # type: ignore[arg-type]
