from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from declarations.exceptions import StaleDeclaration
from declarations.models import Declaration, Event, Role, Status
from portal.models import User
from tests.declarations.helpers import COMMON, declare, form_data, upload
from tests.factories import logged_in, pdf_bytes, png_bytes

CASES = json.loads((Path(__file__).parents[1] / "data" / "rules-cases.json").read_text())["assess"]
CONFERENCE = {"level": "national", "days": 3, "presented": True}
MATERIAL = "leader_instruction"  # endorsed_report's one material


@pytest.mark.parametrize("case", CASES, ids=[f"{c['type']}-{i}" for i, c in enumerate(CASES)])
def test_every_type_can_be_declared_through_its_form(teacher: User, case: dict[str, Any]) -> None:
    # Dates spanning the year: every case's days, months and hours fit inside them.
    declaration = declare(
        logged_in(teacher),
        case["type"],
        case["facts"],
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    assert declaration.computed_hours == Decimal(case["hours"])
    assert sorted(declaration.covers) == sorted(case["covers"])
    assert declaration.status == Status.DRAFT


@pytest.mark.parametrize("code", ["leave_adjustment", "training", "publication", "other"])
def test_each_form_page_opens(teacher: User, code: str) -> None:
    response = logged_in(teacher).get(reverse("declarations:create", args=[code]))
    assert response.status_code == 200


def test_the_type_picker_lists_all_sixteen_types_with_their_materials(teacher: User) -> None:
    page = logged_in(teacher).get(reverse("declarations:choose-type")).content.decode()
    assert page.count('class="type-card"') == 16
    assert "会议通知" in page
    assert "领导批示件" in page


def test_the_preview_explains_the_hours_as_the_teacher_types(teacher: User) -> None:
    response = logged_in(teacher).post(
        reverse("declarations:preview", args=["conference"]), form_data(CONFERENCE)
    )
    assert "国家级学术会议 3 天 × 6 学时 + 宣读论文 6 学时 = 24 学时" in response.content.decode()


def test_bad_facts_get_a_message_and_create_nothing(teacher: User) -> None:
    response = logged_in(teacher).post(
        reverse("declarations:create", args=["conference"]),
        form_data({"level": "national", "days": "abc"}),
    )
    assert "须为整数" in response.content.decode()
    assert not Declaration.objects.exists()


def test_an_end_date_before_the_start_is_refused(teacher: User) -> None:
    response = logged_in(teacher).post(
        reverse("declarations:create", args=["conference"]),
        form_data(CONFERENCE, starts_on="2026-05-12", ends_on="2026-05-10"),
    )
    assert "结束日期早于开始日期" in response.content.decode()
    assert not Declaration.objects.exists()


def test_the_year_follows_the_end_date_unless_changed(teacher: User) -> None:
    client = logged_in(teacher)
    first = declare(client, "conference", CONFERENCE, starts_on="2025-12-30", ends_on="2026-01-02")
    second = declare(client, "conference", CONFERENCE, year="2025")
    assert (first.year, second.year) == (2026, 2025)


def test_a_claim_may_differ_from_the_computed_hours(teacher: User) -> None:
    declaration = declare(logged_in(teacher), "training", {"hours": 60}, claimed_hours="30")
    assert (declaration.computed_hours, declaration.claimed_hours) == (Decimal(60), Decimal(30))


def test_submitting_without_a_required_material_is_refused_naming_it(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "conference", CONFERENCE)
    upload(client, declaration, "meeting_notice", "通知.png", png_bytes())
    response = client.post(reverse("declarations:submit", args=[declaration.pk]), follow=True)
    page = response.content.decode()
    assert "单位证明" in page and "宣读论文" in page
    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT


def complete(client: Any, declaration: Declaration) -> None:
    cleaned = declaration.hour_type.clean(declaration.facts)
    for index, material in enumerate(declaration.hour_type.required_materials(cleaned)):
        upload(client, declaration, material.code, f"{material.code}.pdf", pdf_bytes(index + 1))


def test_a_complete_declaration_is_submitted_as_version_one(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "conference", CONFERENCE)
    complete(client, declaration)
    client.post(reverse("declarations:submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    version = declaration.versions.get()  # type: ignore[attr-defined]
    assert declaration.status == Status.SUBMITTED
    assert version.files.count() == 3
    assert Decimal(version.snapshot["computed_hours"]) == 24


def test_a_submitted_declaration_can_be_recalled_before_review(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "endorsed_report", {})
    complete(client, declaration)
    client.post(reverse("declarations:submit", args=[declaration.pk]))
    client.post(reverse("declarations:recall", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT


def test_a_returned_declaration_is_edited_and_resubmitted_keeping_both_versions(
    teacher: User, civil_admin: User
) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "endorsed_report", {})
    complete(client, declaration)
    client.post(reverse("declarations:submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    declaration.move(
        Status.RETURNED, by=civil_admin, role=Role.DEPARTMENT_ADMIN, reason="材料不清晰"
    )
    page = client.get(reverse("declarations:edit", args=[declaration.pk])).content.decode()
    assert "材料不清晰" in page
    upload(client, declaration, MATERIAL, "清晰版.png", png_bytes(color="blue"))
    client.post(reverse("declarations:submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED
    assert [v.files.count() for v in declaration.versions.all()] == [1, 2]  # type: ignore[attr-defined]


def test_deleting_a_draft_only_hides_it(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "endorsed_report", {})
    client.post(reverse("declarations:delete", args=[declaration.pk]))
    page = client.get(reverse("declarations:my-hours"), {"year": declaration.year})
    assert declaration not in page.context["rows"]
    assert Declaration.objects.get(pk=declaration.pk).status == Status.WITHDRAWN


def test_an_over_declaration_is_warned_before_submitting_and_flagged(teacher: User) -> None:
    client = logged_in(teacher)
    first = declare(client, "qualification_exam", {"kind": "senior"})
    complete(client, first)
    client.post(reverse("declarations:submit", args=[first.pk]))
    second = declare(client, "patent", {"kind": "invention", "rank": 1})
    complete(client, second)
    warning = client.post(reverse("declarations:submit", args=[second.pk]))
    assert "136" in warning.content.decode()
    second.refresh_from_db()
    assert second.status == Status.DRAFT
    client.post(reverse("declarations:submit", args=[second.pk]), {"confirm_over": "yes"})
    second.refresh_from_db()
    assert (second.status, second.over_declared) == (Status.SUBMITTED, True)


def test_an_administrator_declares_on_behalf_of_a_person_in_the_department(
    teacher: User, civil_admin: User
) -> None:
    client = logged_in(civil_admin)
    response = client.post(
        reverse("declarations:create", args=["endorsed_report"]) + f"?for={teacher.pk}",
        form_data({}),
    )
    declaration = Declaration.objects.get()
    assert response.status_code == 302
    assert (declaration.person, declaration.created_by) == (teacher, civil_admin)
    assert Event.objects.get(declaration=declaration).role == Role.ON_BEHALF


def test_another_departments_administrator_cannot_declare_for_her(
    teacher: User, info_admin: User
) -> None:
    response = logged_in(info_admin).post(
        reverse("declarations:create", args=["endorsed_report"]) + f"?for={teacher.pk}",
        form_data({}),
    )
    assert response.status_code == 404
    assert not Declaration.objects.exists()


def test_an_edit_from_a_stale_page_cannot_undo_a_submission(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "endorsed_report", {})
    complete(client, declaration)
    stale = Declaration.objects.get(pk=declaration.pk)  # the edit page was opened as a draft
    client.post(reverse("declarations:submit", args=[declaration.pk]))
    with pytest.raises(StaleDeclaration):
        stale.revise(facts={}, claimed=None, title="改过的标题")
    declaration.refresh_from_db()
    assert (declaration.status, declaration.title) == (Status.SUBMITTED, COMMON["title"])
