"""Any number of app servers and workers serve one portal: nothing lives on one machine.

Two real gunicorn servers and two background workers on one PostgreSQL and one S3-compatible
store (moto_server on loopback), as docs/deploy.md runs them on several machines."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from django.db import connection
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader
from pytest_django import Settings

import rules
from certificates.models import Certificate
from declarations.models import Declaration, Evidence, Preparation
from portal.models import Department, Notification, User
from portal.notifications import notify
from tests import servers
from tests.declarations.helpers import form_data
from tests.declarations.test_s3_storage import s3_endpoint  # noqa: F401 (a fixture)
from tests.factories import UserFactory, make_id_number, pdf_bytes

PEOPLE = 50
MAILS = 20
BUCKET = "many-machines"
PASSWORD = "spring-Rain-falls"


@dataclass
class Portal:
    servers: list[str]
    worker_logs: list[Path]
    s3_endpoint: str


@pytest.fixture(scope="module")
def running_portal(
    django_db_setup: None,
    django_db_blocker: Any,
    s3_endpoint: str,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Portal]:
    if connection.vendor != "postgresql":
        pytest.skip("several app servers share one PostgreSQL; SQLite is one machine's file")
    tmp = tmp_path_factory.mktemp("many-machines")
    boto3.resource(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=BUCKET)
    env = servers.environment(
        tmp,
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        # People register from their own networks, through the proxy in front of both servers.
        BEHIND_PROXY="true",
        PROXY_COUNT="1",
    )
    servers.collectstatic(env)
    logs = [tmp / "worker-1.log", tmp / "worker-2.log"]
    with ExitStack() as stack:
        for log in logs:
            stack.callback(servers.stop, servers.start_worker(env, log, worker_id=log.stem))
        urls = [
            stack.enter_context(servers.gunicorn(env, tmp / f"app-{n}.log", workers=2))
            for n in (1, 2)
        ]
        yield Portal(urls, logs, s3_endpoint)


@pytest.fixture
def portal(running_portal: Portal, transactional_db: None, settings: Settings) -> Portal:
    # The test process enqueues through the same database as the servers do.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFY_BY_MAIL = True
    return running_portal


def post_form(session: requests.Session, url: str, data: dict[str, Any], **extra: Any) -> Any:
    """GET the page for its CSRF cookie, then POST the form as a browser does."""
    session.get(url, timeout=60)
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(url, data=data, allow_redirects=False, timeout=60, **extra)


def register(server: str, department: Department, n: int) -> requests.Session:
    session = requests.Session()
    session.headers["X-Forwarded-For"] = f"10.1.{n}.7"
    response = post_form(
        session,
        f"{server}/register/",
        {
            "id_number": make_id_number(1000 + n),
            "name": f"并发老师{n}",
            "department": str(department.pk),
            "phone": "13912345678",
            "title": "讲师",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.text[:2000]
    # Registering tells nobody whether the number was known, so it does not log in: log in.
    response = post_form(
        session, f"{server}/login/", {"username": make_id_number(1000 + n), "password": PASSWORD}
    )
    assert response.status_code == 302, response.text[:2000]
    return session


def log_in(session: requests.Session, server: str, n: int) -> None:
    response = post_form(
        session, f"{server}/login/", {"username": make_id_number(1000 + n), "password": PASSWORD}
    )
    assert response.status_code == 302, response.text[:2000]
    assert "/login/" not in response.headers["Location"]


def register_in_parallel(portal: Portal, department: Department) -> list[User]:
    """PEOPLE registrations at once, alternating between the two servers; the people made."""
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(
            pool.map(
                lambda n: register(portal.servers[n % 2], department, n),
                range(PEOPLE),
            )
        )
    return list(User.objects.filter(department=department))


def test_registrations_spread_over_two_servers_make_as_many_people(portal: Portal) -> None:
    department = Department.objects.create(name="并发系")

    people = register_in_parallel(portal, department)

    assert len(people) == PEOPLE
    assert len({person.id_hash for person in people}) == PEOPLE
    assert {person.id_number for person in people} == {
        make_id_number(1000 + n) for n in range(PEOPLE)
    }
    numbers = sorted(Certificate.objects.filter(person__in=people).values_list("number", flat=True))
    serials = [int(number[-7:]) for number in numbers]
    assert serials == list(range(serials[0], serials[0] + PEOPLE))  # distinct, without gaps


def test_a_file_uploaded_through_one_server_is_served_by_the_other(portal: Portal) -> None:
    first, second = portal.servers
    teacher = register(first, Department.objects.create(name="上传系"), 0)
    log_in(teacher, second, 0)
    code = "endorsed_report"
    defaults = {f.name: f.default for f in rules.HOUR_TYPES[code].facts if f.default is not None}
    response = post_form(teacher, f"{first}/hours/new/{code}/", form_data(defaults))
    assert response.status_code == 302, response.text[:2000]
    assert re.search(r"/hours/\d+/", response.headers["Location"]), response.headers["Location"]
    declaration = Declaration.objects.get()
    proof = pdf_bytes(2)

    teacher.get(f"{first}/hours/{declaration.pk}/", timeout=60)
    response = teacher.post(
        f"{first}/hours/{declaration.pk}/materials/leader_instruction/",
        data={"csrfmiddlewaretoken": teacher.cookies["csrftoken"]},
        files={"files": ("领导批示.pdf", proof, "application/pdf")},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302
    # The rewrite runs after the response, on whichever worker takes its task.
    deadline = time.monotonic() + 60
    while Evidence.objects.get().preparation != Preparation.READY:
        assert time.monotonic() < deadline, "no worker prepared the file"
        time.sleep(0.2)
    evidence = Evidence.objects.get()
    served = teacher.get(f"{second}/hours/files/{evidence.pk}/", timeout=60)
    stored = (
        boto3.client(
            "s3",
            endpoint_url=portal.s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        .get_object(Bucket=BUCKET, Key=evidence.file.name)["Body"]
        .read()
    )

    assert served.status_code == 200
    # What is stored (and so served) is the PDF as rewritten on upload, not the bytes as sent.
    assert served.content == stored
    assert len(PdfReader(io.BytesIO(served.content)).pages) == 2


def test_every_task_runs_exactly_once_on_one_of_the_workers(portal: Portal) -> None:
    people = [UserFactory.create(email=f"teacher{n}@example.edu.cn") for n in range(MAILS)]

    for n, person in enumerate(people):
        notify(person, subject=f"Declaration {n} approved")
    deadline = time.monotonic() + 120
    while Notification.objects.filter(mailed_at__isnull=True).exists():
        assert time.monotonic() < deadline, "the workers did not send every mail"
        time.sleep(0.5)

    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        assert time.monotonic() < deadline, "the workers did not finish every task"
        time.sleep(0.5)

    # The mails' tasks (an earlier test's file preparation may have left its own result).
    results = list(DBTaskResult.objects.filter(task_path__endswith=".send_notification_mail"))
    assert len(results) == MAILS
    assert {(result.status, len(result.worker_ids)) for result in results} == {("SUCCESSFUL", 1)}
    mailed = "".join(log.read_text() for log in portal.worker_logs)
    subjects = re.findall(r"^Subject: (Declaration \d+ approved)$", mailed, re.MULTILINE)
    assert sorted(subjects) == sorted(f"Declaration {n} approved" for n in range(MAILS))
