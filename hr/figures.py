"""Yearly figures the HR office reads across departments, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from declarations.models import Declaration, Status
from declarations.summary import YearSummary, summary_of_rows
from portal.models import Department, EmploymentStatus, User

COUNTED = (*Status.PENDING, Status.APPROVED, Status.RETURNED, Status.REVOKED)


def summary_of(year: int, rows: list[Declaration]) -> YearSummary:
    """A person's year summary from their year's rows already loaded: no further queries."""
    return summary_of_rows(year, rows, settings.DECLARATION_OVER_THRESHOLD)


def met_by_department(year: int) -> dict[int, int]:
    """How many of each department's current staff met the year's requirement."""
    by_person: dict[int, list[Declaration]] = defaultdict(list)
    department_of: dict[int, int] = {}
    declarations = Declaration.objects.filter(
        year=year,
        status__in=COUNTED,
        person__employment_status=EmploymentStatus.ACTIVE,
        person__department__isnull=False,
    ).select_related("person")
    for declaration in declarations.only(
        "person__department_id",
        "person__id",
        "status",
        "type",
        "subject",
        "facts",
        "year",
        "claimed_hours",
        "approved_hours",
        "covers",
    ):
        by_person[declaration.person_id].append(declaration)
        department_of[declaration.person_id] = declaration.person.department_id or 0
    met: dict[int, int] = defaultdict(int)
    for person_id, rows_of in by_person.items():
        if summary_of(year, rows_of).status.met:
            met[department_of[person_id]] += 1
    return met


@dataclass(frozen=True)
class Progress:
    department: Department
    staff: int
    declared: int
    pending: int
    returned: int
    approved: int

    @property
    def not_declared(self) -> int:
        return max(self.staff - self.declared, 0)


def progress(year: int, departments: QuerySet[Department]) -> list[Progress]:
    """Per department: the year's records by the department they belonged to at the time, and
    how many of its current staff have declared anything."""
    declared_q = Q(declarations__year=year) & ~Q(
        declarations__status__in=(Status.DRAFT, Status.WITHDRAWN)
    )
    staff = dict(
        User.objects.filter(employment_status=EmploymentStatus.ACTIVE, department__in=departments)
        .values_list("department")
        .annotate(n=Count("pk"))
        .order_by()
    )
    declared = dict(
        User.objects.filter(employment_status=EmploymentStatus.ACTIVE, department__in=departments)
        .filter(declared_q)
        .values_list("department")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    by_status: dict[tuple[int, str], int] = {
        (department, status): n
        for department, status, n in Declaration.objects.filter(
            year=year, department__in=departments
        )
        .values_list("department", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        Progress(
            department=department,
            staff=staff.get(department.pk, 0),
            declared=declared.get(department.pk, 0),
            pending=sum(by_status.get((department.pk, s), 0) for s in Status.PENDING),
            returned=by_status.get((department.pk, Status.RETURNED), 0),
            approved=by_status.get((department.pk, Status.APPROVED), 0),
        )
        for department in departments
    ]
