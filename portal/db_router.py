"""An optional read replica (DATABASE_REPLICA_URL) that never shows a person stale data.

Reads go to the replica only inside a safe request (GET, HEAD) of someone who has not written
anything for REPLICA_PIN_SECONDS; a write pins the rest of that request, and a cookie pins that
person's next requests, to the primary. Outside requests (the background worker, commands) every
read uses the primary, since a task usually reads what the request that enqueued it just wrote.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "primary_until"
ROUTER = "portal.db_router.PrimaryReplicaRouter"

_reads_from: ContextVar[str] = ContextVar("reads_from", default=PRIMARY)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return _reads_from.get()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        _reads_from.set(PRIMARY)
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def _pinned(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class PinToPrimaryMiddleware:
    """Chooses where this request reads and, after a write, pins the person to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if ROUTER not in settings.DATABASE_ROUTERS:
            return self.get_response(request)
        safe = request.method in ("GET", "HEAD") and not _pinned(request)
        reads = _reads_from.set(REPLICA if safe else PRIMARY)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in ("GET", "HEAD", "OPTIONS"):
                seconds = settings.REPLICA_PIN_SECONDS
                response.set_cookie(
                    PIN_COOKIE,
                    f"{time.time() + seconds:.0f}",
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _reads_from.reset(reads)
            _wrote.reset(wrote)
