"""Only the HR office reaches the HR office's pages; a department administrator reaches only
issuing one-time passwords to their people and deciding their people's requests to move."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hr.models import ImportBatch, MoveRequest
from portal.models import AdminAssignment, Department, User
from tests.factories import logged_in


@pytest.fixture
def objects(teacher: User, civil_admin: User, hr_officer: User, info: Department) -> dict[str, Any]:
    assignment = AdminAssignment.objects.get(person=civil_admin)
    batch = ImportBatch.objects.create(created_by=hr_officer, file_name="x.csv", rows=[])
    move = MoveRequest.objects.create(
        person=teacher, from_department=teacher.department, to_department=info
    )
    return {
        "department": assignment.department_id,
        "assignment": assignment.pk,
        "person": teacher.pk,
        "batch": batch.pk,
        "move": move.pk,
    }


def hr_only_pages(o: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    d, a, p = o["department"], o["assignment"], o["person"]
    return [
        ("get", "hr:departments", []),
        ("post", "hr:department-create", []),
        ("get", "hr:department", [d]),
        ("post", "hr:department-rename", [d]),
        ("post", "hr:department-close", [d]),
        ("post", "hr:department-transfer", [d]),
        ("post", "hr:administrator-assign", [d]),
        ("post", "hr:administrator-flag", [d, a]),
        ("post", "hr:administrator-release", [d, a]),
        ("post", "hr:administrator-replace", [d, a]),
        ("get", "hr:not-declared", [d]),
        ("get", "hr:people", []),
        ("get", "hr:person-add", []),
        ("get", "hr:person", [p]),
        ("post", "hr:person-transfer", [p]),
        ("post", "hr:person-leave", [p]),
        ("post", "hr:person-roles", [p]),
        ("get", "hr:import-upload", []),
        ("get", "hr:import-template", ["csv"]),
        ("get", "hr:import", [o["batch"]]),
        ("get", "hr:import-progress", [o["batch"]]),
        ("get", "hr:records", []),
        ("get", "hr:progress", []),
        ("get", "hr:history", []),
    ]


def test_teachers_and_administrators_are_refused_every_hr_only_page(
    objects: dict[str, Any], teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    refused = {
        (user.name, name): getattr(logged_in(user), method)(reverse(name, args=args)).status_code
        for user in (teacher, civil_admin, bureau_reviewer)
        for method, name, args in hr_only_pages(objects)
    }
    assert set(refused.values()) == {403}


def test_anonymous_visitors_are_sent_to_log_in(objects: dict[str, Any]) -> None:
    for method, name, args in hr_only_pages(objects):
        response = getattr(Client(), method)(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_hr_office_opens_every_page(objects: dict[str, Any], hr_officer: User) -> None:
    client = logged_in(hr_officer)
    for method, name, args in hr_only_pages(objects):
        if method == "get":
            assert client.get(reverse(name, args=args)).status_code == 200, name


def test_an_unknown_id_is_404_for_the_hr_office(hr_officer: User) -> None:
    client = logged_in(hr_officer)
    assert client.get(reverse("hr:department", args=[999999])).status_code == 404
    assert client.get(reverse("hr:person", args=[999999])).status_code == 404
    assert client.get(reverse("hr:import", args=[999999])).status_code == 404


def test_move_requests_are_for_administrators_and_the_hr_office_not_teachers(
    objects: dict[str, Any], teacher: User, civil_admin: User, info_admin: User
) -> None:
    assert logged_in(teacher).get(reverse("hr:move-requests")).status_code == 403
    mine = logged_in(civil_admin).get(reverse("hr:move-requests")).context["page"]
    others = logged_in(info_admin).get(reverse("hr:move-requests")).context["page"]
    assert [r.pk for r in mine] == [objects["move"]]
    assert list(others) == []


def test_the_django_admin_is_for_superusers_only(civil_admin: User, hr_officer: User) -> None:
    civil_admin.is_staff = True
    civil_admin.save()
    assert logged_in(civil_admin).get(reverse("admin:index")).status_code == 302
    officer = User.objects.get(pk=hr_officer.pk)
    officer.is_superuser = False
    officer.save()
    assert logged_in(officer).get(reverse("admin:index")).status_code == 302
    officer.is_superuser = True
    officer.save()
    assert logged_in(officer).get(reverse("admin:index")).status_code == 200


def test_the_hr_pages_read_in_english_too(objects: dict[str, Any], hr_officer: User) -> None:
    client = logged_in(hr_officer)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("hr:department", args=[objects["department"]])).content.decode()
    assert "Administrators" in page and "Close this department" in page
    assert "管理员" not in page.replace("唐管理员", "")
