from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AdminAssignment, Department, User
from tests.factories import UserFactory, logged_in


def test_each_role_lands_on_its_own_work(
    teacher: User, civil_admin: User, hr_officer: User, bureau_reviewer: User
) -> None:
    landings = {
        user.name: logged_in(user).get(reverse("portal:home"))["Location"]
        for user in (teacher, civil_admin, hr_officer, bureau_reviewer)
    }
    assert landings == {
        teacher.name: reverse("declarations:my-hours"),
        civil_admin.name: reverse("review:queue"),
        hr_officer.name: reverse("hr:departments"),
        bureau_reviewer.name: reverse("review:bureau-queue"),
    }


def test_anonymous_visitors_are_sent_to_log_in(db: None) -> None:
    for name in (
        "portal:home",
        "portal:profile",
        "portal:department-people",
        "portal:organisation",
    ):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["portal:department-people", "portal:organisation"])
def test_a_teacher_may_not_open_administrators_pages(teacher: User, name: str) -> None:
    assert logged_in(teacher).get(reverse(name)).status_code == 403


def test_a_bureau_reviewer_may_not_open_the_hr_pages(bureau_reviewer: User) -> None:
    assert logged_in(bureau_reviewer).get(reverse("portal:organisation")).status_code == 403


def test_a_department_admin_may_not_open_the_hr_pages(civil_admin: User) -> None:
    assert logged_in(civil_admin).get(reverse("portal:organisation")).status_code == 403


def test_an_administrator_sees_only_their_departments_people(
    teacher: User, civil_admin: User, info_admin: User
) -> None:
    page = logged_in(info_admin).get(reverse("portal:department-people"))
    assert teacher.pk not in [person.pk for person in page.context["people"]]
    page = logged_in(civil_admin).get(reverse("portal:department-people"))
    assert teacher.pk in [person.pk for person in page.context["people"]]


def test_an_administrator_confirms_a_registrant_of_their_department(
    civil: Department, civil_admin: User
) -> None:
    newcomer = UserFactory.create(department=civil, confirmed_at=None)
    logged_in(civil_admin).post(reverse("portal:confirm-person", args=[newcomer.pk]))
    newcomer.refresh_from_db()
    assert newcomer.confirmed_by == civil_admin


def test_another_departments_registrant_is_not_found(civil: Department, info_admin: User) -> None:
    newcomer = UserFactory.create(department=civil, confirmed_at=None)
    response = logged_in(info_admin).post(reverse("portal:confirm-person", args=[newcomer.pk]))
    assert response.status_code == 404
    newcomer.refresh_from_db()
    assert newcomer.confirmed_at is None


def test_a_teacher_cannot_confirm_anyone(civil: Department, teacher: User) -> None:
    newcomer = UserFactory.create(department=civil, confirmed_at=None)
    response = logged_in(teacher).post(reverse("portal:confirm-person", args=[newcomer.pk]))
    assert response.status_code == 403
    newcomer.refresh_from_db()
    assert newcomer.confirmed_at is None


def test_an_ended_assignment_no_longer_gives_access(civil_admin: User) -> None:
    AdminAssignment.objects.filter(person=civil_admin).update(active=False)
    assert logged_in(civil_admin).get(reverse("portal:department-people")).status_code == 403


def test_the_hr_office_sees_every_department_with_its_administrators(
    civil_admin: User, info_admin: User, hr_officer: User
) -> None:
    page = logged_in(hr_officer).get(reverse("portal:organisation")).content.decode()
    assert "唐管理员" in page
    assert "曹管理员" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_people_page_runs_a_fixed_number_of_queries(
    civil: Department, civil_admin: User, rows: int, django_assert_max_num_queries: object
) -> None:
    UserFactory.create_batch(rows, department=civil)
    client = logged_in(civil_admin)
    with django_assert_max_num_queries(6):  # type: ignore[operator]  # 6: the header's unread count
        assert client.get(reverse("portal:department-people")).status_code == 200


def test_the_people_page_names_the_departments_in_its_statement(
    civil: Department, civil_admin: User
) -> None:
    """The departments come loaded with the administrator: the people's statement names them,
    with no subquery for what the page has already read."""
    UserFactory.create(department=civil, name="林思远")
    with CaptureQueriesContext(connection) as captured:
        page = logged_in(civil_admin).get(reverse("portal:department-people"))
    assert "林思远" in page.content.decode()
    people = [q["sql"] for q in captured.captured_queries if 'AS "confirmed"' in q["sql"]]
    assert len(people) == 1 and "SELECT" not in people[0].split(" WHERE ", 1)[1]


@pytest.mark.parametrize("departments", [2, 20])
def test_the_organisation_page_runs_a_fixed_number_of_queries(
    hr_officer: User, departments: int, django_assert_max_num_queries: object
) -> None:
    from tests.factories import AdminAssignmentFactory

    AdminAssignmentFactory.create_batch(departments)
    client = logged_in(hr_officer)
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        assert client.get(reverse("portal:organisation")).status_code == 200
