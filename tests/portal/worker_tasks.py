"""Tasks the worker tests enqueue; workers import them from here (tests/servers.py sets the
path)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task

from portal.tasks import retried_task


@task()
def write_slowly(path: str, seconds: float) -> None:
    """Notes each start, waits, notes the end: a task long enough to kill its worker in."""
    with Path(path).open("a") as log:
        log.write(f"started {os.environ.get('WORKER_NAME', os.getpid())}\n")
    time.sleep(seconds)
    with Path(path).open("a") as log:
        log.write("finished\n")


@retried_task(attempts=3)
def fail_twice(path: str) -> str:
    """Fails on its first two runs, then succeeds."""
    runs = Path(path)
    runs.write_text(runs.read_text() + "run\n" if runs.exists() else "run\n")
    if runs.read_text().count("run") < 3:
        raise ConnectionError("the mail server did not answer")
    return "sent"


@retried_task(attempts=4)
def always_fail(path: str) -> None:
    runs = Path(path)
    runs.write_text(runs.read_text() + "run\n" if runs.exists() else "run\n")
    raise ConnectionError("the mail server did not answer")
