"""django-tasks-db's worker, plus a heartbeat: `/healthz` sees that a worker is alive, and a task
left RUNNING by a worker that died goes back to the queue (see portal/tasks.py)."""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from portal import tasks

logger = logging.getLogger("portal.tasks")


def keep_beating(worker_id: str, interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            close_old_connections()
            tasks.beat(worker_id)
            tasks.reap_abandoned_tasks()
        except Exception:
            # A database that is briefly away must not stop the heartbeat for good.
            logger.exception("Worker heartbeat failed")


class Command(DatabaseWorkerCommand):
    help = "Run a background worker that beats and takes over tasks abandoned by dead workers."

    def handle(self, *args: Any, **options: Any) -> None:
        reloader_parent = options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not reloader_parent:
            worker_id = options["worker_id"]
            tasks.beat(worker_id)
            tasks.reap_abandoned_tasks()
            threading.Thread(
                target=keep_beating,
                args=(worker_id, settings.WORKER_HEARTBEAT_SECONDS),
                name="heartbeat",
                daemon=True,
            ).start()
        super().handle(*args, **options)
