from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.models import Declaration, DeclarationHistory, Evidence, Role, Status
from portal.models import User
from tests.factories import logged_in


def make(
    person: User,
    n: int,
    *,
    status: str = Status.SUBMITTED,
    hours: int = 1,
    files: int = 0,
    type: str = "training",
    subject: str = "professional",
    year: int = 2026,
    facts: dict | None = None,
) -> list[Declaration]:
    made = Declaration.objects.bulk_create(
        Declaration(
            person=person,
            created_by=person,
            type=type,
            title=f"培训 {i}",
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 3, 2),
            year=year,
            subject=subject,
            facts=facts if facts is not None else {"hours": str(hours)},
            computed_hours=Decimal(hours),
            claimed_hours=Decimal(hours),
            status=status,
        )
        for i in range(n)
    )
    Evidence.objects.bulk_create(
        Evidence(
            declaration=d,
            material="training_notice",
            file=f"declarations/{d.pk}-{j}.pdf",
            original_name="通知.pdf",
            content_type="application/pdf",
            size=100,
            sha256=f"{d.pk:032d}{j:032d}",
            uploaded_by=person,
        )
        for d in made
        for j in range(files)
    )
    return made


def test_the_year_shows_counted_hours_against_the_requirement_and_the_shortfall(
    teacher: User,
) -> None:
    make(teacher, 1, status=Status.APPROVED, hours=40)
    make(teacher, 1, status=Status.APPROVED, hours=24, subject="public", type="training")
    make(teacher, 1, status=Status.SUBMITTED, hours=10)
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026}).content.decode()
    assert "还差 20 专业学时" in page
    assert "40 / 60 学时" in page
    assert "10 学时待审核" in page


def test_a_met_year_says_so(teacher: User) -> None:
    make(teacher, 1, status=Status.APPROVED, hours=66)
    make(teacher, 1, status=Status.APPROVED, hours=24, subject="public")
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026}).content.decode()
    assert "已达标" in page


def test_an_approved_leave_adjustment_scales_the_requirement(teacher: User) -> None:
    make(
        teacher,
        1,
        status=Status.APPROVED,
        type="leave_adjustment",
        subject="",
        hours=0,
        facts={"reason": "childbirth", "on_duty_months": 6},
    )
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026}).content.decode()
    assert "0 / 30 学时" in page
    assert "按在岗 6 个月折算" in page


def test_the_reviewers_latest_word_is_shown(teacher: User, civil_admin: User) -> None:
    declaration = make(teacher, 1)[0]
    declaration.move(
        Status.RETURNED, by=civil_admin, role=Role.DEPARTMENT_ADMIN, reason="缺少单位证明"
    )
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026}).content.decode()
    assert "缺少单位证明" in page


def test_the_year_switcher_lists_the_years_declared(teacher: User) -> None:
    make(teacher, 1, year=2024)
    page = logged_in(teacher).get(reverse("declarations:my-hours")).content.decode()
    assert '<option value="2024"' in page


def test_another_persons_declarations_never_appear(teacher: User, civil_admin: User) -> None:
    make(civil_admin, 3)
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026})
    assert page.context["rows"] == []


@pytest.mark.parametrize(("declarations", "files"), [(2, 1), (200, 5)])
def test_the_page_runs_a_fixed_number_of_queries(
    teacher: User, declarations: int, files: int, django_assert_max_num_queries: object
) -> None:
    rows = make(teacher, declarations, files=files)
    DeclarationHistory.objects.bulk_create(
        DeclarationHistory(
            declaration=d,
            actor=teacher,
            role=Role.DECLARANT,
            to_status=Status.SUBMITTED,
            reason="ok",
        )
        for d in rows
    )
    client = logged_in(teacher)
    # Session, user, roles, the year sums, the page's rows.
    with django_assert_max_num_queries(6):  # type: ignore[operator]  # 6: the header's unread count
        response = client.get(reverse("declarations:my-hours"), {"year": 2026})
    assert len(response.context["rows"]) == min(declarations, 50)
    assert {d.file_count for d in response.context["rows"]} == {files}


def test_a_long_year_is_shown_a_page_at_a_time_and_summed_whole(teacher: User) -> None:
    made = make(teacher, 120, status=Status.APPROVED, hours=2)
    make(teacher, 3, status=Status.APPROVED, hours=1, subject="public")
    client = logged_in(teacher)
    seen: list[int] = []
    params = {"year": "2026"}
    while True:
        response = client.get(reverse("declarations:my-hours"), params)
        seen += [d.pk for d in response.context["rows"]]
        after = response.context["page"].next_after
        if after is None:
            break
        assert f"after={after}" in response.content.decode()
        params = {"year": "2026", "after": after}
    assert len(seen) == len(set(seen)) == 123
    assert set(seen) >= {d.pk for d in made}
    bars = {bar.subject: bar for bar in response.context["summary"].bars}
    assert bars["professional"].counted == 240
    assert bars["public"].counted == 3
    assert bars["total"].counted == 243


