"""Throttling that stops guessing without handing out lockouts (the policy is in README).

- Login: 5 failures for one ID number from one address lock that pair for 15 minutes; 20
  failures for one ID number from any number of addresses lock the ID number for 15 minutes.
  Attempts made during a lock are refused and not counted, so a lock is never renewed by them
  (not by the holder's own correct password either): it ends 15 minutes after the failure that
  set it.
- Registration: a few attempts per address per hour.
- The client address is the connecting address, or, only when `BEHIND_PROXY` is set, the one
  our own proxy (`PROXY_COUNT` of them) wrote into X-Forwarded-For.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str:
    """The address a request comes from. X-Forwarded-For is believed only behind our own proxy,
    and only the entry that proxy appended: anything to its left was written by the client."""
    if settings.BEHIND_PROXY:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler, plus a limit per ID number across all addresses."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        from_this_address = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return from_this_address
        from_anywhere = (
            AccessAttempt.objects.filter(
                username=username, attempt_time__gte=get_cool_off_threshold(request)
            ).aggregate(n=Sum("failures_since_start"))["n"]
            or 0
        )
        if from_anywhere >= settings.LOGIN_FAILURE_LIMIT_PER_ID:
            return max(from_this_address, settings.AXES_FAILURE_LIMIT)
        return from_this_address


def registration_allowed(request: HttpRequest) -> bool:
    """Record one registration attempt from this address; False once over the hourly limit."""
    from portal.models import RegistrationAttempt

    address = client_address(request)
    now = timezone.now()
    RegistrationAttempt.objects.filter(at__lt=now - timedelta(days=1)).delete()
    recent = RegistrationAttempt.objects.filter(address=address, at__gte=now - timedelta(hours=1))
    if recent.count() >= settings.REGISTRATION_LIMIT_PER_HOUR:
        return False
    RegistrationAttempt.objects.create(address=address, at=now)
    return True
