from __future__ import annotations

from pathlib import Path

import pytest

from portal.models import BureauScope, Department, User
from tests.factories import AdminAssignmentFactory, DepartmentFactory, UserFactory


@pytest.fixture
def civil(db: None) -> Department:
    return DepartmentFactory.create(name="土木工程系")


@pytest.fixture
def info(db: None) -> Department:
    return DepartmentFactory.create(name="信息工程系")


@pytest.fixture
def teacher(civil: Department) -> User:
    """A teacher in 土木工程系: sees only her own records."""
    return UserFactory.create(name="林老师", department=civil)


@pytest.fixture
def civil_admin(civil: Department) -> User:
    """Her department's administrator: sees 土木工程系's people, confirms registrants."""
    person = UserFactory.create(name="唐管理员", department=civil)
    AdminAssignmentFactory.create(person=person, department=civil)
    return person


@pytest.fixture
def info_admin(info: Department) -> User:
    """Another department's administrator: sees 信息工程系 only, nothing of 土木工程系."""
    person = UserFactory.create(name="曹管理员", department=info)
    AdminAssignmentFactory.create(person=person, department=info)
    return person


@pytest.fixture
def hr_officer(db: None) -> User:
    """The HR office (人事处): sees everything in the unit."""
    return UserFactory.create(
        name="何人事", department=None, is_hr_office=True, is_staff=True, is_superuser=True
    )


@pytest.fixture
def bureau_reviewer(db: None) -> User:
    """A bureau reviewer for professional subjects: final approval, no department."""
    return UserFactory.create(name="梁审核", department=None, bureau_scope=BureauScope.PROFESSIONAL)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """Real hashing costs ~0.3 s a password; tests check behaviour, not key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings: object) -> None:
    """Tasks run inside the request that enqueues them; tests of the worker itself opt out."""
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(autouse=True)
def static_files_by_their_own_names(settings: object) -> None:
    """Pages link static files as they are; the hashed, compressed names that production serves
    need collectstatic, which tests/portal/test_serving.py runs for a real gunicorn."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def media_in_tmp(settings: object, tmp_path: Path) -> Path:
    """Uploaded files go to a fresh folder per test, through the real storage API; so do the
    temporary files uploads are spooled to."""
    media = tmp_path / "media"
    spool = tmp_path / "upload-spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
    }
    return media
