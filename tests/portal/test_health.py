"""/healthz tells a load balancer whether this server can serve: database, storage, a worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.db.utils import OperationalError
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from portal import health
from portal.models import WorkerHeartbeat
from portal.tasks import beat

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_worker_backend(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_it_answers_200_without_login_when_all_is_well(database_worker_backend: None) -> None:
    beat("worker-1")

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "worker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_no_worker_beat_recently(database_worker_backend: None) -> None:
    WorkerHeartbeat.objects.create(
        worker_id="worker-1", seen_at=timezone.now() - timedelta(minutes=10)
    )

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "no background worker seen for 600 s"


def test_it_answers_503_when_no_worker_ever_ran(database_worker_backend: None) -> None:
    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("no background worker has ever run")


def test_it_names_unwritable_storage(
    database_worker_backend: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    beat("worker-1")

    def full(*args: object, **kwargs: object) -> str:
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "storage": "failed: OSError",
        "worker": "ok",
    }


def test_it_names_an_unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable() -> str:
        raise OperationalError("connection to server at 10.0.0.5 failed: password wrong")

    monkeypatch.setitem(health.CHECKS, "database", unreachable)
    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failed: OperationalError"
    assert response.json()["checks"]["worker"] == "not checked: the database is unreachable"
    assert "10.0.0.5" not in response.content.decode()


def test_it_leaves_no_file_in_storage(database_worker_backend: None, media_in_tmp: object) -> None:
    beat("worker-1")
    Client().get("/healthz")

    assert [p for p in media_in_tmp.rglob("*") if p.is_file()] == []  # type: ignore[attr-defined]


def test_the_liveness_check_touches_no_database(
    django_assert_num_queries: object,
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        response = Client().get("/healthz/live")

    assert response.status_code == 200


def test_the_probe_over_plain_http_is_not_redirected(settings: Settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    beat("worker-1")

    assert Client().get("/healthz/live").status_code == 200
    assert Client().get("/login/").status_code == 301
