from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from batches.models import Batch
from portal.models import User
from tests.batches.helpers import commit, enter, people_csv, rows_for
from tests.factories import logged_in


@pytest.fixture
def batch(hr_officer: User, civil_teachers: list[User], run_tasks: Any) -> Batch:
    client = logged_in(hr_officer)
    return commit(
        client, enter(client, people_file=people_csv(rows_for(civil_teachers))), run_tasks
    )


def test_a_teacher_has_no_batch_pages(teacher: User, batch: Batch) -> None:
    client = logged_in(teacher)
    assert client.get(reverse("batches:list")).status_code == 403
    assert client.get(reverse("batches:detail", args=[batch.pk])).status_code == 403


def test_another_departments_administrator_does_not_see_it(info_admin: User, batch: Batch) -> None:
    client = logged_in(info_admin)
    assert batch.title not in client.get(reverse("batches:list")).content.decode()
    assert client.get(reverse("batches:detail", args=[batch.pk])).status_code == 404


def test_the_bureau_cannot_decide_before_the_department(
    bureau_reviewer: User, batch: Batch
) -> None:
    client = logged_in(bureau_reviewer)
    assert client.get(reverse("batches:detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("batches:review", args=[batch.pk])).status_code == 404


def test_whoever_entered_it_does_not_approve_it(hr_officer: User, batch: Batch) -> None:
    assert logged_in(hr_officer).post(reverse("batches:review", args=[batch.pk])).status_code == 403


def test_the_department_administrator_may_approve_but_not_withdraw_the_hr_offices_batch(
    civil_admin: User, batch: Batch
) -> None:
    client = logged_in(civil_admin)
    assert client.get(reverse("batches:review", args=[batch.pk])).status_code == 200
    assert (
        client.post(reverse("batches:withdraw", args=[batch.pk]), {"reason": "x"}).status_code
        == 403
    )
