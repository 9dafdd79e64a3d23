"""Whoever created or submitted a declaration (an administrator filing 单位申报 for someone)
never decides it: another administrator of the department does, or the HR office where there
is none."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

import rules
from declarations.exceptions import SelfReview
from declarations.models import Declaration, Role, Status
from portal.models import Department, User
from tests.declarations.helpers import attach_required
from tests.factories import AdminAssignmentFactory, UserFactory, logged_in


@pytest.fixture
def second_admin(civil: Department) -> User:
    """A second administrator of 土木工程系."""
    person = UserFactory.create(name="宋管理员", department=civil)
    AdminAssignmentFactory.create(person=person, department=civil)
    return person


def filed(person: User, *, created_by: User, submitted_by: User) -> Declaration:
    """A unit declaration (单位申报): `created_by` files it for `person`, `submitted_by` submits."""
    declaration = Declaration.create_draft(
        person=person,
        by=created_by,
        outcome=rules.assess("endorsed_report", {}, year=2026),
        claimed=None,
        type="endorsed_report",
        facts={},
        title="调研报告获批示",
        organiser="",
        starts_on=datetime.date(2026, 5, 10),
        ends_on=datetime.date(2026, 5, 12),
        year=2026,
        subject="professional",
        note="",
    )
    attach_required(declaration)
    declaration.move(
        Status.SUBMITTED, by=submitted_by, role=Role.of_declarant(person.pk, submitted_by.pk)
    )
    return declaration


def queue_of(user: User) -> list[Declaration]:
    return list(logged_in(user).get(reverse("review:queue")).context["rows"])


def test_the_administrator_who_filed_it_does_not_see_it_in_their_queue(
    teacher: User, civil_admin: User, second_admin: User
) -> None:
    filed(teacher, created_by=civil_admin, submitted_by=civil_admin)
    assert queue_of(civil_admin) == []


def test_another_administrator_of_the_department_decides_it(
    teacher: User, civil_admin: User, second_admin: User
) -> None:
    declaration = filed(teacher, created_by=civil_admin, submitted_by=civil_admin)
    assert queue_of(second_admin) == [declaration]


def test_the_hr_office_decides_it_where_the_department_has_no_other_administrator(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    declaration = filed(teacher, created_by=civil_admin, submitted_by=civil_admin)
    assert queue_of(hr_officer) == [declaration]


def test_whoever_submitted_it_does_not_decide_it_either(
    teacher: User, civil_admin: User, second_admin: User, hr_officer: User
) -> None:
    declaration = filed(teacher, created_by=civil_admin, submitted_by=second_admin)
    assert (queue_of(civil_admin), queue_of(second_admin), queue_of(hr_officer)) == (
        [],
        [],
        [declaration],
    )


def test_the_filing_administrator_may_not_decide_it_through_the_page(
    teacher: User, civil_admin: User, second_admin: User
) -> None:
    declaration = filed(teacher, created_by=civil_admin, submitted_by=civil_admin)
    response = logged_in(civil_admin).post(
        reverse("review:department-review", args=[declaration.pk]),
        {"decision": "approve", "seen_event": declaration.history.latest("pk").pk},  # type: ignore[attr-defined]
    )
    declaration.refresh_from_db()
    assert (response.status_code, declaration.status) == (403, Status.SUBMITTED)


def test_the_door_refuses_a_decision_by_whoever_filed_it(
    teacher: User, civil_admin: User, second_admin: User
) -> None:
    declaration = filed(teacher, created_by=civil_admin, submitted_by=civil_admin)
    with pytest.raises(SelfReview):
        declaration.move(Status.DEPARTMENT_APPROVED, by=civil_admin, role=Role.DEPARTMENT_ADMIN)
