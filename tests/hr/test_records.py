from __future__ import annotations

from django.urls import reverse

from declarations.models import Status
from portal.models import Department, User
from tests.factories import UserFactory, logged_in
from tests.hr.helpers import bulk


def test_the_hr_office_sees_every_departments_declarations_and_filters_them(
    teacher: User, info_admin: User, hr_officer: User
) -> None:
    civil_rows = bulk(teacher, 2, status=Status.SUBMITTED)
    info_rows = bulk(info_admin, 1, status=Status.APPROVED)
    bulk(teacher, 1, status=Status.DRAFT)
    client = logged_in(hr_officer)
    shown = {d.pk for d in client.get(reverse("hr:records")).context["rows"]}
    assert shown == {d.pk for d in [*civil_rows, *info_rows]}
    only_info = client.get(reverse("hr:records"), {"department": str(info_admin.department_id)})
    assert [d.pk for d in only_info.context["rows"]] == [info_rows[0].pk]
    approved = client.get(reverse("hr:records"), {"status": Status.APPROVED})
    assert [d.pk for d in approved.context["rows"]] == [info_rows[0].pk]


def test_progress_counts_declared_pending_returned_approved_and_who_has_not_declared(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    quiet = UserFactory.create(name="未申报者", department=teacher.department)
    bulk(teacher, 2, status=Status.SUBMITTED, year=2026)
    bulk(teacher, 1, status=Status.RETURNED, year=2026)
    bulk(civil_admin, 1, status=Status.APPROVED, year=2026)
    client = logged_in(hr_officer)
    rows = {
        r.department.name: r
        for r in client.get(reverse("hr:progress"), {"year": 2026}).context["rows"]
    }
    civil = rows["土木工程系"]
    assert (civil.staff, civil.declared, civil.pending, civil.returned, civil.approved) == (
        3,
        2,
        2,
        1,
        1,
    )
    assert civil.not_declared == 1
    page = client.get(
        reverse("hr:not-declared", args=[civil.department.pk]), {"year": 2026}
    ).content.decode()
    assert quiet.name in page and teacher.name not in page


def test_yearly_figures_use_the_department_a_record_belonged_to(
    teacher: User, info: Department, hr_officer: User
) -> None:
    bulk(teacher, 1, status=Status.APPROVED, year=2026)
    logged_in(hr_officer).post(reverse("hr:person-transfer", args=[teacher.pk]), {"to": info.pk})
    rows = {
        r.department.name: r
        for r in logged_in(hr_officer).get(reverse("hr:progress"), {"year": 2026}).context["rows"]
    }
    assert rows["土木工程系"].approved == 1
    assert rows["信息工程系"].approved == 0
