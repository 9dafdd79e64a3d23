from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

import rules
from declarations.exceptions import IllegalMove
from declarations.models import Declaration, DeclarationHistory, Role, Status
from portal.models import AdminAssignment, User
from tests.declarations.helpers import attach_required, submitted, upload
from tests.factories import AdminAssignmentFactory, UserFactory, logged_in, pdf_bytes


def decide(user: User, declaration: Declaration, stage: str = "department", **data: str) -> object:
    name = "review:department-review" if stage == "department" else "review:bureau-review"
    return logged_in(user).post(reverse(name, args=[declaration.pk]), data)


def test_the_administrator_approves_and_the_bureau_gives_final_approval(
    pending: Declaration, civil_admin: User, bureau_reviewer: User
) -> None:
    decide(civil_admin, pending, decision="approve")
    pending.refresh_from_db()
    assert pending.status == Status.DEPARTMENT_APPROVED
    decide(bureau_reviewer, pending, "bureau", decision="approve")
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    assert [e.role for e in pending.history.all()] == [  # type: ignore[attr-defined]
        Role.DECLARANT,
        Role.DECLARANT,
        Role.DEPARTMENT_ADMIN,
        Role.BUREAU,
    ]


def test_a_return_carries_its_reason_to_the_teacher_at_once(
    pending: Declaration, teacher: User, civil_admin: User
) -> None:
    decide(
        civil_admin,
        pending,
        decision="return",
        reason_code="missing_unit_proof",
        reason_text="请补充盖章",
    )
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": pending.year})
    assert "缺少单位证明" in page.content.decode()
    assert "请补充盖章" in page.content.decode()


def test_a_return_without_a_reason_is_refused(pending: Declaration, civil_admin: User) -> None:
    response = decide(civil_admin, pending, decision="return")
    assert response.status_code == 200  # type: ignore[attr-defined]
    pending.refresh_from_db()
    assert pending.status == Status.SUBMITTED


def test_lowering_the_hours_needs_a_reason_and_is_recorded(
    pending: Declaration, civil_admin: User
) -> None:
    refused = decide(civil_admin, pending, decision="approve", hours="10")
    assert refused.status_code == 200  # type: ignore[attr-defined]
    decide(civil_admin, pending, decision="approve", hours="10", reason_text="批示级别不足")
    pending.refresh_from_db()
    event = pending.history.latest("pk")  # type: ignore[attr-defined]
    assert (pending.approved_hours, event.hours_before, event.hours_after) == (
        Decimal(10),
        Decimal(20),
        Decimal(10),
    )


def test_raising_the_hours_is_refused(pending: Declaration, civil_admin: User) -> None:
    decide(civil_admin, pending, decision="approve", hours="30", reason_text="x")
    pending.refresh_from_db()
    assert pending.status == Status.SUBMITTED


