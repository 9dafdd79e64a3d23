"""A self-registrant's declarations are approved only once their department confirmed them:
anyone can register with any ID number until then."""

from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.exceptions import PersonUnconfirmed
from declarations.models import Declaration, Role, Status
from portal.models import Department, User
from tests.declarations.helpers import submitted
from tests.factories import UserFactory, logged_in


@pytest.fixture
def newcomer(civil: Department) -> User:
    """Registered herself; her department has not confirmed her yet."""
    return UserFactory.create(name="新来的", department=civil, confirmed_at=None)


def approve(user: User, declaration: Declaration, stage: str = "department") -> object:
    name = "review:department-review" if stage == "department" else "review:bureau-review"
    return logged_in(user).post(
        reverse(name, args=[declaration.pk]), {"decision": "approve"}, follow=True
    )


def test_the_department_cannot_approve_an_unconfirmed_registrant(
    newcomer: User, civil_admin: User
) -> None:
    declaration = submitted(newcomer)
    response = approve(civil_admin, declaration)
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED
    assert "新来的的注册尚未确认" in response.content.decode()  # type: ignore[attr-defined]


def test_the_review_page_says_the_person_is_unconfirmed(newcomer: User, civil_admin: User) -> None:
    declaration = submitted(newcomer)
    page = logged_in(civil_admin).get(reverse("review:department-review", args=[declaration.pk]))
    assert "此人的注册尚未经系部确认" in page.content.decode()


def test_once_confirmed_the_declaration_is_approved(newcomer: User, civil_admin: User) -> None:
    declaration = submitted(newcomer)
    logged_in(civil_admin).post(reverse("portal:confirm-person", args=[newcomer.pk]))
    approve(civil_admin, declaration)
    declaration.refresh_from_db()
    assert declaration.status == Status.DEPARTMENT_APPROVED


def test_the_bureau_cannot_approve_an_unconfirmed_registrant_either(
    newcomer: User, civil_admin: User, bureau_reviewer: User
) -> None:
    declaration = submitted(newcomer)
    newcomer.confirmed_at = declaration.created_at  # confirmed for the department decision,
    newcomer.save(update_fields=["confirmed_at"])
    approve(civil_admin, declaration)
    User.objects.filter(pk=newcomer.pk).update(confirmed_at=None)  # then found out
    response = approve(bureau_reviewer, declaration, "bureau")
    declaration.refresh_from_db()
    assert declaration.status == Status.DEPARTMENT_APPROVED
    assert "注册尚未确认" in response.content.decode()  # type: ignore[attr-defined]


def test_the_door_itself_refuses_whatever_page_calls_it(newcomer: User, civil_admin: User) -> None:
    declaration = submitted(newcomer)
    with pytest.raises(PersonUnconfirmed):
        declaration.move(Status.DEPARTMENT_APPROVED, by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED


def test_an_unconfirmed_registrants_declaration_can_still_be_returned(
    newcomer: User, civil_admin: User
) -> None:
    declaration = submitted(newcomer)
    declaration.move(
        Status.RETURNED, by=civil_admin, role=Role.DEPARTMENT_ADMIN, reason="请先确认身份"
    )
    declaration.refresh_from_db()
    assert declaration.status == Status.RETURNED
