from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.models import Status
from portal.exceptions import Refused
from portal.models import AdminAssignment, Department, EmploymentStatus, OrganisationEvent, User
from tests.factories import AdminAssignmentFactory, DepartmentFactory, UserFactory, logged_in
from tests.hr.helpers import bulk


@pytest.fixture
def vocational(db: None) -> Department:
    return DepartmentFactory.create(name="中职教育教学部")


def test_releasing_the_last_administrator_of_a_staffed_department_is_refused_with_its_reason(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    assignment = AdminAssignment.objects.get(person=civil_admin)
    events = OrganisationEvent.objects.count()
    response = logged_in(hr_officer).post(
        reverse("hr:administrator-release", args=[assignment.department_id, assignment.pk]),
        {"reason": "调岗"},
        follow=True,
    )
    assert "最后一位管理员" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.active
    assert OrganisationEvent.objects.count() == events


def test_releasing_the_last_administrator_of_a_department_with_only_pending_work_is_refused(
    civil: Department, hr_officer: User
) -> None:
    leaver = UserFactory.create(department=civil)
    bulk(leaver, 1, status=Status.SUBMITTED)
    leaver.employment_status = EmploymentStatus.RESIGNED
    leaver.save()
    assignment = AdminAssignmentFactory.create(department=civil)
    with pytest.raises(Refused):
        civil.release_administrator(assignment, by=hr_officer)
    assert AdminAssignment.objects.current().filter(pk=assignment.pk).exists()


def test_one_of_two_administrators_can_be_released_and_the_change_is_kept(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    second = UserFactory.create(name="第二管理员", department=teacher.department)
    civil = teacher.department
    assert civil is not None
    civil.assign_administrator(second, by=hr_officer, reason="两人共管")
    assignment = AdminAssignment.objects.get(person=civil_admin)
    response = logged_in(hr_officer).post(
        reverse("hr:administrator-release", args=[civil.pk, assignment.pk]), {"reason": "退休"}
    )
    assert response.status_code == 302
    assert not civil_admin.is_department_admin
    event = OrganisationEvent.objects.filter(kind=OrganisationEvent.Kind.ADMIN_RELEASED).get()
    assert (event.by, event.person, event.note) == (hr_officer, civil_admin, "退休")


def test_replacing_an_administrator_flagged_for_replacement_leaves_no_gap(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    civil = teacher.department
    assert civil is not None
    assignment = AdminAssignment.objects.get(person=civil_admin)
    client = logged_in(hr_officer)
    client.post(
        reverse("hr:administrator-flag", args=[civil.pk, assignment.pk]),
        {"needs_replacement": "on", "note": "工作调动"},
    )
    assignment.refresh_from_db()
    assert assignment.needs_replacement and assignment.note == "工作调动"
    page = client.get(reverse("hr:departments")).content.decode()
    assert "需调换" in page and "工作调动" in page
    newcomer = UserFactory.create(name="新管理员", department=civil)
    client.post(
        reverse("hr:administrator-replace", args=[civil.pk, assignment.pk]),
        {"person": newcomer.pk, "reason": "按计划调换"},
    )
    assert list(civil.admin_assignments.current().values_list("person__name", flat=True)) == [  # type: ignore[attr-defined]
        "新管理员"
    ]
    kinds = list(
        OrganisationEvent.objects.filter(department=civil)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["admin_flagged", "admin_assigned", "admin_released"]


def test_flagging_needs_a_note(civil_admin: User, hr_officer: User) -> None:
    assignment = AdminAssignment.objects.get(person=civil_admin)
    response = logged_in(hr_officer).post(
        reverse("hr:administrator-flag", args=[assignment.department_id, assignment.pk]),
        {"needs_replacement": "on", "note": ""},
        follow=True,
    )
    assert "请说明" in response.content.decode()
    assignment.refresh_from_db()
    assert not assignment.needs_replacement


def test_one_person_may_administer_several_departments(
    civil_admin: User, info: Department, hr_officer: User
) -> None:
    info.assign_administrator(civil_admin, by=hr_officer)
    assert set(civil_admin.administered_departments().values_list("name", flat=True)) == {
        "土木工程系",
        "信息工程系",
    }


def test_a_person_who_left_cannot_become_an_administrator(
    civil: Department, hr_officer: User
) -> None:
    leaver = UserFactory.create(department=civil)
    leaver.leave(EmploymentStatus.RETIRED, by=hr_officer)
    with pytest.raises(Refused, match=r"left|离"):
        civil.assign_administrator(leaver, by=hr_officer)
    assert not AdminAssignment.objects.filter(person=leaver).exists()


def test_closing_a_department_with_staff_is_refused_with_its_reason_and_writes_nothing(
    vocational: Department, hr_officer: User
) -> None:
    UserFactory.create(department=vocational)
    events = OrganisationEvent.objects.count()
    response = logged_in(hr_officer).post(
        reverse("hr:department-close", args=[vocational.pk]), {"reason": "撤并"}, follow=True
    )
    assert "先把他们调到其他部门" in response.content.decode()
    vocational.refresh_from_db()
    assert vocational.active
    assert OrganisationEvent.objects.count() == events


def test_closing_a_department_with_pending_work_is_refused(
    vocational: Department, hr_officer: User
) -> None:
    leaver = UserFactory.create(department=vocational)
    bulk(leaver, 2, status=Status.DEPARTMENT_APPROVED)
    leaver.leave(EmploymentStatus.RESIGNED, by=hr_officer)
    with pytest.raises(Refused, match="2"):
        vocational.close(by=hr_officer)
    vocational.refresh_from_db()
    assert vocational.active


def test_the_admin_refuses_to_close_a_department_with_staff(
    vocational: Department, hr_officer: User
) -> None:
    UserFactory.create(department=vocational)
    response = logged_in(hr_officer).post(
        reverse("admin:portal_department_changelist"),
        {"action": "close_departments", "_selected_action": [vocational.pk]},
        follow=True,
    )
    assert response.status_code == 200
    vocational.refresh_from_db()
    assert vocational.active


def test_the_vocational_case_move_everyone_then_close_releases_the_administrators(
    vocational: Department, civil: Department, hr_officer: User
) -> None:
    staff = UserFactory.create_batch(3, department=vocational)
    admin = UserFactory.create(name="中职管理员", department=vocational)
    vocational.assign_administrator(admin, by=hr_officer)
    pending = bulk(staff[0], 1)[0]
    client = logged_in(hr_officer)
    client.post(
        reverse("hr:department-transfer", args=[vocational.pk]),
        {"everyone": "1", "to": civil.pk, "reason": "中职部撤销"},
    )
    assert not vocational.active_staff().exists()
    pending.refresh_from_db()
    assert pending.department == civil
    response = client.post(reverse("hr:department-close", args=[vocational.pk]), follow=True)
    vocational.refresh_from_db()
    assert not vocational.active, response.content.decode()
    assert not AdminAssignment.objects.current().filter(department=vocational).exists()


def test_departments_can_be_created_and_renamed(hr_officer: User) -> None:
    client = logged_in(hr_officer)
    client.post(reverse("hr:department-create"), {"name": "智能制造系"})
    department = Department.objects.get(name="智能制造系")
    client.post(reverse("hr:department-rename", args=[department.pk]), {"name": "智能制造学院"})
    department.refresh_from_db()
    assert department.name == "智能制造学院"
    notes = list(
        OrganisationEvent.objects.filter(department=department).values_list("kind", "note")
    )
    assert ("department_renamed", "智能制造系 → 智能制造学院") in notes


def test_the_department_list_shows_staff_pending_and_the_share_that_met_last_year(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    from django.utils import timezone

    last_year = timezone.localdate().year - 1
    bulk(
        teacher,
        1,
        status=Status.APPROVED,
        year=last_year,
        facts={"hours": "60"},
        claimed_hours=60,
        computed_hours=60,
    )
    bulk(
        teacher,
        1,
        status=Status.APPROVED,
        year=last_year,
        subject="public",
        facts={"hours": "30"},
        claimed_hours=30,
        computed_hours=30,
    )
    bulk(civil_admin, 2)
    response = logged_in(hr_officer).get(reverse("hr:departments"))
    rows = {d.name: (d.staff, d.pending, share) for d, _met, share in response.context["rows"]}
    assert rows["土木工程系"] == (2, 2, 50)


def test_an_administrator_added_in_the_admin_goes_through_the_same_door(
    civil: Department, hr_officer: User
) -> None:
    person = UserFactory.create(department=civil)
    client = logged_in(hr_officer)
    client.post(
        reverse("admin:portal_adminassignment_add"),
        {"person": person.pk, "department": civil.pk, "starts_on": "2026-01-01", "note": ""},
    )
    assert person.is_department_admin
    assert OrganisationEvent.objects.filter(kind="admin_assigned", person=person).exists()
    leaver = UserFactory.create(department=civil)
    leaver.leave(EmploymentStatus.RESIGNED, by=hr_officer)
    response = client.post(
        reverse("admin:portal_adminassignment_add"),
        {"person": leaver.pk, "department": civil.pk, "starts_on": "2026-01-01", "note": ""},
    )
    assert response.status_code == 200
    assert not AdminAssignment.objects.filter(person=leaver).exists()


def test_the_records_page_offers_review_only_where_the_hr_office_is_the_reviewer(
    teacher: User, info_admin: User, hr_officer: User
) -> None:
    unadministered = bulk(teacher, 1, status=Status.SUBMITTED)[0]
    colleague = UserFactory.create(department=info_admin.department)
    administered = bulk(colleague, 1, status=Status.SUBMITTED)[0]
    reviewable = logged_in(hr_officer).get(reverse("hr:records")).context["reviewable"]
    assert reviewable == {unadministered.pk}
    assert administered.pk not in reviewable
