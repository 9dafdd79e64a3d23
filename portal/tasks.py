"""Background work that survives failures: bounded retries for the project's tasks, and the
worker's heartbeat with the reaper that hands a dead worker's task to a live one.

django-tasks-db marks a claimed task RUNNING and never looks at it again; a worker killed
mid-task (OOM, a lost machine, SIGKILL on deploy) would leave it RUNNING for ever. Every worker
started by `manage.py db_worker` (portal's command) beats every few seconds; a task RUNNING for
longer than the lease whose worker has not beaten within the lease goes back to READY, and the next
free worker runs it. Tasks must therefore be safe to run again (they are: each checks what is
already done, as `send_notification_mail` checks `mailed_at`).
"""

from __future__ import annotations

import functools
import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import WorkerHeartbeat

P = ParamSpec("P")
T = TypeVar("T")

logger = logging.getLogger(__name__)

# The keyword by which a retried task knows which attempt it is; tasks must not use it.
ATTEMPT_KWARG = "retry_attempt"


def retried_task(
    *, attempts: int = 5, backoff: timedelta = timedelta(seconds=30), **task_options: Any
) -> Callable[[Callable[P, T]], Task[P, T]]:
    """`@task()` whose failures are retried: up to `attempts` runs in all, the n-th retry after
    `backoff × 2^(n-1)`. A failed attempt stays FAILED (with its traceback) in the task results;
    the retry is a new task result. With a backend that cannot defer (the immediate one in tests)
    the retry runs at once."""

    def decorate(func: Callable[P, T]) -> Task[P, T]:
        @functools.wraps(func)
        def attempt(*args: Any, **kwargs: Any) -> T:
            number = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except Exception:
                if number >= attempts:
                    logger.exception("Task %s failed for good after %d attempts", name, number)
                    raise
                again = the_task
                if again.get_backend().supports_defer:
                    again = again.using(run_after=timezone.now() + backoff * 2 ** (number - 1))
                logger.warning(
                    "Task %s failed (attempt %d of %d); retrying", name, number, attempts
                )
                again.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: number + 1})  # type: ignore[arg-type]
                raise

        name = f"{func.__module__}.{func.__qualname__}"
        the_task: Task[P, T] = task(**task_options)(attempt)  # type: ignore[arg-type]
        return the_task

    return decorate


def lease() -> timedelta:
    return timedelta(seconds=settings.WORKER_LEASE_SECONDS)


def beat(worker_id: str) -> None:
    """Record that this worker is alive."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now},
        create_defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )


def reap_abandoned_tasks() -> list[str]:
    """Put back in the queue every task RUNNING on a worker that stopped beating; a task that
    killed its worker `WORKER_MAX_CLAIMS` times is marked FAILED instead. Returns the task ids
    handed back."""
    now = timezone.now()
    cutoff = now - lease()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    handed_back = []
    for result in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        claimed_by = result.worker_ids[-1] if result.worker_ids else ""
        if claimed_by in alive:
            continue
        with transaction.atomic():
            # Only if nobody else moved it meanwhile: two reapers hand a task back once.
            still_abandoned = DBTaskResult.objects.running().filter(
                pk=result.pk, started_at=result.started_at
            )
            if len(result.worker_ids) >= settings.WORKER_MAX_CLAIMS:
                moved = still_abandoned.update(
                    status="FAILED",
                    finished_at=now,
                    exception_class_path="portal.tasks.WorkerLost",
                    traceback=f"Its worker died {len(result.worker_ids)} times while running it.",
                )
            else:
                moved = still_abandoned.update(status="READY")
        if moved:
            logger.warning(
                "Task %s (%s) was abandoned by worker %s; %s",
                result.pk,
                result.task_path,
                claimed_by,
                "given up" if len(result.worker_ids) >= settings.WORKER_MAX_CLAIMS else "requeued",
            )
            handed_back.append(str(result.pk))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return handed_back


def newest_heartbeat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").first()
