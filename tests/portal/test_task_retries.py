"""A task that fails (the mail server is down) is tried again, a bounded number of times."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from tests.portal.worker_tasks import always_fail, fail_twice


def test_a_task_that_fails_twice_succeeds_on_its_third_run(tmp_path: Path) -> None:
    runs = tmp_path / "runs"

    fail_twice.enqueue(str(runs))

    assert runs.read_text() == "run\n" * 3


def test_a_task_that_always_fails_stops_after_its_attempts(tmp_path: Path) -> None:
    runs = tmp_path / "runs"

    result = always_fail.enqueue(str(runs))

    assert runs.read_text() == "run\n" * 4
    assert result.status == TaskResultStatus.FAILED


@pytest.mark.django_db
def test_on_the_worker_a_failure_queues_its_retry_after_a_backoff(
    settings: Settings, tmp_path: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with pytest.raises(ConnectionError):
        fail_twice.call(str(tmp_path / "runs"))

    retry = DBTaskResult.objects.get()
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs == {"args": [str(tmp_path / "runs")], "kwargs": {"retry_attempt": 2}}
    assert timezone.now() + timedelta(seconds=25) < retry.run_after
    assert retry.run_after < timezone.now() + timedelta(seconds=35)
