"""The HR office closes a year: a preview, then sealing freezes each person's record; a sealed
record is never edited, a later change marks it stale, HR revokes it and seals a new revision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.exceptions import AlreadySealed
from certificates.models import RecordEvent, SealedRecord
from declarations.models import Role, Status
from portal.models import Department, User
from tests.certificates.conftest import approved, complete_year
from tests.factories import UserFactory, logged_in


def current(person: User, year: int = 2025) -> SealedRecord:
    return SealedRecord.objects.with_stale().get(
        certificate__person=person, year=year, revoked_at__isnull=True
    )


def test_sealing_copies_the_figures_declarations_department_and_sealer(
    teacher: User, hr_officer: User
) -> None:
    counted = complete_year(teacher)
    record = SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    assert (record.public, record.professional, record.total, record.met) == (
        Decimal(30),
        Decimal(60),
        Decimal(90),
        True,
    )
    assert record.department_name == "土木工程系"
    assert record.sealed_by == hr_officer
    assert sorted(d["id"] for d in record.declarations) == sorted(d.pk for d in counted)
    assert RecordEvent.objects.get(record=record).action == RecordEvent.Action.SEALED


def test_the_sealed_copy_keeps_the_department_after_a_move(
    teacher: User, hr_officer: User, info: Department
) -> None:
    complete_year(teacher)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    teacher.department = info
    teacher.save()
    assert current(teacher).department_name == "土木工程系"


def test_a_year_with_a_current_record_cannot_be_sealed_twice(
    teacher: User, hr_officer: User
) -> None:
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    with pytest.raises(AlreadySealed):
        SealedRecord.seal(person=teacher, year=2025, by=hr_officer)


def test_a_spot_check_revocation_marks_the_record_stale(
    teacher: User, hr_officer: User, bureau_reviewer: User
) -> None:
    _public, professional = complete_year(teacher)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    assert current(teacher).stale is False  # type: ignore[attr-defined]
    professional.move(Status.REVOKED, by=bureau_reviewer, role=Role.BUREAU, reason="抽查不实")
    assert current(teacher).stale is True  # type: ignore[attr-defined]


def test_revoking_and_sealing_again_keeps_both_revisions(
    teacher: User, hr_officer: User, bureau_reviewer: User
) -> None:
    _public, professional = complete_year(teacher)
    first = SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    professional.move(Status.REVOKED, by=bureau_reviewer, role=Role.BUREAU, reason="抽查不实")
    first.revoke(by=hr_officer, reason="专业学时被抽查撤销")
    second = SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    first.refresh_from_db()
    assert (first.revision, first.met, first.revoked_at is not None) == (1, True, True)
    assert (second.revision, second.met, second.professional) == (2, False, Decimal(0))
    assert current(teacher).pk == second.pk


def test_the_preview_lists_everyone_and_who_falls_short(
    teacher: User, civil_admin: User, hr_officer: User, civil: Department
) -> None:
    complete_year(teacher)
    approved(civil_admin, hours=20)
    page = logged_in(hr_officer).get(
        reverse("certificates:year"), {"year": 2025, "department": civil.pk}
    )
    assert [row.person for row in page.context["rows"]] == [civil_admin, teacher]
    assert [row.met for row in page.context["rows"]] == [False, True]
    assert page.context["short"] == 1
    assert not SealedRecord.objects.exists()


def test_sealing_a_department_seals_only_its_people(
    teacher: User, civil: Department, info_admin: User, hr_officer: User
) -> None:
    complete_year(teacher)
    response = logged_in(hr_officer).post(
        reverse("certificates:year"), {"year": 2025, "department": civil.pk}
    )
    assert response.status_code == 302
    assert list(SealedRecord.objects.values_list("certificate__person__name", flat=True)) == [
        "林老师"
    ]


def test_sealing_the_unit_twice_seals_each_person_once(
    teacher: User, info_admin: User, hr_officer: User
) -> None:
    client = logged_in(hr_officer)
    client.post(reverse("certificates:year"), {"year": 2025})
    client.post(reverse("certificates:year"), {"year": 2025})
    assert SealedRecord.objects.count() == 2


def test_the_preview_shows_stale_records_to_hr(
    teacher: User, hr_officer: User, bureau_reviewer: User, civil: Department
) -> None:
    _public, professional = complete_year(teacher)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    professional.move(Status.REVOKED, by=bureau_reviewer, role=Role.BUREAU, reason="抽查不实")
    page = logged_in(hr_officer).get(
        reverse("certificates:year"), {"year": 2025, "department": civil.pk}
    )
    assert page.context["stale"] == 1


def test_the_preview_query_count_does_not_grow_with_people(
    hr_officer: User, civil: Department, django_assert_max_num_queries: object
) -> None:
    client = logged_in(hr_officer)
    for n in range(3):
        complete_year(UserFactory.create(department=civil, name=f"少{n}"))
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(reverse("certificates:year"), {"year": 2025})
    for n in range(20):
        complete_year(UserFactory.create(department=civil, name=f"多{n}"))
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(reverse("certificates:year"), {"year": 2025})


def test_the_owner_sees_figures_requirement_and_sealed_state(
    teacher: User, hr_officer: User
) -> None:
    complete_year(teacher)
    approved(teacher, year=2024, hours=10)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    page = logged_in(teacher).get(reverse("certificates:mine"))
    years = {row.year: row for row in page.context["years"]}
    assert (years[2025].met, years[2025].record is not None) == (True, True)
    assert (years[2024].met, years[2024].record) == (False, None)
    html = page.content.decode()
    assert teacher.certificate.number in html  # type: ignore[attr-defined]
    assert teacher.masked_id_number in html
    assert "全国职业教育学术年会" in html


def test_hr_revokes_a_record_from_the_person_page_with_a_reason(
    teacher: User, hr_officer: User
) -> None:
    record = SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    client = logged_in(hr_officer)
    client.post(reverse("certificates:revoke", args=[record.pk]), {"reason": ""})
    record.refresh_from_db()
    assert record.revoked_at is None
    client.post(reverse("certificates:revoke", args=[record.pk]), {"reason": "更正学时"})
    record.refresh_from_db()
    assert record.revoke_reason == "更正学时"
    client.post(reverse("certificates:seal-person", args=[teacher.pk]), {"year": 2025})
    page = client.get(reverse("certificates:person", args=[teacher.pk]))
    year = next(y for y in page.context["years"] if y.year == 2025)
    assert [(r.revision, r.is_current) for r in year.revisions] == [(2, True), (1, False)]
    assert "更正学时" in page.content.decode()


def test_the_owner_does_not_see_revoked_revisions(teacher: User, hr_officer: User) -> None:
    approved(teacher, hours=10)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer).revoke(by=hr_officer, reason="x")
    page = logged_in(teacher).get(reverse("certificates:mine"))
    year = next(y for y in page.context["years"] if y.year == 2025)
    assert (year.record, year.revisions) == (None, [])
