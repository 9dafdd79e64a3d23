"""Two HR officers acting at the same moment, each on their own connection (threads), on
PostgreSQL and SQLite: the rules hold for the pair, not just for each change alone."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import transaction

from portal.exceptions import Refused
from portal.models import AdminAssignment, Department, User
from tests.factories import AdminAssignmentFactory, UserFactory
from tests.review.test_concurrency import HOLD_SECONDS, WAIT_SECONDS, in_threads


def release_and_hold(assignment_pk: int, by: User, start: threading.Barrier) -> str:
    assignment = AdminAssignment.objects.select_related("department", "person").get(
        pk=assignment_pk
    )
    start.wait(WAIT_SECONDS)
    with transaction.atomic():
        assignment.department.release_administrator(assignment, by=by, reason="同时解除")
        time.sleep(HOLD_SECONDS)
    return "released"


def test_two_officers_releasing_both_administrators_at_once_leave_one(
    transactional_db: None, teacher: User, civil_admin: User, hr_officer: User
) -> None:
    civil = teacher.department
    assert civil is not None
    second = AdminAssignmentFactory.create(
        person=UserFactory.create(department=civil), department=civil
    )
    first = AdminAssignment.objects.get(person=civil_admin)
    start = threading.Barrier(2)
    outcomes = in_threads(
        lambda: release_and_hold(first.pk, hr_officer, start),
        lambda: release_and_hold(second.pk, hr_officer, start),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Refused", "str"]
    assert AdminAssignment.objects.current().filter(department=civil).count() == 1


def close_and_hold(department_pk: int, by: User, start: threading.Barrier) -> str:
    department = Department.objects.get(pk=department_pk)
    start.wait(WAIT_SECONDS)
    with transaction.atomic():
        department.close(by=by)
        time.sleep(HOLD_SECONDS)
    return "closed"


def move_in(person_pk: int, department_pk: int, by: User, start: threading.Barrier) -> str:
    person = User.objects.get(pk=person_pk)
    department = Department.objects.get(pk=department_pk)
    start.wait(WAIT_SECONDS)
    person.move_to(department, by=by)
    return "moved"


def test_nobody_lands_in_a_department_closed_at_the_same_moment(
    transactional_db: None, teacher: User, hr_officer: User
) -> None:
    closing = Department.objects.create(name="中职教育教学部")
    start = threading.Barrier(2)
    outcomes: list[Any] = in_threads(
        lambda: close_and_hold(closing.pk, hr_officer, start),
        lambda: move_in(teacher.pk, closing.pk, hr_officer, start),
    )
    closing.refresh_from_db()
    teacher.refresh_from_db()
    staff = closing.active_staff().count()
    # Either the move came first (and closing was refused) or the close did (and the move was).
    assert (not closing.active and staff == 0) or (closing.active and staff == 1)
    assert sum(isinstance(o, Refused) for o in outcomes) == 1
