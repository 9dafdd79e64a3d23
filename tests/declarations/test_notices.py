"""People hear about what happens to their work, in their own language."""

from __future__ import annotations

from django.urls import reverse

from declarations.models import Declaration, Status
from portal.models import Notification, User
from tests.declarations.helpers import attach_required, submitted
from tests.factories import logged_in, make_id_number
from tests.review.test_workflow import decide


def subjects(person: User) -> list[str]:
    return list(Notification.objects.filter(person=person).values_list("subject", flat=True))


def test_a_return_tells_the_declarant_why(teacher: User, civil_admin: User) -> None:
    declaration = submitted(teacher)
    decide(civil_admin, declaration, decision="return", reason_text="缺少单位证明")
    note = Notification.objects.get(person=teacher)
    assert note.subject == f"申报被退回：{declaration.title}"
    assert "缺少单位证明" in note.body
    assert note.link == reverse("declarations:detail", args=[declaration.pk])


def test_approval_and_lowered_hours_are_told(
    teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    declaration = submitted(teacher)
    decide(civil_admin, declaration, decision="approve", hours="12", reason_text="只认可部分")
    decide(bureau_reviewer, declaration, "bureau", decision="approve")
    assert sorted(subjects(teacher)) == sorted(
        [
            f"学时由 20 核减为 12：{declaration.title}",
            f"申报已通过：{declaration.title}，12 学时",
        ]
    )


def test_a_revocation_is_told_with_its_reason(teacher: User, bureau_reviewer: User) -> None:
    declaration = submitted(teacher)
    declaration.move(Status.DEPARTMENT_APPROVED, by=bureau_reviewer, role="hr_office")
    declaration.move(Status.APPROVED, by=bureau_reviewer, role="bureau")
    declaration.revoke(by=bureau_reviewer, reason="证书系伪造")
    note = Notification.objects.filter(person=teacher).first()
    assert note is not None
    assert note.subject.startswith("审核通过已撤销")
    assert "证书系伪造" in note.body


def test_administrators_hear_of_new_work_in_their_queue(
    teacher: User, civil_admin: User, info_admin: User, bureau_reviewer: User
) -> None:
    declaration = submitted(teacher)
    assert subjects(civil_admin) == [f"新的待审申报：林老师，{declaration.title}"]
    assert subjects(info_admin) == []
    decide(civil_admin, declaration, decision="approve")
    assert subjects(bureau_reviewer) == [f"新的待主管部门审核申报：林老师，{declaration.title}"]


def test_each_person_reads_in_their_own_language(teacher: User, civil_admin: User) -> None:
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    declaration = submitted(teacher)
    decide(civil_admin, declaration, decision="return", reason_text="缺少单位证明")
    assert subjects(teacher) == [f"Returned to you: {declaration.title}"]
    assert subjects(civil_admin) == [f"新的待审申报：林老师，{declaration.title}"]


def test_nothing_sent_carries_a_full_id_number(teacher: User, civil_admin: User) -> None:
    number = make_id_number(55)
    declaration = submitted(teacher)
    decide(civil_admin, declaration, decision="return", reason_text=f"证件号 {number} 不符")
    assert number not in Notification.objects.get(person=teacher).body


def test_a_confirmed_registration_is_told(teacher: User, civil_admin: User) -> None:
    teacher.confirmed_at = None
    teacher.save(update_fields=["confirmed_at"])
    logged_in(civil_admin).post(reverse("portal:confirm-person", args=[teacher.pk]))
    assert subjects(teacher) == ["您的注册已确认"]


def test_an_administrator_submitting_for_a_person_is_not_told_of_their_own_work(
    teacher: User, civil_admin: User
) -> None:
    client = logged_in(civil_admin)
    response = client.post(
        reverse("declarations:create", args=["endorsed_report"]) + f"?for={teacher.pk}",
        {
            "title": "调研报告",
            "starts_on": "2026-05-10",
            "ends_on": "2026-05-10",
            "note": "",
        },
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get(title="调研报告")
    attach_required(declaration).submit(by=civil_admin)
    assert subjects(civil_admin) == []
