"""Health checks for load balancers and monitors: no login, no personal data, never cached.

`/healthz/live` answers as long as the process serves requests (restart me if not);
`/healthz` checks what serving needs: the database, the file storage, a background worker."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.tasks import newest_heartbeat


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                return "a file written to storage read back different"
    finally:
        default_storage.delete(name)
    return "ok"


def check_worker() -> str:
    if not str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db."):
        return "ok"  # tasks run in the request: there is no worker to wait for
    beat = newest_heartbeat()
    if beat is None:
        return "no background worker has ever run (manage.py db_worker)"
    silent = timezone.now() - beat.seen_at
    if silent > timedelta(seconds=settings.WORKER_STALE_SECONDS):
        return f"no background worker seen for {int(silent.total_seconds())} s"
    return "ok"


CHECKS = {"database": check_database, "storage": check_storage, "worker": check_worker}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if name == "worker" and results["database"] != "ok":
            results[name] = "not checked: the database is unreachable"
            continue
        try:
            results[name] = check()
        except Exception as error:
            # The class only: a message may hold a host name or a password from a URL.
            results[name] = f"failed: {type(error).__name__}"
    healthy = all(result == "ok" for result in results.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )
    # A failing probe every few seconds must not mail the admins each time (django.request
    # skips responses marked so); the request log line still records each 503.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@never_cache
@require_safe
def healthz_live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
