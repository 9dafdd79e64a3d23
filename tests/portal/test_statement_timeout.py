"""Every PostgreSQL connection, the read replica's too, cancels a statement that runs too long;
the person then sees the portal's 503 page in their language instead of waiting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from portal import settings
from portal.models import User
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import logged_in

ROOT = Path(__file__).resolve().parents[2]


def slow(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    return HttpResponse("finished")


urlpatterns = [*portal_urlpatterns, path("slow/", slow, name="slow")]


def test_every_postgresql_connection_gets_the_statement_timeout() -> None:
    replica: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "OPTIONS": {"options": "-c x=1"},
    }
    settings._with_statement_timeout(replica)
    assert replica["OPTIONS"]["options"] == (
        f"-c x=1 -c statement_timeout={settings.STATEMENT_TIMEOUT_MS}"
    )
    sqlite: dict[str, object] = {"ENGINE": "django.db.backends.sqlite3"}
    settings._with_statement_timeout(sqlite)
    assert "OPTIONS" not in sqlite


def test_commands_get_the_longer_command_timeout_and_pages_the_web_one() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "PORTAL_RUNS_COMMAND"}
    environment["DATABASE_STATEMENT_TIMEOUT_MS"] = "1234"
    environment["DATABASE_COMMAND_STATEMENT_TIMEOUT_MS"] = "98765"
    command = "from django.conf import settings; print(settings.STATEMENT_TIMEOUT_MS)"
    printed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed.strip().splitlines()[-1] == "98765"
    assert settings.STATEMENT_TIMEOUT_MS != 98765  # this test process serves pages


@pytest.mark.urls("tests.portal.test_statement_timeout")
@pytest.mark.django_db(transaction=True)
def test_a_statement_over_the_timeout_is_cancelled_and_the_person_sees_why(
    teacher: User,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's; SQLite runs in the web process itself")
    client = logged_in(teacher)
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 50")
    try:
        response = client.get(reverse("slow"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert response.status_code == 503
    page = response.content.decode()
    assert "数据库处理时间过长" in page
    assert "finished" not in page
