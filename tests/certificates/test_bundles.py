"""A department's certificates for a year as one ZIP, built by a task (not in the request), with
its progress shown."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.urls import reverse

from certificates.models import Bundle, SealedRecord
from portal.models import Department, User
from tests.certificates.conftest import complete_year
from tests.factories import logged_in


def test_hr_gets_one_zip_of_the_departments_sealed_certificates(
    teacher: User,
    civil_admin: User,
    info_admin: User,
    hr_officer: User,
    civil: Department,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for person in (teacher, civil_admin, info_admin):
        complete_year(person)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    SealedRecord.seal(person=info_admin, year=2025, by=hr_officer)
    client = logged_in(hr_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:bundles"), {"department": civil.pk, "year": 2025}
        )
    bundle = Bundle.objects.get()
    assert response.url == reverse("certificates:bundle", args=[bundle.pk])  # type: ignore[attr-defined]
    page = client.get(response.url)  # type: ignore[attr-defined]
    assert page.context["bundle"].state == Bundle.State.READY
    assert (
        "1 / 1" in page.content.decode()
        or "1 of 1" in page.content.decode()
        or (page.context["bundle"].done == 1)
    )
    download: Any = client.get(reverse("certificates:bundle-download", args=[bundle.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    number = teacher.certificate.number  # type: ignore[attr-defined]
    assert archive.namelist() == [f"林老师-certificate-{number}.pdf"]
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")


def test_a_bundle_still_building_shows_progress_and_cannot_be_downloaded(
    hr_officer: User, civil: Department
) -> None:
    bundle = Bundle.objects.create(
        department=civil,
        year=2025,
        requested_by=hr_officer,
        state=Bundle.State.BUILDING,
        total=4,
        done=1,
    )
    client = logged_in(hr_officer)
    page = client.get(reverse("certificates:bundle", args=[bundle.pk]))
    assert b'http-equiv="refresh"' in page.content
    assert b'value="25"' in page.content
    download = client.get(reverse("certificates:bundle-download", args=[bundle.pk]))
    assert download.status_code == 404


def test_the_request_only_queues_the_work(
    teacher: User, hr_officer: User, civil: Department, settings: object
) -> None:
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    complete_year(teacher)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    logged_in(hr_officer).post(
        reverse("certificates:bundles"), {"department": civil.pk, "year": 2025}
    )
    assert Bundle.objects.get().state == Bundle.State.WAITING
