"""Uploads decide "may it still change" and "is there room" under the declaration's row lock, in
the transaction that records the files: parallel uploads cannot pass the limit together, and a
file sent while a submit runs is in that version or refused. Two (or three) real connections,
as in tests/review/test_concurrency.py; `make test` runs both databases."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from declarations import tasks, views
from declarations.models import Declaration, Evidence, Role, Status
from declarations.uploads import CheckedFile
from portal.models import User
from tests.declarations.helpers import attach_required, declare
from tests.factories import UserFactory, logged_in, pdf_bytes, png_bytes

WAIT_SECONDS = 30
HOLD_SECONDS = 0.5


def in_threads(*jobs: Callable[[], Any]) -> list[Any]:
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            outcomes[index] = job()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    return outcomes


def post_files(client: Client, declaration: Declaration, files: list[tuple[str, bytes]]) -> Any:
    return client.post(
        reverse("declarations:upload", args=[declaration.pk, "leader_instruction"]),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
        headers={"accept": "application/json"},
    )


@pytest.fixture
def draft(transactional_db: None, teacher: User) -> Declaration:
    return declare(logged_in(teacher), "endorsed_report", {})


@pytest.fixture
def three_uploads_together(
    draft: Declaration, teacher: User, monkeypatch: pytest.MonkeyPatch
) -> list[Any]:
    """Three tabs each send 20 files at once; each has checked its first file before any of
    them records anything."""
    met, first = threading.Barrier(3), threading.local()
    real_check = views.check_upload

    def check_together(uploaded: Any, **options: Any) -> CheckedFile:
        if not getattr(first, "done", False):
            first.done = True
            met.wait(WAIT_SECONDS)
        return real_check(uploaded, **options)

    monkeypatch.setattr(views, "check_upload", check_together)
    clients = [logged_in(teacher) for _ in range(3)]
    return in_threads(
        *(
            lambda client=client, tab=tab: post_files(
                client,
                draft,
                [(f"{tab}-{n}.png", png_bytes((10 + n, 10 + tab))) for n in range(20)],
            )
            for tab, client in enumerate(clients)
        )
    )


def test_three_parallel_twenty_file_uploads_store_no_more_than_the_limit(
    three_uploads_together: list[Any], draft: Declaration
) -> None:
    assert draft.active_evidence().count() == 20


def test_the_uploads_that_found_no_room_are_told_so(three_uploads_together: list[Any]) -> None:
    assert sorted(response.status_code for response in three_uploads_together) == [200, 400, 400]


@pytest.fixture
def upload_during_submit(draft: Declaration, teacher: User) -> Any:
    """The teacher submits in one tab and, while the submit holds the row, sends a file in
    another."""
    attach_required(draft)  # what submitting needs, so the submit goes through
    locked = threading.Event()
    client = logged_in(teacher)

    def submit() -> None:
        with transaction.atomic():
            Declaration.objects.get(pk=draft.pk).move(
                Status.SUBMITTED, by=teacher, role=Role.DECLARANT
            )
            locked.set()
            time.sleep(HOLD_SECONDS)

    def send() -> Any:
        locked.wait(WAIT_SECONDS)
        return post_files(client, draft, [("late.png", png_bytes())])

    return in_threads(submit, send)[1]


def test_a_file_sent_while_a_submit_runs_is_in_its_version_or_refused(
    upload_during_submit: Any, draft: Declaration
) -> None:
    version = draft.versions.get()  # type: ignore[attr-defined]
    assert set(draft.active_evidence()) == set(version.files.all())


def test_a_file_refused_because_of_a_submit_is_told_so(upload_during_submit: Any) -> None:
    assert (upload_during_submit.status_code, upload_during_submit.json()["errors"]) == (
        400,
        ["只有草稿或被退回的申报可以修改材料。"],
    )


@pytest.fixture
def two_workers_prepare_one_file(
    draft: Declaration, teacher: User, settings: Any, media_in_tmp: Path, monkeypatch: Any
) -> tuple[list[Any], Evidence]:
    """A worker presumed dead and the one that took its task over both rewrite the same PDF;
    each has stored its rewrite before either marks the file ready."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    post_files(logged_in(teacher), draft, [("批示.pdf", pdf_bytes())])
    evidence = Evidence.objects.get()
    both_rewrote = threading.Barrier(2)
    real_rewrite = tasks.rewrite_pdf

    def rewrite_together(*args: Any) -> Any:
        done = real_rewrite(*args)
        both_rewrote.wait(WAIT_SECONDS)
        return done

    monkeypatch.setattr(tasks, "rewrite_pdf", rewrite_together)
    run = partial(tasks.prepare_evidence.call, evidence.pk)
    return in_threads(run, run), evidence


def test_of_two_workers_preparing_one_file_one_rewrite_is_kept(
    two_workers_prepare_one_file: tuple[list[Any], Evidence], media_in_tmp: Path
) -> None:
    outcomes, evidence = two_workers_prepare_one_file
    evidence.refresh_from_db()
    stored = sorted(p for p in media_in_tmp.rglob("*") if p.is_file())
    assert outcomes == [None, None]
    assert (evidence.is_ready, stored) == (True, [media_in_tmp / str(evidence.file.name)])


def test_two_people_attaching_the_same_file_at_once_are_both_flagged(
    draft: Declaration, teacher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each has checked the file before either records it; whichever records second sees the
    first's row (the content's lock, SQLite's serialised writers) and flags both."""
    colleague = UserFactory.create(department=teacher.department)
    theirs = declare(logged_in(colleague), "endorsed_report", {})
    met = threading.Barrier(2)
    real_check = views.check_upload

    def check_together(uploaded: Any, **options: Any) -> CheckedFile:
        checked = real_check(uploaded, **options)
        met.wait(WAIT_SECONDS)
        return checked

    monkeypatch.setattr(views, "check_upload", check_together)
    same = [("证书.png", png_bytes())]
    in_threads(
        lambda: post_files(logged_in(teacher), draft, same),
        lambda: post_files(logged_in(colleague), theirs, same),
    )
    flags = Evidence.objects.order_by("pk").values_list("shared", "declaration__shared_evidence")
    assert list(flags) == [(True, True), (True, True)]
