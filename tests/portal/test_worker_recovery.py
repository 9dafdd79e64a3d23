"""Nothing is lost when a background worker dies mid-task: another worker runs the task."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from portal.models import WorkerHeartbeat
from portal.tasks import beat, reap_abandoned_tasks
from tests import servers
from tests.portal.worker_tasks import write_slowly


@pytest.fixture
def database_backend(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_LEASE_SECONDS = 3


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[[str], object]]:
    started = []

    def start(name: str) -> object:
        env = servers.environment(tmp_path, WORKER_NAME=name)
        process = servers.start_worker(env, tmp_path / f"{name}.log", worker_id=name)
        started.append(process)
        return process

    yield start
    for process in started:
        servers.stop(process)


def test_a_task_whose_worker_is_killed_is_finished_by_another(
    transactional_db: None, database_backend: None, workers: Callable[[str], object], tmp_path: Path
) -> None:
    log = tmp_path / "task.log"
    first = workers("worker-a")
    result = write_slowly.enqueue(str(log), 4)
    wait_for(lambda: log.exists() and "started worker-a" in log.read_text())

    first.send_signal(signal.SIGKILL)  # type: ignore[attr-defined]
    first.wait()  # type: ignore[attr-defined]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    workers("worker-b")
    wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL)

    assert log.read_text() == "started worker-a\nstarted worker-b\nfinished\n"
    assert DBTaskResult.objects.get(pk=result.id).worker_ids == ["worker-a", "worker-b"]


def running(worker_ids: list[str], minutes_ago: int = 5) -> DBTaskResult:
    result = write_slowly.enqueue("/dev/null", 0)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=worker_ids,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_a_task_of_a_worker_still_beating_is_left_alone(database_backend: None) -> None:
    task = running(["alive"])
    beat("alive")

    assert reap_abandoned_tasks() == []
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_of_a_silent_worker_goes_back_to_the_queue(database_backend: None) -> None:
    task = running(["gone"])
    WorkerHeartbeat.objects.create(worker_id="gone", seen_at=timezone.now() - timedelta(minutes=5))

    assert reap_abandoned_tasks() == [str(task.pk)]
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_task_that_killed_three_workers_is_given_up(database_backend: None) -> None:
    task = running(["one", "two", "three"])

    reap_abandoned_tasks()

    given_up = DBTaskResult.objects.get(pk=task.pk)
    assert given_up.status == TaskResultStatus.FAILED
    assert given_up.exception_class_path == "portal.tasks.WorkerLost"
