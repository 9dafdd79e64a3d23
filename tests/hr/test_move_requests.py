from __future__ import annotations

from django.urls import reverse

from hr.models import MoveRequest
from portal.models import Department, Notification, OrganisationEvent, User
from tests.factories import logged_in


def ask(teacher: User, to: Department) -> MoveRequest:
    logged_in(teacher).post(reverse("hr:my-move"), {"to_department": to.pk, "reason": "注册时选错"})
    return MoveRequest.objects.get(person=teacher)


def test_the_department_administrator_approves_and_the_teacher_is_moved_and_told(
    teacher: User, civil_admin: User, info: Department
) -> None:
    request = ask(teacher, info)
    logged_in(civil_admin).post(
        reverse("hr:move-decide", args=[request.pk]), {"decision": "approve", "note": "同意"}
    )
    teacher.refresh_from_db()
    assert teacher.department == info
    assert OrganisationEvent.objects.filter(
        kind="transferred", person=teacher, by=civil_admin
    ).exists()
    notice = Notification.objects.get(person=teacher)
    assert "已同意" in notice.subject
    page = logged_in(teacher).get(reverse("hr:my-move")).content.decode()
    assert "已通过" in page and "唐管理员" in page


def test_declining_needs_a_note_and_the_teacher_reads_it(
    teacher: User, hr_officer: User, info: Department
) -> None:
    request = ask(teacher, info)
    client = logged_in(hr_officer)
    client.post(reverse("hr:move-decide", args=[request.pk]), {"decision": "decline", "note": ""})
    request.refresh_from_db()
    assert request.state == MoveRequest.State.OPEN
    client.post(
        reverse("hr:move-decide", args=[request.pk]),
        {"decision": "decline", "note": "请先与系部沟通"},
    )
    teacher.refresh_from_db()
    assert teacher.department is not None and teacher.department.name == "土木工程系"
    assert "请先与系部沟通" in logged_in(teacher).get(reverse("hr:my-move")).content.decode()


def test_another_departments_administrator_cannot_decide(
    teacher: User, info_admin: User, info: Department
) -> None:
    request = ask(teacher, info)
    response = logged_in(info_admin).post(
        reverse("hr:move-decide", args=[request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.state == MoveRequest.State.OPEN


def test_a_teacher_has_one_open_request_at_a_time(teacher: User, info: Department) -> None:
    ask(teacher, info)
    other = Department.objects.create(name="建筑系")
    logged_in(teacher).post(reverse("hr:my-move"), {"to_department": other.pk, "reason": "又改"})
    assert MoveRequest.objects.filter(person=teacher).count() == 1


def test_a_decided_request_is_not_decided_twice(
    teacher: User, civil_admin: User, hr_officer: User, info: Department
) -> None:
    request = ask(teacher, info)
    logged_in(civil_admin).post(
        reverse("hr:move-decide", args=[request.pk]), {"decision": "approve"}
    )
    response = logged_in(hr_officer).post(
        reverse("hr:move-decide", args=[request.pk]),
        {"decision": "decline", "note": "不行"},
        follow=True,
    )
    assert "已经处理过" in response.content.decode()
    request.refresh_from_db()
    assert request.state == MoveRequest.State.APPROVED


def test_the_departments_administrators_are_told_of_a_new_request(
    teacher: User, civil_admin: User, info: Department
) -> None:
    ask(teacher, info)
    notice = Notification.objects.get(person=civil_admin)
    assert "林老师" in notice.subject and "信息工程系" in notice.subject
