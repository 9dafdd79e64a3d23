"""The status counts the queues' tabs show are kept by the doors that change them: after every
kind of move, a revision and a transfer they equal a fresh count, and a queue's tabs equal its
rows."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from declarations.models import Declaration, Role, Status, StatusCount
from hr.services import transfer
from portal.models import Department, User
from tests.declarations.helpers import submitted
from tests.factories import UserFactory, logged_in


def kept() -> dict[tuple[int, str, int, str], int]:
    return {
        (c.department, c.subject, c.year, c.status): c.n for c in StatusCount.objects.all() if c.n
    }


def fresh() -> dict[tuple[int, str, int, str], int]:
    return Declaration.objects.count_by_key()  # type: ignore[attr-defined,no-any-return]


def test_the_counts_follow_every_door(
    teacher: User,
    civil_admin: User,
    bureau_reviewer: User,
    hr_officer: User,
    info: Department,
) -> None:
    other = UserFactory.create(department=teacher.department)
    approved = submitted(teacher)  # created as a draft, then submitted
    returned = submitted(teacher)
    recalled = submitted(other)
    assert kept() == fresh()

    recalled.recall(by=other)
    assert kept() == fresh()
    recalled.withdraw(by=other)
    assert kept() == fresh()

    returned.return_to_declarant(by=civil_admin, role=Role.DEPARTMENT_ADMIN, reason="缺证明")
    assert kept() == fresh()
    returned.revise(facts=returned.facts, claimed=None, year=2025, subject="public")
    assert kept() == fresh()
    returned.submit(by=teacher)
    assert kept() == fresh()

    approved.approve(by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    assert kept() == fresh()
    approved.approve(by=bureau_reviewer, role=Role.BUREAU, hours=Decimal(10), reason="核减")
    assert kept() == fresh()
    approved.revoke(by=bureau_reviewer, reason="抽查不实")
    assert kept() == fresh()

    # A transfer: undecided work (the resubmission) follows the person; the revoked record
    # keeps its department; the counts follow the person, as the queues do.
    civil = teacher.department_id
    transfer(people=[teacher], to=info, by=hr_officer, reason="调动")
    assert kept() == fresh()
    returned.refresh_from_db()
    approved.refresh_from_db()
    assert (returned.department_id, approved.department_id) == (info.pk, civil)
    assert sum(n for (d, *_rest), n in kept().items() if d == info.pk) == 2


def test_the_queues_tabs_count_what_the_reviewer_may_review(
    teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    waiting = [submitted(teacher) for _ in range(3)]
    submitted(civil_admin)  # the administrator's own: never theirs to review
    waiting[0].approve(by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    waiting[1].return_to_declarant(by=civil_admin, role=Role.DEPARTMENT_ADMIN, reason="缺证明")

    page = logged_in(civil_admin).get(reverse("review:queue"), {"status": "all"})
    tabs = {code: n for code, _label, n in page.context["counts"]}
    assert tabs == {
        Status.SUBMITTED: 1,
        Status.DEPARTMENT_APPROVED: 1,
        Status.APPROVED: 0,
        Status.RETURNED: 1,
        Status.REVOKED: 0,
    }
    assert sum(tabs.values()) == len(page.context["rows"])

    page = logged_in(bureau_reviewer).get(reverse("review:bureau-queue"), {"year": 2026})
    tabs = {code: n for code, _label, n in page.context["counts"]}
    assert tabs == {Status.DEPARTMENT_APPROVED: 1, Status.APPROVED: 0, Status.REVOKED: 0}
