"""Every HR list runs the same number of queries at any size (lists are paginated)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import Status
from hr.models import ImportBatch, MoveRequest
from portal.models import Department, OrganisationEvent, User
from tests.factories import DepartmentFactory, UserFactory, logged_in
from tests.hr.helpers import bulk


def populate(size: int, hr_officer: User) -> Department:
    departments = [DepartmentFactory.create() for _ in range(max(size // 20, 1))]
    people = [UserFactory.create(department=departments[i % len(departments)]) for i in range(size)]
    for i, person in enumerate(people[: max(size // 4, 1)]):
        departments[i % len(departments)].assign_administrator(person, by=hr_officer)
    for person in people:
        bulk(person, 2, status=Status.SUBMITTED, year=2026)
        bulk(person, 1, status=Status.APPROVED, year=2025)
    for person in people[: size // 2]:
        MoveRequest.objects.create(person=person, to_department=departments[0])
    OrganisationEvent.objects.bulk_create(
        OrganisationEvent(kind="person_added", person=p, by=hr_officer) for p in people
    )
    for _ in range(size // 10 + 1):
        ImportBatch.objects.create(created_by=hr_officer, file_name="a.csv", rows=[])
    return departments[0]


@pytest.mark.parametrize("size", [5, 120])
def test_hr_lists_run_a_fixed_number_of_queries(
    size: int, hr_officer: User, django_assert_max_num_queries: Any
) -> None:
    department = populate(size, hr_officer)
    client = logged_in(hr_officer)
    pages = [
        (reverse("hr:departments"), 14),
        (reverse("hr:department", args=[department.pk]), 18),
        (reverse("hr:people"), 10),
        (reverse("hr:records"), 12),
        (reverse("hr:progress") + "?year=2026", 14),
        (reverse("hr:not-declared", args=[department.pk]) + "?year=2026", 12),
        (reverse("hr:move-requests"), 12),
        (reverse("hr:import-upload"), 10),
        (reverse("hr:history"), 10),
    ]
    for url, budget in pages:
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_the_department_page_does_not_query_per_administrator(hr_officer: User) -> None:
    department = DepartmentFactory.create()
    counts = []
    client = logged_in(hr_officer)
    for _ in range(2):
        department.assign_administrator(UserFactory.create(department=department), by=hr_officer)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("hr:department", args=[department.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]
