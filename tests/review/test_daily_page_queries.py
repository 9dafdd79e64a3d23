"""Every page people use daily runs a fixed number of queries, whatever the size of the data: at
most 3 more than a bare Django view of the same rows (session, user, rows). The person is loaded
with their roles and unread count in one query (portal.backends.PortalBackend)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from declarations.models import Role, Status
from portal.models import Department, User
from review.models import SpotCheck
from tests.declarations.helpers import submitted
from tests.factories import UserFactory, logged_in
from tests.review.test_queue import bulk

# Bare: session, user, rows. Each page: at most 3 more.
PAGES: dict[str, tuple[str, int]] = {
    # session, user, the year's sums, the page's rows
    "my hours": ("teacher", 4),
    # session, user, the declaration, its files, its history, its versions
    "declaration detail": ("teacher", 6),
    # session, user, the declaration with its flags and year, its history, its files
    "review page": ("civil_admin", 5),
    # session, user, the page's rows with their flags, the claimed totals of their people's
    # years (once per person and year, not per row), the status tabs' counts
    "department queue": ("civil_admin", 5),
    "bureau queue": ("bureau_reviewer", 5),
    # session, user, the departments administered, the page's people
    "department people": ("civil_admin", 4),
    # session, user, the page's people
    "who has not declared": ("civil_admin", 3),
    # session, user, the checks with their sizes, the form's departments; the check, its items
    "spot-check list": ("bureau_reviewer", 4),
    "spot-check detail": ("bureau_reviewer", 4),
}


@pytest.fixture
def world(
    teacher: User, civil_admin: User, bureau_reviewer: User, request: pytest.FixtureRequest
) -> dict[str, Any]:
    size = request.param
    others = UserFactory.create_batch(size // 10, department=teacher.department)
    bulk(teacher, size)
    for person in others:
        bulk(person, 2)
    decided = bulk(teacher, size, status=Status.APPROVED)
    mine = submitted(teacher)
    on_bureau = submitted(teacher)
    on_bureau.approve(by=civil_admin, role=Role.DEPARTMENT_ADMIN)
    check = SpotCheck.draw(
        by=bureau_reviewer,
        population=type(mine).objects.filter(pk__in=[d.pk for d in decided]),
        size=min(size, 5),
        year=2026,
        department=None,
        subject_scope=bureau_reviewer.bureau_scope,
        requested_count=min(size, 5),
        requested_percent=None,
    )
    return {
        "my hours": f"{reverse('declarations:my-hours')}?year=2026",
        "declaration detail": reverse("declarations:detail", args=[mine.pk]),
        "review page": reverse("review:department-review", args=[mine.pk]),
        "department queue": reverse("review:queue"),
        "bureau queue": reverse("review:bureau-queue"),
        "department people": reverse("portal:department-people"),
        "who has not declared": f"{reverse('review:not-declared')}?year=2027",
        "spot-check list": reverse("review:spot-checks"),
        "spot-check detail": reverse("review:spot-check", args=[check.pk]),
    }


@pytest.mark.parametrize("world", [10, 200], indirect=True)
@pytest.mark.parametrize("page", list(PAGES))
def test_a_daily_page_runs_a_fixed_few_queries_at_any_size(
    page: str,
    world: dict[str, Any],
    civil: Department,
    django_assert_num_queries: Any,
    request: pytest.FixtureRequest,
) -> None:
    who, queries = PAGES[page]
    client = logged_in(request.getfixturevalue(who))
    with django_assert_num_queries(queries):
        response = client.get(world[page])
    assert response.status_code == 200
    assert queries <= 3 + 3
