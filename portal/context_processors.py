from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from portal.roles import roles_of


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": []}
    return {"roles": roles_of(user)}  # type: ignore[arg-type]


def unread(request: HttpRequest) -> dict[str, Any]:
    """How many notifications the header's inbox link shows as unread."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    loaded = getattr(user, "unread_now", False)  # by portal.backends.PortalBackend
    if loaded is not False:
        return {"unread_count": loaded or 0}
    return {"unread_count": lambda: user.notifications.filter(read_at__isnull=True).count()}
