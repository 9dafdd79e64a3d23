"""Every status rule behind `Declaration.move`: preconditions checked inside its locked
transaction, pages asking `available_moves` instead of comparing statuses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.exceptions import IllegalMove, MissingMaterials
from declarations.models import Declaration, Role, Status
from portal.models import User
from tests.declarations.helpers import attach_required, declare
from tests.declarations.test_my_hours import make
from tests.factories import logged_in


def test_a_refused_resubmit_leaves_the_over_declared_flag_as_it_was(teacher: User) -> None:
    """A stale page posts "submit" again on a declaration already submitted: the move is
    refused, and its flag must not be rewritten by the refused attempt."""
    client = logged_in(teacher)
    waiting = attach_required(declare(client, "qualification_exam", {"kind": "senior"}))
    client.post(reverse("declarations:submit", args=[waiting.pk]))
    make(teacher, 1, status=Status.APPROVED, hours=90, year=waiting.year)
    client.post(reverse("declarations:submit", args=[waiting.pk]), {"confirm_over": "yes"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.over_declared) == (Status.SUBMITTED, False)


def test_a_zero_hour_leave_adjustment_never_asks_to_confirm_the_threshold(teacher: User) -> None:
    client = logged_in(teacher)
    make(teacher, 1, status=Status.APPROVED, hours=150, year=2026)
    adjustment = declare(
        client,
        "leave_adjustment",
        {"reason": "childbirth", "on_duty_months": 6},
        starts_on="2026-01-01",
        ends_on="2026-06-30",
    )
    attach_required(adjustment)
    response = client.post(reverse("declarations:submit", args=[adjustment.pk]))
    adjustment.refresh_from_db()
    assert response.status_code == 302
    assert (adjustment.status, adjustment.over_declared) == (Status.SUBMITTED, False)


def test_the_first_declaration_is_flagged_once_the_years_total_passes_the_threshold(
    teacher: User,
) -> None:
    client = logged_in(teacher)
    first = attach_required(declare(client, "qualification_exam", {"kind": "senior"}))
    client.post(reverse("declarations:submit", args=[first.pk]))
    second = attach_required(declare(client, "patent", {"kind": "invention", "rank": 1}))
    client.post(reverse("declarations:submit", args=[second.pk]), {"confirm_over": "yes"})
    first.refresh_from_db()
    assert first.over_declared


def test_the_door_refuses_a_submission_without_materials_and_writes_nothing(
    teacher: User,
) -> None:
    declaration = declare(logged_in(teacher), "endorsed_report", {})
    with pytest.raises(MissingMaterials):
        declaration.submit(by=teacher)
    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT
    assert declaration.history.count() == 1  # type: ignore[attr-defined]


def test_the_declarant_cannot_approve_through_the_door(teacher: User) -> None:
    declaration = attach_required(declare(logged_in(teacher), "endorsed_report", {}))
    declaration.submit(by=teacher)
    with pytest.raises(IllegalMove):
        declaration.approve(by=teacher, role=Role.DECLARANT)


def test_the_moves_offered_follow_the_status(teacher: User, civil_admin: User) -> None:
    declaration = attach_required(declare(logged_in(teacher), "endorsed_report", {}))
    assert declaration.available_moves(teacher) == {"edit", "submit", "withdraw"}
    declaration.submit(by=teacher)
    assert declaration.available_moves(teacher) == {"recall"}
    assert declaration.available_moves(civil_admin) == frozenset()
    assert declaration.available_moves(civil_admin, reviewing_as=Role.DEPARTMENT_ADMIN) == {
        "approve",
        "return",
    }


def test_a_submitted_declaration_offers_recall_and_no_delete(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = attach_required(declare(client, "endorsed_report", {}))
    declaration.submit(by=teacher)
    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert "撤回修改" in page
    assert reverse("declarations:delete", args=[declaration.pk]) not in page


def test_deleting_a_draft_asks_for_confirmation_first(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "endorsed_report", {})
    page = client.get(reverse("declarations:delete", args=[declaration.pk]))
    assert "删除这份申报？" in page.content.decode()
    assert Declaration.objects.get(pk=declaration.pk).status == Status.DRAFT
    client.post(reverse("declarations:delete", args=[declaration.pk]))
    assert Declaration.objects.get(pk=declaration.pk).status == Status.WITHDRAWN


def test_the_status_groups_live_on_status() -> None:
    assert set(Status.EDITABLE) == {Status.DRAFT, Status.RETURNED}
    assert Status.AWAITING["bureau"] == Status.DEPARTMENT_APPROVED
    assert Status.APPROVES_TO["bureau"] == Status.APPROVED