def test_returned_edited_resubmitted_and_approved_counts_in_the_year(
    pending: Declaration, teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    decide(civil_admin, pending, decision="return", reason_code="unclear_material")
    client = logged_in(teacher)
    upload(client, pending, "leader_instruction", "清晰版.pdf", pdf_bytes(2))
    client.post(reverse("declarations:submit", args=[pending.pk]))
    decide(civil_admin, pending, decision="approve")
    decide(bureau_reviewer, pending, "bureau", decision="approve")
    page = client.get(reverse("declarations:my-hours"), {"year": pending.year}).content.decode()
    assert "20 / 60 学时" in page
    assert pending.versions.count() == 2  # type: ignore[attr-defined]


def test_the_history_is_append_only_and_shown_to_the_teacher(
    pending: Declaration, teacher: User, civil_admin: User
) -> None:
    decide(civil_admin, pending, decision="return", reason_text="材料不清晰，请重传")
    page = (
        logged_in(teacher).get(reverse("declarations:detail", args=[pending.pk])).content.decode()
    )
    assert "材料不清晰，请重传" in page
    assert "唐管理员" in page


def test_an_illegal_move_is_refused_and_writes_nothing(pending: Declaration, teacher: User) -> None:
    before = DeclarationHistory.objects.count()
    with pytest.raises(IllegalMove):
        pending.move(Status.APPROVED, by=teacher, role=Role.DECLARANT)
    assert DeclarationHistory.objects.count() == before


def test_no_one_reviews_their_own_declaration(
    civil: object, civil_admin: User, hr_officer: User
) -> None:
    own = submitted(civil_admin)
    response = logged_in(civil_admin).get(reverse("review:department-review", args=[own.pk]))
    assert response.status_code == 403
    assert own not in logged_in(civil_admin).get(reverse("review:queue")).context["rows"]


def test_an_administrators_own_goes_to_the_other_administrator(
    civil: object, civil_admin: User
) -> None:
    second = UserFactory.create(name="韩管理员", department=civil_admin.department)
    AdminAssignmentFactory.create(person=second, department=civil_admin.department)
    own = submitted(civil_admin)
    assert own in logged_in(second).get(reverse("review:queue")).context["rows"]


def test_a_lone_administrators_own_goes_to_the_hr_office(
    civil: object, civil_admin: User, hr_officer: User
) -> None:
    own = submitted(civil_admin)
    assert own in logged_in(hr_officer).get(reverse("review:queue")).context["rows"]
    decide(hr_officer, own, decision="approve")
    own.refresh_from_db()
    assert own.status == Status.DEPARTMENT_APPROVED
    assert own.history.latest("pk").role == Role.HR_OFFICE  # type: ignore[attr-defined]


def test_the_hr_office_does_not_take_work_that_has_an_administrator(
    pending: Declaration, civil_admin: User, hr_officer: User
) -> None:
    assert pending not in logged_in(hr_officer).get(reverse("review:queue")).context["rows"]


def test_a_new_administrator_takes_over_the_pending_work(
    pending: Declaration, civil_admin: User
) -> None:
    AdminAssignment.objects.filter(person=civil_admin).update(active=False)
    successor = UserFactory.create(name="新管理员", department=civil_admin.department)
    AdminAssignmentFactory.create(person=successor, department=civil_admin.department)
    assert pending in logged_in(successor).get(reverse("review:queue")).context["rows"]
    assert logged_in(civil_admin).get(reverse("review:queue")).status_code == 403


def test_a_person_who_moves_department_takes_pending_work_along(
    pending: Declaration, teacher: User, civil_admin: User, info_admin: User
) -> None:
    teacher.department = info_admin.department
    teacher.save()
    assert pending in logged_in(info_admin).get(reverse("review:queue")).context["rows"]
    assert pending not in logged_in(civil_admin).get(reverse("review:queue")).context["rows"]


def test_the_bureau_queue_follows_the_reviewers_subject_scope(
    teacher: User,
    civil_admin: User,
    public_reviewer: User,
    bureau_reviewer: User,
    both_reviewer: User,
) -> None:
    professional = submitted(teacher)
    decide(civil_admin, professional, decision="approve")
    public = Declaration.create_draft(
        person=teacher,
        by=teacher,
        outcome=rules.assess("training", {"hours": "24"}, year=2026),
        claimed=None,
        type="training",
        facts={"hours": "24"},
        title="公需科目网络学习",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
        year=2026,
        subject="public",
    )
    attach_required(public).move(Status.SUBMITTED, by=teacher, role=Role.DECLARANT)
    public.move(Status.DEPARTMENT_APPROVED, by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    queues = {
        reviewer.name: set(logged_in(reviewer).get(reverse("review:bureau-queue")).context["rows"])
        for reviewer in (public_reviewer, bureau_reviewer, both_reviewer)
    }
    assert queues == {
        public_reviewer.name: {public},
        bureau_reviewer.name: {professional},
        both_reviewer.name: {public, professional},
    }


def test_the_bureau_returns_to_the_teacher_and_the_administrator_sees_it(
    pending: Declaration, civil_admin: User, bureau_reviewer: User
) -> None:
    decide(civil_admin, pending, decision="approve")
    decide(bureau_reviewer, pending, "bureau", decision="return", reason_code="wrong_hours")
    page = logged_in(civil_admin).get(reverse("review:queue"), {"status": "returned"})
    assert pending in page.context["rows"]
