"""Who reaches which declaration and file: every URL, every role boundary."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from declarations.models import Declaration, Evidence, Role, Status
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import UserFactory, logged_in, png_bytes


@pytest.fixture
def declaration(teacher: User) -> Declaration:
    client = logged_in(teacher)
    declared = declare(client, "endorsed_report", {})
    upload(client, declared, "leader_instruction", "批示.png", png_bytes())
    return declared


@pytest.fixture
def evidence(declaration: Declaration) -> Evidence:
    return declaration.evidence.get()  # type: ignore[attr-defined]


READ_URLS = ["declarations:detail"]
WRITE_URLS = ["declarations:edit"]
POST_URLS = ["declarations:submit", "declarations:recall", "declarations:delete"]


def test_the_declarant_reads_and_writes(teacher: User, declaration: Declaration) -> None:
    client = logged_in(teacher)
    assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 200
    assert client.get(reverse("declarations:edit", args=[declaration.pk])).status_code == 200


@pytest.mark.parametrize("name", READ_URLS + WRITE_URLS + POST_URLS)
def test_another_teacher_finds_nothing(declaration: Declaration, civil: object, name: str) -> None:
    other = UserFactory.create(department=declaration.person.department)
    client = logged_in(other)
    method = client.post if name in POST_URLS else client.get
    assert method(reverse(name, args=[declaration.pk])).status_code == 404


@pytest.mark.parametrize("name", READ_URLS + WRITE_URLS + POST_URLS)
def test_another_departments_administrator_finds_nothing(
    declaration: Declaration, info_admin: User, name: str
) -> None:
    client = logged_in(info_admin)
    method = client.post if name in POST_URLS else client.get
    assert method(reverse(name, args=[declaration.pk])).status_code == 404


def test_her_departments_administrator_reads_but_may_not_change(
    declaration: Declaration, civil_admin: User
) -> None:
    client = logged_in(civil_admin)
    assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 200
    assert client.get(reverse("declarations:edit", args=[declaration.pk])).status_code == 403
    assert client.post(reverse("declarations:delete", args=[declaration.pk])).status_code == 403
    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT


def test_the_hr_office_reads_every_declaration(declaration: Declaration, hr_officer: User) -> None:
    client = logged_in(hr_officer)
    assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 200


def test_a_bureau_reviewer_sees_nothing_before_the_department_approves(
    declaration: Declaration, bureau_reviewer: User
) -> None:
    client = logged_in(bureau_reviewer)
    assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 404


def test_a_bureau_reviewer_reads_department_approved_work_in_scope(
    declaration: Declaration, teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    declaration.move(Status.SUBMITTED, by=teacher, role=Role.DECLARANT)
    declaration.move(Status.DEPARTMENT_APPROVED, by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    client = logged_in(bureau_reviewer)
    assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 200


def test_files_follow_their_declaration(
    evidence: Evidence, teacher: User, civil_admin: User, info_admin: User
) -> None:
    url = reverse("declarations:file", args=[evidence.pk])
    assert logged_in(teacher).get(url).status_code == 200
    assert logged_in(civil_admin).get(url).status_code == 200
    assert logged_in(info_admin).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_another_teacher_cannot_upload_to_her_declaration(declaration: Declaration) -> None:
    other = UserFactory.create(department=declaration.person.department)
    response = upload(logged_in(other), declaration, "leader_instruction", "x.png", png_bytes())
    assert response.status_code == 404
    assert declaration.evidence.count() == 1  # type: ignore[attr-defined]


def test_anonymous_visitors_are_sent_to_log_in(declaration: Declaration) -> None:
    for name in ("declarations:my-hours", "declarations:choose-type"):
        assert Client().get(reverse(name)).status_code == 302
    response = Client().get(reverse("declarations:detail", args=[declaration.pk]))
    assert response["Location"].startswith(reverse("login"))


def test_another_teacher_cannot_remove_her_file(
    declaration: Declaration, evidence: Evidence
) -> None:
    other = UserFactory.create(department=declaration.person.department)
    url = reverse("declarations:remove-file", args=[declaration.pk, evidence.pk])
    assert logged_in(other).post(url).status_code == 404
    evidence.refresh_from_db()
    assert evidence.removed_at is None


def test_her_administrator_cannot_remove_her_file(
    declaration: Declaration, evidence: Evidence, civil_admin: User
) -> None:
    url = reverse("declarations:remove-file", args=[declaration.pk, evidence.pk])
    assert logged_in(civil_admin).post(url).status_code == 403


def test_thumbnails_follow_their_declaration(evidence: Evidence, info_admin: User) -> None:
    url = reverse("declarations:thumbnail", args=[evidence.pk])
    assert logged_in(info_admin).get(url).status_code == 404


def test_the_preview_needs_a_login(db: None) -> None:
    response = Client().post(reverse("declarations:preview", args=["conference"]))
    assert response.status_code == 302


@pytest.mark.parametrize("people", [2, 20])
def test_the_type_picker_lists_an_administrators_people_in_fixed_queries(
    civil_admin: User, people: int, django_assert_max_num_queries: object
) -> None:
    UserFactory.create_batch(people, department=civil_admin.department)
    client = logged_in(civil_admin)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("declarations:choose-type"))
    assert len(response.context["people"]) == people
