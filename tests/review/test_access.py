"""Every review URL against every role: teacher, own-department administrator, other-department
administrator, HR office, bureau reviewer of each scope, anonymous."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from declarations.models import Declaration, Role, Status
from portal.models import User
from review.models import SpotCheck
from tests.factories import logged_in

PERSONAS = [
    "teacher",
    "civil_admin",
    "info_admin",
    "hr_officer",
    "bureau_reviewer",
    "public_reviewer",
    "both_reviewer",
]


def status_for(request: pytest.FixtureRequest, persona: str, url: str, method: str = "get") -> int:
    client = Client() if persona == "anonymous" else logged_in(request.getfixturevalue(persona))
    return getattr(client, method)(url).status_code  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("teacher", 403),
        ("civil_admin", 200),
        ("info_admin", 200),
        ("hr_officer", 200),
        ("bureau_reviewer", 403),
    ],
)
def test_the_department_queue(request: pytest.FixtureRequest, persona: str, expected: int) -> None:
    assert status_for(request, persona, reverse("review:queue")) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("teacher", 403),
        ("civil_admin", 403),
        ("hr_officer", 403),
        ("bureau_reviewer", 200),
        ("public_reviewer", 200),
        ("both_reviewer", 200),
    ],
)
def test_the_bureau_queue_and_spot_checks(
    request: pytest.FixtureRequest, persona: str, expected: int
) -> None:
    assert status_for(request, persona, reverse("review:bureau-queue")) == expected
    assert status_for(request, persona, reverse("review:spot-checks")) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("teacher", 403),
        ("civil_admin", 200),
        ("info_admin", 404),
        ("hr_officer", 403),
        ("bureau_reviewer", 404),
        ("public_reviewer", 404),
    ],
)
def test_the_department_review_page(
    request: pytest.FixtureRequest,
    pending: Declaration,
    civil_admin: User,
    persona: str,
    expected: int,
) -> None:
    # With an administrator in place, the HR office may read but does not review.
    url = reverse("review:department-review", args=[pending.pk])
    assert status_for(request, persona, url) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("teacher", 403),
        ("civil_admin", 403),
        ("info_admin", 404),
        ("hr_officer", 403),
        ("bureau_reviewer", 200),
        ("public_reviewer", 404),
        ("both_reviewer", 200),
    ],
)
def test_the_bureau_review_page(
    request: pytest.FixtureRequest,
    pending: Declaration,
    civil_admin: User,
    persona: str,
    expected: int,
) -> None:
    pending.move(Status.DEPARTMENT_APPROVED, by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    url = reverse("review:bureau-review", args=[pending.pk])
    assert status_for(request, persona, url) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("teacher", 403), ("civil_admin", 200), ("hr_officer", 403)],
)
def test_who_has_not_declared(request: pytest.FixtureRequest, persona: str, expected: int) -> None:
    assert status_for(request, persona, reverse("review:not-declared")) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("teacher", 403),
        ("civil_admin", 403),
        ("bureau_reviewer", 200),
        ("public_reviewer", 404),
    ],
)
def test_a_spot_check_page(
    request: pytest.FixtureRequest, bureau_reviewer: User, persona: str, expected: int
) -> None:
    check = SpotCheck.draw(
        by=bureau_reviewer,
        population=Declaration.objects.none(),
        size=0,
        year=2026,
        subject_scope=bureau_reviewer.bureau_scope,
    )
    assert status_for(request, persona, reverse("review:spot-check", args=[check.pk])) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("teacher", 403),
        ("civil_admin", 403),
        ("hr_officer", 403),
        ("public_reviewer", 404),
        ("bureau_reviewer", 302),
    ],
)
def test_deciding_a_spot_check_item(
    request: pytest.FixtureRequest,
    pending: Declaration,
    civil_admin: User,
    bureau_reviewer: User,
    persona: str,
    expected: int,
) -> None:
    pending.move(Status.DEPARTMENT_APPROVED, by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    pending.move(Status.APPROVED, by=bureau_reviewer, role=Role.BUREAU)
    check = SpotCheck.draw(
        by=bureau_reviewer,
        population=Declaration.objects.all(),
        size=1,
        year=pending.year,
        subject_scope=bureau_reviewer.bureau_scope,
    )
    item = check.items.get()  # type: ignore[attr-defined]
    url = reverse("review:spot-check-decide", args=[check.pk, item.pk])
    client = Client() if persona == "anonymous" else logged_in(request.getfixturevalue(persona))
    response = client.post(url, {"outcome": "upheld"})
    item.refresh_from_db()
    assert (response.status_code, item.outcome == "upheld") == (
        expected,
        persona == "bureau_reviewer",
    )
