"""What reviewers see of hours, leave adjustments reaching the bureau, and hours that the 办法
leaves to an authority."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from declarations.models import Declaration, Status
from portal.models import User
from tests.declarations.helpers import attach_required, declare, submitted
from tests.factories import UserFactory, logged_in
from tests.review.test_queue import bulk
from tests.review.test_workflow import decide


def _submitted(person: User, code: str, facts: dict, **common: str) -> Declaration:
    client = logged_in(person)
    declaration = attach_required(declare(client, code, facts, **common))
    declaration.submit(by=person, confirm_over=True)
    return declaration


def test_a_leave_adjustment_reaches_every_bureau_reviewer_whatever_their_scope(
    teacher: User, civil_admin: User, public_reviewer: User, bureau_reviewer: User
) -> None:
    adjustment = _submitted(
        teacher, "leave_adjustment", {"reason": "childbirth", "on_duty_months": 6}
    )
    decide(civil_admin, adjustment, decision="approve")
    for reviewer in (public_reviewer, bureau_reviewer):
        rows = logged_in(reviewer).get(reverse("review:bureau-queue")).context["rows"]
        assert adjustment in rows, reviewer.name


def test_the_bureau_list_shows_the_lowered_hours_and_the_claim(
    teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    declaration = submitted(teacher)  # 20 hours claimed
    decide(civil_admin, declaration, decision="approve", hours="12", reason_text="只认可部分")
    page = logged_in(bureau_reviewer).get(reverse("review:bureau-queue")).content.decode()
    row = page[page.index(declaration.title) :]
    assert '<td class="hours" data-label="学时">12<div class="meta">申报 20</div>' in row


def test_reviewers_see_the_years_total_beside_every_declaration(
    teacher: User, civil_admin: User
) -> None:
    first = submitted(teacher)
    _submitted(
        teacher,
        "qualification_exam",
        {"kind": "senior"},
        starts_on="2026-06-01",
        ends_on="2026-06-01",
    )
    rows = logged_in(civil_admin).get(reverse("review:queue")).context["rows"]
    assert {d.year_claimed for d in rows} == {Decimal(88)}
    page = logged_in(civil_admin).get(reverse("review:department-review", args=[first.pk]))
    assert "全部申报合计 88 学时" in page.content.decode()


def test_each_queue_row_shows_the_total_of_its_own_person_and_year(
    teacher: User, civil_admin: User
) -> None:
    colleague = UserFactory.create(department=teacher.department)
    bulk(teacher, 3, year=2026)  # 24 hours
    bulk(teacher, 1, year=2025, claimed_hours=Decimal(5))
    bulk(colleague, 2, year=2025)  # 16 hours
    bulk(colleague, 1, year=2026, status=Status.RETURNED)  # not claimed
    rows = logged_in(civil_admin).get(reverse("review:queue") + "?status=all").context["rows"]
    shown = {(d.person_id, d.year, d.year_claimed) for d in rows}
    assert shown == {
        (teacher.pk, 2026, Decimal(24)),
        (teacher.pk, 2025, Decimal(5)),
        (colleague.pk, 2025, Decimal(16)),
        (colleague.pk, 2026, None),
    }


def test_the_bureau_sets_the_hours_of_a_municipal_conference_with_a_reason(
    teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    conference = _submitted(teacher, "conference", {"level": "municipal", "days": 2})
    assert conference.computed_hours == 0
    decide(civil_admin, conference, decision="approve")
    url = reverse("review:bureau-review", args=[conference.pk])
    assert "由您确定" in logged_in(bureau_reviewer).get(url).content.decode()
    refused = decide(bureau_reviewer, conference, "bureau", decision="approve")
    assert "请填写确定的学时" in refused.content.decode()  # type: ignore[attr-defined]
    decide(
        bureau_reviewer,
        conference,
        "bureau",
        decision="approve",
        hours="8",
        reason_text="参照省级会议每天4学时",
    )
    conference.refresh_from_db()
    assert (conference.status, conference.counted_hours) == (Status.APPROVED, Decimal(8))


def test_the_unit_sets_the_hours_of_a_research_rank_beyond_the_table(
    teacher: User, civil_admin: User
) -> None:
    project = _submitted(
        teacher, "research_project", {"level": "provincial", "role": "main", "rank": 5}
    )
    form = logged_in(civil_admin).get(reverse("review:department-review", args=[project.pk]))
    assert "确定的学时" in form.content.decode()
    decide(civil_admin, project, decision="approve", hours="20", reason_text="人事处确定")
    project.refresh_from_db()
    assert (project.status, project.counted_hours) == (Status.DEPARTMENT_APPROVED, Decimal(20))
