from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    """A person holding a one-time password may do nothing but change it (or log out)."""

    ALLOWED_URL_NAMES = ("password_change", "logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
            if request.path not in allowed:
                return redirect("password_change")
        return self.get_response(request)


class NoStoreForLoggedInMiddleware:
    """What a logged-in person sees (their records, other people's proof) is kept by no cache:
    neither a shared proxy nor the browser's cache on a shared computer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


request_log = logging.getLogger("portal.requests")


class RequestLogMiddleware:
    """One log line per request: method, path, status and time taken (no query string, which
    may hold search terms about people)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        milliseconds = round((time.perf_counter() - started) * 1000, 1)
        request_log.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            milliseconds,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": milliseconds,
            },
        )
        return response


statement_log = logging.getLogger("portal.database")

# PostgreSQL's SQLSTATE for a statement cancelled by `statement_timeout` (query_canceled).
QUERY_CANCELED = "57014"


class StatementTimeoutMiddleware:
    """A page whose statement PostgreSQL cancelled (settings.STATEMENT_TIMEOUT_MS) answers 503
    with the portal's page saying so, instead of a bare 500: the person may try again or
    narrow what they asked for. The view's transaction, if any, was already rolled back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError):
            return None
        if getattr(exception.__cause__, "sqlstate", None) != QUERY_CANCELED:
            return None
        from portal.views import error_page

        statement_log.warning("statement cancelled after the timeout: %s", request.path)
        return error_page(request, 503)