def test_each_row_says_what_it_holds_escaped(teacher: User, civil_admin: User) -> None:
    one, two = make(teacher, 2, files=1)
    Declaration.objects.filter(pk=one.pk).update(
        title='<b>"课程"</b> & 研修', status=Status.APPROVED, approved_hours=Decimal("0.50")
    )
    Evidence.objects.create(
        declaration=two,
        material="training_notice",
        file="declarations/second.pdf",
        original_name="第二.pdf",
        content_type="application/pdf",
        size=100,
        sha256="f" * 64,
        uploaded_by=teacher,
    )
    Evidence.objects.filter(declaration=one).update(removed_at=datetime.datetime.now(datetime.UTC))
    for role, reason in ((Role.DEPARTMENT_ADMIN, "<缺少> & 证明"), (Role.DECLARANT, "已补")):
        DeclarationHistory.objects.create(
            declaration=two, actor=teacher, role=role, to_status=Status.RETURNED, reason=reason
        )
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026}).content.decode()
    assert (
        f'<li class="declaration status-approved">\n      <a href="/hours/{one.pk}/" '
        'class="declaration-title">&lt;b&gt;&quot;课程&quot;&lt;/b&gt; &amp; 研修</a>\n'
        '      <span class="badge">已通过</span>\n'
        '      <div class="meta">2. 培训、研修 · 2026-03-01 – 2026-03-02 · 申报 1 学时 · '
        "认定 0.5 学时 · 0 个文件</div>\n      \n    </li>"
    ) in page
    # The latest word of a reviewer, not the declarant's.
    assert (
        '· 申报 1 学时 · 2 个文件</div>\n      <div class="reviewer-word">审核意见： '
        "&lt;缺少&gt; &amp; 证明</div>\n    </li>"
    ) in page


def test_a_persons_year_groups_through_the_kept_statement_are_the_querys(
    teacher: User, django_assert_num_queries: object
) -> None:
    from tests.factories import UserFactory

    other = UserFactory.create(department=teacher.department)
    for person, hours in ((teacher, "4.5"), (other, "7")):
        made = make(person, 3, status=Status.APPROVED, year=2025)
        Declaration.objects.filter(pk=made[0].pk).update(
            claimed_hours=Decimal(hours), approved_hours=Decimal("2.5"), covers=["public"]
        )
        make(person, 2, status=Status.WITHDRAWN)
        make(person, 1, type="leave_adjustment", facts={"months": "3"})
    make(teacher, 2, subject="public", hours=3)
    for person in (teacher, other, teacher):  # the statement written once, then kept
        kept = Declaration.objects.person_year_groups(person)
        asked = Declaration.objects.visible().filter(person=person).year_groups()
        assert sorted(kept, key=repr) == sorted(asked, key=repr)
        assert [(g.claimed, str(g.claimed)) for g in sorted(kept, key=repr)] == [
            (g.claimed, str(g.claimed)) for g in sorted(asked, key=repr)
        ]
        assert any(g.adjustments for g in kept) and any(g.covers for g in kept)
    with django_assert_num_queries(1):  # type: ignore[operator]
        Declaration.objects.person_year_groups(other)


@pytest.mark.parametrize("count", [0, 3, 50, 51, 120])
def test_the_first_page_of_a_year_is_the_one_the_orm_reads(teacher: User, count: int) -> None:
    """Read through a prepared statement: the same rows, values and order as the queryset the
    next pages are read from (withdrawn drafts, other years and other people left out), and
    whether another page follows."""
    from declarations import statements
    from portal.pagination import keyset_page
    from tests.factories import UserFactory
    from tests.review.test_queue import bulk

    made = bulk(teacher, count, status=Status.APPROVED, approved_hours=Decimal("7.50"))
    if made:
        Declaration.objects.filter(pk=made[0].pk).update(status=Status.WITHDRAWN)
        Declaration.objects.filter(pk=made[-1].pk).update(
            ends_on=datetime.date(2026, 12, 30), status=Status.RETURNED
        )
    bulk(teacher, 2, year=2025)
    bulk(UserFactory.create(department=teacher.department), 4)
    orm = statements.year_rows(teacher.pk, 2026).values_list(*statements.YEAR_ROW_SHOWN, named=True)
    response = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026})
    page = response.context["page"]
    expected = keyset_page(orm, ("-ends_on", "-pk"), response.wsgi_request)
    assert [tuple(row) for row in page.rows] == [tuple(row) for row in expected.rows]
    assert len(page.rows) == min(max(count - 1, 0), 50)
    assert page.next_after == expected.next_after
    assert (page.next_after is not None) == (count - 1 > 50)
    if count:
        assert page.rows[0].ends_on == datetime.date(2026, 12, 30)
        assert page.rows[0].approved_hours == Decimal("7.50")
