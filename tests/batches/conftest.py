from __future__ import annotations

from typing import Any

import pytest

from portal.models import Department, User
from tests.factories import UserFactory


@pytest.fixture
def civil_teachers(civil: Department) -> list[User]:
    """Three teachers of 土木工程系 to credit; none reviews anything."""
    return [
        UserFactory.create(name=name, department=civil) for name in ("甲老师", "乙老师", "丙老师")
    ]


@pytest.fixture(autouse=True)
def pages_in_english(settings: object) -> None:
    """These tests read messages; the pages answer in English (the zh-hans text is checked by
    the translation files, and the browser test runs in zh-hans)."""
    settings.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks: Any) -> Any:
    """As in a request: a task is queued once the request's writes commit."""
    return django_capture_on_commit_callbacks
