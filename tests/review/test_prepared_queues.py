"""The queues' prepared statements (review/views.py) are written once and shared by every
reviewer: each reviewer still sees only their own queue, filtered and paged as asked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.models import Status
from portal.models import BureauScope, Department, User
from tests.factories import AdminAssignmentFactory, DepartmentFactory, UserFactory, logged_in
from tests.review.test_queue import bulk

pytestmark = pytest.mark.django_db


def _titles(user: User, url: str, **params: str | int) -> list[str]:
    """Whose declarations the queue lists, a name per row."""
    response = logged_in(user).get(url, params)
    assert response.status_code == 200
    return [row.person_name for row in response.context["rows"]]


def _tabs(user: User, url: str, **params: str | int) -> dict[str, object]:
    response = logged_in(user).get(url, params)
    return {status: n for status, _, n in response.context["counts"]}


def test_two_administrators_each_see_their_own_departments_in_the_same_statement(
    civil: Department, info: Department, civil_admin: User, info_admin: User
) -> None:
    civil_person = UserFactory.create(department=civil, name="土木人")
    info_person = UserFactory.create(department=info)
    bulk(civil_person, 3)
    bulk(info_person, 2)
    bulk(info_person, 1, claimed_hours=Decimal(9), year=2025)
    queue = reverse("review:queue")

    for _ in range(2):  # the second round runs the statements written in the first
        assert _titles(civil_admin, queue) == ["土木人"] * 3
        assert len(_titles(info_admin, queue)) == 3
        assert _titles(civil_admin, queue, flag="claimed_differs") == []
        assert len(_titles(info_admin, queue, flag="claimed_differs", status="all")) == 1
        assert len(_titles(info_admin, queue, year=2025)) == 1
        assert _tabs(info_admin, queue, flag="claimed_differs")[Status.SUBMITTED] == 1
        assert _tabs(civil_admin, queue, flag="claimed_differs")[Status.SUBMITTED] == 0


def test_an_administrator_of_two_departments_sees_both(
    civil: Department, civil_admin: User
) -> None:
    third = DepartmentFactory.create(name="机电工程系")
    AdminAssignmentFactory.create(person=civil_admin, department=third)
    bulk(UserFactory.create(department=civil), 2)
    bulk(UserFactory.create(department=third), 2)
    bulk(UserFactory.create(department=DepartmentFactory.create(name="外系")), 5)
    assert len(_titles(civil_admin, reverse("review:queue"))) == 4


def test_bureau_reviewers_of_each_scope_see_their_subjects(db: None) -> None:
    professional = UserFactory.create(department=None, bureau_scope=BureauScope.PROFESSIONAL)
    public = UserFactory.create(department=None, bureau_scope=BureauScope.PUBLIC)
    person = UserFactory.create()
    bulk(person, 2, status=Status.DEPARTMENT_APPROVED, subject="professional")
    bulk(person, 1, status=Status.DEPARTMENT_APPROVED, subject="public")
    queue = reverse("review:bureau-queue")
    for _ in range(2):
        assert len(_titles(professional, queue)) == 2
        assert len(_titles(public, queue)) == 1


def test_the_next_page_starts_after_the_last_row_shown(
    civil: Department, civil_admin: User
) -> None:
    made = bulk(UserFactory.create(department=civil), 55)
    queue = reverse("review:queue")
    first = logged_in(civil_admin).get(queue)
    after = first.context["next_after"]
    assert after == made[49].pk
    rest = logged_in(civil_admin).get(queue, {"after": after}).context["rows"]
    assert [row.pk for row in rest] == [d.pk for d in made[50:]]
    newest = logged_in(civil_admin).get(queue, {"status": "all"}).context["rows"]
    assert newest[0].pk == made[-1].pk
